"""The guided tour of the seed history, ``geo/story.toml``: steps in order, each with the
day it shows, where the map goes, a title and a short text in English and Turkish (Russian
and Chinese titles where there are), the events, places and treaties it tells of, and the
works it rests on.

Read and checked like every source (:mod:`bordermap.sources.toml`): every problem is one
line naming the file, the line, the step and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bordermap.sources.bibliography import Citation, Work, citations
from bordermap.sources.toml import Doc, Entry, check_id, check_keys, choice, get, show, written_date
from bordermap.terms import CALENDARS

#: How many steps a tour has.
MIN_STEPS, MAX_STEPS = 15, 25
#: Languages every title and text needs, and those a title may add.
REQUIRED, OPTIONAL = ("en", "tr"), ("ru", "zh")
#: The longest text of a step (characters): a short paragraph, read beside the map.
MAX_TEXT = 600
#: The zoom levels a step may ask for (those the maps offer).
MIN_ZOOM, MAX_ZOOM = 3, 10

_STEP_KEYS = ("id", "date", "calendar", "view", "title", "text", "events", "places", "regimes", "routes",
              "proposals", "sources")


@dataclass(frozen=True)
class View:
    """Where the map goes: centre (degrees) and zoom."""

    lon: float
    lat: float
    zoom: int


@dataclass(frozen=True)
class Step:
    """One stop of the tour."""

    id: str
    date: Any  # a bordermap.calendars.WrittenDate
    view: View
    title: dict[str, str]
    text: dict[str, str]
    events: tuple[str, ...]
    places: tuple[str, ...]
    regimes: tuple[str, ...]
    sources: tuple[Citation, ...]
    routes: tuple[str, ...] = ()
    proposals: tuple[str, ...] = ()


def _languages(entry: Entry, key: str, optional: tuple[str, ...], limit: int | None) -> dict[str, str] | None:
    value = get(entry, key, dict, f"a table with {' and '.join(REQUIRED)}")
    if value is None:
        return None
    ok = True
    for lang in REQUIRED:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            entry.problem(f"{key}.{lang}", f"missing or empty (every step needs {' and '.join(REQUIRED)})")
            ok = False
    for lang in sorted(set(value) - set(REQUIRED) - set(optional)):
        entry.problem(f"{key}.{lang}", f"unknown language (expected {', '.join(REQUIRED + optional)})")
        ok = False
    for lang, text in value.items():
        if lang in REQUIRED + optional and not (isinstance(text, str) and text.strip()):
            if lang in optional:
                entry.problem(f"{key}.{lang}", "expected a text, got " + show(text))
                ok = False
        elif limit is not None and isinstance(text, str) and len(text) > limit:
            entry.problem(f"{key}.{lang}", f"{len(text)} characters; a step's text is at most {limit}")
            ok = False
    return {lang: value[lang].strip() for lang in value if lang in REQUIRED + optional} if ok else None


def _view(entry: Entry) -> View | None:
    value = get(entry, "view", dict, "a table { lon, lat, zoom }")
    if value is None:
        return None
    lon, lat, zoom = value.get("lon"), value.get("lat"), value.get("zoom")
    ok = True
    if sorted(value) != ["lat", "lon", "zoom"]:
        got = ", ".join(sorted(value)) or "none"
        entry.problem("view", f"expected the keys lon, lat and zoom, got {got}")
        ok = False
    if not (isinstance(lon, (int, float)) and not isinstance(lon, bool) and -180 <= lon <= 180):
        entry.problem("view.lon", f"expected a longitude between -180 and 180, got {show(lon)}")
        ok = False
    if not (isinstance(lat, (int, float)) and not isinstance(lat, bool) and -85 <= lat <= 85):
        entry.problem("view.lat", f"expected a latitude between -85 and 85, got {show(lat)}")
        ok = False
    if not (isinstance(zoom, int) and not isinstance(zoom, bool) and MIN_ZOOM <= zoom <= MAX_ZOOM):
        entry.problem("view.zoom", f"expected a whole zoom level from {MIN_ZOOM} to {MAX_ZOOM}, "
                                   f"got {show(zoom)}")
        ok = False
    return View(float(lon), float(lat), int(zoom)) if ok else None  # type: ignore[arg-type]


def _ids(entry: Entry, key: str, known: set[str], where: str) -> tuple[str, ...] | None:
    value = get(entry, key, list, f"a list of ids from {where}")
    if value is None:
        return None
    ok = True
    for item in value:
        if not isinstance(item, str) or item not in known:
            entry.problem(key, f"unknown id {show(item)} (not in {where})")
            ok = False
    if len(set(value)) != len(value):
        entry.problem(key, "an id is listed twice")
        ok = False
    return tuple(value) if ok else None


def read_story(doc: Doc, events: dict[str, Any], place_ids: set[str], regime_ids: set[str],
               works: dict[str, Work] | None, route_ids: set[str] = frozenset(),  # type: ignore[assignment]
               proposal_ids: set[str] = frozenset()) -> tuple[Step, ...]:  # type: ignore[assignment]
    """The steps of ``doc`` (``story.toml``), checked: known events, places, regimes, routes
    and proposals (``routes`` and ``proposals`` are optional: a step shows those it lists);
    every event told at a step happened by its date; the steps in the order of their dates;
    :data:`MIN_STEPS` to :data:`MAX_STEPS` of them."""
    out: list[Step] = []
    seen: set[str] = set()
    entries = doc.entries("step")
    last: tuple[str, str] | None = None  # (first day, step id) of the step before
    for entry in entries:
        check_keys(entry, _STEP_KEYS)
        sid = check_id(entry, seen)
        calendar = choice(entry, "calendar", CALENDARS)
        date = written_date(entry, "date", calendar)
        view = _view(entry)
        title = _languages(entry, "title", OPTIONAL, None)
        text = _languages(entry, "text", (), MAX_TEXT)
        told = _ids(entry, "events", set(events), "events.toml")
        places = _ids(entry, "places", place_ids, "places.toml")
        regimes = _ids(entry, "regimes", regime_ids, "geo/regimes/")
        routes = _ids(entry, "routes", route_ids, "routes.toml") if "routes" in entry.data else ()
        proposals = (_ids(entry, "proposals", proposal_ids, "proposals.toml")
                     if "proposals" in entry.data else ())
        cited = citations(entry, "sources", works)
        if date is not None:
            for eid in told or ():
                if events[eid].date.first > date.last:
                    entry.problem("events", f"{eid} ({events[eid].date.as_written}) is later than the "
                                            f"step's date {date.as_written}")
            if last is not None and date.first < last[0]:
                entry.problem("date", f"{date.as_written} comes before the step before it ('{last[1]}'): "
                                      "the tour goes forward in time")
            last = (date.first, sid or "?")
        values = (sid, date, view, title, text, told, places, regimes, cited, routes, proposals)
        if all(v is not None for v in values):
            out.append(Step(*values))  # type: ignore[arg-type]
    if doc.parsed and entries and not MIN_STEPS <= len(entries) <= MAX_STEPS:
        doc.problems.append(f"{doc.label}:1: {len(entries)} steps; a tour has {MIN_STEPS} to {MAX_STEPS}")
    return tuple(out)
