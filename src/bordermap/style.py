"""The one style definition for interactive maps and image export.

Colours, line dashes and widths per regime, territory status and border precision.
Dash patterns are SVG/Leaflet ``dashArray`` strings in pixels; the image export turns
them into matplotlib dash tuples with :func:`mpl_dashes`.
"""

from __future__ import annotations

#: Border line colour of each regime (and of today's reference border).
REGIME_COLORS = {
    "nerchinsk-1689": "#8e2c1c",
    "kyakhta-1727": "#6a3d9a",
    "aigun-1858": "#c0392b",
    "peking-1860": "#1f4e9c",
    "modern": "#333333",
}

#: Territory fill colour of each status.
STATUS_COLORS = {
    "qing": "#f2c14e",
    "russia": "#9fb7d9",
    "ceded": "#e4572e",
    "joint": "#a88bc7",
    "undelimited": "#bdbdbd",
    "enclave": "#4c9a5b",
}

#: Border dash of each precision: solid where described or surveyed.
PRECISION_DASH = {
    "described": None,
    "surveyed": None,
    "approximate": "10 6",
    "undelimited": "2 6",
}

#: Line weight (px) of each precision.
PRECISION_WEIGHT = {"described": 3.5, "surveyed": 3.5, "approximate": 3.0, "undelimited": 2.5}

RIVER_MAJOR = ("amur", "ussuri")
RIVER_COLOR = "#2b7bb9"
LAKE_COLOR = "#a6cee3"
LAND_COLOR = "#f4f1e8"
WATER_COLOR = "#dbe9f4"
PLACE_COLOR = "#222222"
EVENT_COLOR = "#d95f02"
CHANGED_COLOR = "#ff1f5b"
MODERN_DASH = "6 4 1 4"


#: How a segment that an earlier treaty drew is drawn on a later regime's map: thinner and
#: lighter than the regime's own, in the colour of the treaty that drew it.
INHERITED_WEIGHT, INHERITED_OPACITY = 0.6, 0.6


def border_style(regime: str, precision: str, own: bool = True) -> dict:
    """Leaflet path options for a border segment that treaty ``regime`` drew, at
    ``precision``; ``own`` False: on the map of a later regime, under which it stayed in
    force."""
    weight = PRECISION_WEIGHT[precision] * (1.0 if own else INHERITED_WEIGHT)
    return {"color": REGIME_COLORS.get(regime, "#000000"), "weight": round(weight, 2),
            "dashArray": PRECISION_DASH[precision], "opacity": 0.95 if own else INHERITED_OPACITY,
            "lineCap": "round"}


#: Outline of a territory that is a second reading, beside the main one.
ALTERNATIVE_DASH = "6 4"


def territory_style(status: str, alternative: bool = False) -> dict:
    """Leaflet path options for a territory of ``status``; an ``alternative`` reading is
    drawn with a dashed outline and a faint fill."""
    color = STATUS_COLORS.get(status, "#999999")
    if alternative:
        return {"color": color, "weight": 2.0, "opacity": 0.9, "dashArray": ALTERNATIVE_DASH,
                "fillColor": color, "fillOpacity": 0.1}
    return {"color": color, "weight": 0.5, "opacity": 0.8, "fillColor": color, "fillOpacity": 0.35}


def river_style(river: str) -> dict:
    """Leaflet path options for a river: the Amur and the Ussuri stand out."""
    major = river in RIVER_MAJOR
    return {"color": RIVER_COLOR, "weight": 3.0 if major else 1.5, "opacity": 0.9 if major else 0.7}


def modern_style() -> dict:
    """Leaflet path options for today's border."""
    return {"color": REGIME_COLORS["modern"], "weight": 1.5, "dashArray": MODERN_DASH,
            "opacity": 0.8}


def mpl_dashes(dash: str | None, weight: float) -> tuple | str:
    """A matplotlib linestyle for a Leaflet ``dashArray`` (pixel lengths scaled by ``weight``)."""
    if not dash:
        return "solid"
    return (0, tuple(float(v) / max(weight, 1.0) for v in dash.split()))
