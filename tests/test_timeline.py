"""The time model as the layers carry it: lifespans, complete regime layers, the timeline
layer, coverage, and the invariants on every day the border changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from pyproj import Geod

from bordermap.calendars import shift
from bordermap.layers.crs import equal_area_km2

GEOD = Geod(ellps="WGS84")
REGIMES = ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"]


def _load(folder: Path, name: str):
    return json.loads((folder / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(fresh_layers) -> dict:
    return _load(fresh_layers, "index.json")


@pytest.fixture(scope="module")
def timeline(fresh_layers) -> dict[str, dict]:
    return {f["id"]: f for f in _load(fresh_layers, "timeline.geojson")["features"]}


def _holds(props: dict, day: str) -> bool:
    start, end = props["valid_from"], props["valid_until"]
    return (start is None or start <= day) and (end is None or day < end)


def _in_force(timeline: dict[str, dict], day: str) -> dict[str, dict]:
    return {fid: f for fid, f in timeline.items() if _holds(f["properties"], day)}


@pytest.mark.parametrize("day", ["1700-01-01", "1859-01-01", "1861-01-01", "1864-10-06"])
def test_the_argun_is_the_border_from_1689_to_the_end(timeline, day):
    argun = timeline["nerchinsk-1689/argun"]["properties"]
    assert argun["established_by"] == "nerchinsk-1689" and argun["article"] == "2"
    assert argun["valid_from"] == "1689-09-06" and argun["valid_until"] is None
    assert "nerchinsk-1689/argun" in _in_force(timeline, day)


def test_what_each_treaty_ended_and_confirmed(timeline):
    shilka = timeline["nerchinsk-1689/shilka"]["properties"]
    assert (shilka["valid_until"], shilka["ended_by"]) == ("1858-05-28", "aigun-1858")
    assert shilka["valid_until_julian"] == "1858-05-16"  # the day Aigun was signed, Old Style
    amur = timeline["aigun-1858/amur-upper"]["properties"]
    assert amur["confirmed_by"] == ["peking-1860"] and amur["valid_until"] is None
    joint = timeline["aigun-1858/joint"]["properties"]
    assert (joint["valid_until"], joint["ended_by"]) == ("1860-11-14", "peking-1860")
    enclave = timeline["aigun-1858/sixty-four-villages"]["properties"]
    assert enclave["confirmed_by"] == ["peking-1860"] and _holds(enclave, "1862-06-01")
    # what no later treaty touched runs on to the end of the data
    for fid in ("kyakhta-1727/sayan", "kyakhta-1727/uriankhai", "peking-1860/western"):
        assert timeline[fid]["properties"]["valid_until"] is None, fid


def test_nothing_is_in_force_outside_the_coverage(timeline, index, fresh_layers):
    first, last = index["coverage"]["from"], index["coverage"]["until"]
    assert (first, last) == ("1689-09-06", "1864-10-06")
    assert index["coverage"]["note"] and index["coverage"]["note_tr"]
    after = shift(last, 1)
    for name in ["timeline", *REGIMES]:
        for f in _load(fresh_layers, f"{name}.geojson")["features"]:
            p = f["properties"]
            assert first <= p["valid_from"] <= last, f["id"]
            assert p["valid_until"] is None or p["valid_from"] < p["valid_until"] <= after, f["id"]
            assert (p["valid_until"] is None) == (p["ended_by"] is None), f["id"]
    for r in index["regimes"]:
        assert first <= r["in_force"]["from"] <= last
        assert r["in_force"]["until"] is None or r["in_force"]["until"] <= after


def test_a_regime_layer_holds_everything_in_force_in_its_period(timeline, index, fresh_layers):
    periods = {r["id"]: r["period"] for r in index["regimes"] if r["period"]}
    assert list(periods) == REGIMES
    for rid, period in periods.items():
        features = _load(fresh_layers, f"{rid}.geojson")["features"]
        expected = {fid for fid, f in timeline.items()
                    if (period["until"] is None or f["properties"]["valid_from"] < period["until"])
                    and (f["properties"]["valid_until"] is None
                         or f["properties"]["valid_until"] > period["from"])}
        assert {f["id"] for f in features} == expected, rid
        assert {f["id"] for f in features if f["properties"]["own"]} == \
            {fid for fid in expected if fid.startswith(f"{rid}/")}
    peking = {f["id"] for f in _load(fresh_layers, "peking-1860.geojson")["features"]}
    assert {"nerchinsk-1689/argun", "kyakhta-1727/steppe", "aigun-1858/amur-upper",
            "aigun-1858/ceded", "aigun-1858/sixty-four-villages", "peking-1860/ceded"} <= peking
    assert "aigun-1858/joint" not in peking and "nerchinsk-1689/shilka" not in peking


def test_places_exist_from_their_founding(fresh_layers):
    places = {f["id"]: f["properties"] for f in _load(fresh_layers, "places.geojson")["features"]}
    for pid, year in (("khabarovsk", 1858), ("blagoveshchensk", 1856), ("irkutskoye", 1855),
                      ("mariinsky-post", 1853)):
        assert places[pid]["valid_from"] == f"{year}-01-01", pid
        assert not _holds(places[pid], "1689-09-06") and _holds(places[pid], "1861-01-01"), pid
    albazin = places["albazin"]
    assert (albazin["founded"], albazin["abandoned"]) == ("1651", "1689")
    assert albazin["valid_until"] == "1690-01-01"
    assert _holds(albazin, "1689-12-31") and not _holds(albazin, "1690-01-01")
    assert places["argun-shilka-confluence"]["valid_from"] is None  # a river's mouth: always there


def _main_chain_parts(features: list[dict]) -> int:
    """How many separate lines the segments make, ends within 5 km counted as joined."""
    ends = [(f["geometry"]["coordinates"][0], f["geometry"]["coordinates"][-1]) for f in features]
    parent = list(range(len(ends)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, (a0, a1) in enumerate(ends):
        for j, (b0, b1) in enumerate(ends[:i]):
            near = min(GEOD.inv(*p[:2], *q[:2])[2] for p in (a0, a1) for q in (b0, b1)) / 1000
            if near <= 5:
                parent[root(i)] = root(j)
    return len({root(i) for i in range(len(ends))})


def test_on_every_change_day_one_main_border_and_no_overlap(timeline, index):
    days = {index["coverage"]["from"], index["coverage"]["until"]}
    for f in timeline.values():
        for day in (f["properties"]["valid_from"], f["properties"]["valid_until"]):
            if day:
                days |= {shift(day, -1), day, shift(day, 1)}
    days = sorted(d for d in days if index["coverage"]["from"] <= d <= index["coverage"]["until"])
    assert len(days) >= 10
    for day in days:
        live = _in_force(timeline, day)
        main = [f for f in live.values()
                if f["properties"]["kind"] == "border" and f["properties"]["chain"] == "main"]
        assert main and _main_chain_parts(main) == 1, day
        territories = [shapely.geometry.shape(f["geometry"]) for f in live.values()
                       if f["properties"]["kind"] == "territory"]
        for i, a in enumerate(territories):
            for b in territories[i + 1:]:
                assert equal_area_km2(a.intersection(b)) < 1, day


@pytest.mark.parametrize(("text", "calendar", "day"), [
    ("1858", "gregorian", "1858-12-31"),
    ("1858-05", "gregorian", "1858-05-31"),
    ("1858-05-16", "julian", "1858-05-28"),  # Aigun, Old Style
    ("1700-02", "julian", "1700-03-11"),  # a Julian leap day the Gregorian calendar lacks
])
def test_a_users_date_means_its_last_day(text, calendar, day):
    from bordermap.layers.time import query_day

    assert query_day(text, calendar) == day


@pytest.mark.parametrize("text", ["1858-13", "1858-02-30", "May 1858", "", "18588"])
def test_a_malformed_date_is_a_clean_error(text):
    from bordermap.errors import BordermapError
    from bordermap.layers.time import query_day

    with pytest.raises(BordermapError, match="is not a date"):
        query_day(text)


def test_the_treaties_in_force_on_a_day(index):
    from bordermap.layers.time import regime_on, treaties_in_force

    def ids(day: str) -> list[str]:
        return [r["id"] for r in treaties_in_force(index, day)]

    assert ids("1700-01-01") == ["nerchinsk-1689"]
    assert ids("1858-05-27") == ["nerchinsk-1689", "kyakhta-1727"]
    assert ids("1858-05-28") == ["kyakhta-1727", "aigun-1858"]
    assert ids("1859-01-01") == ["kyakhta-1727", "aigun-1858", "tianjin-1858"]
    assert ids("1861-01-01") == ["kyakhta-1727", "tianjin-1858", "peking-1860"]
    assert regime_on(index, "1859-01-01")["id"] == "aigun-1858"
    assert regime_on(index, "1727-10-31")["id"] == "nerchinsk-1689"
