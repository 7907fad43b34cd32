"""Interactive maps, tested in a real browser: Debian's Chromium driven by Playwright.

The browser is the system one (``/usr/bin/chromium``, or ``$BORDERMAP_CHROMIUM``);
Playwright's own browser download is never used. A missing browser fails these tests,
it does not skip them: `.ci/run` installs it.

What a map draws is read from the page as features (``window.bordermap.shown()``: the ids
of the features drawn; ``drawn()``: with their style), never as regimes.
"""

from __future__ import annotations

import io
import json
import math
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from bordermap.calendars import shift
from bordermap.i18n import number, text
from bordermap.layers.time import holds, query_day
from bordermap.maps.compose import MapData, build_maps
from bordermap.style import CHANGED_COLOR, REGIME_COLORS, border_style
from browser import Page, click_at, hover_at
from conftest import GEO, run_cli

REGIMES = ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"]
COMPARISONS = ["compare-1689-1727.html", "compare-1727-1858.html", "compare-1858-1860.html"]
XSS = "<img src=x onerror=alert(1)>"
ARGUN = "nerchinsk-1689/argun"
#: The treaties, by a word of their English names.
TREATY_WORDS = ("Nerchinsk", "Kyakhta", "Aigun", "Tianjin", "Peking")


def _features(layers: Path, name: str) -> list[dict]:
    return json.loads((layers / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def _index(layers: Path) -> dict:
    return json.loads((layers / "index.json").read_text(encoding="utf-8"))


def _open_at(browser, path: Path, year: int) -> Page:
    page = Page(browser, path.as_uri())
    page.js("y => window.bordermap.setYear(y)", year)
    return page


def _slide(page: Page, year: int) -> None:
    """Move the slider as a user does: set the input to the year's stop (its last day) and fire
    its input event."""
    page.page.locator(".bm-slider input").evaluate(
        """(el, y) => {
          const stops = window.bordermap.stops;
          let i = 0;
          stops.forEach((s, n) => { if (s.year <= y) { i = n; } });
          el.value = i; el.dispatchEvent(new Event('input'));
        }""", year)


def test_every_map_is_written(maps):
    names = sorted(p.name for p in maps["offline"].iterdir())
    assert names == sorted(["index.html", "start.html", *(f"{r}.html" for r in REGIMES), *COMPARISONS])


@pytest.mark.parametrize(("key", "words"), [("offline", "the border on any date"),
                                           ("offline-tr", "herhangi bir tarihteki sınır")])
def test_the_start_page_lists_every_map_in_its_language(browser, maps, key, words):
    page = Page(browser, (maps[key] / "start.html").as_uri())
    links = page.js("Array.from(document.querySelectorAll('nav a')).map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(p.name for p in maps[key].iterdir() if p.name != "start.html")
    assert words in page.page.locator("nav").inner_text().lower()
    assert page.js("document.documentElement.lang") == ("tr" if key.endswith("-tr") else "en")
    for link in links:  # every link opens a map
        assert (maps[key] / link).is_file()
    assert not page.errors
    page.close()


def test_the_start_page_lists_the_images_and_notebooks_that_exist(browser, fresh_layers, tmp_path):
    """With --images and --notebooks, the start page lists what those folders hold, each
    image titled by what it shows in the page's language and each link opening its file;
    a folder that does not exist adds nothing."""
    from bordermap.images.export import change_name

    data = MapData.load(fresh_layers, "tr")
    before, after = data.comparisons()[-1]
    images, notebooks = tmp_path / "out" / "images", tmp_path / "out" / "notebooks"
    images.mkdir(parents=True)
    notebooks.mkdir()
    change = change_name(data, before, after)
    for name in ("overview.png", "overview.pdf", f"{change}.svg", "nerchinsk-1689.png", "my #1 figure.png",
                 "notes.txt"):
        (images / name).write_bytes(b"x")
    for name in ("01-overview.html", "01-overview.ipynb"):
        (notebooks / name).write_bytes(b"x")
    out = tmp_path / "out" / "maps" / "tr"
    result = run_cli("maps", "--layers", str(fresh_layers), "--offline", "--lang", "tr",
                     "--out", str(out), "--images", str(images), "--notebooks", str(notebooks))
    assert result.returncode == 0, result.stderr
    page = Page(browser, (out / "start.html").as_uri())
    sections = page.js("""Array.from(document.querySelectorAll('nav h3')).map(h => [h.textContent,
        Array.from(h.nextElementSibling.querySelectorAll('li')).map(li => [
            li.querySelector('.bm-file').textContent,
            Array.from(li.querySelectorAll('a')).map(a => [a.textContent, a.href])])])""")
    assert [s[0] for s in sections] == [text("start.images", "tr"), text("start.notebooks", "tr")]
    titles = [entry[0] for entry in sections[0][1]]
    assert titles == [text("start.image_overview", "tr"), data.regime_label("nerchinsk-1689"),
                      f"{data.regime_label(before)} → {data.regime_label(after)}", "my #1 figure"]
    assert [label for label, _ in sections[0][1][0][1]] == ["PNG", "PDF"]
    assert sections[1][1] == [["01-overview", [["HTML", (notebooks / "01-overview.html").as_uri()],
                                               ["Jupyter", (notebooks / "01-overview.ipynb").as_uri()]]]]
    for _title, links in sections[0][1] + sections[1][1]:  # every link opens its file
        for _label, href in links:
            assert Path(unquote(urlparse(href).path)).is_file(), href
    assert not page.errors
    page.close()
    run_cli("maps", "--layers", str(fresh_layers), "--offline", "--out", str(out),
            "--images", str(tmp_path / "none"))
    page = Page(browser, (out / "start.html").as_uri())
    assert page.js("document.querySelectorAll('nav h3').length") == 0
    page.close()


def test_comparisons_follow_the_regime_periods_of_the_index(fresh_layers, tmp_path):
    """No pair is written into the code: a regime without a period drops out of the chain."""
    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    index = _index(layers)
    kyakhta = next(r for r in index["regimes"] if r["id"] == "kyakhta-1727")
    nerchinsk = next(r for r in index["regimes"] if r["id"] == "nerchinsk-1689")
    nerchinsk["period"]["until"] = kyakhta["period"]["until"]
    kyakhta["period"] = None
    (layers / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    build_maps(layers, tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").glob("compare-*")) == [
        "compare-1689-1858.html", "compare-1858-1860.html"]


@pytest.mark.parametrize("mode", ["offline", "offline-tr", "online"])
def test_each_map_initialises_without_errors(browser, maps, mode):
    for path in sorted(maps[mode].glob("*.html")):
        if path.name == "start.html":  # the list of maps, tested on its own
            continue
        page = Page(browser, path.as_uri(), route_network=mode == "online")
        page.page.wait_for_timeout(300)
        assert page.js("typeof L") == "object", path.name
        assert page.js("document.querySelectorAll('.leaflet-container').length") >= 1
        assert page.js("window.bordermap.shown().length") > 0, path.name
        assert not page.errors, f"{mode}/{path.name}: {page.errors}"
        page.close()


def test_offline_maps_make_no_request_beyond_their_own_file(browser, maps):
    for path in sorted(maps["offline"].glob("*.html")):  # the start page too
        page = Page(browser, path.as_uri())
        page.page.wait_for_timeout(500)
        page.js("window.bordermap && window.bordermap.setYear && window.bordermap.setYear(1861)")
        page.page.mouse.wheel(0, -300)
        page.page.wait_for_timeout(300)
        assert page.requests == [path.as_uri()], f"{path.name}: {page.requests}"
        page.close()


OVERLAYS = ["Border in force", "Territories in force", "Rivers", "Lake Khanka",
            "Today's border (modern reference)", "Places", "Events", "Expeditions' routes",
            "Claims (proposed lines)"]


def _toggle(page: Page, label: str) -> None:
    page.js("""label => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
        .find(l => l.textContent.trim() === label).querySelector('input').click()""", label)


def test_every_overlay_is_in_the_layer_control_and_toggles(browser, maps):
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    labels = page.js("""Array.from(document.querySelectorAll(
        '.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())""")
    assert labels == OVERLAYS
    for i in range(len(OVERLAYS)):
        toggled = page.js("""i => {
            const input = document.querySelectorAll('.leaflet-control-layers-overlays input')[i];
            const on = () => Boolean(window.bordermap.map._layers[input.layerId]);
            const before = on(); input.click(); const after = on(); input.click();
            return [before, after, on()];
        }""", i)
        assert toggled[0] != toggled[1] and toggled[0] == toggled[2], (OVERLAYS[i], toggled)
    assert not page.errors
    page.close()


def test_a_layer_switched_off_follows_the_slider_when_it_is_switched_on(browser, maps):
    page = _open_at(browser, maps["offline"] / "index.html", 1861)
    assert ARGUN in page.js("window.bordermap.shown()")
    _toggle(page, "Border in force")
    shown = page.js("window.bordermap.shown()")
    assert ARGUN not in shown and "peking-1860/ussuri" not in shown and "peking-1860/ceded" in shown
    _slide(page, 1700)
    _toggle(page, "Border in force")
    shown = page.js("window.bordermap.shown()")
    assert "nerchinsk-1689/shilka" in shown and ARGUN in shown
    assert not any(i.startswith(("aigun-1858/", "peking-1860/")) for i in shown), shown
    # drawn above the rivers and territories again, below the places
    order = page.js("""() => { const m = window.bordermap.map, out = [];
        for (let o = (m._renderer || m.options.renderer)._drawFirst; o; o = o.next) {
            const p = o.layer.feature && o.layer.feature.properties;
            if (p && p.id) { out.push(p.id); } }
        return out; }""")
    shilka, amur = order.index("nerchinsk-1689/shilka"), order.index("amur")
    assert shilka > amur > order.index("nerchinsk-1689/qing-amur")
    assert order.index("nerchinsk") > order.index("nerchinsk-1689/shilka")
    assert not page.errors
    page.close()


def _day_of(index: dict, year: int) -> str:
    """The day the combined map shows for ``year``: its last day, within the coverage."""
    first, last = index["coverage"]["from"], index["coverage"]["until"]
    return min(max(query_day(str(year)), first), last)


def _held(layers: Path, day: str) -> tuple[set[str], set[str]]:
    """The ids of the timed features (segments, territories, places, events), and of those
    that the layers say held on ``day``: in force, in existence, or (events) up to it."""
    expected = {f["id"] for f in _features(layers, "timeline") if holds(f["properties"], day)}
    expected |= {f["id"] for f in _features(layers, "places")
                 if f["properties"]["kind"] != "marker" and holds(f["properties"], day)}
    expected |= {f["id"] for f in _features(layers, "events") if f["properties"]["date_first"] <= day}
    timed = {f["id"] for name in ("timeline", "places", "events") for f in _features(layers, name)}
    return timed, expected


@pytest.mark.parametrize("year", [1689, 1690, 1727, 1750, 1857, 1858, 1859, 1860, 1861, 1864])
def test_the_map_draws_what_held_on_the_last_day_of_the_year(browser, maps, fresh_layers, year):
    """Every border segment, territory and place in force or in existence on the day, and
    every event up to it: the same as the layers say, feature for feature."""
    day = _day_of(_index(fresh_layers), year)
    timed, expected = _held(fresh_layers, day)
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    _slide(page, year)
    assert page.js("window.bordermap.year") == year and page.js("window.bordermap.day") == day
    shown = set(page.js("window.bordermap.shown()"))
    assert shown & timed == expected
    page.close()


def test_the_map_opens_on_the_last_day_of_1860(browser, maps, fresh_layers):
    """Peking in force; only what held then is drawn when the page opens."""
    day = _day_of(_index(fresh_layers), 1860)
    timed, expected = _held(fresh_layers, day)
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    assert page.js("[window.bordermap.year, window.bordermap.day]") == [1860, day]
    assert set(page.js("window.bordermap.shown()")) & timed == expected
    assert "peking-1860/ussuri" in expected and "aigun-1858/ussuri" not in expected
    assert "Convention of Peking (1860)" in page.page.locator(".bm-slider").inner_text()
    page.close()


@pytest.mark.parametrize(("year", "treaties"), [
    (1700, {"Nerchinsk"}),
    (1750, {"Nerchinsk", "Kyakhta"}),
    (1859, {"Kyakhta", "Aigun", "Tianjin"}),
    (1861, {"Kyakhta", "Tianjin", "Peking"}),
])
def test_the_label_names_the_treaties_in_force(browser, maps, year, treaties):
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    _slide(page, year)
    label = page.page.locator(".bm-slider").inner_text()
    # the day in both calendars: the Julian day is 11 (18th century) or 12 (19th) days earlier
    julian = 31 - (11 if year < 1800 else 12)
    assert f"Year {year}" in label, label
    assert f"The border on {julian} Dec {year} O.S. / 31 Dec {year} N.S." in label, label
    in_force = label.split("In force:")[1]
    for word in TREATY_WORDS:
        assert (word in in_force) == (word in treaties), (word, label)
    page.close()


@pytest.mark.parametrize("year", [1859, 1861])
def test_the_argun_is_the_border_before_and_after_peking(browser, maps, year):
    page = _open_at(browser, maps["offline"] / "index.html", year)
    drawn = {d["id"]: d for d in page.js("window.bordermap.drawn()")}
    assert ARGUN in drawn
    assert drawn[ARGUN]["color"] == REGIME_COLORS["nerchinsk-1689"]  # the treaty that drew it
    page.close()


def test_the_sixty_four_villages_are_on_the_map_in_1862(browser, maps):
    page = _open_at(browser, maps["offline"] / "index.html", 1862)
    assert "aigun-1858/sixty-four-villages" in page.js("window.bordermap.shown()")
    page.js("window.bordermap.setYear(1857)")
    assert "aigun-1858/sixty-four-villages" not in page.js("window.bordermap.shown()")
    page.close()


def test_places_are_on_the_map_only_while_they_exist(browser, maps, fresh_layers):
    places = {f["id"]: f["properties"] for f in _features(fresh_layers, "places")}
    villages = {pid for pid, p in places.items() if p["kind"] == "village" and p["founded"] == "1855"}
    assert len(villages) >= 5
    founded = {"khabarovsk", "blagoveshchensk", *villages}
    page = _open_at(browser, maps["offline"] / "index.html", 1700)
    assert not founded & set(page.js("window.bordermap.shown()"))
    page.js("window.bordermap.setYear(1861)")
    assert founded <= set(page.js("window.bordermap.shown()"))
    page.js("window.bordermap.setYear(1689)")
    assert "albazin" in page.js("window.bordermap.shown()")
    for year in (1690, 1700, 1861):
        page.js("y => window.bordermap.setYear(y)", year)
        assert "albazin" not in page.js("window.bordermap.shown()"), year
    page.close()


def test_the_slider_cannot_go_past_the_data(browser, maps, fresh_layers):
    coverage = _index(fresh_layers)["coverage"]
    first, last = int(coverage["from"][:4]), int(coverage["until"][:4])
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    stops = page.js("window.bordermap.stops")
    bounds = page.page.locator(".bm-slider input").evaluate("el => [el.min, el.max]")
    assert bounds == ["0", str(len(stops) - 1)]  # one step a stop: a year's last day or a change
    assert (stops[0]["day"], stops[-1]["day"]) == (coverage["from"], coverage["until"])
    assert [s["year"] for s in stops if s["day"].endswith("-12-31")] == list(range(first, last))
    _slide(page, last + 40)
    assert page.js("window.bordermap.year") == last
    assert page.js("window.bordermap.day") == coverage["until"]
    label = page.page.locator(".bm-slider").inner_text()
    assert "the last day of the data" in label and "6 Oct 1864" in label, label
    page.js("window.bordermap.setYear(1200)")
    assert page.js("window.bordermap.year") == first
    page.close()


@pytest.mark.parametrize(("key", "lang"), [("offline", "en"), ("offline-tr", "tr")])
def test_the_page_writes_each_stop_as_the_maps_do(browser, maps, fresh_layers, key, lang):
    """The page writes each stop's line from its days in both calendars: word for word the
    line bordermap writes (MapData.slider_stops), for every stop, in English and Turkish."""
    from bordermap.maps.compose import MapData

    expected = [[s["day"], s["year"], s["text"], s.get("change")]
                for s in MapData.load(fresh_layers, lang).slider_stops()]
    page = Page(browser, (maps[key] / "index.html").as_uri())
    got = page.js("window.bordermap.stops.map(s => [s.day, s.year, s.text, s.change || null])")
    assert got == expected
    assert all(" / " in s[2] for s in got)  # every day here is written in both calendars
    page.close()


def test_the_slider_spans_the_coverage_of_the_layers(browser, fresh_layers, tmp_path):
    """A property of the layers, not of today's date: a longer coverage, a longer slider."""
    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    index = _index(layers)
    index["coverage"] |= {"until": "1870-06-30", "until_julian": "1870-06-18"}
    (layers / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    build_maps(layers, tmp_path / "m", offline=True)
    page = Page(browser, (tmp_path / "m" / "index.html").as_uri())
    last = page.js("window.bordermap.stops.at(-1)")
    assert (last["day"], last["year"]) == ("1870-06-30", 1870)
    page.js("window.bordermap.setYear(1870)")
    assert page.js("window.bordermap.day") == "1870-06-30"
    assert "30 Jun 1870" in page.page.locator(".bm-slider").inner_text()
    page.close()


def test_a_regime_map_draws_inherited_segments_lighter_than_its_own(browser, maps, fresh_layers):
    features = {f["id"]: f["properties"] for f in _features(fresh_layers, "peking-1860")}
    own = {fid for fid, p in features.items() if p["kind"] == "border" and p["own"]}
    assert own and all(fid.startswith("peking-1860/") for fid in own)
    page = Page(browser, (maps["offline"] / "peking-1860.html").as_uri())
    drawn = {d["id"]: d for d in page.js("window.bordermap.drawn()")}
    assert set(features) <= set(drawn)  # the whole border and every territory of the period
    keys = ("color", "weight", "opacity")

    def look(fid: str) -> tuple:
        return tuple(drawn[fid][k] for k in keys)

    inherited = border_style("nerchinsk-1689", features[ARGUN]["precision"], own=False)
    assert look(ARGUN) == tuple(inherited[k] for k in keys)
    for fid in own:
        mine = border_style("peking-1860", features[fid]["precision"], own=True)
        assert look(fid) == tuple(mine[k] for k in keys), fid
        assert drawn[fid]["weight"] > drawn[ARGUN]["weight"]
    caption = page.page.locator(".bm-caption").inner_text()
    assert "Convention of Peking (1860)" in caption
    assert "2 Nov 1860 O.S. / 14 Nov 1860 N.S." in caption  # signed, in both calendars
    assert "14 Nov 1860 – 6 Oct 1864" in caption  # the period shown
    page.close()


def _far_from_points(line: list[list[float]], points: list[list[float]]) -> list[float]:
    """The position of ``line`` farthest from every one of ``points``: a clear place to click."""
    return max(line, key=lambda p: min(math.dist(p, q) for q in points))


@pytest.mark.parametrize(("mode", "words"), [
    ("offline", ["Treaty of Nerchinsk (1689), Article 2", "In force from",
                 "27 Aug 1689 O.S. / 6 Sep 1689 N.S.", "In force until",
                 "the end of the data (6 Oct 1864)", "{argun_km}"]),
    ("offline-tr", ["Nerçinsk Antlaşması (1689), Madde 2", "Yürürlüğe giriş",
                    "27 Ağustos 1689 Jülyen takvimiyle / 6 Eylül 1689 Gregoryen takvimiyle",
                    "verilerin sonu (6 Ekim 1864)", "{argun_km}"]),
])
def test_a_border_popup_says_who_drew_it_and_when_it_held(browser, maps, fresh_layers, mode, words):
    points = [f["geometry"]["coordinates"] for name in ("places", "events")
              for f in _features(fresh_layers, name)]
    lines = {f["id"]: f["geometry"]["coordinates"] for f in _features(fresh_layers, "timeline")}
    page = _open_at(browser, maps[mode] / "index.html", 1861)
    centre = "([lat, lon]) => void window.bordermap.map.setView([lat, lon], 6, {animate: false})"
    argun = _far_from_points(lines[ARGUN], points)
    page.js(centre, argun[::-1])
    text = click_at(page, *argun)
    length = next(f["properties"]["length_km"] for f in _features(fresh_layers, "timeline")
                  if f["id"] == ARGUN)
    for word in words:
        lang = "tr" if mode == "offline-tr" else "en"
        assert word.replace("{argun_km}", f"{number(length, lang)} km") in text, text
    amur = _far_from_points(lines["aigun-1858/amur-upper"], points)
    page.js(centre, amur[::-1])
    text = click_at(page, *amur)
    confirmed = {"offline": "Confirmed by", "offline-tr": "Onaylayan antlaşma"}[mode]
    peking = {"offline": "Convention of Peking (1860)", "offline-tr": "Pekin Antlaşması (1860)"}[mode]
    assert confirmed in text and peking in text, text
    assert not page.errors
    page.close()


@pytest.mark.parametrize(("mode", "place_words", "territory_words"), [
    ("offline", ["Irkutsk", "city", "Founded", "1661", "Position", "±2 km (Wikipedia, Irkutsk)"],
     ["Amur–Stanovoy land", "Qing", "Treaty of Nerchinsk", "Held before → after",
      "In force until", "16 May 1858 O.S. / 28 May 1858 N.S. — Treaty of Aigun (1858)", "{area}"]),
    ("offline-tr", ["İrkutsk", "şehir", "Kuruluş", "1661", "Konum", "±2 km (Wikipedia, Irkutsk)"],
     ["Amur–Stanovoy toprakları", "Durum", "Nerçinsk Antlaşması", "Yürürlük sonu",
      "16 Mayıs 1858 Jülyen takvimiyle / 28 Mayıs 1858 Gregoryen takvimiyle", "{area}"]),
])
def test_popups_open_with_the_right_content(browser, maps, fresh_layers, mode, place_words,
                                            territory_words):
    places = _features(fresh_layers, "places")
    # Irkutsk: no other place near it, and its events come after 1689
    irkutsk = next(f for f in places if f["id"] == "irkutsk")["geometry"]["coordinates"]
    page = _open_at(browser, maps[mode] / "index.html", 1689)
    text = click_at(page, *irkutsk)
    for word in place_words:
        assert word in text, text
    tooltip = hover_at(page, *irkutsk)
    assert place_words[0] in tooltip and place_words[1] in tooltip, tooltip
    text = click_at(page, 127.0, 54.0)  # inside the Qing land of 1689
    land = next(p for p in (f["properties"] for f in _features(fresh_layers, "timeline"))
                if p["kind"] == "territory" and p["name_en"] == "Amur–Stanovoy land"
                and holds(p, "1689-12-31") and not p["alternative"])
    lang = "tr" if mode == "offline-tr" else "en"
    area = f"{number(land['area_km2'], lang)} km²"  # Turkish 123.456 km², English 123,456 km²
    for word in territory_words:
        assert word.replace("{area}", area) in text, text
    if lang == "tr" and land["area_km2"] >= 1000:
        assert f"{land['area_km2']:,}" not in text, text  # no English separators
    assert not page.errors
    page.close()


def test_text_from_sources_is_escaped(browser, geo_copy, tmp_path):
    path = geo_copy / "places.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('name = { en = "Irkutsk"', f'name = {{ en = "{XSS}"', 1)
    path.write_text(text, encoding="utf-8")
    regime = geo_copy / "regimes" / "aigun-1858.toml"
    regime.write_text(regime.read_text(encoding="utf-8").replace(
        'en = "Treaty of Aigun"', f'en = "{XSS}"', 1), encoding="utf-8")
    layers, out = tmp_path / "layers", tmp_path / "maps"
    assert run_cli("build", "--geo", str(geo_copy), "--layers", str(layers)).returncode == 0
    assert run_cli("maps", "--layers", str(layers), "--out", str(out), "--offline").returncode == 0
    places = json.loads((layers / "places.geojson").read_text(encoding="utf-8"))["features"]
    irkutsk = next(f for f in places if f["id"] == "irkutsk")["geometry"]["coordinates"]
    page = _open_at(browser, out / "index.html", 1689)
    shown = click_at(page, *irkutsk)
    assert XSS in shown
    assert XSS in hover_at(page, *irkutsk)  # the tooltip, too
    page.page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.js("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert XSS in page.page.locator(".bm-legend").inner_text()  # a treaty's name, as text
    page.js("window.bordermap.setYear(1859)")
    assert XSS in page.page.locator(".bm-slider").inner_text()  # "In force: ..."
    assert page.js("typeof window.alertCalled") == "undefined"
    page.close()


def test_a_screenshot_of_the_offline_map_is_a_map(browser, maps):
    import numpy as np
    from PIL import Image

    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    page.page.wait_for_timeout(500)
    png = page.page.screenshot()
    page.close()
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3).astype(int)
    assert pixels.std(axis=0).min() > 20, "the page is nearly uniform"
    target = np.array([int(REGIME_COLORS["peking-1860"][i:i + 2], 16) for i in (1, 3, 5)])
    close = int((np.abs(pixels - target).sum(axis=1) < 40).sum())
    assert close > 300, f"only {close} pixels of the 1860 border colour"


def test_on_a_phone_the_legend_and_the_layers_are_buttons(browser, maps):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((maps["offline"] / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert not page.locator(".bm-legend-body").is_visible()
    assert not page.locator(".leaflet-control-layers-list").is_visible()
    page.locator(".bm-legend button").click()
    assert page.locator(".bm-legend-body").is_visible()
    assert "Convention of Peking (1860)" in page.locator(".bm-legend").inner_text()
    page.locator(".leaflet-control-layers .bm-toggle").click()
    assert page.locator(".leaflet-control-layers-list").is_visible()
    page.close()
    # on a projector the legend opens, the list of layers folded; on a wide screen both open
    for (width, height), layers_open in (((1280, 720), False), ((1600, 900), True)):
        wide = browser.new_page(viewport={"width": width, "height": height})
        wide.goto((maps["offline"] / "index.html").as_uri())
        wide.wait_for_load_state("load")
        assert wide.locator(".bm-legend-body").is_visible()
        assert wide.locator(".leaflet-control-layers-list").is_visible() == layers_open
        wide.close()


def test_maps_are_deterministic(fresh_layers, tmp_path):
    for run in ("a", "b"):
        build_maps(fresh_layers, tmp_path / run, lang="tr", offline=True)
    for path in sorted((tmp_path / "a").iterdir()):
        assert (tmp_path / "b" / path.name).read_bytes() == path.read_bytes(), path.name


def test_maps_read_only_layers(fresh_layers, tmp_path):
    layers = tmp_path / "layers-only"
    shutil.copytree(fresh_layers, layers)
    result = run_cli("maps", "--layers", str(layers), "--out", str(tmp_path / "m"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert GEO.exists() and not (tmp_path / "geo").exists()


def test_missing_layers_are_a_one_line_error(tmp_path):
    result = run_cli("maps", "--layers", str(tmp_path / "nothing"), "--out", str(tmp_path / "m"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "run 'bordermap build'" in result.stderr
    assert not (tmp_path / "m").exists()


def test_a_users_layer_is_added_and_escaped(browser, fresh_layers, tmp_path):
    mine = tmp_path / "my-forts.geojson"
    mine.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": XSS, "year": 1700},
        "geometry": {"type": "Point", "coordinates": [112.0, 45.0]}}]}), encoding="utf-8")
    result = run_cli("maps", "--layers", str(fresh_layers), "--out", str(tmp_path / "m"),
                     "--offline", "--add", str(mine))
    assert result.returncode == 0, result.stderr
    page = Page(browser, (tmp_path / "m" / "index.html").as_uri())
    labels = page.js("""Array.from(document.querySelectorAll(
        '.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())""")
    assert "my-forts" in labels
    shown = click_at(page, 112.0, 45.0)
    assert XSS in shown and "1700" in shown
    assert page.dialogs == [] and not page.errors
    page.close()


def test_comparison_maps_pan_and_zoom_together(browser, maps):
    page = Page(browser, (maps["offline"] / "compare-1727-1858.html").as_uri())
    page.page.wait_for_timeout(300)  # let the maps settle inside their bounds first
    page.js("void window.bordermapMaps[0].setView([48.5, 135.0], 7, {animate: false})")
    page.page.wait_for_function("window.bordermapMaps[1].getZoom() === 7", timeout=3000)
    centre, zoom = page.js("""() => { const m = window.bordermapMaps[1];
        return [[m.getCenter().lat, m.getCenter().lng], m.getZoom()]; }""")
    assert zoom == 7 and abs(centre[0] - 48.5) < 0.01 and abs(centre[1] - 135.0) < 0.01
    assert not page.errors
    page.close()


def _sides(page: Page) -> list[dict[str, dict]]:
    """What each map of a comparison draws: features by id, and the ids marked as changed."""
    return page.js("""() => window.bordermapMaps.map(m => {
        const out = {features: {}, marked: []};
        bordermapKit.drawn(m).forEach(d => d.halo ? out.marked.push(d.id) : (out.features[d.id] = d));
        return out; })""")


@pytest.mark.parametrize("name", COMPARISONS)
def test_a_comparison_shows_each_whole_border_and_marks_what_changed(browser, maps, fresh_layers, name):
    index = _index(fresh_layers)
    signed = {r["signed"]["gregorian"][:4]: r["id"] for r in index["regimes"] if r["period"]}
    before, after = (signed[year] for year in name.removesuffix(".html").split("-")[1:])
    day = next(r for r in index["regimes"] if r["id"] == after)["period"]["from"]
    layers = {rid: _features(fresh_layers, rid) for rid in (before, after)}
    page = Page(browser, (maps["offline"] / name).as_uri())
    left, right = _sides(page)
    for side, rid in ((left, before), (right, after)):
        assert set(side["features"]) >= {f["id"] for f in layers[rid]}, rid  # the whole border
        assert ARGUN in side["features"]
    assert set(left["marked"]) == {f["id"] for f in layers[before] if f["properties"]["kind"] == "border"
                                   and f["properties"]["valid_until"] == day}
    assert set(right["marked"]) == {f["id"] for f in layers[after] if f["properties"]["kind"] == "border"
                                    and f["properties"]["valid_from"] == day}
    assert right["marked"] and ARGUN not in left["marked"] + right["marked"]
    changed = {f["id"]: f["properties"] for f in layers[after] if f["properties"]["kind"] == "territory"
               and f["properties"]["valid_from"] == day and not f["properties"]["alternative"]
               and f["properties"]["from_state"] != f["properties"]["to_state"]}
    captions = " ".join(page.page.locator(".bm-caption").all_inner_texts())
    if changed:
        assert "Changed hands" in captions, captions
        for fid, props in changed.items():
            assert f"{props['area_km2']:,} km²" in captions, captions
            assert right["features"][fid]["color"] == CHANGED_COLOR  # outlined
    else:
        assert "No territory changed hands" in captions, captions
    unchanged = [fid for fid in right["features"] if "/" in fid and fid not in changed]
    assert unchanged and all(right["features"][fid]["color"] != CHANGED_COLOR for fid in unchanged)
    assert not page.errors
    page.close()


@pytest.mark.parametrize("rid", REGIMES)
def test_a_regime_map_opens_on_its_own_extent(browser, maps, fresh_layers, rid):
    import shapely

    features = json.loads((fresh_layers / f"{rid}.geojson").read_text(encoding="utf-8"))["features"]
    west, south, east, north = shapely.GeometryCollection(
        [shapely.geometry.shape(f["geometry"]) for f in features]).bounds
    page = Page(browser, (maps["offline"] / f"{rid}.html").as_uri())
    view = page.js("""() => {
        const map = Object.keys(window).filter(k => k.startsWith('map_'))
            .map(k => window[k]).find(v => v instanceof L.Map);
        const b = map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }""")
    assert view[0] <= west + 0.5 and view[1] <= south + 0.5
    assert view[2] >= east - 0.5 and view[3] >= north - 0.5
    # and no wider than it needs: the view is at most three times the regime's extent
    assert (view[2] - view[0]) < 3 * (east - west) + 10
    page.close()


def test_a_regime_map_shows_the_places_of_its_period(browser, maps, fresh_layers):
    places = {f["id"]: f["properties"] for f in _features(fresh_layers, "places")
              if f["properties"]["kind"] != "marker"}
    for rid, present, absent in (("nerchinsk-1689", "albazin", "khabarovsk"),
                                 ("peking-1860", "khabarovsk", "albazin")):
        period = next(r for r in _index(fresh_layers)["regimes"] if r["id"] == rid)["period"]
        last = shift(period["until"], -1) if period["until"] else _index(fresh_layers)["coverage"]["until"]
        page = Page(browser, (maps["offline"] / f"{rid}.html").as_uri())
        shown = set(page.js("window.bordermap.shown()"))
        assert present in shown and absent not in shown
        for pid, p in places.items():  # existed on some day from the first to the last
            existed = ((p["valid_from"] is None or p["valid_from"] <= last)
                       and (p["valid_until"] is None or p["valid_until"] > period["from"]))
            assert (pid in shown) == existed, (rid, pid)
        page.close()


def test_the_page_draws_the_layers_geometry(browser, maps, fresh_layers):
    """Encoded lines decode in the browser to the layer's positions, quantised to the map's
    precision: the Amur drawn on the map is the Amur of layers/rivers.geojson, vertex for
    vertex."""
    from bordermap.maps.compose import MAP_DECIMALS, _quantise

    rivers = json.loads((fresh_layers / "rivers.geojson").read_text(encoding="utf-8"))["features"]
    amur = next(f for f in rivers if f["id"] == "amur")
    expected = _quantise(amur["geometry"]["coordinates"])
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    drawn = page.js("""() => {
        for (const key of Object.keys(window).filter(k => k.startsWith('data_layer_'))) {
            for (const layer of window[key].getLayers()) {
                const p = layer.feature.properties;
                const strings = window[Object.keys(window).find(k => k.startsWith('map_kit_'))];
                if (p.p && strings[p.p[0]] === 'Amur') {
                    return [layer.feature.geometry.type, layer.bmPositions()];
                }
            }
        }
        return null; }""")
    assert drawn is not None and drawn[0] == amur["geometry"]["type"]
    got = [p for line in drawn[1] for p in line]
    want = [p for part in expected for p in part] if drawn[0] == "MultiLineString" else expected
    assert len(got) == len(want) > 100
    tolerance = 10 ** -MAP_DECIMALS / 2 + 1e-9
    assert all(abs(a - b) <= tolerance for p, q in zip(got, want, strict=True)
               for a, b in zip(p, q, strict=True))
    page.close()


def test_shared_popup_text_is_written_once(maps):
    """Popups refer to one string table per map: who drew the Nerchinsk segments and
    territories of article 1, shown in each of their popups, appears once in the page."""
    page = (maps["offline"] / "nerchinsk-1689.html").read_text(encoding="utf-8")
    assert page.count("Treaty of Nerchinsk (1689), Article 1:") == 1


@pytest.mark.parametrize(("value", "decimals", "written"), [
    (12345.6, 1, {"en": "12,345.6", "tr": "12.345,6", "ru": "12\u00a0345,6", "zh": "12,345.6"}),
    (-12345.6, 1, {"en": "-12,345.6", "tr": "-12.345,6", "ru": "-12\u00a0345,6", "zh": "-12,345.6"}),
    (310667, 0, {"en": "310,667", "tr": "310.667", "ru": "310\u00a0667", "zh": "310,667"}),
    (-1234567.891, 2, {"en": "-1,234,567.89", "tr": "-1.234.567,89", "ru": "-1\u00a0234\u00a0567,89",
                       "zh": "-1,234,567.89"}),
    (2619.6, 0, {"en": "2,620", "tr": "2.620", "ru": "2\u00a0620", "zh": "2,620"}),
    (674, 0, {"en": "674", "tr": "674", "ru": "674", "zh": "674"}),
    (0, 0, {"en": "0", "tr": "0", "ru": "0", "zh": "0"}),
    (0.0, 1, {"en": "0.0", "tr": "0,0", "ru": "0,0", "zh": "0.0"}),
    (-0.04, 1, {"en": "0.0", "tr": "0,0", "ru": "0,0", "zh": "0.0"}),  # no "-0,0"
    (0.25, None, {"en": "0.25", "tr": "0,25", "ru": "0,25", "zh": "0.25"}),
    (2.0, None, {"en": "2", "tr": "2", "ru": "2", "zh": "2"}),
])
def test_numbers_are_written_as_each_language_writes_them(value, decimals, written):
    for lang, expected in written.items():
        assert number(value, lang, decimals) == expected, lang
    with pytest.raises(ValueError, match="language must be one of"):
        number(value, "de", decimals)


@pytest.mark.parametrize(("lang", "day", "month", "year", "circa"), [
    ("en", "16 May 1858", "May 1858", "1858", "c. 2 Jan 1858"),
    ("tr", "16 Mayıs 1858", "Mayıs 1858", "1858", "yaklaşık 2 Ocak 1858"),
    ("ru", "16 мая 1858", "май 1858", "1858", "ок. 2 янв. 1858"),
    ("zh", "1858年5月16日", "1858年5月", "1858年", "约1858年1月2日"),
])
def test_dates_are_written_as_each_language_writes_them(lang, day, month, year, circa):
    data = MapData(Path("."), lang, {}, {})
    assert data.day("1858-05-16") == day
    assert data.day("1858-05") == month
    assert data.day("1858") == year
    assert data.day("1858-01-02~") == circa


@pytest.mark.parametrize("lang", ["en", "tr", "ru", "zh"])
def test_comparison_captions_and_popups_write_numbers_in_the_map_language(fresh_layers, lang):
    """The area that changed hands and the lengths of the lines that began and ended (the
    caption), and each territory's area (its popup and tooltip), as ``lang`` writes numbers:
    Turkish 310.667 km², English 310,667 km²."""
    from bordermap.maps.compose import change, compare_map, stable_ids

    with stable_ids():
        data = MapData.load(fresh_layers, lang)
        before, after = data.comparisons()[-1]
        page = compare_map(data, before, after, offline=True)
    what = change(data, before, after)
    assert what["areas"] and what["began_km"]
    for area in what["areas"].values():
        assert f"{number(area, lang)} km²" in page
    for km in (what["began_km"], what["ended_km"]):
        if km:
            assert f": {number(km, lang)} km" in page
    areas = [f["properties"]["area_km2"] for f in _features(fresh_layers, after)
             if f["properties"]["kind"] == "territory"]
    assert any(a >= 1000 for a in areas)
    for area in areas:
        assert f"{number(area, lang)} km²" in page
        if lang in ("tr", "ru") and area >= 1000:
            assert f"{area:,} km²" not in page  # no English thousands separators
