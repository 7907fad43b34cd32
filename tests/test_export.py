"""Static map export: formats and sizes, content, legends, languages, determinism, and
the time model (complete regime layers, places of their period, changes between
consecutive periods, the border at the end of the data)."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.text import Text
from PIL import Image

from bordermap import style
from bordermap.calendars import shift
from bordermap.errors import BordermapError
from bordermap.i18n import day, number
from bordermap.images import export
from bordermap.images.export import export_images, screenshot_maps
from bordermap.style import REGIME_COLORS
from conftest import run_cli

REGIMES = ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"]
#: the consecutive regime periods of index.json, as the issue names their change maps
CHANGES = ["change-1689-1727", "change-1727-1858", "change-1858-1860"]
NAMES = [*REGIMES, "overview", "small-multiples", *CHANGES]


@pytest.fixture(scope="module")
def images(fresh_layers, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("images")
    export_images(fresh_layers, out, ("png", "svg", "pdf"), "en", 2000, 100)
    return out


@pytest.fixture(scope="module")
def images_tr(fresh_layers, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("images-tr")
    export_images(fresh_layers, out, ("svg",), "tr", 2000, 100)
    return out


def _svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()  # also proves the SVG is well-formed XML
    return " ".join(t.strip() for t in root.itertext() if t.strip())


def _features(folder: Path, layer: str) -> dict[str, dict]:
    return {f["id"]: f for f in json.loads((folder / f"{layer}.geojson").read_text())["features"]}


def _index(folder: Path) -> dict:
    return json.loads((folder / "index.json").read_text())


@pytest.fixture(scope="module")
def loaded(fresh_layers):
    """The layers as the export reads them, for drawing single figures in this process."""
    import matplotlib

    matplotlib.use("Agg")
    export._setup_fonts("en")
    return export._Layers.load(fresh_layers)


@pytest.fixture()
def drawn():
    """Figures drawn by a test, closed after it."""
    import matplotlib.pyplot as plt

    figures: list = []
    yield figures
    for figure in figures:
        plt.close(figure.fig)


def _lines(figure) -> list:
    """Every line collection drawn on a single map: (label, RGBA colour, width, segments)."""
    from matplotlib.collections import LineCollection

    return [(c.get_label(), tuple(c.get_edgecolor()[0]), float(c.get_linewidth()[0]), c.get_segments())
            for c in figure.axes[0].collections if isinstance(c, LineCollection)]


def _rgba(color: str) -> tuple:
    from matplotlib.colors import to_rgba

    return tuple(to_rgba(color))


def _inherited_rgba(treaty: str) -> tuple:
    """A line an earlier treaty drew: its colour at the inherited opacity, over the land."""
    from matplotlib.colors import to_rgb

    a = style.INHERITED_OPACITY
    mixed = (a * c + (1 - a) * g for c, g in zip(to_rgb(REGIME_COLORS[treaty]),
                                                 to_rgb(style.LAND_COLOR), strict=True))
    return (*mixed, 1.0)


def _same(one: tuple, other: tuple) -> bool:
    """The same colour, to within the 1/255 steps of a colour written as #rrggbb."""
    return max(abs(a - b) for a, b in zip(one, other, strict=True)) < 0.006


def test_every_image_in_every_format_and_size(images):
    for name in NAMES:
        for fmt in ("png", "svg", "pdf"):
            assert (images / f"{name}.{fmt}").stat().st_size > 10_000, f"{name}.{fmt}"
        assert Image.open(images / f"{name}.png").size[0] == 2000
        assert (images / f"{name}.pdf").read_bytes().startswith(b"%PDF")


def test_only_the_asked_formats(fresh_layers, tmp_path):
    result = run_cli("export", "--layers", str(fresh_layers), "--out", str(tmp_path),
                     "--format", "png", "--width", "800", "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".png"] * len(NAMES)
    assert Image.open(tmp_path / "overview.png").size[0] == 800


@pytest.mark.parametrize("rid", REGIMES)
def test_images_are_maps_in_the_regime_colour(images, rid):
    pixels = np.asarray(Image.open(images / f"{rid}.png").convert("RGB")).reshape(-1, 3).astype(int)
    # a blank page has no variance and one or two colours; a map has many of both
    assert pixels.std(axis=0).min() > 8, "nearly blank"
    assert len(np.unique(pixels[::97], axis=0)) > 100, "too few colours for a map"
    target = np.array([int(REGIME_COLORS[rid][i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(pixels - target).sum(axis=1) < 30).sum() > 500, f"no {rid} border colour"


def test_the_legend_lists_every_status_and_precision_drawn(images, fresh_layers):
    labels = {"ceded": "Ceded to Russia", "joint": "Joint possession", "enclave": "Qing enclave",
              "qing": "Qing", "undelimited": "Undelimited", "russia": "Russia",
              "contested": "Contested"}
    precisions = {"described": "Described by the treaty", "surveyed": "Surveyed and marked",
                  "approximate": "Approximate", "undelimited": "Undelimited or disputed"}
    for rid in REGIMES:
        features = json.loads((fresh_layers / f"{rid}.geojson").read_text())["features"]
        statuses = {f["properties"]["status"] for f in features if "status" in f["properties"]}
        drawn = {f["properties"]["precision"] for f in features if "precision" in f["properties"]}
        svg = _svg_text(images / f"{rid}.svg")
        for status in statuses:
            assert labels[status] in svg, (rid, status)
        for precision in drawn:
            assert precisions[precision] in svg, (rid, precision)
        assert "Legend" in svg and "km" in svg  # legend and scale bar


def test_titles_give_both_calendar_dates(images):
    svg = _svg_text(images / "aigun-1858.svg")
    assert "Treaty of Aigun — 16 May 1858 O.S. / 28 May 1858 N.S." in svg
    assert "120°E" in svg and "50°N" in svg  # graticule labels


@pytest.mark.parametrize("rid", REGIMES)
def test_titles_give_the_period_shown(images, fresh_layers, rid):
    """From the first day of the regime's period to its last (the day before the next
    regime's, or the last day the data cover), in both calendars."""
    from bordermap.calendars import to_julian

    regime = next(r for r in _index(fresh_layers)["regimes"] if r["id"] == rid)
    first = regime["period"]["from"]
    until = regime["period"]["until"]
    last = shift(until, -1) if until else _index(fresh_layers)["coverage"]["until"]
    svg = _svg_text(images / f"{rid}.svg")
    assert (f"Period shown: {day(first, 'en')} – {day(last, 'en')} N.S. "
            f"({day(to_julian(first), 'en')} – {day(to_julian(last), 'en')} O.S.)") in svg


def test_the_change_maps_are_the_consecutive_regime_periods(images, fresh_layers):
    from itertools import pairwise

    periods = [r for r in _index(fresh_layers)["regimes"] if r["period"]]
    expected = [f"change-{a['signed']['gregorian'][:4]}-{b['signed']['gregorian'][:4]}"
                for a, b in pairwise(periods)]
    assert expected == CHANGES
    assert sorted(p.stem for p in images.glob("change-*.svg")) == CHANGES
    for before, after in pairwise(periods):
        svg = _svg_text(images / f"change-{before['signed']['gregorian'][:4]}-"
                                 f"{after['signed']['gregorian'][:4]}.svg")
        assert before["name"]["en"] in svg and after["name"]["en"] in svg
        # the day, in both calendars
        signed = f"{day(after['signed']['julian'], 'en')} O.S. / {day(after['period']['from'], 'en')} N.S."
        assert signed in svg


def _passed(fresh_layers: Path, day: str) -> list[dict]:
    """The territories that a treaty passed to a state (Qing or Russia) other than the one
    that held them, from ``day``: the land that changed hands then."""
    return [f["properties"] for f in _features(fresh_layers, "timeline").values()
            if f["properties"]["kind"] == "territory" and f["properties"]["valid_from"] == day
            and f["properties"]["to_state"] in ("qing", "russia")
            and f["properties"]["to_state"] != f["properties"]["from_state"]
            and not f["properties"]["alternative"]]


def test_change_maps_give_the_area(images, fresh_layers):
    """Aigun -> Peking: the land Peking ceded, not the sum of both cessions in force, nor a
    difference of territories (Peking's cession less Aigun's joint land); each territory
    that changed hands is labelled with its area; none in 1727."""
    peking, aigun = _features(fresh_layers, "peking-1860"), _features(fresh_layers, "aigun-1858")
    ceded = [f["properties"]["area_km2"] for f in peking.values()
             if f["properties"].get("status") == "ceded" and f["properties"]["own"]
             and not f["properties"]["alternative"]]
    assert len(ceded) == 1
    joint = next(f for f in aigun.values() if f["properties"].get("status") == "joint")
    aigun_ceded = next(f for f in aigun.values() if f["properties"].get("status") == "ceded")
    svg = _svg_text(images / "change-1858-1860.svg")
    # held jointly since Aigun, as the Chinese histories read the joint land: no Qing land
    # passes straight to Russia in 1860; Sakhalin, the Chinese reading's addition, is drawn
    # as a second reading and not counted
    assert f"Changed hands: {ceded[0]:,} km² — Joint possession → Russia" in svg
    assert "Ceded to Russia — the Chinese reading; a second reading, not counted in who held what" in svg
    assert joint["properties"]["area_km2"] == ceded[0]  # the whole cession had been joint land
    assert f"{ceded[0] + aigun_ceded['properties']['area_km2']:,}" not in svg
    for name, after in zip(CHANGES, REGIMES[1:], strict=True):
        day = next(r for r in _index(fresh_layers)["regimes"] if r["id"] == after)["period"]["from"]
        passed = _passed(fresh_layers, day)
        svg = _svg_text(images / f"{name}.svg")
        if not passed:
            assert "No territory changed hands" in svg and "Changed hands" not in svg, name
            continue
        assert f"Changed hands: {sum(p['area_km2'] for p in passed):,} km²" in svg, name
        for p in passed:
            assert f"{p['name_en']} {p['area_km2']:,} km²" in svg, (name, p["id"])
    assert not _passed(fresh_layers, "1727-11-01")
    assert aigun_ceded["properties"]["id"] in [p["id"] for p in _passed(fresh_layers, "1858-05-28")]


def test_a_change_map_is_of_consecutive_periods(loaded):
    with pytest.raises(BordermapError, match=r"consecutive regime periods .*not nerchinsk-1689 -> aigun"):
        export.change_figure(loaded, "nerchinsk-1689", "aigun-1858", "en", 400, 50)


@pytest.mark.parametrize(("before", "after"), [("nerchinsk-1689", "kyakhta-1727"),
                                               ("kyakhta-1727", "aigun-1858"),
                                               ("aigun-1858", "peking-1860")])
def test_change_maps_highlight_what_began_or_ended(loaded, drawn, fresh_layers, before, after):
    """Every segment that began or ended on the day of the change is highlighted, and no
    other; the border before is grey, and the legend says so; only land that passed to
    another state is hatched."""
    figure = export.change_figure(loaded, before, after, "en", 800, 80)
    drawn.append(figure)
    day = next(r for r in _index(fresh_layers)["regimes"] if r["id"] == after)["period"]["from"]
    timeline = _features(fresh_layers, "timeline")
    borders = {fid: f["properties"] for fid, f in timeline.items() if f["properties"]["kind"] == "border"}
    changed = {fid for fid, p in borders.items() if day in (p["valid_from"], p["valid_until"])}
    before_day = {fid for fid, p in borders.items()
                  if p["valid_from"] < day and (p["valid_until"] is None or p["valid_until"] >= day)}
    assert changed  # every change moved a line
    lines = _lines(figure)
    halos = {label.removesuffix(" (changed)") for label, *_ in lines if label.endswith(" (changed)")}
    assert halos == changed
    for label, color, _width, _segments in lines:
        if label.endswith(" (changed)"):
            assert color[:3] == _rgba(style.CHANGED_COLOR)[:3]
    grey = {label for label, color, *_ in lines if color == _rgba(export.BEFORE_COLOR)}
    assert grey == before_day
    legend = figure.fig.legends[0]  # under the map, not on it
    texts = [t.get_text() for t in legend.get_texts()]
    handle = legend.legend_handles[texts.index("Border before the change")]
    assert _rgba(handle.get_color()) == _rgba(export.BEFORE_COLOR)
    hatched = {p.get_label() for p in figure.axes[0].patches if getattr(p, "get_hatch", None)
               and p.get_hatch() == "///"}
    assert hatched == {p["id"] for p in _passed(fresh_layers, day)}
    dotted = {p.get_label() for p in figure.axes[0].patches if getattr(p, "get_hatch", None)
              and p.get_hatch() == ".."}  # a second reading (Sakhalin), not land that passed
    assert dotted == {f["id"] for f in _features(fresh_layers, "timeline").values()
                      if f["properties"].get("alternative") and f["properties"]["valid_from"] <= day}


@pytest.mark.parametrize("rid", ["kyakhta-1727", "peking-1860"])
def test_later_regime_maps_draw_the_argun(loaded, drawn, fresh_layers, rid):
    """The Argun, drawn by Nerchinsk in 1689 and in force ever since, is on every later
    regime's map: a line along the river, in Nerchinsk's colour, lighter and thinner than
    the regime's own lines."""
    import shapely

    figure = export.regime_figure(loaded, rid, "en", 800, 80)
    drawn.append(figure)
    river = figure.proj.shape(_features(fresh_layers, "rivers")["argun"]["geometry"])
    lines = _lines(figure)
    nerchinsk = [(label, segments) for label, color, _w, segments in lines
                 if _same(color, _inherited_rgba("nerchinsk-1689"))]
    along = [segments for _label, segments in nerchinsk
             if all(river.distance(shapely.Point(xy)) < 1_000 for part in segments for xy in part)]
    assert along, f"no line in Nerchinsk's inherited colour along the Argun on {rid}"
    length = sum(shapely.LineString(part).length for part in along[0])
    assert length > 300_000
    assert [label for label, _segments in nerchinsk if label == "nerchinsk-1689/argun"]
    own = [w for label, color, w, _s in lines if color == _rgba(REGIME_COLORS[rid])]
    argun = [w for label, _c, w, _s in lines if label == "nerchinsk-1689/argun"]
    assert own and argun and max(argun) < min(own)


def test_places_are_drawn_in_their_period_only(images, fresh_layers):
    """Khabarovsk (founded 1858, after the Kyakhta period ended in May) is on the Aigun and
    Peking maps only; Albazin (abandoned 1689) on the Nerchinsk map only."""
    places = _features(fresh_layers, "places")
    khabarovsk = places["khabarovsk"]["properties"]
    albazin = places["albazin"]["properties"]
    assert khabarovsk["founded"].startswith("1858") and albazin["abandoned"].startswith("1689")
    shown = {rid: _svg_text(images / f"{rid}.svg") for rid in REGIMES}
    assert [rid for rid in REGIMES if khabarovsk["name_en"] in shown[rid]] == ["aigun-1858", "peking-1860"]
    assert [rid for rid in REGIMES if albazin["name_en"] in shown[rid]] == ["nerchinsk-1689"]
    assert khabarovsk["name_en"] in _svg_text(images / "overview.svg")
    assert albazin["name_en"] not in _svg_text(images / "overview.svg")


@pytest.mark.parametrize(("founded", "abandoned", "first", "last", "stood"), [
    ("1858", None, "1727-11-01", "1858-05-27", False),  # may not have been founded yet
    ("1858", None, "1858-05-28", "1860-11-13", True),
    ("1858-05", None, "1858-05-28", "1858-05-30", False),  # a month: its last day
    ("1858-05", None, "1858-05-31", "1858-06-30", True),
    ("1684~", None, "1689-09-06", "1727-10-31", True),
    ("1651", "1689", "1689-09-06", "1727-10-31", True),  # abandoned in the year it began
    ("1651", "1689", "1690-01-01", "1727-10-31", False),
    (None, None, "1689-09-06", "1689-09-06", True),
])
def test_a_place_stood_in_a_span(founded, abandoned, first, last, stood):
    from bordermap.calendars import read_date

    props = {"founded": founded, "abandoned": abandoned,
             "calendar": "gregorian" if founded or abandoned else None,
             "valid_from": read_date(founded, "gregorian").first if founded else None,
             "valid_until": read_date(abandoned, "gregorian").after() if abandoned else None}
    assert export._existed(props, first, last) is stood


def test_the_overview_is_the_border_at_the_end_of_the_data(loaded, drawn, fresh_layers):
    """In force on the last day covered: in the colour of the treaty that drew it; ended
    before: faint grey; the cessions labelled with their areas; the date in the title."""
    figure = export.overview_figure(loaded, "en", 800, 80)
    drawn.append(figure)
    last = _index(fresh_layers)["coverage"]["until"]
    timeline = _features(fresh_layers, "timeline")
    borders = {fid: f["properties"] for fid, f in timeline.items() if f["properties"]["kind"] == "border"}
    ended = {fid for fid, p in borders.items() if p["valid_until"] is not None and p["valid_until"] <= last}
    assert {"nerchinsk-1689/stanovoy-crest", "aigun-1858/amur-lower", "aigun-1858/ussuri"} <= ended
    colors = {label: color for label, color, *_ in _lines(figure) if "/" in label}
    assert set(colors) == set(borders)
    for fid, p in borders.items():
        expected = export.FAINT_COLOR if fid in ended else REGIME_COLORS[p["established_by"]]
        assert colors[fid] == _rgba(expected), fid
    title = figure.axes[0].get_title()
    assert day(last, "en") in title and "in force on" in title
    texts = " ".join(t.get_text() for t in figure.axes[0].texts)
    for f in timeline.values():
        if f["properties"].get("status") == "ceded":
            assert f"{f['properties']['area_km2']:,} km²" in texts
    legend = [t.get_text() for t in figure.fig.legends[0].get_texts()]
    assert "Line no longer in force by then" in legend


def test_small_multiples_show_each_period_complete(loaded, drawn, fresh_layers):
    """One panel per regime period, each its complete layer (the Argun on all four)."""
    figure = export.small_multiples_figure(loaded, "en", 800, 80)
    drawn.append(figure)
    from matplotlib.collections import LineCollection

    panels = [ax for ax in figure.axes if ax.get_title()]
    assert len(panels) == len(REGIMES)
    for ax, rid in zip(panels, REGIMES, strict=True):
        drawn_ids = {c.get_label() for c in ax.collections if isinstance(c, LineCollection)}
        layer = {fid for fid, f in _features(fresh_layers, rid).items()
                 if f["properties"]["kind"] == "border"}
        assert layer <= drawn_ids and "nerchinsk-1689/argun" in drawn_ids
        assert ax.get_xlim() == panels[0].get_xlim() and ax.get_ylim() == panels[0].get_ylim()


def test_change_maps_of_an_earlier_run_are_removed(fresh_layers, tmp_path):
    """A change map whose regimes are no longer consecutive (1689 -> 1858, before the
    Kyakhta period had a layer of its own) is removed; other files are left alone."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "change-1689-1858.svg").write_text("an earlier image")
    (out / "notes.txt").write_text("mine")
    export_images(fresh_layers, out, ("svg",), "en", 400, 50)
    assert not (out / "change-1689-1858.svg").exists()
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.stem for p in out.glob("change-*")) == CHANGES


def test_turkish_labels(images_tr):
    svg = _svg_text(images_tr / "aigun-1858.svg")
    for word in ("Aigun Antlaşması", "Rusya'ya bırakıldı", "Ortak mülkiyet", "Habarovsk",
                 "Açıklama"):
        assert word in svg, word


def test_turkish_images_write_numbers_as_turkish(images_tr, images, fresh_layers):
    """Turkish images group thousands with a dot (310.667 km²), English ones with a comma
    (310,667 km²): the land that changed hands in the subtitle and its area label."""
    for name, after in zip(CHANGES, REGIMES[1:], strict=True):
        day = next(r for r in _index(fresh_layers)["regimes"] if r["id"] == after)["period"]["from"]
        passed = _passed(fresh_layers, day)
        if not passed:
            continue
        total = sum(p["area_km2"] for p in passed)
        svg_tr, svg_en = _svg_text(images_tr / f"{name}.svg"), _svg_text(images / f"{name}.svg")
        assert f"El değiştiren toprak: {number(total, 'tr')} km²" in svg_tr, name
        assert f"Changed hands: {number(total, 'en')} km²" in svg_en, name
        for p in passed:
            assert f"{number(p['area_km2'], 'tr')} km²" in svg_tr, (name, p["id"])
            if p["area_km2"] >= 1000:
                assert f"{p['area_km2']:,}" not in svg_tr, (name, p["id"])
    ceded = [f["properties"]["area_km2"] for f in _features(fresh_layers, "timeline").values()
             if f["properties"].get("status") == "ceded"]
    assert ceded and max(ceded) >= 1000
    svg = _svg_text(images_tr / "overview.svg")
    for area in ceded:
        assert f"{number(area, 'tr')} km²" in svg and f"{area:,} km²" not in svg


@pytest.mark.parametrize("lang", ["en", "tr", "ru", "zh"])
def test_scale_bar_and_area_labels_write_numbers_in_the_image_language(loaded, drawn, fresh_layers,
                                                                        lang):
    """The scale bar's ticks and the areas of the cessions on the overview, as ``lang``
    writes numbers (the overview spans thousands of km: its scale bar reaches 1,000 km or more)."""
    figure = export.overview_figure(loaded, lang, 800, 80)
    drawn.append(figure)
    texts = [t.get_text() for axes in figure.fig.axes for t in axes.texts]  # the scale bar's too
    ticks = [t for t in texts if t.endswith(" km") or t == "0"]
    assert len(ticks) == 2 and "0" in ticks, ticks
    km = next(k for k in (1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2000)
              if f"{number(k, lang)} km" in ticks)
    assert km >= 1000
    if lang != "en":
        assert f"{km:,} km" not in ticks or number(km, lang) == f"{km:,}"
    joined = " ".join(texts)
    for f in _features(fresh_layers, "timeline").values():
        if f["properties"].get("status") == "ceded":
            assert f"{number(f['properties']['area_km2'], lang)} km²" in joined


def test_two_runs_give_identical_bytes(fresh_layers, tmp_path):
    for run in ("a", "b"):
        export_images(fresh_layers, tmp_path / run, ("png", "svg", "pdf"), "tr", 600, 60)
    for path in sorted((tmp_path / "a").iterdir()):
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes(), path.name


def test_chinese_needs_a_cjk_font(fresh_layers, tmp_path, monkeypatch):
    monkeypatch.setattr("bordermap.images.export._FONT_DIRS", ())
    with pytest.raises(BordermapError, match="apt-get install fonts-noto-cjk"):
        export_images(fresh_layers, tmp_path, ("png",), "zh", 800, 80)


@pytest.mark.parametrize(("options", "message"), [
    (["--width", "10"], r"--width must be 200 to 12,000 px and --dpi 50 to 1,200, got --width 10"),
    (["--width", "100000"], r"--width must be 200 to 12,000 px .* got --width 100000"),
    (["--dpi", "100000"], r"--dpi 50 to 1,200, got --width 2400 --dpi 100000"),
    (["--dpi", "0"], r"got --width 2400 --dpi 0"),
    (["--width", "12000", "--dpi", "1200"], r"--width 12000 at --dpi 1200 makes an image of 12,000 x "
                                            r"[\d,]+ px, more than 100,000,000 pixels"),
    (["--width", "abc"], r"argument --width: invalid int value: 'abc'"),
    (["--format", "gif"], r"argument --format: invalid choice: 'gif'"),
])
def test_bad_options_are_one_line_errors(fresh_layers, tmp_path, options, message):
    import re

    out = tmp_path / "out"
    out.mkdir()
    (out / "overview.png").write_bytes(b"an earlier image")
    result = run_cli("export", "--layers", str(fresh_layers), "--out", str(out), *options)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("bordermap: error: ")
    assert re.search(message, result.stderr), result.stderr
    assert [p.name for p in out.iterdir()] == ["overview.png"]
    assert (out / "overview.png").read_bytes() == b"an earlier image"


def test_labels_are_plain_text_not_mathtext(fresh_layers, tmp_path):
    """A '$' or a backslash in a name is drawn as written, never parsed as mathtext."""
    import shutil

    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    places = layers / "places.geojson"
    data = json.loads(places.read_text(encoding="utf-8"))
    label = r"$x^2$ \notacommand {{ 7*7 }}"
    next(f for f in data["features"] if f["id"] == "nerchinsk")["properties"]["name_en"] = label
    places.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("export", "--layers", str(layers), "--out", str(tmp_path / "out"),
                     "--format", "svg", "--width", "800", "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert label in _svg_text(tmp_path / "out" / "nerchinsk-1689.svg")


def test_bad_screenshot_sizes_are_one_line_errors(tmp_path):
    result = run_cli("export", "--from-html", "--html-dir", str(tmp_path), "--out", str(tmp_path),
                     "--width", "10")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--width and --height must be between 200 and 8000 px" in result.stderr
    assert not (tmp_path / "screenshots").exists()


def test_screenshots_of_the_offline_maps(fresh_layers, tmp_path):
    from bordermap.maps.compose import build_maps

    build_maps(fresh_layers, tmp_path / "maps", offline=True)
    # as a user runs it, in its own process (Playwright's sync API does not nest)
    # the width left to its default for screenshots (1600 px), the height chosen
    result = run_cli("export", "--from-html", "--html-dir", str(tmp_path / "maps"),
                     "--out", str(tmp_path), "--height", "800")
    assert result.returncode == 0, result.stderr
    assert "(1600x800 px)" in result.stdout
    written = sorted((tmp_path / "screenshots").glob("*.png"))
    assert len(written) == 8
    for path in written:
        image = Image.open(path)
        assert image.size == (1600, 800)
        assert np.asarray(image.convert("RGB")).reshape(-1, 3).std(axis=0).min() > 20


def test_screenshots_say_what_to_install_without_chromium(tmp_path, monkeypatch):
    monkeypatch.delenv("BORDERMAP_CHROMIUM", raising=False)
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(BordermapError, match="apt-get install chromium"):
        screenshot_maps(tmp_path, tmp_path / "shots")


def test_an_export_that_fails_late_writes_no_image(fresh_layers, tmp_path, monkeypatch):
    """Every image is rendered before the first is written: a failure at the last figures
    leaves the images of an earlier run as they were."""
    out = tmp_path / "out"
    export_images(fresh_layers, out, ("svg",), "en", 400, 50)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise BordermapError("change-1858-1860: a label cannot be drawn")

    monkeypatch.setattr("bordermap.images.export.change_figure", broken)
    with pytest.raises(BordermapError, match="cannot be drawn"):
        export_images(fresh_layers, out, ("svg",), "tr", 400, 50)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


#: Points inside the land east of the Ussuri that the Convention of Peking ceded (Primorye),
#: away from any place's marker or name: (lon, lat), degrees.
PRIMORYE = ((134.6, 44.6), (136.0, 46.4), (136.8, 47.8))


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1024, 768)])
def test_a_slide_of_the_combined_map_shows_primorye(browser, fresh_layers, tmp_path, width, height):
    """A slide made with 'export --from-html' at a projector's size shows the land Peking
    ceded: no control covers it. Where each point lies is asked of the same map at the
    same size; the slide's pixels there are the map's, not a control's white."""
    from bordermap.maps.compose import build_maps

    maps = tmp_path / "maps"
    build_maps(fresh_layers, maps, offline=True)
    for path in maps.glob("*.html"):
        if path.name != "index.html":
            path.unlink()
    result = run_cli("export", "--from-html", "--html-dir", str(maps), "--out", str(tmp_path),
                     "--width", str(width), "--height", str(height))
    assert result.returncode == 0, result.stderr
    slide = np.asarray(Image.open(tmp_path / "screenshots" / "index.png").convert("RGB")).astype(int)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto((maps / "index.html").as_uri())
    page.wait_for_load_state("load")
    for lon, lat in PRIMORYE:
        x, y, control = page.evaluate("""([lat, lon]) => { const m = window.bordermap.map;
            const p = m.latLngToContainerPoint([lat, lon]), r = m.getContainer().getBoundingClientRect();
            const x = Math.round(p.x + r.left), y = Math.round(p.y + r.top);
            const at = document.elementFromPoint(x, y);
            return [x, y, Boolean(at && at.closest('.leaflet-control'))]; }""", [lat, lon])
        assert 10 <= x < width - 10 and 10 <= y < height - 10, (lon, lat, x, y)  # in the frame
        assert not control, (lon, lat)
        patch = np.median(slide[y - 4:y + 5, x - 4:x + 5].reshape(-1, 3), axis=0)
        assert patch.min() < 230, (lon, lat, patch)  # not a control's white: the map itself
    page.close()


# -- layout: nothing over the map, a graticule read right, credits, the legend as drawn ---------

def _single_maps(loaded):
    """Every single map of the set, as figures: the regimes', the overview, the changes'."""
    yield from ((rid, export.regime_figure(loaded, rid, "en", 1000, 100)) for rid in REGIMES)
    yield "overview", export.overview_figure(loaded, "en", 1000, 100)
    for before, after in export.change_pairs(loaded.index):
        yield f"{before}->{after}", export.change_figure(loaded, before, after, "en", 1000, 100)


def _border_points(figure) -> np.ndarray:
    """Display coordinates of every vertex of the border lines drawn (their artists are
    labelled with segment ids, which hold a '/'), each line densified to ~2 px steps."""
    from matplotlib.collections import LineCollection

    ax = figure.axes[0]
    points = []
    for c in ax.collections:
        if isinstance(c, LineCollection) and "/" in c.get_label():
            for segment in c.get_segments():
                xy = ax.transData.transform(segment)
                for a, b in itertools.pairwise(xy):
                    steps = max(2, int(np.hypot(*(b - a)) / 2))
                    points.append(np.linspace(a, b, steps))
    return np.concatenate(points) if points else np.empty((0, 2))


def _inside(points, box, pad: float = 0.0) -> int:
    return int(np.count_nonzero((points[:, 0] > box.x0 - pad) & (points[:, 0] < box.x1 + pad)
                                & (points[:, 1] > box.y0 - pad) & (points[:, 1] < box.y1 + pad)))


def test_nothing_but_the_map_lies_on_the_map(loaded, drawn):
    """Title, legend, scale bar, locator and credits lie outside the frame; no area label
    covers a border line, another territory, a labelled place or another label; no place
    label covers another label."""
    import shapely

    for name, figure in _single_maps(loaded):
        drawn.append(figure)
        renderer = figure.fig.canvas.get_renderer()
        figure.fig.canvas.draw()
        ax = figure.axes[0]
        frame = ax.get_window_extent(renderer)
        outside = [figure.fig.legends[0].get_window_extent(renderer), ax.title.get_window_extent(renderer)]
        outside += [t.get_window_extent(renderer) for t in figure.fig.texts]  # the credits
        outside += [a.get_window_extent(renderer) for a in figure.fig.axes if a is not ax]  # scale, locator
        for box in outside:
            assert not box.overlaps(frame), (name, box)
        borders = _border_points(figure)
        places = [ax.transData.transform(line.get_xydata()[0]) for line in ax.lines
                  if line.get_label().startswith("place:")]
        labels = [t for t in ax.texts if t not in figure.area_labels and t.get_text()
                  and t not in [label for label, _ in figure.graticule_labels]]
        label_boxes = [Text.get_window_extent(t, renderer) for t in labels]  # the text, not its leader
        for t in figure.area_labels:
            box = export._patch_extent(t, renderer)
            assert _inside(borders, box) == 0, (name, t.get_text())
            assert not any(box.contains(*p) for p in places), (name, t.get_text())
            assert not any(box.overlaps(b) for b in label_boxes), (name, t.get_text())
            corners = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
            area = shapely.box(*corners[0], *corners[1])
            own = [g for g in figure.filled if g.intersects(area)]
            assert len(own) <= 1, (name, t.get_text())  # at most its own territory
            assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        for i, one in enumerate(label_boxes):
            for other in label_boxes[i + 1:]:
                assert not one.overlaps(other), name
        grid = [label.get_window_extent(renderer) for label, _ in figure.graticule_labels]
        for t, box in zip(labels, label_boxes, strict=True):
            assert _inside(borders, box) == 0, (name, t.get_text())  # beside the lines, not on them
            assert sum(box.contains(*p) for p in places) == 0, (name, t.get_text())
            assert not any(box.overlaps(g) for g in grid), (name, t.get_text())  # nor on a latitude


def test_graticule_labels_sit_on_the_lines_they_name(loaded, drawn):
    """Each meridian's label is under the point where that meridian meets the frame's
    bottom edge, each parallel's on the parallel itself: within 2 mm of a point of its line,
    and that point is on the line the label names (inverse-projected)."""
    import re

    from pyproj import Transformer

    for name, figure in _single_maps(loaded):
        drawn.append(figure)
        renderer = figure.fig.canvas.get_renderer()
        back = Transformer.from_crs(figure.crs, "EPSG:4326", always_xy=True)
        ax = figure.axes[0]
        assert figure.graticule_labels, name
        kinds = set()
        for label, (x, y) in figure.graticule_labels:
            value, hemisphere = re.fullmatch(r"(\d+)°([NSEW])", label.get_text()).groups()
            lon, lat = back.transform(x, y)
            assert abs((lon if hemisphere in "EW" else lat) - int(value)) < 0.01, (name, label.get_text())
            box = label.get_window_extent(renderer)
            px, py = ax.transData.transform((x, y))
            gap = np.hypot(max(box.x0 - px, 0, px - box.x1), max(box.y0 - py, 0, py - box.y1))
            assert gap <= 2 / 25.4 * figure.fig.dpi, (name, label.get_text(), gap)
            kinds.add(hemisphere)
        assert kinds == {"E", "N"}, name  # both meridians and parallels are labelled


def test_every_image_credits_its_sources_projection_and_version(images):
    from bordermap import __version__

    for path in sorted(images.glob("*.svg")):
        svg = _svg_text(path)
        assert "World Data Bank II" in svg and "GSHHS" in svg and "layers/index.json" in svg, path.name
        assert "Lambert conformal conic projection, central meridian" in svg, path.name
        assert f"bordermap {__version__}" in svg, path.name


def test_the_legend_shows_each_line_as_it_is_drawn(loaded, drawn):
    """Every treaty line and precision in the legend has the colour, width and dash pattern
    of a line drawn on the map; nothing is listed that is not drawn."""
    from matplotlib.collections import LineCollection

    for name, figure in _single_maps(loaded):
        drawn.append(figure)
        legend = figure.fig.legends[0]
        entries = dict(zip([t.get_text().replace("\n", " ") for t in legend.get_texts()],
                           legend.legend_handles, strict=True))
        lines = [c for c in figure.axes[0].collections
                 if isinstance(c, LineCollection) and "/" in c.get_label()]

        def pattern(dashes) -> tuple:
            return tuple(round(v, 3) for v in dashes[1]) if dashes[1] else ()

        drawn_styles = {(tuple(np.round(c.get_edgecolor()[0], 3)), round(float(c.get_linewidth()[0]), 3),
                         pattern(c.get_dashes()[0])) for c in lines}
        for rid, own in figure.treaties:
            label = export._regime_label(loaded, rid, "en")
            handle = entries[label if own else f"{label} — still in force"]
            shown = (tuple(np.round(to_rgba(handle.get_color()), 3)), round(handle.get_linewidth(), 3),
                     pattern(handle._dash_pattern))
            assert shown in drawn_styles, (name, label, shown)
        precisions = {"Described by the treaty": "described", "Surveyed and marked": "surveyed",
                      "Approximate": "approximate", "Undelimited or disputed": "undelimited"}
        for text_, precision in precisions.items():
            assert (text_ in entries) == (precision in figure.precisions), (name, text_)
            if text_ in entries:
                wanted = pattern(entries[text_]._dash_pattern)
                assert any(pattern(c.get_dashes()[0]) == wanted for c in lines), (name, text_)


def test_the_basemap_covers_the_frame(loaded, drawn):
    """Land is land wherever a frame reaches: Kazakhstan and Tibet on the overview."""
    import shapely

    figure = export.overview_figure(loaded, "en", 800, 80)
    drawn.append(figure)
    world = figure._world(figure.proj, figure.lonlat)
    land = shapely.union_all([geom for kind, geom in world if kind == "land"])
    for lon, lat in ((75.0, 45.0), (88.0, 33.0), (80.0, 40.0)):  # Kazakhstan, Tibet, the Tarim
        point = shapely.Point(figure.proj.point(lon, lat))
        x0, x1 = figure.axes[0].get_xlim()
        y0, y1 = figure.axes[0].get_ylim()
        if x0 < point.x < x1 and y0 < point.y < y1:
            assert land.contains(point), (lon, lat)


def test_export_at_a_date_draws_the_border_in_force_that_day(loaded, drawn, fresh_layers, tmp_path):
    """--at: the border, territories and places of that day, from the timeline (every
    segment in force drawn in its treaty's colour, every one that had ended faint), framed
    on it; a Julian date means the same day; a date outside the coverage is one line."""
    from bordermap.layers.time import holds

    result = run_cli("export", "--layers", str(fresh_layers), "--out", str(tmp_path), "--at", "1858-05-16",
                     "--calendar", "julian", "--format", "svg", "--width", "800", "--dpi", "80")
    assert result.returncode == 0, result.stderr
    assert "1 image written" in result.stdout
    assert [p.name for p in tmp_path.glob("*.svg")] == ["at-1858-05-28.svg"]  # Aigun's day, Gregorian
    assert "16 May 1858 O.S. / 28 May 1858 N.S." in _svg_text(tmp_path / "at-1858-05-28.svg")
    figure = export.border_on_figure(loaded, "1858-05-28", "en", 800, 80)
    drawn.append(figure)
    colors = {label: color for label, color, *_ in _lines(figure) if "/" in label}
    for fid, f in _features(fresh_layers, "timeline").items():
        p = f["properties"]
        if p["kind"] != "border" or p["valid_from"] > "1858-05-28":
            assert fid not in colors, fid
        elif holds(p, "1858-05-28"):
            assert colors[fid] == _rgba(REGIME_COLORS[p["established_by"]]), fid
        else:
            assert colors[fid] == _rgba(export.FAINT_COLOR), fid
    late = run_cli("export", "--layers", str(fresh_layers), "--out", str(tmp_path / "late"), "--at", "1900")
    assert late.returncode == 2 and "outside the period the data cover" in late.stderr
    assert len(late.stderr.strip().splitlines()) == 1 and not (tmp_path / "late").exists()


def test_small_multiples_keep_legend_scale_and_credits_off_the_panels(loaded, drawn):
    figure = export.small_multiples_figure(loaded, "tr", 1000, 100)
    drawn.append(figure)
    figure.fig.canvas.draw()
    renderer = figure.fig.canvas.get_renderer()
    panels = [ax.get_window_extent(renderer) for ax in figure.axes if ax.get_visible() and ax.has_data()]
    assert len(panels) == len(loaded.periods)
    others = [figure.fig.legends[0].get_window_extent(renderer)]
    others += [t.get_window_extent(renderer) for t in figure.fig.texts]
    others += [a.get_window_extent(renderer) for a in figure.fig.axes if a not in figure.axes]  # scale bar
    assert len(others) >= 4  # legend, credits, title, scale bar
    for box in others:
        for panel in panels:
            assert not box.overlaps(panel), box
    titles = [ax.title.get_window_extent(renderer) for ax in figure.axes if ax.has_data()]
    for i, one in enumerate(titles):  # the panels' titles, long in Turkish, do not run into each other
        for other in titles[i + 1:]:
            assert not one.overlaps(other)
