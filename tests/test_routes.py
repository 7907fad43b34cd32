"""The expeditions' routes and the lines proposed but never signed: sources, layers, maps."""

from __future__ import annotations

import json
import re
import shutil
from itertools import pairwise

import pytest

from browser import Page, click_at
from conftest import GEO, run_cli

#: What the issue names: each route with its people, vessel and the places it joins.
ROUTES = {
    "gavrilov-1846": ("Gavrilov", "Konstantin", "ayan", "amur-mouth", {"sea"}),
    "nevelskoy-1849": ("Nevelskoy", "Baikal", "petropavlovsk", "nevelskoy-strait", {"sea"}),
    "muravyov-1854": ("Muravyov", "Argun", "shilkinsky-zavod", "amur-mouth", {"river"}),
    "muravyov-1855": ("Muravyov", "rafts", "shilkinsky-zavod", "amur-mouth", {"river"}),
}


def _features(layers, name: str) -> list[dict]:
    return json.loads((layers / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def _km(a, b) -> float:
    from pyproj import Geod

    return Geod(ellps="WGS84").inv(a[0], a[1], b[0], b[1])[2] / 1000


def test_every_route_is_there_with_its_people_vessel_and_ends(fresh_layers):
    legs = _features(fresh_layers, "routes")
    for rid, (person, vessel, start, end, modes) in ROUTES.items():
        mine = [f["properties"] for f in legs if f["properties"]["route"] == rid]
        assert mine and [p["leg"] for p in mine] == list(range(1, len(mine) + 1)), rid
        assert any(person in who for who in mine[0]["people"]), rid
        assert vessel in mine[0]["vessel_en"] and mine[0]["vessel_tr"] != mine[0]["vessel_en"], rid
        assert mine[0]["from"] == start and mine[-1]["to"] == end, rid
        assert {p["mode"] for p in mine} == modes, rid
        assert mine[0]["date_first"].startswith(rid[-4:]), rid
    rafting = [f["properties"] for f in legs if f["properties"]["route"] == "muravyov-1854"]
    assert [p["follows"] for p in rafting] == ["shilka", "amur", "amur"]
    assert rafting[1]["to"] == "mariinsky-post"  # down to the post, then on to the estuary


def test_legs_join_end_to_start(fresh_layers):
    from bordermap.compile.regimes import CHAIN_GAP_KM

    legs = _features(fresh_layers, "routes")
    for before, after in pairwise(legs):
        if before["properties"]["route"] == after["properties"]["route"]:
            gap = _km(before["geometry"]["coordinates"][-1], after["geometry"]["coordinates"][0])
            assert gap <= CHAIN_GAP_KM, (before["id"], after["id"], gap)


def test_river_legs_lie_on_the_rivers_layer(fresh_layers):
    """No hand-typed river course: every position of a river leg is a position of the
    river's own line in rivers.geojson, in order."""
    rivers = {f["id"]: [tuple(c) for c in f["geometry"]["coordinates"]]
              for f in _features(fresh_layers, "rivers")}
    checked = 0
    for f in _features(fresh_layers, "routes") + _features(fresh_layers, "proposals"):
        p = f["properties"]
        if p.get("mode") == "sea" or p.get("segment_kind", "river") != "river":
            continue
        line = rivers[p["follows"]]
        inner = [tuple(c) for c in f["geometry"]["coordinates"][1:-1]]  # the ends are cut points
        where = [line.index(c) for c in inner]
        assert where == sorted(where) or where == sorted(where, reverse=True), f["id"]
        assert len(inner) > 10 or len(line) <= 3, f["id"]  # the Gorbitsa: two waypoints
        checked += 1
    assert checked >= 8


def test_ships_courses_stay_at_sea(fresh_layers):
    """A sea leg crosses land only where it leaves its harbour or enters the river's mouth:
    at most 3 % of its length lies on the GSHHS land."""
    import shapely
    from pyproj import Geod

    from bordermap.compile.wdb import read_polylines

    shores = [shapely.Polygon(p.coords) for p in read_polylines("gshhs", "i", (125, 40, 165, 62))
              if p.level == 1]
    land = shapely.union_all([s if s.is_valid else shapely.make_valid(s) for s in shores])
    geod = Geod(ellps="WGS84")
    seas = [f for f in _features(fresh_layers, "routes") if f["properties"]["mode"] == "sea"]
    assert len(seas) == 2
    for f in seas:
        line = shapely.LineString(f["geometry"]["coordinates"])
        ashore = geod.geometry_length(line.intersection(land)) / 1000
        assert f["properties"]["precision"] == "approximate"
        assert ashore <= 0.03 * f["properties"]["length_km"], (f["id"], ashore)


def test_the_proposals_say_who_when_and_what_became_of_them(fresh_layers):
    lines = _features(fresh_layers, "proposals")
    by_id = {}
    for f in lines:
        by_id.setdefault(f["properties"]["proposal"], []).append(f["properties"])
    assert set(by_id) == {"russian-draft-1858", "qing-position-1858", "ussuri-repudiation-1859"}
    draft = by_id["russian-draft-1858"]
    assert [p["follows"] for p in draft] == ["amur", "ussuri", "draft-1858-korea"]
    assert draft[-1]["to"] == "tumen-mouth" and draft[-1]["precision"] == "approximate"
    assert "three years" in draft[0]["note"] and "üç yıl" in draft[0]["note_tr"]
    assert {p["by"] for p in by_id["qing-position-1858"]} == {"qing"}
    assert by_id["ussuri-repudiation-1859"][0]["settled_by"] == "peking-1860"
    for p in (q for group in by_id.values() for q in group):
        assert p["status"] == "proposed" and p["source"] and p["refs"], p["id"]


def test_at_never_counts_a_proposal(fresh_layers):
    """On a day the Russian draft was on the table, `at` lists the border in force only."""
    timeline = {f["id"] for f in _features(fresh_layers, "timeline")}
    result = run_cli("at", "1858-05-20", "--calendar", "julian", "--layers", str(fresh_layers),
                     "--format", "geojson")
    assert result.returncode == 0, result.stderr
    features = json.loads(result.stdout)["features"]
    ids = {f["id"] for f in features if f["properties"].get("kind") in ("border", "territory")}
    assert ids and ids <= timeline
    ids = {f["id"] for f in features}
    assert not any(i.startswith(("russian-draft", "qing-position", "ussuri-repudiation")) for i in ids)


def _broken(tmp_path, name: str, old: str, new: str):
    geo = tmp_path / "geo"
    shutil.copytree(GEO, geo)
    text = (geo / name).read_text(encoding="utf-8")
    assert old in text
    (geo / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return run_cli("validate", "--geo", str(geo))


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("routes.toml", '{ river = "amur", from = "argun-shilka-confluence", to = "mariinsky-post" }',
     '{ river = "amur", from = "zeya-mouth", to = "mariinsky-post" }',
     r"routes\.toml:\d+: .*legs.* must join"),
    ("routes.toml", 'line = "gavrilov-1846-course"', 'line = "stanovoy-crest"',
     r"routes\.toml:\d+: .*legs.*is a ridge, not a ship's course"),
    ("proposals.toml", 'to = "tumen-mouth", precision = "approximate"',
     'to = "tumen-mouth", precision = "roughly"',
     r"proposals\.toml:\d+: .*lines.*precision: expected one of"),
    ("proposals.toml", 'settled_by = "peking-1860"', 'settled_by = "peking-1861"',
     r"proposals\.toml:\d+: .*settled_by.*expected one of"),
    ("story.toml", 'routes = ["gavrilov-1846"]', 'routes = ["gavrilov-1847"]',
     r"story\.toml:\d+: .*routes: unknown id 'gavrilov-1847' \(not in routes\.toml\)"),
])
def test_a_broken_route_or_proposal_is_one_line(tmp_path, name, old, new, message):
    result = _broken(tmp_path, name, old, new)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert re.search(message, result.stderr), result.stderr


# -- on the maps ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(fresh_layers, tmp_path_factory):
    out = tmp_path_factory.mktemp("journeys")
    for args in (("maps", "--offline", "--out", str(out / "maps")),
                 ("story", "--out", str(out / "story")),
                 ("maps", "--offline", "--lang", "tr", "--out", str(out / "tr"))):
        result = run_cli(*args, "--layers", str(fresh_layers))
        assert result.returncode == 0, result.stderr
    return out


def _toggle(page: Page, label: str) -> None:
    page.js("""label => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label'))
        .find(l => l.textContent.trim() === label).querySelector('input').click()""", label)


def test_the_combined_map_shows_routes_and_claims_when_asked_as_of_the_sliders_day(browser, pages):
    page = Page(browser, (pages / "maps" / "index.html").as_uri())
    shown = page.js("window.bordermap.shown()")
    assert not any("/" in i and i.split("/")[0] in ROUTES for i in shown)  # off at first
    assert not any(i.startswith("russian-draft-1858") for i in shown)
    _toggle(page, "Expeditions' routes")
    _toggle(page, "Claims (proposed lines)")
    page.js("window.bordermap.setDay('1850-01-01')")
    shown = set(page.js("window.bordermap.shown()"))
    assert {"gavrilov-1846/1", "nevelskoy-1849/1"} <= shown
    assert not any(i.startswith(("muravyov-", "russian-draft")) for i in shown if "/" in i)
    page.js("window.bordermap.setDay('1861-01-01')")
    shown = set(page.js("window.bordermap.shown()"))
    assert {"muravyov-1855/2", "russian-draft-1858/3", "ussuri-repudiation-1859/1"} <= shown
    # a claim is never the border: the border layer's features are the timeline's only
    borders = page.js("""() => window.bordermap.drawn().filter(d => /^(nerchinsk|kyakhta|aigun|peking)-/
        .test(d.id)).map(d => d.id)""")
    assert borders and not any(b.startswith("russian-draft") for b in borders)
    assert not page.errors
    page.close()


def test_each_step_draws_the_routes_and_claims_it_tells_of(browser, pages, fresh_layers):
    steps = [f["properties"] for f in sorted(_features(fresh_layers, "story"),
                                             key=lambda f: f["properties"]["step"])]
    assert any(s["routes"] for s in steps) and any(s["proposals"] for s in steps)
    page = Page(browser, (pages / "story" / "story.html").as_uri())
    for number, step in enumerate(steps):
        page.js(f"window.bordermap.go({number})")
        shown = set(page.js("window.bordermap.shown()"))
        routes = {i.split("/")[0] for i in shown if i.split("/")[0] in ROUTES}
        proposals = {i.split("/")[0] for i in shown
                     if i.startswith(("russian-draft", "qing-position", "ussuri-repudiation"))}
        assert routes == set(step["routes"]) and proposals == set(step["proposals"]), step["id"]
    assert not page.errors
    page.close()


@pytest.mark.parametrize(("folder", "words"), [
    ("maps", ["Article 3", "Shanghai", "Article 10", "spiritual mission", "Article 11", "Kyakhta"]),
    ("tr", ["Madde 3", "Şanghay", "Madde 10", "ruhani misyon", "Madde 11", "Kyahta"]),
])
def test_the_tianjin_popup_summarises_every_article(browser, pages, folder, words):
    """Tianjin drew no line: its signing's popup tells its twelve articles, in the map's language."""
    page = Page(browser, (pages / folder / "index.html").as_uri())
    page.js("window.bordermap.setDay('1859-01-01')")
    page.js("() => { window.bordermap.map.setView([39.13, 117.18], 7, {animate: false}); }")
    page.page.wait_for_timeout(100)
    at = page.js("""() => { const m = window.bordermap.map; let out = null;
        m.eachLayer(l => { const p = l.feature && l.feature.properties;
            if (p && p.id === 'tianjin-treaty') {
                const c = m.latLngToContainerPoint(l.getLatLng());
                const r = m.getContainer().getBoundingClientRect();
                out = [c.x + r.left, c.y + r.top]; } });
        return out; }""")
    assert at, "the signing is not on the map"
    page.page.mouse.click(*at)
    page.page.wait_for_selector(".leaflet-popup-content")
    text = page.page.locator(".leaflet-popup-content").inner_text()
    assert text, "no popup"
    for word in words:
        assert word in text, word
    assert len(re.findall(r"(?:Article|Madde) \d+", text)) == 12
    page.close()


def test_a_routes_and_a_proposals_texts_reach_the_page_as_written(browser, tmp_path):
    """Template syntax and markup in a route's name and a proposal's note are shown as
    written in their popups, never run."""
    hostile = "{{ 7*7 }} {# <b>bold</b> </script><script>alert(1)</script>"
    geo = tmp_path / "geo"
    shutil.copytree(GEO, geo)
    routes = geo / "routes.toml"
    text = routes.read_text(encoding="utf-8")
    name = 'en = "Gavrilov\'s voyage to the Amur Liman"'
    routes.write_text(text.replace(name, f"en = {json.dumps(hostile)}", 1), encoding="utf-8")
    proposals = geo / "proposals.toml"
    text = proposals.read_text(encoding="utf-8")
    start = text.index('note = "Handed to Yishan')
    end = text.index("\n", start)
    proposals.write_text(text[:start] + f"note = {json.dumps(hostile)}" + text[end:], encoding="utf-8")
    layers, maps = tmp_path / "layers", tmp_path / "maps"
    for args in (("build", "--geo", str(geo), "--layers", str(layers)),
                 ("maps", "--offline", "--layers", str(layers), "--out", str(maps))):
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
    page = Page(browser, (maps / "index.html").as_uri())
    _toggle(page, "Expeditions' routes")
    _toggle(page, "Claims (proposed lines)")
    page.js("window.bordermap.setDay('1861-01-01')")
    shown = []
    for fid in ("gavrilov-1846/1", "russian-draft-1858/3"):
        # the middle of the leg's second stretch: at sea for Gavrilov, inland for the draft
        layer = "routes" if fid.startswith("gavrilov") else "proposals"
        c = next(f for f in _features(layers, layer) if f["id"] == fid)["geometry"]["coordinates"]
        lon, lat = (c[1][0] + c[2][0]) / 2, (c[1][1] + c[2][1]) / 2
        page.js("c => { window.bordermap.map.setView([c[1], c[0]], 7, {animate: false}); }", [lon, lat])
        shown.append(click_at(page, lon, lat))
    assert shown[0] and hostile in shown[0]
    assert shown[1] and hostile in shown[1]
    assert not page.errors and not page.dialogs
    page.close()
