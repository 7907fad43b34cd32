"""No text from data is ever template code or markup: it reaches a page as a value and is
shown exactly as written. Checked in Chromium, with text carrying Jinja syntax, HTML and
a payload that would create a directory if it were ever evaluated."""

from __future__ import annotations

import json
import shutil

import pytest

from browser import Page, click_at, hover_at
from conftest import GEO, ROOT, run_cli

#: Jinja's three delimiters, HTML, quotes and an ampersand.
HOSTILE = ("{{ 7*7 }} {% if true %}yes{% endif %} {# open <b>bold</b> & 'single' \"double\" "
           "</script><script>alert(1)</script>")
#: Rendered once as a template, this would lose its raw tags.
RIVER = "{% raw %}{{ river }}{% endraw %}"
#: Evaluated as a template, this would create the directory 'pwned' in the working folder.
MKDIR = '{{ cycler.__init__.__globals__.os.mkdir("pwned") }}{{ lipsum.__globals__["os"].mkdir("pwned2") }}'


def _hostile_sources(geo) -> None:
    """Hostile text in a place's name and note, and in a regime's name."""
    places = geo / "places.toml"
    text = places.read_text(encoding="utf-8")
    assert 'en = "Irkutsk"' in text
    text = text.replace('en = "Irkutsk"', f"en = {json.dumps(HOSTILE)}", 1)
    places.write_text(text, encoding="utf-8")
    regime = geo / "regimes" / "aigun-1858.toml"
    text = regime.read_text(encoding="utf-8")
    assert 'en = "Treaty of Aigun"' in text
    regime.write_text(text.replace('en = "Treaty of Aigun"', f"en = {json.dumps(MKDIR)}", 1),
                      encoding="utf-8")


def test_a_page_refuses_an_element_that_renders_its_output_as_a_template():
    import folium

    from bordermap.maps.page import Map, on_page

    m = Map(tiles=None)
    page = on_page(m)
    folium.Marker([50.0, 120.0], popup="a folium marker").add_to(m)
    with pytest.raises(TypeError, match="rendered as a template a second time"):
        page.render()


def test_text_with_template_syntax_is_shown_exactly_as_written(browser, tmp_path):
    geo, layers, out = tmp_path / "geo", tmp_path / "layers", tmp_path / "maps"
    shutil.copytree(GEO, geo)
    _hostile_sources(geo)
    result = run_cli("build", "--geo", str(geo), "--layers", str(layers), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # and a text written straight into a layer file: a river's name
    rivers = layers / "rivers.geojson"
    data = json.loads(rivers.read_text(encoding="utf-8"))
    amur = next(f for f in data["features"] if f["id"] == "amur")
    amur["properties"]["name_en"] = RIVER
    rivers.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    mine = tmp_path / "{{ 7*7 }}{# x.geojson"
    mine.write_text(json.dumps({"type": "Feature", "properties": {"name": HOSTILE, "note": MKDIR},
                                "geometry": {"type": "Point", "coordinates": [112.0, 45.0]}}),
                    encoding="utf-8")
    result = run_cli("maps", "--layers", str(layers), "--out", str(out), "--offline",
                     "--add", str(mine), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # nothing was evaluated: no directory made, no 49 where 7*7 was written
    assert not any((tmp_path / d).exists() or (ROOT / d).exists() for d in ("pwned", "pwned2"))
    for path in out.glob("*.html"):
        if path.name == "start.html":  # the list of maps names no place
            continue
        page_text = path.read_text(encoding="utf-8")
        assert "{{ 7*7 }}" in page_text and "49" not in page_text.split("{{ 7*7 }}")[0][-3:], \
            path.name

    places = json.loads((layers / "places.geojson").read_text(encoding="utf-8"))["features"]
    irkutsk = next(f for f in places if f["id"] == "irkutsk")["geometry"]["coordinates"]
    page = Page(browser, (out / "index.html").as_uri())
    page.js("window.bordermap.setYear(1689)")  # before Irkutsk's events cover it
    assert HOSTILE in click_at(page, *irkutsk)  # a popup
    assert HOSTILE in hover_at(page, *irkutsk)  # its tooltip
    shown = click_at(page, 112.0, 45.0)  # the user's feature
    assert HOSTILE in shown and MKDIR in shown
    control = page.page.locator(".leaflet-control-layers-overlays").inner_text()
    assert "{{ 7*7 }}{# x" in control  # the user's file name
    assert MKDIR in page.page.locator(".bm-legend").inner_text()  # a regime's name
    page.js("window.bordermap.setYear(1859)")
    assert MKDIR in page.page.locator(".bm-slider").inner_text()  # "In force: ..."
    # the names on the map: a place's and a river's, as written
    # Irkutsk on the left, zoomed in, so that its long name fits clear of other names
    page.js("c => { window.bordermap.map.setView([c[1], c[0] + 3], 8, {animate: false}); }", irkutsk)
    assert HOSTILE in [label["text"] for label in page.js("window.bordermap.labels()")]
    page.js("() => { window.bordermap.map.setView([52.5, 126.0], 5, {animate: false}); }")
    assert RIVER in [label["text"] for label in page.js("window.bordermap.labels()")]
    strings = page.js("window[Object.keys(window).find(k => k.startsWith('map_kit_'))]")
    assert RIVER in strings and HOSTILE in strings and MKDIR in strings
    assert page.js("document.querySelectorAll('.leaflet-container b').length") == 0
    assert page.dialogs == [] and not page.errors
    page.close()
    regime = Page(browser, (out / "aigun-1858.html").as_uri())
    assert MKDIR in regime.page.locator(".bm-caption").inner_text()
    assert MKDIR in regime.js("document.title")  # the page's title and heading, as text
    regime.close()
    start = Page(browser, (out / "start.html").as_uri())  # the list of maps names the treaties
    assert MKDIR in start.page.locator("nav").inner_text()
    assert start.dialogs == [] and not start.errors
    start.close()
