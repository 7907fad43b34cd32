"""The analysis API on shapes with known answers, on the real layers (what was in force on a
day, the tables on each change day), and `bordermap stats`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import math

import pytest
import shapely

from bordermap import analysis
from bordermap.errors import BordermapError
from conftest import run_cli

A, F = 6_378_137.0, 1 / 298.257223563  # WGS84


def _zone_km2(lat: float) -> float:
    """Area of the WGS84 ellipsoid between the equator and ``lat``, per degree of longitude."""
    e = math.sqrt(F * (2 - F))
    b = A * (1 - F)
    s = math.sin(math.radians(lat))
    q = s / (1 - e * e * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e)
    return math.pi * b * b * q / 360 / 1e6


def _cell(west: float, south: float, east: float, north: float):
    # edges along parallels and meridians: densified so they follow the graticule
    return shapely.segmentize(shapely.box(west, south, east, north), 0.01)


def test_area_of_a_one_degree_cell_at_50_north():
    expected = _zone_km2(51) - _zone_km2(50)  # 7,892.2 km²
    assert round(expected, 1) == 7892.2
    assert analysis.area_km2(_cell(120, 50, 121, 51)) == pytest.approx(expected, rel=1e-4)


def test_length_of_a_degree_along_the_equator():
    line = shapely.LineString([(10, 0), (11, 0)])
    assert analysis.geodesic_length_km(line) == pytest.approx(A * math.pi / 180 / 1000, abs=1e-3)


def test_length_of_a_meridian_degree():
    # a degree of latitude at 0-1 N on WGS84 is 110.574 km
    assert analysis.geodesic_length_km(shapely.LineString([(0, 0), (0, 1)])) == pytest.approx(
        110.574, abs=0.001)


def test_known_overlap_of_two_territories():
    a, b = _cell(0, 0, 2, 1), _cell(1, 0, 3, 1)
    expected = _zone_km2(1) - _zone_km2(0)  # one cell of 1 degree by 1 degree
    assert analysis.overlap_km2(a, b) == pytest.approx(expected, rel=1e-4)
    assert analysis.overlap_km2(a, _cell(5, 5, 6, 6)) == 0


# -- on a day, through the API ----------------------------------------------------------------

@pytest.fixture(scope="module")
def layers(fresh_layers):
    return analysis.read_layers(fresh_layers)


def test_border_and_territories_at_a_day(layers, fresh_layers):
    border = analysis.border_at("1861-01-01", layers)
    assert border.crs.to_epsg() == 4326 and border.index.is_unique
    assert "nerchinsk-1689/argun" in border.index  # drawn in 1689, still the border
    assert "aigun-1858/amur-lower" not in border.index  # ended by Peking, 1860-11-14
    assert set(border["kind"]) == {"border"} and "area_km2" not in border.columns
    assert border.loc["aigun-1858/amur-upper", "confirmed_by"] == ["peking-1860"]
    territories = analysis.territories_at("1862", fresh_layers)  # a folder works as well
    assert set(territories.index) == {"kyakhta-1727/uriankhai", "aigun-1858/ceded",
                                      "aigun-1858/sixty-four-villages", "aigun-1858/uda-land",
                                      "peking-1860/ceded", "peking-1860/sakhalin"}
    # Sakhalin is the Chinese reading, beside the main one; the villages drawn as Qing land too
    assert territories["alternative"].to_dict() == {fid: fid == "peking-1860/sakhalin"
                                                    for fid in territories.index}
    assert territories.loc["peking-1860/sakhalin", "reading"] == "chinese"
    assert territories.loc["aigun-1858/sixty-four-villages", "reading"] == "chinese"
    assert territories["area_km2"].dtype.kind == "i" and "segment_kind" not in territories.columns
    places = analysis.places_at(1700, layers)  # a year as a number
    assert "albazin" not in places.index and "nerchinsk" in places.index
    assert places.loc["nerchinsk", "kind"] == "fort"


@pytest.mark.parametrize(("date", "calendar", "day"), [
    ("1858", "gregorian", "1858-12-31"), ("1858-02", "gregorian", "1858-02-28"),
    ("1858-05-16", "julian", "1858-05-28"), ("1700-02", "julian", "1700-03-11"),
    ("1689-08-27", "julian", "1689-09-06"), (1727, "gregorian", "1727-12-31"),
    (dt.date(1860, 11, 14), "gregorian", "1860-11-14"),
])
def test_a_date_means_its_last_day(layers, date, calendar, day):
    assert analysis.resolve_day(layers.index, date, calendar) == day
    assert analysis.in_force(date, layers, calendar).day == day


@pytest.mark.parametrize(("date", "calendar", "message"), [
    ("1864-10-07", "gregorian", "outside the period the data cover, 1689-09-06 to 1864-10-06"),
    ("1864", "gregorian", "1864 \\(Gregorian\\) means 1864-12-31"),
    ("1689-08-26", "julian", "outside the period"),
    ("1858-5-16", "gregorian", "is not a date"), ("1858-05-16 ", "gregorian", "is not a date"),
    ("١٨٥٨", "gregorian", "is not a date"), (None, "gregorian", "is not a date"),
    ("1858", "hijri", "calendar must be one of gregorian, julian"),
])
def test_a_bad_or_uncovered_date_is_one_line(layers, date, calendar, message):
    with pytest.raises(BordermapError, match=message) as caught:
        analysis.border_at(date, layers, calendar)
    assert "\n" not in str(caught.value)


def test_what_is_in_force_follows_the_treaties(layers):
    days = [r["period"]["from"] for r in layers.periods]
    assert days == layers.change_days == ["1689-09-06", "1727-11-01", "1858-05-28", "1860-11-14"]
    # on the day before each change, the earlier border; on the day, the new one
    for regime in layers.periods[1:]:
        day = regime["period"]["from"]
        before = set(analysis.border_at(_shift(day, -1), layers)["established_by"])
        after = set(analysis.border_at(day, layers)["established_by"])
        assert regime["id"] in after and regime["id"] not in before


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


# -- the tables, on each change day -----------------------------------------------------------

def test_territory_areas_match_the_layers_to_the_km2(layers):
    table = analysis.territory_areas(layers)
    timeline = layers.frames["timeline"]
    for day in layers.change_days:
        rows = table[table["day"] == day]
        assert list(rows["territory"]) == list(analysis.territories_at(day, layers).index)
    for _, row in table.iterrows():
        assert row["area_km2"] == timeline.loc[row["territory"], "area_km2"]
    # stable: computing again gives the same figures
    assert analysis.territory_areas(layers).equals(table)


def test_border_summary_is_the_border_in_force(layers):
    summary = analysis.border_summary(layers).set_index("day")
    for day in layers.change_days:
        border = analysis.border_at(day, layers)
        assert summary.loc[day, "segments"] == len(border)
        assert summary.loc[day, "length_km"] == pytest.approx(border["length_km"].sum(), abs=0.5)
        row = summary.loc[day]
        assert row["river_pct"] + row["ridge_pct"] + row["line_pct"] == pytest.approx(100, abs=0.2)
    assert list(summary["regime"]) == [r["id"] for r in layers.periods]


def test_lengths_by_treaty(layers):
    table = analysis.treaty_lengths(layers)
    summary = analysis.border_summary(layers).set_index("day")
    argun = layers.frames["timeline"].loc["nerchinsk-1689/argun", "length_km"]
    for day, rows in table.groupby("day"):
        assert rows["length_km"].sum() == pytest.approx(summary.loc[day, "length_km"], abs=0.3)
        assert rows["share_pct"].sum() == pytest.approx(100, abs=0.3)
    peking = table[table["day"] == "1860-11-14"].set_index("established_by")
    assert list(peking.index) == ["nerchinsk-1689", "kyakhta-1727", "aigun-1858", "peking-1860"]
    assert peking.loc["nerchinsk-1689", "segments"] == 1  # the Argun alone
    assert peking.loc["nerchinsk-1689", "length_km"] == pytest.approx(argun, abs=0.1)
    first = table[table["day"] == "1689-09-06"]
    assert list(first["established_by"]) == ["nerchinsk-1689"] and first["share_pct"].item() == 100


def _area(layers, fid):
    return layers.frames["timeline"].loc[fid, "area_km2"]


def test_state_areas_cover_the_study_region(layers):
    region = analysis.area_km2(analysis.study_region(layers))
    territories = layers.frames["timeline"]
    main = territories[(territories["kind"] == "territory") & (territories["alternative"] != True)]  # noqa: E712
    assert region == pytest.approx(analysis.area_km2(shapely.union_all(main.geometry.values)), abs=1)
    assert "peking-1860/sakhalin" not in main.index  # a second reading is not in the study region
    table = analysis.state_areas(layers)
    for day, rows in table.groupby("day"):
        assert rows["area_km2"].sum() == pytest.approx(region, abs=3), day
        assert rows["share_pct"].sum() == pytest.approx(100, abs=0.3)
    held = table.set_index(["day", "state"])["area_km2"]
    assert held[("1689-09-06", "qing")] == _area(layers, "nerchinsk-1689/qing-amur")
    russian_1858 = _area(layers, "aigun-1858/ceded") + _area(layers, "aigun-1858/uda-land")
    assert held[("1858-05-28", "russia")] == pytest.approx(russian_1858, abs=2)
    assert held[("1860-11-14", "russia")] == pytest.approx(
        russian_1858 + _area(layers, "peking-1860/ceded"), abs=3)
    assert ("1689-09-06", "russia") not in held.index
    # before Kyakhta, no territory in force covers Uriankhai, nor the Ussuri lands before Aigun
    # (the joint land of 1858 is, as Chinese histories read it, the whole land ceded in 1860)
    assert _area(layers, "aigun-1858/joint") == _area(layers, "peking-1860/ceded")
    assert held[("1689-09-06", analysis.UNASSIGNED)] == pytest.approx(
        _area(layers, "kyakhta-1727/uriankhai") + _area(layers, "peking-1860/ceded"), abs=2)


def test_changes_between_consecutive_periods(layers):
    changes = analysis.regime_changes(layers)
    ids = [r["id"] for r in layers.periods]
    assert set(zip(changes["before"], changes["after"], strict=True)) == set(itertools.pairwise(ids))
    assert (changes["from_state"] != changes["to_state"]).all()
    to_russia = changes[changes["to_state"] == "russia"].groupby("after")["area_km2"].sum()
    assert to_russia["aigun-1858"] == pytest.approx(
        _area(layers, "aigun-1858/ceded") + _area(layers, "aigun-1858/uda-land"), abs=2)
    assert to_russia["peking-1860"] == pytest.approx(_area(layers, "peking-1860/ceded"), abs=2)
    peking = changes[changes["after"] == "peking-1860"].set_index("from_state")["area_km2"]
    # the whole 1860 cession had been joint land since 1858: no "qing -> russia" transfer that
    # no account has, and Sakhalin (a second reading) is not counted as changing hands
    assert peking.to_dict() == {"joint": _area(layers, "aigun-1858/joint")}
    # every change is a difference of the state areas of the two days
    held = analysis.state_areas(layers).set_index(["day", "state"])["area_km2"]
    for (before, after), rows in changes.groupby(["before", "after"]):
        day_a, day_b = layers.regime(before)["period"]["from"], layers.regime(after)["period"]["from"]
        for state in set(rows["from_state"]) | set(rows["to_state"]):
            net = (rows.loc[rows["to_state"] == state, "area_km2"].sum()
                   - rows.loc[rows["from_state"] == state, "area_km2"].sum())
            assert net == pytest.approx(held.get((day_b, state), 0) - held.get((day_a, state), 0), abs=3)


def _square(fid, west, east, state, start, end):
    return {"type": "Feature", "id": fid, "geometry": shapely.geometry.mapping(_cell(west, 0, east, 1)),
            "properties": {"kind": "territory", "id": fid, "to_state": state,
                           "valid_from": start, "valid_until": end}}


def test_states_and_changes_on_shapes_with_known_answers(tmp_path):
    """Qing holds cells 0-2 from the first day until the second; Russia cells 1-3 from the
    second: on the first day cell 2-3 is unassigned, on the second cell 0-1."""
    index = {"regimes": [
        {"id": "a", "file": "a.geojson", "period": {"from": "1700-01-01", "until": "1800-01-01"}},
        {"id": "none", "file": None, "period": None},
        {"id": "b", "file": "b.geojson", "period": {"from": "1800-01-01", "until": None}},
    ]}
    features = {"timeline": [_square("a/q", 0, 2, "qing", "1700-01-01", "1800-01-01"),
                             _square("b/r", 1, 3, "russia", "1800-01-01", None)]}
    layers = analysis.Layers(tmp_path, index, {}, features)
    cell = _zone_km2(1) - _zone_km2(0)  # one cell, 1 degree by 1 degree at the equator
    states = analysis.state_areas(layers).set_index(["day", "state"])["area_km2"]
    assert states.to_dict() == pytest.approx({
        ("1700-01-01", "qing"): 2 * cell, ("1700-01-01", "unassigned"): cell,
        ("1800-01-01", "russia"): 2 * cell, ("1800-01-01", "unassigned"): cell}, abs=1)
    changes = analysis.regime_changes(layers)
    assert set(changes["before"]) == {"a"} and set(changes["after"]) == {"b"}
    moved = changes.set_index(["from_state", "to_state"])["area_km2"].to_dict()
    assert moved == pytest.approx({("qing", "russia"): cell, ("qing", "unassigned"): cell,
                                   ("unassigned", "russia"): cell}, abs=1)


def test_cited_figures_with_reasons(layers):
    cited = analysis.cited_comparison(layers).set_index("figure")
    assert set(cited.index) == {"aigun-cession", "peking-cession", "peking-cession-zh", "amur",
                                "ussuri"}
    assert cited.loc["aigun-cession", "computed"] == _area(layers, "aigun-1858/ceded")
    assert cited.loc["peking-cession", "computed"] == _area(layers, "peking-1860/ceded")
    # both readings side by side, each saying whose it is: with Sakhalin within 5 % of the
    # "about 400,000 km²" Chinese histories cite
    assert cited.loc["peking-cession-zh", "computed"] == pytest.approx(
        _area(layers, "peking-1860/ceded") + _area(layers, "peking-1860/sakhalin"), abs=1)
    assert abs(cited.loc["peking-cession-zh", "difference_pct"]) < 5
    assert "the convention's text" in cited.loc["peking-cession", "what"]
    assert "the Chinese reading" in cited.loc["peking-cession-zh", "what"]
    assert cited.loc["aigun-cession", "computed"] > 600_000
    assert (cited["reason"].str.len() > 40).all()
    assert cited.loc["amur", "computed"] < cited.loc["amur", "cited"]  # generalised line


# -- bordermap stats --------------------------------------------------------------------------

TABLES = ["territories", "borders", "treaties", "states", "changes", "rivers", "cited"]


def test_stats_formats_agree(fresh_layers, layers):
    ceded = int(_area(layers, "aigun-1858/ceded"))
    russia_1860 = int(analysis.state_areas(layers).set_index(["day", "state"])
                      .loc[("1860-11-14", "russia"), "area_km2"])
    table = run_cli("stats", "--layers", str(fresh_layers))
    assert table.returncode == 0, table.stderr
    assert f"{ceded:,}" in table.stdout and f"{russia_1860:,}" in table.stdout
    for title in ("Territories in force", "by the treaty that drew it", "Who held the study region",
                  "changed hands between consecutive periods"):
        assert title in table.stdout
    data = json.loads(run_cli("stats", "--layers", str(fresh_layers), "--format", "json").stdout)
    assert list(data) == TABLES
    assert any(r["area_km2"] == ceded for r in data["territories"])
    assert {"day": "1860-11-14", "regime": "peking-1860", "state": "russia"}.items() <= next(
        r for r in data["states"] if r["day"] == "1860-11-14" and r["state"] == "russia").items()
    rows = list(csv.DictReader(io.StringIO(
        run_cli("stats", "--layers", str(fresh_layers), "--format", "csv").stdout)))
    assert {"table", "row", "column", "value"} == set(rows[0])
    assert [t for t in dict.fromkeys(r["table"] for r in rows)] == TABLES
    assert any(r["column"] == "area_km2" and r["value"] == str(ceded) for r in rows)
    assert run_cli("stats", "--layers", str(fresh_layers), "--format", "json").stdout == \
        json.dumps(data, ensure_ascii=False, indent=2) + "\n"  # the same on every run


def test_stats_without_layers_is_a_one_line_error(tmp_path):
    result = run_cli("stats", "--layers", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "run 'bordermap build'" in result.stderr
