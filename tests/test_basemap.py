"""The basemap: the whole world in the layer, no edge of the study area on the maps, bounds
that reach every place and event, the fallback from tiles to the vector basemap, and the
credits. Browser tests use Debian's Chromium (see ``browser.py``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import shapely

from bordermap.compile.basemap import DETAIL_BBOX
from bordermap.i18n import text
from bordermap.layers.crs import BASEMAP_BBOX
from bordermap.maps.compose import build_maps
from bordermap.style import LAND_COLOR, WATER_COLOR
from browser import Page

#: Points on land far outside the study area, and points at sea.
LAND = {"France, near Paris": (3.0, 47.5), "Moscow": (37.6, 55.75), "Anatolia": (33.0, 39.0),
        "North America": (-100.0, 45.0), "South America": (-60.0, -10.0), "Africa": (20.0, 5.0),
        "Australia": (135.0, -25.0), "Alaska": (-150.0, 64.0), "Chukotka": (175.0, 66.0)}
SEA = {"Atlantic": (-30.0, 40.0), "Pacific": (-140.0, 10.0), "Indian Ocean": (80.0, -20.0),
       "Mediterranean": (18.0, 34.5), "Bay of Biscay": (-5.0, 45.5)}


@pytest.fixture(scope="module")
def basemap_maps(fresh_layers, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("basemap-maps")
    sets = {"offline": ("en", True), "online": ("en", False), "online-ru": ("ru", False),
            "offline-zh": ("zh", True), "offline-tr": ("tr", True)}
    for key, (lang, offline) in sets.items():
        build_maps(fresh_layers, out / key, lang=lang, offline=offline)
    return {key: out / key for key in sets}


def _layer(layers: Path, name: str) -> list[dict]:
    return json.loads((layers / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def _basemap(layers: Path, fid: str) -> shapely.Geometry:
    return shapely.geometry.shape(next(f for f in _layer(layers, "basemap") if f["id"] == fid)["geometry"])


def _edges(box: tuple[float, float, float, float]) -> list[shapely.LineString]:
    west, south, east, north = box
    corners = [(west, south), (west, north), (east, north), (east, south)]
    return [shapely.LineString([corners[i], corners[(i + 1) % 4]]) for i in range(4)]


# -- the layer -------------------------------------------------------------------------------

def test_the_basemap_layer_covers_the_whole_world(fresh_layers):
    land = _basemap(fresh_layers, "land")
    for where, point in LAND.items():
        assert land.contains(shapely.Point(point)), where
    for where, point in SEA.items():
        assert not land.contains(shapely.Point(point)), where
    west, south, east, north = land.bounds
    assert west == -180.0 and east == 180.0 and north > 80.0 and south < -50.0
    assert _basemap(fresh_layers, "lake").contains(shapely.Point(50.0, 42.0))  # the Caspian


def test_the_basemap_has_no_straight_edge_at_the_study_area(fresh_layers):
    """Along no edge of the old clipping box, nor of the box where the intermediate
    resolution meets the crude one, does the coastline run for more than a few km."""
    boundary = _basemap(fresh_layers, "land").boundary
    for box in (BASEMAP_BBOX, DETAIL_BBOX):
        for edge in _edges(box):
            along = boundary.intersection(edge.buffer(1e-6)).length
            assert along < 0.1, f"{along:.2f}° of coastline along {edge.wkt}"


# -- the maps ---------------------------------------------------------------------------------

def _overlays_off(page) -> None:
    """Switch off every layer of ``page``'s (a Playwright page) layer control: only the
    basemap is left."""
    page.evaluate("""() => document.querySelectorAll('.leaflet-control-layers-overlays input')
        .forEach(input => { if (input.checked) { input.click(); } })""")


def _colour_at(page, lon: float, lat: float, zoom: float = 6) -> tuple[int, ...]:
    """The median colour of a 9 × 9 px patch at (lon, lat) on ``page`` (a Playwright page),
    the map centred there as far as its bounds let it."""
    import numpy as np
    from PIL import Image

    page.evaluate("([lat, lon, z]) => void window.bordermap.map.setView([lat, lon], z, {animate: false})",
                  [lat, lon, zoom])
    page.wait_for_timeout(150)
    x, y = page.evaluate("""([lat, lon]) => { const m = window.bordermap.map;
        const p = m.latLngToContainerPoint([lat, lon]), r = m.getContainer().getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }""", [lat, lon])
    assert 4 <= x <= 1396 and 4 <= y <= 896, (lon, lat, x, y)
    png = page.screenshot(clip={"x": x - 4, "y": y - 4, "width": 9, "height": 9})
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).reshape(-1, 3)
    return tuple(int(v) for v in np.median(pixels, axis=0))


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _is(colour: tuple[int, ...], expected: str) -> bool:
    return sum(abs(a - b) for a, b in zip(colour, _rgb(expected), strict=True)) < 12


def test_the_offline_map_draws_land_far_outside_the_study_area(browser, basemap_maps):
    page = Page(browser, (basemap_maps["offline"] / "index.html").as_uri())
    _overlays_off(page.page)
    for where in ("France, near Paris", "Moscow", "Anatolia"):
        lon, lat = LAND[where]
        assert _is(_colour_at(page.page, lon, lat), LAND_COLOR), where
    assert _is(_colour_at(page.page, 5.0, 42.0), WATER_COLOR)  # the Gulf of Lion
    # zoomed out, the view reaches past the date line: Alaska lies east of Chukotka, whole
    page.js("void window.bordermap.map.setView([60, 90], 3, {animate: false})")
    assert page.js("window.bordermap.map.getBounds().getEast()") > 200
    assert _is(_colour_at(page.page, -164.0 + 360.0, 65.3, zoom=3), LAND_COLOR)  # Seward Peninsula
    assert _is(_colour_at(page.page, -172.0 + 360.0, 60.0, zoom=3), WATER_COLOR)  # the Bering Sea
    assert not page.errors
    page.close()


@pytest.mark.parametrize(("lon", "lat", "dlon", "dlat", "zoom"), [
    (62.0, 55.0, 0.3, 0.0, 7),  # the old west edge, in the Urals' foothills
    (110.0, 30.0, 0.0, 0.3, 7),  # the old south edge, in Hubei
    (80.0, 29.0, 0.0, 0.3, 7),  # the south edge of the detailed basemap, in Nepal
    (100.0, 66.0, 0.0, 1.5, 4),  # the old north edge, in Siberia: beyond the bounds, zoomed out
])
def test_the_offline_map_has_no_edge_at_the_old_box(browser, basemap_maps, lon, lat, dlon, dlat, zoom):
    """Land on both sides of where the basemap used to end."""
    page = Page(browser, (basemap_maps["offline"] / "index.html").as_uri())
    _overlays_off(page.page)
    for side in (-1, 1):
        colour = _colour_at(page.page, lon + side * dlon, lat + side * dlat, zoom=zoom)
        assert _is(colour, LAND_COLOR), (lon + side * dlon, lat + side * dlat, colour)
    page.close()


def test_every_place_and_event_can_be_brought_into_view(browser, basemap_maps, fresh_layers):
    """Inside every map's max bounds, and on the screen when the map is centred on it at
    zoom 6: Leaflet keeps the view inside the max bounds."""
    points = {f["id"]: f["geometry"]["coordinates"] for name in ("places", "events")
              for f in _layer(fresh_layers, name)}
    assert {"paris", "istanbul", "tula", "lhasa", "petropavlovsk"} <= set(points)
    for name in ("index.html", "peking-1860.html", "compare-1858-1860.html"):
        page = Page(browser, (basemap_maps["offline"] / name).as_uri())
        out = page.js("""points => {
            const maps = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])
                .filter(v => v instanceof L.Map);
            const missed = [];
            maps.forEach(map => Object.entries(points).forEach(([id, [lon, lat]]) => {
                if (!map.options.maxBounds.contains([lat, lon])) { missed.push('bounds: ' + id); }
                map.setView([lat, lon], 6, {animate: false});
                if (!map.getBounds().pad(-0.05).contains([lat, lon])) { missed.push('view: ' + id); }
            }));
            return [maps.length, missed]; }""", points)
        assert out[0] >= 1 and out[1] == [], (name, out)
        page.close()


def test_the_combined_map_still_opens_on_the_border(browser, basemap_maps):
    from bordermap.maps.compose import COMBINED_BOUNDS

    (south, west), (north, east) = COMBINED_BOUNDS
    page = Page(browser, (basemap_maps["offline"] / "index.html").as_uri())
    view = page.js("""() => { const b = window.bordermap.map.getBounds();
        return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }""")
    assert view[0] <= west and view[1] <= south and view[2] >= east and view[3] >= north, view
    assert view[2] - view[0] < 2 * (east - west), view  # and not the whole world
    page.close()


def _aborting_page(browser, path: Path) -> tuple:
    """``path`` opened with every network request aborted: no tile, no CDN."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.route(lambda url: url.startswith("http"), lambda route: route.abort())
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


@pytest.mark.parametrize(("mode", "lang"), [("online", "en"), ("online-ru", "ru")])
def test_an_online_map_without_network_falls_back_to_the_vector_basemap(browser, basemap_maps, mode, lang):
    page, errors, requests = _aborting_page(browser, basemap_maps[mode] / "index.html")
    page.wait_for_selector(".bm-notice", timeout=5000)
    assert page.locator(".bm-notice").inner_text() == text("map.tiles_failed", lang)
    assert any("arcgisonline" in url for url in requests)  # the tiles were asked for
    state = page.evaluate("""() => { const m = window.bordermap.map;
        return [Boolean(m.bmFallback), m.bmFallback && m.hasLayer(m.bmFallback),
                m.bmFallback && m.bmFallback.bmShapes.length, typeof L]; }""")
    assert state == [True, True, 3, "object"], state
    _overlays_off(page)
    assert _is(_colour_at(page, 37.6, 55.75), LAND_COLOR)  # drawn: Moscow on land
    assert _is(_colour_at(page, 5.0, 42.0), WATER_COLOR)  # and the sea around Europe
    assert errors == []
    page.close()


def test_both_maps_of_an_online_comparison_fall_back(browser, basemap_maps):
    page, errors, _requests = _aborting_page(browser, basemap_maps["online"] / "compare-1858-1860.html")
    page.wait_for_function("window.bordermapMaps && window.bordermapMaps.every(m => m.bmFallback)",
                           timeout=5000)
    assert page.locator(".bm-notice").count() == 2
    assert errors == []
    page.close()


def test_an_online_map_whose_tiles_load_keeps_them(browser, basemap_maps):
    page = Page(browser, (basemap_maps["online"] / "index.html").as_uri(), route_network=True)
    page.page.wait_for_timeout(800)
    assert page.js("window.bordermap.map.bmFallback === undefined")
    assert page.page.locator(".bm-notice").count() == 0
    assert not page.errors
    page.close()


@pytest.mark.parametrize("mode", ["offline", "online", "online-ru", "offline-zh", "offline-tr"])
def test_every_map_credits_the_basemap_and_the_data(browser, basemap_maps, mode):
    lang = {"online-ru": "ru", "offline-zh": "zh", "offline-tr": "tr"}.get(mode, "en")
    maps = 0
    for path in sorted(basemap_maps[mode].glob("*.html")):
        if path.name == "start.html":  # a list of maps, not a map
            continue
        page = Page(browser, path.as_uri(), route_network=mode.startswith("online"))
        containers = page.js("document.querySelectorAll('.leaflet-container').length")
        credits = page.js("""Array.from(document.querySelectorAll('.leaflet-control-attribution'))
            .map(c => c.textContent)""")
        assert len(credits) == containers, path.name  # one on each map of the page
        maps += containers
        for shown in credits:
            assert text("map.credit_basemap", lang) in shown, (path.name, shown)
            assert text("map.credit_data", lang) in shown, (path.name, shown)
            assert ("Esri" in shown) == mode.startswith("online"), (path.name, shown)
        page.close()
    assert maps >= 8 + 3, maps  # the combined map, the regimes' and both sides of each comparison


def test_on_a_phone_the_credits_fold_into_a_button(browser, basemap_maps):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((basemap_maps["offline"] / "index.html").as_uri())
    page.wait_for_load_state("load")
    credits = page.locator(".leaflet-control-attribution")
    button = page.locator(".bm-credits-toggle")
    assert not credits.is_visible() and button.inner_text() == text("map.credits", "en")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")  # a button: the keyboard opens it too
    assert credits.is_visible() and credits.bounding_box()["width"] > 200
    assert text("map.credit_data", "en") in credits.inner_text()
    button.click()
    assert not credits.is_visible()
    page.close()


def test_the_basemap_stays_small(fresh_layers):
    """The vector basemap's share of a map (its encoded shapes) stays small: the whole
    world costs an offline map less than 45 kB."""
    from bordermap.maps.basemap import basemap_data, vector_basemap
    from bordermap.maps.compose import MapData

    data = basemap_data(vector_basemap(MapData.load(fresh_layers, "en")))
    size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    assert [shape[1] for shape in data["shapes"]] == [True, True, False]  # land, lakes, rivers
    assert 20_000 < size < 45_000, size
