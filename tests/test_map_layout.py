"""The interactive maps where people use them: on a projector and on a phone, by pointer and
by keyboard — controls that leave the map free and fold away, the date slider, the line a
click answers, markers at one spot, and names on the map. In headless Chromium."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from browser import Page, screen_point

#: (width, height) of the screens checked: small and large phones, a laptop, a projector, a
#: large monitor.
SCREENS = [(360, 640), (390, 844), (1024, 768), (1280, 720), (2560, 1440)]
#: The most of the map the controls may cover when a map opens.
MAX_COVERED = {(1280, 720): 0.22, (390, 844): 0.25}

# the boxes of the controls shown, in page pixels: [left, top, right, bottom, class]
_CONTROLS = """() => Array.from(document.querySelectorAll('.leaflet-control'))
  .filter(c => c.offsetParent !== null)
  .map(c => { const r = c.getBoundingClientRect();
              return [r.left, r.top, r.right, r.bottom, c.className]; })
  .filter(b => b[2] > b[0] && b[3] > b[1])"""


def _features(layers: Path, name: str) -> list[dict]:
    return json.loads((layers / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def _open(browser, path: Path, size: tuple[int, int], fragment: str = "") -> Page:
    """A page in a fresh context: nothing remembered from an earlier page."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = Page.__new__(Page)
    page.page = context.new_page()
    page.errors, page.requests, page.dialogs = [], [], []
    page.page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.page.goto(path.as_uri() + fragment)
    page.page.wait_for_load_state("load")
    page.context = context
    return page


def _close(page: Page) -> None:
    page.context.close()


def _covered(boxes: list[list], width: int, height: int) -> float:
    """The share of the width × height map that the boxes cover (their union), on a 4 px grid."""
    cells = 0
    for x in range(0, width, 4):
        for y in range(0, height, 4):
            cells += any(b[0] <= x + 2 < b[2] and b[1] <= y + 2 < b[3] for b in boxes)
    return cells / (math.ceil(width / 4) * math.ceil(height / 4))


def _overlaps(boxes: list[list]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1:
                out.append((a[4], b[4]))
    return out


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("name", ["index.html", "aigun-1858.html"])
def test_controls_never_overlap_and_leave_the_map_free(browser, maps, size, name):
    page = _open(browser, maps["offline"] / name, size)
    boxes = page.js(_CONTROLS)
    assert len(boxes) >= 4, boxes  # zoom, layers, legend, caption (and slider, scale)
    assert not _overlaps(boxes), _overlaps(boxes)
    for box in boxes:  # each within the screen
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= size[0] + 0.5 and box[3] <= size[1] + 0.5, box
    if name == "index.html" and size in MAX_COVERED:
        share = _covered(boxes, *size)
        assert share <= MAX_COVERED[size], (size, round(share, 3))
    # opened, the legend and the list of layers still overlap nothing
    for toggle in (".bm-legend .bm-toggle", ".leaflet-control-layers .bm-toggle"):
        if page.page.locator(toggle).get_attribute("aria-expanded") == "false":
            page.page.locator(toggle).click()
    assert not _overlaps(page.js(_CONTROLS)), (size, _overlaps(page.js(_CONTROLS)))
    assert not page.errors
    _close(page)


def test_the_share_covered_was_measured_on_a_real_layout(browser, maps):
    """The measure above can fail: with the legend and the layers opened on a phone they
    cover more than the limit."""
    page = _open(browser, maps["offline"] / "index.html", (390, 844))
    for toggle in (".bm-legend .bm-toggle", ".leaflet-control-layers .bm-toggle"):
        page.page.locator(toggle).click()
    assert _covered(page.js(_CONTROLS), 390, 844) > MAX_COVERED[(390, 844)]
    _close(page)


def test_the_legend_and_the_layers_remember_how_they_were_left(browser, maps):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    url = (maps["offline"] / "index.html").as_uri()
    page.goto(url)
    assert page.locator(".bm-legend-body").is_visible()
    page.locator(".bm-legend .bm-toggle").click()
    page.locator(".leaflet-control-layers .bm-toggle").click()
    page.reload()
    page.wait_for_load_state("load")
    assert not page.locator(".bm-legend-body").is_visible()
    assert page.locator(".leaflet-control-layers-list").is_visible()
    context.close()


def test_every_control_is_reachable_by_keyboard_and_pointer_on_a_phone(browser, maps):
    page = _open(browser, maps["offline"] / "index.html", (390, 844))
    reached = []
    for _ in range(60):
        page.page.keyboard.press("Tab")
        info = page.js("""() => { const e = document.activeElement;
            if (!e || e === document.body) { return null; }
            const r = e.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
            const top = document.elementFromPoint(x, y);
            return {what: e.className || e.tagName, label: e.getAttribute('aria-label') || e.title
                      || e.textContent.trim(),
                    visible: r.width > 0 && r.height > 0 && x >= 0 && y >= 0 && x <= innerWidth
                             && y <= innerHeight,
                    onTop: top === e || e.contains(top)}; }""")
        if info is None:
            continue
        if reached and info == reached[0]:
            break
        reached.append(info)
    what = " ".join(r["what"] for r in reached)
    for control in ("leaflet-control-zoom-in", "leaflet-control-zoom-out", "bm-toggle", "bm-previous",
                    "bm-mark"):
        assert control in what, (control, reached)
    assert any(r["what"] == "INPUT" for r in reached), reached  # the slider
    for r in reached:
        if r["what"].startswith("leaflet-container") or (r["what"] == "A" and not r["label"]):
            continue
        assert r["visible"] and r["onTop"], r  # focus lands on something one can see and touch
    _close(page)


def test_a_popup_fits_a_phone(browser, maps, fresh_layers):
    page = _open(browser, maps["offline"] / "index.html", (390, 844))
    page.js("() => window.bordermap.setYear(1861)")
    ceded = next(f for f in _features(fresh_layers, "timeline") if f["id"] == "peking-1860/ceded")
    page.js("() => { window.bordermap.map.setView([46.5, 135.5], 6, {animate: false}); }")
    x, y = screen_point(page, 135.5, 46.5)
    page.page.mouse.click(x, y)
    page.page.wait_for_selector(".leaflet-popup-content")
    box = page.js("""() => { const r = document.querySelector('.leaflet-popup').getBoundingClientRect();
                             return [r.left, r.top, r.right, r.bottom]; }""")
    assert box[0] >= 0 and box[2] <= 390 and box[2] - box[0] <= 390 - 30, box
    assert ceded["properties"]["name_en"] in page.page.locator(".leaflet-popup-content").inner_text()
    _close(page)


# -- the date slider ----------------------------------------------------------------------------

def test_the_slider_box_keeps_its_size(browser, maps):
    for size in ((1280, 720), (390, 844)):
        page = _open(browser, maps["offline"] / "index.html", size)
        sizes = page.js("""() => { const out = new Set(), s = document.querySelector('.bm-slider');
            window.bordermap.stops.forEach((_, i) => { window.bordermap.setStop(i);
              const r = s.getBoundingClientRect(); out.add([r.left, r.top, r.width, r.height].join()); });
            return Array.from(out); }""")
        assert len(sizes) == 1, (size, sizes)
        _close(page)


def test_the_slider_stops_at_every_change_and_steps_by_keyboard(browser, maps, fresh_layers):
    index = json.loads((fresh_layers / "index.json").read_text(encoding="utf-8"))
    changes = [r["period"]["from"] for r in index["regimes"] if r.get("period")]
    page = _open(browser, maps["offline"] / "index.html", (1280, 720))
    stops = page.js("window.bordermap.stops")
    assert [s["day"] for s in stops if s.get("change")] == changes
    marks = page.page.locator(".bm-mark")
    assert marks.count() == len(changes)
    for n, day in enumerate(changes):  # a mark takes you to its change
        marks.nth(n).click()
        assert page.js("window.bordermap.day") == day
    page.js("() => window.bordermap.setYear(1700)")
    slider = page.page.locator(".bm-slider input")
    slider.focus()
    page.page.keyboard.press("PageDown")  # the next change
    assert page.js("window.bordermap.day") == changes[1]
    page.page.keyboard.press("PageUp")
    assert page.js("window.bordermap.day") == changes[0]
    page.page.keyboard.press("ArrowRight")  # the next stop: the last day of the year
    assert page.js("window.bordermap.day") == stops[1]["day"]
    assert "O.S." in page.page.locator(".bm-day").inner_text()  # both calendars
    day = page.page.locator(".bm-day")  # a date cut short in a narrow box is whole in its title
    assert day.get_attribute("title") == day.inner_text() == page.js(
        "document.querySelector('.bm-slider input').getAttribute('aria-valuetext')")
    page.page.locator(".bm-next").click()
    assert page.js("window.bordermap.day") == changes[1]
    _close(page)


def test_a_date_cut_short_is_whole_in_its_title(browser, maps):
    """In Turkish the date in both calendars is longer than the slider's fixed box at
    1280x720: the box cuts it with an ellipsis, and its title gives it whole."""
    page = _open(browser, maps["offline-tr"] / "index.html", (1280, 720))
    page.js("() => window.bordermap.setDay('1860-11-14')")
    day = page.js("""() => { const d = document.querySelector('.bm-day');
      return {cut: d.scrollWidth > d.clientWidth, title: d.title, text: d.textContent}; }""")
    assert day["cut"] and "takvimiyle" in day["text"], day
    assert day["title"] == day["text"], day
    _close(page)


def test_the_date_is_in_the_url_and_a_link_restores_it(browser, maps):
    page = _open(browser, maps["offline"] / "index.html", (1280, 720))
    page.js("() => window.bordermap.setDay('1858-05-28')")
    assert page.js("location.hash") == "#date=1858-05-28"
    _close(page)
    page = _open(browser, maps["offline"] / "index.html", (1280, 720), "#date=1858-05-28")
    assert page.js("window.bordermap.day") == "1858-05-28"
    assert "Treaty of Aigun" in page.page.locator(".bm-in-force").inner_text()
    assert "aigun-1858/amur-upper" in page.js("window.bordermap.shown()")
    page.js("() => { location.hash = '#date=1730-06-01'; }")  # a day between stops: the stop before
    page.page.wait_for_function("window.bordermap.day === '1729-12-31'")
    _close(page)


# -- which line answers a click ----------------------------------------------------------------

def _close_popup(page: Page) -> None:
    page.js("void window.bordermap.map.closePopup()")
    page.page.wait_for_selector(".leaflet-popup", state="detached", timeout=3000)


def _far_point(coords: list, avoid: list) -> list:
    return max(coords, key=lambda p: min(math.dist(p, q) for q in avoid))


@pytest.mark.parametrize("segment", ["peking-1860/ussuri", "aigun-1858/amur-upper"])
def test_a_click_on_the_border_in_force_opens_its_popup(browser, maps, fresh_layers, segment):
    """At the opening view, and after the slider went back and forth: the border, drawn above
    the rivers and today's line that run along it, answers."""
    lines = {f["id"]: f["geometry"]["coordinates"] for f in _features(fresh_layers, "timeline")}
    points = [f["geometry"]["coordinates"] for name in ("places", "events")
              for f in _features(fresh_layers, name)]
    lon, lat = _far_point(lines[segment], points)
    treaty = {"peking-1860": "Convention of Peking", "aigun-1858": "Treaty of Aigun"}[segment.split("/")[0]]
    page = _open(browser, maps["offline"] / "index.html", (1280, 720))
    for moves in ((), (1700, 1861), (1858, 1700, 1861)):
        for year in moves:
            page.js("y => window.bordermap.setYear(y)", year)
        x, y = screen_point(page, lon, lat)
        page.page.mouse.click(x, y)
        page.page.wait_for_selector(".leaflet-popup-content", timeout=3000)
        text = page.page.locator(".leaflet-popup-content").inner_text()
        assert treaty in text and "Today's border" not in text, (moves, text)
        _close_popup(page)
    _close(page)


def test_markers_at_one_spot_are_spread_apart_and_each_opens(browser, maps, fresh_layers):
    beijing = next(f for f in _features(fresh_layers, "places") if f["id"] == "beijing")
    events = [f["id"] for f in _features(fresh_layers, "events") if f["properties"]["place"] == "beijing"]
    assert len(events) >= 4
    page = _open(browser, maps["offline"] / "index.html", (1280, 720))
    page.js("() => window.bordermap.setYear(1861)")
    lon, lat = beijing["geometry"]["coordinates"]
    page.js("c => { window.bordermap.map.setView([c[1], c[0]], 7, {animate: false}); }", [lon, lat])
    page.page.wait_for_timeout(100)
    markers = page.js("""c => { const m = window.bordermap.map, out = [];
        m.eachLayer(l => { if (l.bmOrigin && l.bmOrigin.lat.toFixed(3) === c[1].toFixed(3)
                              && l.bmOrigin.lng.toFixed(3) === c[0].toFixed(3)) {
            const p = m.latLngToContainerPoint(l.getLatLng()), r = m.getContainer().getBoundingClientRect();
            out.push([l.feature.properties.id, p.x + r.left, p.y + r.top]); } });
        return out; }""", [lon, lat])
    assert {m[0] for m in markers} >= {"beijing", *events}, markers
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            assert math.dist(a[1:], b[1:]) >= 8, (a, b)
    titles = set()
    for _id, x, y in markers:
        page.page.mouse.click(x, y)
        page.page.wait_for_selector(".leaflet-popup-content h4")
        titles.add(page.page.locator(".leaflet-popup-content h4").inner_text())
        _close_popup(page)
    assert len(titles) == len(markers)  # each marker opens its own popup
    _close(page)


# -- names on the map -------------------------------------------------------------------------

def _labels(page: Page) -> list[dict]:
    return page.js("window.bordermap.labels()")


def test_names_are_on_the_map_in_its_language_and_never_collide(browser, maps, fresh_layers):
    places = {f["id"]: f["properties"] for f in _features(fresh_layers, "places")}
    for key, lang in (("offline", "en"), ("offline-tr", "tr")):
        page = _open(browser, maps[key] / "index.html", (1280, 720))
        opening = _labels(page)
        kinds = {label["kind"] for label in opening}
        assert {"line", "river", "place"} <= kinds, opening  # treaties, rivers, places at once
        page.js("() => window.bordermap.setYear(1861)")
        page.js("() => { window.bordermap.map.setView([48.5, 134.0], 6, {animate: false}); }")
        page.page.wait_for_timeout(100)
        shown = _labels(page)
        texts = {label["text"] for label in shown}
        assert places["khabarovsk"][f"name_{lang}"] in texts, texts
        boxes = [label["box"] for label in shown]
        controls = page.js(_CONTROLS)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        base = page.js("() => { const r = window.bordermap.map.getContainer().getBoundingClientRect();"
                       " return [r.left, r.top]; }")
        for box in boxes:  # and none lies under a control
            label = [box[0] + base[0], box[1] + base[1], box[2] + base[0], box[3] + base[1], "label"]
            for control in controls:
                assert not _overlaps([label, control]), (label, control)
        # a place that does not exist yet has no name on the map
        page.js("() => window.bordermap.setYear(1700)")
        page.page.wait_for_timeout(50)
        assert places["khabarovsk"][f"name_{lang}"] not in {label["text"] for label in _labels(page)}
        _close(page)
