"""The shared palette stays legible, also to readers with a colour-vision deficiency.

Colour-vision deficiencies are simulated with the matrices of Machado, Oliveira & Fernandes
(2009, "A physiologically-based model for simulation of color vision deficiency", IEEE TVCG
15(6)) at severity 1.0, applied to linear sRGB; differences are CIEDE2000 (Sharma, Wu & Dalal
2005) in CIE L*a*b* under D65. Both are implemented here, with their published test values.

Thresholds:

- lines (the four regimes, the rivers, today's border): ΔE00 >= 10. Lines are 1.5-3.5 px
  thin, and thin lines lose colour difference (small-field tritanopia): ~2.3 is a just
  noticeable difference for large patches, 10 is a difference seen at a glance that still
  leaves room for a thin line, and is what a colour key that names a line by its colour needs;
- territory fills, each at its 35 % opacity over the land: ΔE00 >= 6. Fills are large areas,
  which show small differences better than lines do, but at 35 % over the land no set of six
  gets near 10; 6 is well above the ~2-3 of a difference barely noticed side by side;
- markers and highlights (places, events, the changed-line halo) against the lines: >= 10.
"""

from __future__ import annotations

import itertools
import math

import pytest

from bordermap import style

#: Machado et al. (2009), Table 1, severity 1.0, for linear RGB.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779),
                   (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal", *MACHADO)

LINE_MIN_DE = 10.0
FILL_MIN_DE = 6.0
MARK_MIN_DE = 10.0
#: WCAG 2.1 SC 1.4.11 (non-text contrast): a line that carries meaning against its background.
MIN_CONTRAST = 3.0
FILL_OPACITY = style.territory_style("qing")["fillOpacity"]
LAKE_OPACITY = 0.8  # the lake's fill on the interactive maps
REGIMES = ("nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860")

#: The palette the review found wanting, to show that these checks can fail.
REVIEWED = {"nerchinsk-1689": "#8e2c1c", "kyakhta-1727": "#6a3d9a", "aigun-1858": "#c0392b",
            "peking-1860": "#1f4e9c", "modern": "#333333", "river": "#2b7bb9"}
REVIEWED_FILLS = {"qing": "#f2c14e", "russia": "#9fb7d9", "ceded": "#e4572e", "joint": "#a88bc7",
                  "undelimited": "#bdbdbd", "enclave": "#4c9a5b"}


# -- colour science ---------------------------------------------------------------------------

def _rgb(color: str) -> tuple[float, float, float]:
    h = color.lstrip("#")
    assert len(h) == 6, color
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encode(c: float) -> float:
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def over(color: str, opacity: float, ground: str) -> tuple[float, float, float]:
    """``color`` at ``opacity`` over ``ground``, as a browser blends it (in sRGB)."""
    return tuple(opacity * c + (1 - opacity) * g for c, g in zip(_rgb(color), _rgb(ground), strict=True))


def simulate(rgb: tuple[float, float, float], vision: str) -> tuple[float, float, float]:
    """Linear RGB of an sRGB colour as seen with ``vision`` (clipped to the gamut)."""
    lin = [_linear(c) for c in rgb]
    if vision == "normal":
        return tuple(lin)
    m = MACHADO[vision]
    return tuple(min(1.0, max(0.0, sum(m[i][j] * lin[j] for j in range(3)))) for i in range(3))


def lab(lin: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a linear-sRGB colour."""
    r, g, b = lin
    xyz = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
           0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
           0.0193339 * r + 0.1191920 * g + 0.9503041 * b)
    white = (0.95047, 1.0, 1.08883)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, white, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma, Wu & Dalal (2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if not c1p * c2p:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_h / s_h) ** 2
                     + r_t * (dc / s_c) * (d_h / s_h))


def delta_e(one: str | tuple, other: str | tuple, vision: str = "normal") -> float:
    """CIEDE2000 between two colours (``#rrggbb`` or sRGB triples) as seen with ``vision``."""
    one, other = (_rgb(c) if isinstance(c, str) else c for c in (one, other))
    return ciede2000(lab(simulate(one, vision)), lab(simulate(other, vision)))


def contrast(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio."""
    def y(c: str) -> float:
        r, g, b = (_linear(v) for v in _rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((y(one), y(other)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def too_close(colors: dict, minimum: float) -> list[tuple[str, str, str, float]]:
    """Every pair of ``colors`` closer than ``minimum`` in some vision: (vision, a, b, ΔE)."""
    return [(v, a, b, round(d, 1)) for v in VISIONS for a, b in itertools.combinations(colors, 2)
            if (d := delta_e(colors[a], colors[b], v)) < minimum]


def lines(regimes: dict, river: str) -> dict:
    return {**{r: regimes[r] for r in (*REGIMES, "modern")}, "river": river}


def fills(statuses: dict) -> dict:
    return {s: over(c, FILL_OPACITY, style.LAND_COLOR) for s, c in statuses.items()}


def lch_hue(color: str) -> tuple[float, float]:
    """CIE LCh chroma and hue angle (degrees) of a colour."""
    _, a, b = lab(simulate(_rgb(color), "normal"))
    return math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360


# -- the colour science itself ----------------------------------------------------------------

@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # Sharma, Wu & Dalal (2005), Table 1: pairs 1, 7, 13, 17, 20, 25, 34
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.4900, -0.0010), (50.0, -2.4900, 0.0011), 7.2195),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((50.0, 2.5, 0.0), (50.0, 3.1736, 0.5854), 1.0),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((2.0776, 0.0795, -1.1350), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_ciede2000_gives_the_published_values(lab1, lab2, expected):
    assert ciede2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_lab_and_the_simulations():
    assert lab(simulate(_rgb("#ffffff"), "normal")) == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert lab(simulate(_rgb("#ff0000"), "normal")) == pytest.approx((53.24, 80.09, 67.20), abs=0.02)
    for vision, m in MACHADO.items():
        # greys stay grey: each row sums to one
        assert [sum(row) for row in m] == pytest.approx([1.0, 1.0, 1.0], abs=1e-5), vision
        assert delta_e("#777777", "#777777", vision) == 0.0
    # the confusions each deficiency is known for
    assert delta_e("#ff0000", "#00ff00", "normal") > 50
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < delta_e("#d62728", "#2ca02c") / 3
    assert delta_e("#0000ff", "#00c000", "tritanopia") < delta_e("#0000ff", "#00c000") / 2
    assert all(_encode(_linear(c / 255)) == pytest.approx(c / 255) for c in range(256))


# -- the palette ------------------------------------------------------------------------------

def test_regime_river_and_modern_lines_are_far_apart_in_every_vision():
    assert too_close(lines(style.REGIME_COLORS, style.RIVER_COLOR), LINE_MIN_DE) == []


def test_territory_fills_are_far_apart_in_every_vision():
    assert too_close(fills(style.STATUS_COLORS), FILL_MIN_DE) == []


def test_no_territory_fill_looks_like_water():
    water = {"water": _rgb(style.WATER_COLOR),
             "lake": over(style.LAKE_COLOR, LAKE_OPACITY, style.LAND_COLOR)}
    close = [(v, s, w, round(d, 1)) for v in VISIONS for s, c in fills(style.STATUS_COLORS).items()
             for w, x in water.items() if (d := delta_e(c, x, v)) < FILL_MIN_DE]
    assert close == []


def test_places_events_and_changes_stand_apart_from_the_lines():
    marks = {"place": style.PLACE_COLOR, "event": style.EVENT_COLOR, "changed": style.CHANGED_COLOR}
    close = [(v, m, line, round(d, 1)) for v in VISIONS
             for m, c in marks.items() for line, x in lines(style.REGIME_COLORS, style.RIVER_COLOR).items()
             if (d := delta_e(c, x, v)) < MARK_MIN_DE]
    assert close == []
    assert too_close(marks, MARK_MIN_DE) == []


def test_rivers_are_blue_and_no_regime_line_is():
    chroma, hue = lch_hue(style.RIVER_COLOR)
    assert chroma > 30 and 240 <= hue <= 300, (chroma, hue)  # CIELCh blues: ~240°-300°
    for regime in REGIMES:
        chroma, hue = lch_hue(style.REGIME_COLORS[regime])
        assert chroma > 30, f"{regime} is greyish"
        assert not 200 <= hue <= 310, f"{regime} is blue-ish: hue {hue:.0f}°"
    assert lch_hue(style.REGIME_COLORS["modern"])[0] < 2, "today's border is a grey"


def test_no_line_is_pale():
    for name, color in lines(style.REGIME_COLORS, style.RIVER_COLOR).items():
        assert contrast(color, style.LAND_COLOR) >= MIN_CONTRAST, name


def test_the_palette_the_review_found_wanting_fails_these_checks():
    close = too_close(REVIEWED, LINE_MIN_DE)
    pairs = {(a, b) for _, a, b, _ in close}
    assert ("nerchinsk-1689", "aigun-1858") in pairs  # two reds
    assert ("kyakhta-1727", "peking-1860") in pairs  # purple and blue under deuteranopia
    assert {v for v, *_ in close} >= {"protanopia", "deuteranopia"}
    assert too_close(fills(REVIEWED_FILLS), FILL_MIN_DE)


# -- dashes -----------------------------------------------------------------------------------

def _pattern(dash: str | None) -> tuple[float, ...]:
    return tuple(float(v) for v in dash.split()) if dash else ()


def test_every_precision_and_todays_border_have_their_own_dash():
    dashes = {**style.PRECISION_DASH, "modern": style.MODERN_DASH}
    assert set(style.PRECISION_DASH) == {"described", "surveyed", "approximate", "undelimited"}
    patterns = {name: _pattern(d) for name, d in dashes.items()}
    assert len(set(patterns.values())) == len(patterns), patterns
    assert patterns["surveyed"] == ()  # solid
    on = {name: p[0] for name, p in patterns.items() if p}
    # the dashes are told apart by their length, not only by their numbers
    assert on["described"] >= 1.8 * on["approximate"]
    assert on["undelimited"] <= 1.0  # dots (round caps)
    assert on["approximate"] >= 3 * on["undelimited"]
    assert len(patterns["modern"]) == 4 and min(patterns["modern"]) <= 1.0  # a dash-dot
    for name, p in patterns.items():
        assert len(p) % 2 == 0 and all(v > 0 for v in p), name


def test_the_styles_carry_the_dashes():
    for precision, dash in style.PRECISION_DASH.items():
        s = style.border_style("peking-1860", precision)
        assert s["dashArray"] == dash and s["color"] == style.REGIME_COLORS["peking-1860"]
        assert style.mpl_dashes(dash, 1.0) == ("solid" if dash is None else (0, _pattern(dash)))
    assert style.modern_style()["dashArray"] == style.MODERN_DASH
    assert style.river_style("amur")["color"] == style.RIVER_COLOR
