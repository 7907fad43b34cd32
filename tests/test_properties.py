"""Property-based tests (hypothesis): calendar conversion and the source readers."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bordermap.calendars import (
    both_calendars,
    days_in_month,
    gregorian_to_julian,
    julian_to_gregorian,
)
from bordermap.errors import SourceError


@st.composite
def julian_dates(draw) -> tuple[int, int, int]:
    year = draw(st.integers(1000, 2100))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, days_in_month(year, month, "julian")))
    return (year, month, day)


gregorian_dates = st.dates(min_value=date(1000, 3, 1), max_value=date(2100, 12, 31))


@given(julian_dates())
def test_julian_round_trip(d):
    assert gregorian_to_julian(julian_to_gregorian(d)) == d


@given(gregorian_dates)
def test_gregorian_round_trip(d):
    g = (d.year, d.month, d.day)
    assert julian_to_gregorian(gregorian_to_julian(g)) == g


@given(gregorian_dates, st.integers(1, 400))
def test_conversion_is_monotonic_and_keeps_day_counts(d, step):
    later = d + timedelta(days=step)
    a = gregorian_to_julian((d.year, d.month, d.day))
    b = gregorian_to_julian((later.year, later.month, later.day))
    assert a < b
    # the Julian date of the later day is `step` days on, counted in the Julian calendar
    days = 0
    cursor = a
    while cursor < b:
        y, m, dd = cursor
        if dd < days_in_month(y, m, "julian"):
            cursor = (y, m, dd + 1)
        elif m < 12:
            cursor = (y, m + 1, 1)
        else:
            cursor = (y + 1, 1, 1)
        days += 1
    assert days == step


@given(gregorian_dates)
def test_difference_grows_by_the_century_rule(d):
    """Old Style trails New Style by (century - century // 4 - 2) days, the century being
    counted from the Julian 29 February of each century year on."""
    jy, jm, jd = gregorian_to_julian((d.year, d.month, d.day))
    century = (jy if (jm, jd) > (2, 28) else jy - 1) // 100
    if (jm, jd) == (2, 29):
        return  # no date() for a Julian-only leap day; the conversion pairs test it
    assert (d - date(jy, jm, jd)).days == century - century // 4 - 2


@given(julian_dates())
def test_both_calendars_of_a_julian_date(d):
    text = f"{d[0]:04d}-{d[1]:02d}-{d[2]:02d}"
    julian, gregorian = both_calendars(text, "julian")
    assert julian == text
    g = julian_to_gregorian(d)
    assert gregorian == f"{g[0]:04d}-{g[1]:02d}-{g[2]:02d}"


# -- the source reader: places written by hypothesis, read back exactly ------------------

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s)
ids = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)


@st.composite
def places(draw):
    return {
        "id": draw(ids),
        "kind": draw(st.sampled_from(["fort", "town", "mouth", "marker"])),
        "name": {lang: draw(names) for lang in ("en", "ru", "zh", "tr")},
        "lon": draw(st.floats(-180, 180, allow_nan=False)),
        "lat": draw(st.floats(-90, 90, allow_nan=False)),
        "position": {"ref": "seed", "accuracy_km": draw(st.floats(0.01, 500, allow_nan=False))},
        "note": draw(names), "note_tr": draw(names), "sources": ["seed"],
    }


def _toml(place: dict) -> str:
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, float):
            return repr(v)
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    return "[[place]]\n" + "".join(f"{k} = {value(v)}\n" for k, v in place.items())


def _read(folder: Path, text: str):
    from bordermap.sources.gazetteer import _read_places
    from bordermap.sources.toml import Doc

    (folder / "places.toml").write_text(text, encoding="utf-8")
    problems: list[str] = []
    works = {"seed": None}  # the keys the places cite; the works themselves are not read here
    found, _ids = _read_places(Doc(folder / "places.toml", "places.toml", problems), works, set())
    return found, problems


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(places(), min_size=1, max_size=4, unique_by=lambda p: p["id"]))
def test_places_read_back_exactly(tmp_path, entries):
    found, problems = _read(tmp_path, "\n".join(_toml(p) for p in entries))
    assert problems == []
    assert list(found) == [p["id"] for p in entries]
    for p in entries:
        got = found[p["id"]]
        assert (got.lon, got.lat, got.kind) == (p["lon"], p["lat"], p["kind"])
        assert got.position.accuracy_km == p["position"]["accuracy_km"]
        assert got.approximate == (p["position"]["accuracy_km"] > 5)
        assert (got.position.lon, got.position.lat) == (p["lon"], p["lat"])  # cited as drawn
        assert got.name == p["name"] and got.note_tr == p["note_tr"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(places(), st.one_of(st.floats(180.0001, 1e6), st.floats(-1e6, -180.0001)))
def test_any_longitude_out_of_range_is_one_clear_problem(tmp_path, place, lon):
    place["lon"] = lon
    found, problems = _read(tmp_path, _toml(place))
    assert found == {}
    assert len(problems) == 1
    assert problems[0].startswith("places.toml:")
    assert "lon: expected a number between -180 and 180" in problems[0]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=200))
def test_arbitrary_bytes_never_crash_the_reader(tmp_path, data):
    from bordermap.sources.gazetteer import load_sources

    (tmp_path / "places.toml").write_bytes(data)
    try:
        load_sources(tmp_path)
    except SourceError as exc:
        assert all(p.split(":")[0].endswith(".toml") for p in exc.problems)
    else:
        raise AssertionError("an empty or random gazetteer cannot be valid")
