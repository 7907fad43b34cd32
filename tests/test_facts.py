"""The facts of geo/ that a future edit could break, checked against the data they rest on:
each place on the bank its note claims, each position within its stated accuracy, the
Stanovoy crest on the watershed, the Sixty-Four Villages within the extent the sources
give, every source in the bibliography, and the Turkish in the glossary's forms."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest
import shapely

from conftest import GEO, ROOT

#: How far (km) the 1:3,000,000 World Data Bank II lines may lie from where a river runs:
#: a border meets a place within the place's accuracy plus this much.
DATA_KM = 5.0


def _km(a, b) -> float:
    from bordermap.compile.network import approx_km

    return float(approx_km(np.asarray(a, dtype=float), np.asarray(b, dtype=float)))


def _layer(folder: Path, name: str) -> list[dict]:
    return json.loads((folder / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def sources():
    from bordermap.sources.gazetteer import load_sources

    return load_sources(GEO)


# -- positions --------------------------------------------------------------------------------

def test_every_place_cites_where_its_position_comes_from(sources):
    assert len(sources.places) > 60
    for place in sources.places.values():
        position = place.position
        assert position.ref.key in sources.works, place.id
        assert 0 < position.accuracy_km <= 500, place.id
        # reconstructions and sites known only from the network say what the point is
        if position.ref.key in ("bordermap", "wdb2") or position.accuracy_km > 5:
            assert position.note, place.id


def test_positions_lie_within_their_accuracy_of_the_cited_coordinates(sources):
    moved = 0
    for place in sources.places.values():
        position = place.position
        distance = _km((place.lon, place.lat), (position.lon, position.lat))
        assert distance <= position.accuracy_km, (place.id, round(distance, 1), position.accuracy_km)
        moved += distance > 0
    assert moved >= 1  # some are drawn where the mapped river runs, not at the cited point


def test_albazin_is_the_fort_site_on_the_russian_bank(sources, fresh_layers):
    """The fort stood at the village of Albazino (about 53.39 N, 124.08 E), on the left bank,
    inside the land that Nerchinsk gave the Qing and Aigun gave Russia."""
    albazin = sources.places["albazin"]
    assert _km((albazin.lon, albazin.lat), (124.081, 53.385)) < 2
    timeline = {f["id"]: f for f in _layer(fresh_layers, "timeline")}
    point = shapely.Point(albazin.lon, albazin.lat)
    for fid in ("nerchinsk-1689/qing-amur", "aigun-1858/ceded"):
        assert shapely.geometry.shape(timeline[fid]["geometry"]).contains(point), fid


def test_borders_meet_places_within_their_accuracy(sources, fresh_layers):
    """Where a segment begins or ends at a place, its line passes within the place's stated
    accuracy (plus the river data's own error) of the place's point."""
    for f in _layer(fresh_layers, "timeline"):
        props = f["properties"]
        if props["kind"] != "border":
            continue
        coords = f["geometry"]["coordinates"]
        for end, point in ((props["from"], coords[0]), (props["to"], coords[-1])):
            place = sources.places[end]
            allowed = place.position.accuracy_km + DATA_KM
            assert _km(point, (place.lon, place.lat)) <= allowed, (f["id"], end)


def test_rivers_pass_their_waypoints_within_their_accuracy(sources, rivers):
    for rid, f in rivers.items():
        line = shapely.LineString(f["geometry"]["coordinates"])
        for pid in f["properties"]["waypoints"]:
            place = sources.places[pid]
            nearest = line.interpolate(line.project(shapely.Point(place.lon, place.lat)))
            distance = _km(nearest.coords[0], (place.lon, place.lat))
            assert distance <= place.position.accuracy_km + DATA_KM, (rid, pid, round(distance, 1))


# -- banks ------------------------------------------------------------------------------------

def _side(line: np.ndarray, point: tuple[float, float]) -> tuple[str, float]:
    """Which side of ``line`` (source to mouth) ``point`` lies on, looking downstream, and how
    far from it (km)."""
    line_shape = shapely.LineString(line)
    p = shapely.Point(point)
    at = line_shape.project(p)
    a = np.array(line_shape.interpolate(max(at - 0.02, 0)).coords[0])
    b = np.array(line_shape.interpolate(min(at + 0.02, line_shape.length)).coords[0])
    scale = np.array([np.cos(np.radians(point[1])), 1.0])
    d, v = (b - a) * scale, (np.array(point) - a) * scale
    cross = d[0] * v[1] - d[1] * v[0]
    return ("left" if cross > 0 else "right"), _km(line_shape.interpolate(at).coords[0], point)


def test_each_place_stands_on_the_bank_its_note_claims(sources, rivers):
    claimed = [p for p in sources.places.values() if p.bank]
    assert {p.id for p in claimed} >= {"albazin", "aigun", "heilongjiang-cheng", "mariinsky-post",
                                       "mikhailovskoye", "blagoveshchensk", "khabarovsk"}
    for place in claimed:
        side, distance = _side(np.array(rivers[place.bank.river]["geometry"]["coordinates"]),
                               (place.lon, place.lat))
        assert side == place.bank.side, (place.id, place.bank, side)
        assert distance <= 10 + place.position.accuracy_km, (place.id, round(distance, 1))


def test_the_bank_check_can_tell_the_banks_apart(rivers):
    """The side test on known points 5-10 km from the mapped Amur: south of Heihe (Qing, the
    right bank) and north of Blagoveshchensk (the left bank)."""
    amur = np.array(rivers["amur"]["geometry"]["coordinates"])
    assert _side(amur, (127.45, 50.19))[0] == "right"
    assert _side(amur, (127.52, 50.31))[0] == "left"


# -- the Stanovoy crest on the watershed -------------------------------------------------------

@pytest.fixture(scope="module")
def basins():
    """World Data Bank II river vertices north of 50 N between 115 and 140 E, by basin: south,
    the Amur's network and the Uda's; north, every network reaching beyond 57 N (the Lena's)."""
    from bordermap.compile.network import build_network
    from bordermap.compile.wdb import read_polylines

    polylines = read_polylines("rivers", "i", (115.0, 50.0, 140.0, 60.0))
    net = build_network([("rivers", p.coords) for p in polylines], 2.0)
    component = np.full(len(net.nodes), -1)
    for start in range(len(net.nodes)):
        if component[start] >= 0:
            continue
        component[start], stack = start, [start]
        while stack:
            for nxt in net.edges[stack.pop()]:
                if component[nxt] < 0:
                    component[nxt] = start
                    stack.append(nxt)

    def at(lon: float, lat: float) -> int:
        index, distance = net.nearest(lon, lat)
        assert distance < 5
        return int(component[index])

    south = {at(127.57, 50.21), at(135.30, 54.74)}  # the Amur at the Zeya's mouth; the Uda's mouth
    north = {c for c in set(component.tolist()) - south if net.nodes[component == c][:, 1].max() > 57}
    assert north and len(south) == 2
    return (net.nodes[np.isin(component, list(south))], net.nodes[np.isin(component, list(north))])


def test_the_stanovoy_crest_runs_between_the_basins(fresh_layers, basins):
    """The 1689 crest (Gorbitsa's source to the sea) lies north of every river of the Amur and
    Uda basins and south of every river of the Lena's, at each longitude it spans."""
    south, north = basins
    crest = [f for f in _layer(fresh_layers, "nerchinsk-1689")
             if f["properties"].get("line") == "stanovoy-crest"]
    coords = np.vstack([np.array(f["geometry"]["coordinates"]) for f in crest])
    coords = coords[np.argsort(coords[:, 0])]
    west, east = coords[0, 0], coords[-1, 0]
    checked = 0
    for nodes, above in ((south, True), (north, False)):
        inside = nodes[(nodes[:, 0] > west) & (nodes[:, 0] < east)]
        crest_lat = np.interp(inside[:, 0], coords[:, 0], coords[:, 1])
        wrong = inside[crest_lat <= inside[:, 1]] if above else inside[crest_lat >= inside[:, 1]]
        assert not len(wrong), (("north of the crest" if above else "south of it"), wrong[:5])
        checked += len(inside)
    assert checked > 200


def test_tynda_lies_south_of_the_crest(fresh_layers):
    """Tynda (55.15 N, 124.72 E) is a town of the Amur basin: the crest passes well north of it."""
    crest = [f for f in _layer(fresh_layers, "nerchinsk-1689")
             if f["properties"].get("line") == "stanovoy-crest"]
    coords = np.vstack([np.array(f["geometry"]["coordinates"]) for f in crest])
    coords = coords[np.argsort(coords[:, 0])]
    assert np.interp(124.72, coords[:, 0], coords[:, 1]) > 55.15 + 0.4


# -- the Sixty-Four Villages -------------------------------------------------------------------

def test_the_sixty_four_villages_keep_to_the_extent_the_sources_give(fresh_layers, rivers):
    """About 140 li (70-80 km) from north to south along the Amur below the Zeya's mouth and
    50-70 li (25-40 km) inland: no part more than 40 km from the Amur or the Zeya, nor more
    than 80 km south of the Zeya's mouth; and drawn as the Chinese reading."""
    village = next(f for f in _layer(fresh_layers, "timeline")
                   if f["id"] == "aigun-1858/sixty-four-villages")
    assert village["properties"]["reading"] == "chinese"
    assert "Russian text" in village["properties"]["note"]
    polygon = shapely.geometry.shape(village["geometry"])
    banks = [shapely.LineString(rivers[r]["geometry"]["coordinates"]) for r in ("amur", "zeya")]
    mouth = (127.598, 50.2419)
    for lon, lat in polygon.exterior.coords:
        point = shapely.Point(lon, lat)
        inland = min(_km(b.interpolate(b.project(point)).coords[0], (lon, lat)) for b in banks)
        assert inland <= 40, (lon, lat, round(inland, 1))
        assert (mouth[1] - lat) * 111.2 <= 80, (lon, lat)
    assert 1_500 < village["properties"]["area_km2"] < 3_600


# -- readings -----------------------------------------------------------------------------------

def test_the_joint_land_of_1858_is_the_land_ceded_in_1860(fresh_layers):
    """Chinese histories put all the land east of the Ussuri under joint possession in 1858:
    the 1860 cession is joint land passing to Russia, with no Qing land passing that no
    account has; Sakhalin, counted in by Chinese histories, is a second reading beside it."""
    timeline = {f["id"]: f for f in _layer(fresh_layers, "timeline")}
    joint, ceded = timeline["aigun-1858/joint"], timeline["peking-1860/ceded"]
    assert joint["properties"]["region"] == ceded["properties"]["region"]
    assert ceded["properties"]["from_state"] == "joint"
    assert joint["properties"]["reading"] == "chinese"
    sakhalin = timeline["peking-1860/sakhalin"]["properties"]
    assert sakhalin["alternative"] and sakhalin["reading"] == "chinese"
    assert 70_000 < sakhalin["area_km2"] < 80_000  # 76,400 km² in reference works


# -- sources ------------------------------------------------------------------------------------

#: Words of the project's own making that no reader can look up.
IN_HOUSE = re.compile(r"seed history|places\.toml|rivers\.toml|countries_i|study-area|brief \(",
                      re.IGNORECASE)


def _texts(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v, key)
    elif isinstance(value, str):
        yield key, value


def test_every_source_a_user_sees_resolves_to_the_bibliography(fresh_layers):
    index = json.loads((fresh_layers / "index.json").read_text(encoding="utf-8"))
    works = {w["key"]: w for w in index["bibliography"]}
    assert {"seed", "wdb2", "gshhs", "sbornik-1889", "mancall-1971"} <= set(works)
    assert "Held by the bordermap project as seeds/" in works["seed"]["reference"]
    cited = set()
    for path in sorted(fresh_layers.glob("*.geojson")):
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            props = f["properties"]
            assert props["refs"], (path.name, f["id"])
            for key in props["refs"]:
                assert key in works, (path.name, f["id"], key)
            # the source text is made of the cited works' short forms, in the same order
            shown = [works[key]["cite"] for key in props["refs"]]
            positions = [props["source"].find(c) for c in shown]
            assert -1 not in positions, (path.name, f["id"], props["source"])
            cited |= set(props["refs"])
            for key, text in _texts(props):
                assert not IN_HOUSE.search(text), (path.name, f["id"], key, text)
    for regime in index["regimes"]:
        assert set(regime["refs"]) <= set(works) and regime["sources"], regime["id"]
        cited |= set(regime["refs"])
    assert set(works) - cited == set(), "works nobody cites"


def test_every_work_can_be_looked_up(sources):
    for work in sources.works.values():
        assert len(work.reference) > 40 and work.cite and work.note, work.id
        if work.kind in ("book", "treaty", "reference"):
            assert re.search(r"1[6-9]\d\d|20\d\d", work.reference), work.id  # a year


# -- the Turkish text ---------------------------------------------------------------------------

def _turkish() -> list[tuple[str, str]]:
    from bordermap.i18n import _TEXT

    out = [(f"i18n.py: {key}", values[1]) for key, values in _TEXT.items()]
    for path in sorted(GEO.rglob("*.toml")):
        if path.name == "glossary.toml":
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out += [(str(path.relative_to(ROOT)), text) for key, text in _texts(data)
                if key in ("tr", "note_tr", "summary_tr")]
    return out


def test_the_turkish_uses_the_glossarys_forms():
    terms = tomllib.loads((GEO / "glossary.toml").read_text(encoding="utf-8"))["term"]
    assert len(terms) > 100
    texts = _turkish()
    assert len(texts) > 300
    found = []
    for term in terms:
        for variant in term["avoid"]:
            pattern = re.compile(rf"(?<!\w){re.escape(variant)}(?!\w)")
            found += [(variant, term["tr"], where) for where, text in texts if pattern.search(text)]
    assert not found, found[:10]


def test_the_glossary_check_finds_a_calque():
    """The check above is not empty: the variants it refuses include the ones a review found."""
    terms = tomllib.loads((GEO / "glossary.toml").read_text(encoding="utf-8"))["term"]
    avoided = {v for term in terms for v in term["avoid"]}
    assert {"Amur Limanı", "Pekin Sözleşmesi", "Tiencin", "Aygun"} <= avoided
    assert any(re.search(r"(?<!\w)kavşa", v) for v in avoided)
