"""`bordermap at DATE`: what was in force on a day, through the command line as a user runs it.

The issue "Borders in time" is done when these hold: the Argun stays in the border after
1858, the Sixty-Four Villages stay a territory after 1860, places appear when founded and go
when abandoned, the Julian calendar shifts the day, a day outside the data is one line of
error, and the GeoJSON is RFC 7946 and the same bytes on every run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from bordermap.layers.geojson import check_geometry
from conftest import run_cli

ARGUN, VILLAGES = "nerchinsk-1689/argun", "aigun-1858/sixty-four-villages"


def _at(layers: Path, *args: str):
    return run_cli("at", *args, "--layers", str(layers))


def _collection(layers: Path, *args: str) -> dict:
    result = _at(layers, *args)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return json.loads(result.stdout)


def _kinds(collection: dict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for feature in collection["features"]:
        found.setdefault(feature["properties"]["kind"], set()).add(feature["id"])
    return found


def _layer(layers: Path, name: str) -> list[dict]:
    return json.loads((layers / name).read_text(encoding="utf-8"))["features"]


def _expected(layers: Path, day: str) -> dict[str, set[str]]:
    """What the layer files hold for ``day``, read here without bordermap: first day in force
    on or before ``day``, first day no longer in force after it (null: open)."""
    def holds(props: dict) -> bool:
        start, end = props["valid_from"], props["valid_until"]
        return (start is None or start <= day) and (end is None or day < end)

    found: dict[str, set[str]] = {"border": set(), "territory": set(), "place": set()}
    for feature in _layer(layers, "timeline.geojson"):
        if holds(feature["properties"]):
            found[feature["properties"]["kind"]].add(feature["id"])
    found["place"] = {f["id"] for f in _layer(layers, "places.geojson") if holds(f["properties"])}
    return found


@pytest.mark.parametrize("args", [("1859-01-01", "--format", "geojson"), ("1861-01-01",)])
def test_the_argun_stays_in_the_border_after_nerchinsk(fresh_layers, args):
    collection = _collection(fresh_layers, *args)
    argun = next(f for f in collection["features"] if f["id"] == ARGUN)
    assert argun["properties"]["kind"] == "border"
    assert argun["properties"]["established_by"] == "nerchinsk-1689"


def test_the_sixty_four_villages_are_a_territory_in_1862(fresh_layers):
    kinds = _kinds(_collection(fresh_layers, "1862"))
    assert VILLAGES in kinds["territory"]
    assert VILLAGES not in kinds["border"] | kinds.get("place", set())


@pytest.mark.parametrize(("date_", "present"), [("1700", False), ("1861", True)])
def test_khabarovsk_and_blagoveshchensk_exist_once_founded(fresh_layers, date_, present):
    collection = _collection(fresh_layers, date_)
    places = {f["id"]: f["properties"] for f in collection["features"]
              if f["properties"]["kind"] == "place"}
    for town in ("khabarovsk", "blagoveshchensk"):
        assert (town in places) is present
    assert "nerchinsk" in places and places["nerchinsk"]["place_kind"] == "fort"  # founded 1653


@pytest.mark.parametrize(("date_", "present"), [("1689", True), ("1690", False)])
def test_albazin_is_gone_after_1689(fresh_layers, date_, present):
    assert ("albazin" in _kinds(_collection(fresh_layers, date_))["place"]) is present


def _aigun_segments(collection: dict) -> set[str]:
    return {f["id"] for f in collection["features"] if f["properties"]["kind"] == "border"
            and f["properties"]["established_by"] == "aigun-1858"}


def test_the_julian_calendar_shifts_the_day(fresh_layers):
    # Aigun was signed on 16 May 1858 Old Style, 28 May New Style
    signed = _collection(fresh_layers, "1858-05-16", "--calendar", "julian")
    assert _aigun_segments(signed) == {"aigun-1858/amur-upper", "aigun-1858/amur-lower",
                                       "aigun-1858/ussuri"}
    assert signed["name"] == "bordermap-at-1858-05-28"
    assert _aigun_segments(_collection(fresh_layers, "1858-05-15", "--calendar", "julian")) == set()
    # the same digits in the Gregorian calendar are twelve days earlier: Aigun not yet signed
    assert _aigun_segments(_collection(fresh_layers, "1858-05-16")) == set()
    assert _aigun_segments(_collection(fresh_layers, "1858-05-28", "--calendar", "gregorian"))


@pytest.mark.parametrize("args", [
    ("1864-10-07",), ("1689-09-05",), ("1864",), ("1865-01",), ("1600",),
    ("1864-09-25", "--calendar", "julian"),  # 7 October 1864 New Style
    ("1858-5-16",), ("1858-02-30",), ("soon",), ("1858~",), ("1858-05-16\n",),
])
def test_a_day_outside_the_data_or_not_a_date_is_one_line(fresh_layers, args):
    result = _at(fresh_layers, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("bordermap: error: ")
    assert "Traceback" not in result.stderr
    assert re.search(r"outside the period the data cover|is not a date", result.stderr), result.stderr


def test_without_layers_is_a_one_line_error(tmp_path):
    result = _at(tmp_path, "1861")
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "run 'bordermap build'" in result.stderr


@pytest.mark.parametrize("args", [("1689-09-06",), ("1864-10-06",), ("1864-09-24", "--calendar", "julian")])
def test_the_first_and_last_day_of_the_data(fresh_layers, args):
    kinds = _kinds(_collection(fresh_layers, *args))
    assert ARGUN in kinds["border"]


def test_geojson_is_rfc_7946_and_the_same_bytes_every_run(fresh_layers):
    first, second = _at(fresh_layers, "1861-01-01"), _at(fresh_layers, "1861-01-01")
    assert first.returncode == 0 and first.stdout == second.stdout
    # UTF-8 whatever the encoding of the terminal
    raw = subprocess.run([sys.executable, "-m", "bordermap", "at", "1861-01-01", "--layers",
                          str(fresh_layers)], capture_output=True, timeout=300,
                         env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert raw.returncode == 0 and raw.stdout.decode("utf-8") == first.stdout
    data = json.loads(first.stdout)
    assert data["type"] == "FeatureCollection" and "crs" not in data
    assert "雅库茨克" in first.stdout  # UTF-8 text, not \u escapes
    ids = [f["id"] for f in data["features"]]
    assert len(ids) == len(set(ids))
    order = [f["properties"]["kind"] for f in data["features"]]
    assert order == sorted(order, key=["border", "territory", "place"].index)
    for feature in data["features"]:
        assert feature["type"] == "Feature" and set(feature) == {"type", "id", "properties", "geometry"}
        check_geometry(feature["geometry"])  # RFC 7946: positions, rings closed, in range
        geometry = shape(feature["geometry"])
        assert shapely.is_valid(geometry) and not geometry.is_empty
        expected = {"border": ("LineString", "MultiLineString"),
                    "territory": ("Polygon", "MultiPolygon"), "place": ("Point",)}
        assert feature["geometry"]["type"] in expected[feature["properties"]["kind"]]


@pytest.mark.parametrize(("args", "day"), [
    (("1861",), "1861-12-31"), (("1858-05",), "1858-05-31"), (("1727-11-01",), "1727-11-01"),
    (("1860-11-02", "--calendar", "julian"), "1860-11-14"), (("1700", "--calendar", "julian"), "1701-01-11"),
])
def test_geojson_holds_what_the_layers_say_for_the_day(fresh_layers, args, day):
    """Every feature with its properties, and nothing else: against the layer files."""
    collection = _collection(fresh_layers, *args)
    assert collection["name"] == f"bordermap-at-{day}"
    kinds = _kinds(collection)
    expected = _expected(fresh_layers, day)
    assert {k: kinds.get(k, set()) for k in expected} == expected
    timeline = {f["id"]: f["properties"] for f in _layer(fresh_layers, "timeline.geojson")}
    places = {f["id"]: f["properties"] for f in _layer(fresh_layers, "places.geojson")}
    for feature in collection["features"]:
        props = dict(feature["properties"])
        if props["kind"] == "place":
            props["kind"] = props.pop("place_kind")
            assert props == places[feature["id"]]
        else:
            assert props == timeline[feature["id"]]


def test_table(fresh_layers):
    result = _at(fresh_layers, "1861", "--format", "table")
    assert result.returncode == 0 and result.stderr == "", result.stderr
    text = result.stdout
    assert "In force on 1861-12-31 (Gregorian; 1861-12-19 Julian)" in text
    assert "Treaties in force: kyakhta-1727, tianjin-1858, peking-1860" in text
    argun = next(line for line in text.splitlines() if line.startswith(ARGUN))
    length = next(f["properties"]["length_km"] for f in _layer(fresh_layers, "timeline.geojson")
                  if f["id"] == ARGUN)
    assert "nerchinsk-1689" in argun and f"{length:,.1f}" in argun
    villages = next(line for line in text.splitlines() if line.startswith(VILLAGES))
    assert "peking-1860" in villages  # confirmed by
    assert "Khabarovsk" in text
    early = _at(fresh_layers, "1700", "--format", "table").stdout
    assert "Khabarovsk" not in early and "Albazin" not in early and ARGUN in early


def test_at_is_listed_in_help():
    result = run_cli("--help")
    assert result.returncode == 0 and re.search(r"^\s+at\s", result.stdout, re.M)
    result = run_cli("at", "--help")
    assert "--calendar" in result.stdout and "DATE" in result.stdout


# -- the same through the Python API, on many days ---------------------------------------------

@pytest.fixture(scope="module")
def layers(fresh_layers):
    from bordermap import analysis

    return analysis.read_layers(fresh_layers)


_FIRST, _LAST = date(1689, 9, 6), date(1864, 10, 6)
_DAYS = st.integers(0, (_LAST - _FIRST).days).map(lambda n: (_FIRST + timedelta(days=n)).isoformat())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=_DAYS)
def test_on_any_day_the_border_in_force_is_there_and_holds(layers, day):
    from bordermap import analysis
    from bordermap.calendars import to_julian

    found = analysis.in_force(day, layers)
    assert found.day == day and found.border and found.territories
    for feature in (*found.border, *found.territories):
        props = feature["properties"]
        assert props["valid_from"] <= day and (props["valid_until"] is None or day < props["valid_until"])
    for place in found.places:
        props = place["properties"]
        assert (props["valid_from"] or day) <= day
        assert props["valid_until"] is None or day < props["valid_until"]
    assert ARGUN in {f["id"] for f in found.border}  # the Argun is the border on every day
    # the same day written in the Julian calendar
    assert analysis.in_force(to_julian(day), layers, "julian") == found
