"""Interactive maps, tested in a real browser: Debian's Chromium driven by Playwright.

The browser is the system one (``/usr/bin/chromium``, or ``$BORDERMAP_CHROMIUM``);
Playwright's own browser download is never used. A missing browser fails these tests,
it does not skip them: `.ci/run` installs it.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from bordermap.maps.compose import build_maps
from bordermap.style import REGIME_COLORS
from browser import Page, click_at, hover_at
from conftest import GEO, run_cli

REGIMES = ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"]
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def maps(fresh_layers, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("maps")
    sets = {"offline": ("en", True), "offline-tr": ("tr", True), "online": ("en", False)}
    for key, (lang, offline) in sets.items():
        build_maps(fresh_layers, out / key, lang=lang, offline=offline)
    return {key: out / key for key in sets}


def test_every_map_is_written(maps):
    names = sorted(p.name for p in maps["offline"].iterdir())
    assert names == sorted(["index.html", *(f"{r}.html" for r in REGIMES),
                            "compare-1689-1858.html", "compare-1858-1860.html",
                            "compare-1689-1727.html"])


@pytest.mark.parametrize("mode", ["offline", "offline-tr", "online"])
def test_each_map_initialises_without_errors(browser, maps, mode):
    for path in sorted(maps[mode].glob("*.html")):
        page = Page(browser, path.as_uri(), route_network=mode == "online")
        page.page.wait_for_timeout(300)
        assert page.js("typeof L") == "object", path.name
        assert page.js("document.querySelectorAll('.leaflet-container').length") >= 1
        assert not page.errors, f"{mode}/{path.name}: {page.errors}"
        page.close()


def test_offline_maps_make_no_request_beyond_their_own_file(browser, maps):
    for path in sorted(maps["offline"].glob("*.html")):
        page = Page(browser, path.as_uri())
        page.page.wait_for_timeout(500)
        page.js("window.bordermap && window.bordermap.setYear(1861)")
        page.page.mouse.wheel(0, -300)
        page.page.wait_for_timeout(300)
        assert page.requests == [path.as_uri()], f"{path.name}: {page.requests}"
        page.close()


def test_every_overlay_is_in_the_layer_control_and_toggles(browser, maps):
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    labels = page.js("""Array.from(document.querySelectorAll(
        '.leaflet-control-layers-overlays label')).map(l => l.textContent.trim())""")
    expected = ["Treaty of Nerchinsk (1689)", "Treaty of Kyakhta (with the Treaty of Bur) (1727)",
                "Treaty of Aigun (1858)", "Convention of Peking (1860)", "Rivers", "Lake Khanka",
                "Today's border (modern reference)", "Places", "Events"]
    assert labels == expected
    for i in range(len(expected)):
        toggled = page.js("""i => {
            const input = document.querySelectorAll('.leaflet-control-layers-overlays input')[i];
            const on = () => Boolean(window.bordermap.map._layers[input.layerId]);
            const before = on(); input.click(); const after = on(); input.click();
            return [before, after, on()];
        }""", i)
        assert toggled[0] != toggled[1] and toggled[0] == toggled[2], (expected[i], toggled)
    assert not page.errors
    page.close()


@pytest.mark.parametrize(("year", "shown"), [
    (1700, {"nerchinsk-1689"}),
    (1750, {"nerchinsk-1689", "kyakhta-1727"}),
    (1859, {"kyakhta-1727", "aigun-1858"}),
    (1860, {"kyakhta-1727", "peking-1860"}),
])
def test_the_slider_shows_the_regimes_in_force(browser, maps, year, shown):
    page = Page(browser, (maps["offline"] / "index.html").as_uri())
    page.page.locator(".bm-slider input").evaluate(
        "(el, y) => { el.value = y; el.dispatchEvent(new Event('input')); }", year)
    visible = page.js("""() => Object.entries(window.bordermap.layers)
        .filter(([id, layer]) => window.bordermap.map.hasLayer(layer)).map(([id]) => id)""")
    assert set(visible) == shown
    label = page.page.locator(".bm-slider").inner_text()
    assert str(year) in label
    names = {"nerchinsk-1689": "Nerchinsk", "kyakhta-1727": "Kyakhta", "aigun-1858": "Aigun",
             "peking-1860": "Peking"}
    for rid, word in names.items():
        assert (word in label) == (rid in shown), label
    events = page.js("""() => { const out = []; window.bordermap.map.eachLayer(l => {
        const f = l.feature;
        if (f && f.geometry.type === 'Point' && f.properties.kind === undefined
            && f.properties.year !== undefined) { out.push(f.properties.year); } });
        return out; }""")
    assert events and max(events) <= year
    page.close()


@pytest.mark.parametrize(("mode", "place_words", "territory_words"), [
    ("offline", ["Irkutsk", "city"], ["Amur–Stanovoy land", "Qing", "Treaty of Nerchinsk",
                                              "Fyodor Golovin", "km²"]),
    ("offline-tr", ["İrkutsk", "şehir"], ["Amur–Stanovoy toprakları", "Durum", "Nerçinsk Antlaşması",
                                                 "İmzalayanlar", "km²"]),
])
def test_popups_open_with_the_right_content(browser, maps, fresh_layers, mode, place_words,
                                            territory_words):
    places = json.loads((fresh_layers / "places.geojson").read_text(encoding="utf-8"))["features"]
    # Irkutsk: no other place near it, and its events come after 1689
    irkutsk = next(f for f in places if f["id"] == "irkutsk")["geometry"]["coordinates"]
    page = Page(browser, (maps[mode] / "index.html").as_uri())
    page.js("window.bordermap.setYear(1689)")
    text = click_at(page, *irkutsk)
    for word in place_words:
        assert word in text, text
    tooltip = hover_at(page, *irkutsk)
    assert place_words[0] in tooltip and place_words[1] in tooltip, tooltip
    text = click_at(page, 127.0, 54.0)  # inside the Qing land of 1689
    for word in territory_words:
        assert word in text, text
    assert "1689-08-27" in text and "1689-09-06" in text  # both calendars
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
    page = Page(browser, (out / "index.html").as_uri())
    page.js("window.bordermap.setYear(1689)")
    shown = click_at(page, *irkutsk)
    assert XSS in shown
    assert XSS in hover_at(page, *irkutsk)  # the tooltip, too
    page.page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.js("document.querySelectorAll('img[src=\"x\"]').length") == 0
    labels = page.page.locator(".leaflet-control-layers-overlays").inner_text()
    assert XSS in labels  # a regime's name, shown as text in the layer control
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
    page = Page(browser, (maps["offline"] / "compare-1689-1858.html").as_uri())
    page.page.wait_for_timeout(300)  # let the maps settle inside their bounds first
    page.js("void window.bordermapMaps[0].setView([48.5, 135.0], 7, {animate: false})")
    page.page.wait_for_function("window.bordermapMaps[1].getZoom() === 7", timeout=3000)
    centre, zoom = page.js("""() => { const m = window.bordermapMaps[1];
        return [[m.getCenter().lat, m.getCenter().lng], m.getZoom()]; }""")
    assert zoom == 7 and abs(centre[0] - 48.5) < 0.01 and abs(centre[1] - 135.0) < 0.01
    captions = page.page.locator(".bm-caption").all_inner_texts()
    assert any("Changed hands" in c and "km²" in c for c in captions)
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


def test_the_page_draws_the_layers_geometry(browser, maps, fresh_layers):
    """Encoded lines decode in the browser to the layer's positions, quantised to the map's
    precision: the Amur on the map is the Amur of layers/rivers.geojson, vertex for vertex."""
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
                if (p.p && strings[p.p[0]] === 'Amur') { return layer.feature.geometry; }
            }
        }
        return null; }""")
    assert drawn is not None and drawn["type"] == amur["geometry"]["type"]
    flat = (lambda g: [p for part in g for p in part]) if drawn["type"] == "MultiLineString" else list
    got, want = flat(drawn["coordinates"]), flat(expected)
    assert len(got) == len(want) > 100
    tolerance = 10 ** -MAP_DECIMALS / 2 + 1e-9
    assert all(abs(a - b) <= tolerance for p, q in zip(got, want, strict=True)
               for a, b in zip(p, q, strict=True))
    page.close()


def test_shared_popup_text_is_written_once(maps):
    """Popups refer to one string table per map: the signatories of Nerchinsk, shown in every
    Nerchinsk border and territory popup, appear once in a page with one map."""
    page = (maps["offline"] / "nerchinsk-1689.html").read_text(encoding="utf-8")
    assert page.count("Fyodor Golovin, Songgotu") == 1


def test_the_slider_spans_the_years_the_layers_speak_of(fresh_layers, tmp_path):
    """From the first regime's year to the last year of any regime date or event: a
    property of the layers, so the same layers give the same page in any year."""
    build_maps(fresh_layers, tmp_path / "a", offline=False)
    page = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert "input.min = 1689;" in page and "input.max = 1860;" in page
    layers = tmp_path / "layers"
    shutil.copytree(fresh_layers, layers)
    events = layers / "events.geojson"
    data = json.loads(events.read_text(encoding="utf-8"))
    data["features"][-1]["properties"]["year"] = 1900
    events.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build_maps(layers, tmp_path / "b", offline=False)
    assert "input.max = 1900;" in (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
