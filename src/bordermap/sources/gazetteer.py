"""Read and validate the hand-edited sources in ``geo/``.

The sources are TOML files, one array of tables each:

* ``places.toml`` — ``[[place]]``: the gazetteer (forts, towns, treaty sites and the
  confluences, mouths, sources, passes and hills that border descriptions name);
* ``rivers.toml`` — ``[[river]]``: each named river and the places that pin it down;
* ``lakes.toml`` — ``[[lake]]``: lakes taken from the GSHHS shorelines;
* ``events.toml`` — ``[[event]]``: dated events, each tied to a place.

:func:`load_sources` reads them all and reports *every* problem at once, each as one
line ``path:line: table 'id': key: what was expected``. Coordinates are WGS84 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bordermap.calendars import WrittenDate
from bordermap.errors import SourceError
from bordermap.sources.toml import (
    Doc,
    check_id,
    check_keys,
    choice,
    coordinate,
    display_path,
    get,
    names,
    show,
    written_date,
)
from bordermap.terms import CALENDARS, PLACE_KINDS

RIVER_GEOMETRIES = ("network", "waypoints")


@dataclass(frozen=True)
class Place:
    """A gazetteer entry; ``lon``/``lat`` in WGS84 degrees. ``founded`` and ``abandoned``
    bound when a settlement existed; None: before (or after) the period the data cover,
    as for rivers' mouths and passes, and cities far older than this history."""

    id: str
    kind: str
    name: dict[str, str]
    aliases: tuple[str, ...]
    lon: float
    lat: float
    approximate: bool
    founded: WrittenDate | None
    abandoned: WrittenDate | None
    note: str
    note_tr: str
    source: str


@dataclass(frozen=True)
class River:
    """A named river: the places (source, confluences, mouth) it runs through, in order."""

    id: str
    name: dict[str, str]
    waypoints: tuple[str, ...]
    geometry: str
    published_length_km: float
    length_source: str
    note: str
    note_tr: str
    source: str


@dataclass(frozen=True)
class Lake:
    """A lake taken from the GSHHS shorelines: the polygon that contains ``inside`` (lon, lat)."""

    id: str
    name: dict[str, str]
    inside: tuple[float, float]
    note: str
    note_tr: str
    source: str


@dataclass(frozen=True)
class Event:
    """A dated event at a place, its date as written and in both calendars."""

    id: str
    date: WrittenDate
    place: str
    title: dict[str, str]
    note: str
    note_tr: str
    source: str


@dataclass(frozen=True)
class Sources:
    """Everything read from ``geo/``, keyed by id in file order."""

    root: Path
    places: dict[str, Place]
    rivers: dict[str, River]
    lakes: dict[str, Lake]
    events: dict[str, Event]


_PLACE_KEYS = ("id", "kind", "name", "aliases", "lon", "lat", "approximate", "founded",
               "abandoned", "calendar", "note", "note_tr", "source")


def _read_places(doc: Doc) -> tuple[dict[str, Place], set[str]]:
    """Valid places, and every id declared (valid or not) so references are not doubly reported."""
    out: dict[str, Place] = {}
    seen: set[str] = set()
    for entry in doc.entries("place"):
        check_keys(entry, _PLACE_KEYS)
        pid = check_id(entry, seen)
        kind = choice(entry, "kind", PLACE_KINDS)
        name = names(entry, "name")
        lon = coordinate(entry, "lon", -180, 180)
        lat = coordinate(entry, "lat", -90, 90)
        approximate = get(entry, "approximate", bool, "true or false")
        calendar = choice(entry, "calendar", CALENDARS) if "calendar" in entry.data else "gregorian"
        founded = written_date(entry, "founded", calendar, required=False)
        abandoned = written_date(entry, "abandoned", calendar, required=False)
        if founded and abandoned and abandoned.last < founded.first:
            entry.problem("abandoned", f"{abandoned.as_written} is before it was founded "
                                       f"({founded.as_written})")
        aliases = get(entry, "aliases", list, "a list of names", required=False) or []
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            entry.problem("aliases", "expected a list of non-empty strings")
        note = get(entry, "note", str, "a short note in English")
        note_tr = get(entry, "note_tr", str, "a short note in Turkish")
        source = get(entry, "source", str, "where the place and its position come from")
        values = (pid, kind, name, lon, lat, approximate, note, note_tr, source)
        if all(v is not None for v in values):
            out[pid] = Place(pid, kind, name, tuple(aliases), lon, lat, approximate,  # type: ignore[arg-type]
                             founded, abandoned, note, note_tr, source)  # type: ignore[arg-type]
    return out, seen


_RIVER_KEYS = ("id", "name", "waypoints", "geometry", "published_length_km", "length_source",
               "note", "note_tr", "source")


def _read_rivers(doc: Doc, places: dict[str, Place], place_ids: set[str]) -> dict[str, River]:
    out: dict[str, River] = {}
    seen: set[str] = set()
    for entry in doc.entries("river"):
        check_keys(entry, _RIVER_KEYS)
        rid = check_id(entry, seen)
        name = names(entry, "name")
        geometry = choice(entry, "geometry", RIVER_GEOMETRIES)
        waypoints = get(entry, "waypoints", list, "a list of place ids from source to mouth")
        if waypoints is not None:
            if len(waypoints) < 2 or not all(isinstance(w, str) for w in waypoints):
                entry.problem("waypoints", "expected at least two place ids, source first")
                waypoints = None
            else:
                for w in waypoints:
                    if w not in place_ids:
                        entry.problem("waypoints", f"unknown place id {show(w)} (not in places.toml)")
                        waypoints = None
                if waypoints is not None and len(set(waypoints)) != len(waypoints):
                    entry.problem("waypoints", "a place appears twice")
                    waypoints = None
        length = get(entry, "published_length_km", (int, float), "a length in km")
        if isinstance(length, (int, float)) and length <= 0:
            entry.problem("published_length_km", f"expected a positive length, got {length}")
            length = None
        length_source = get(entry, "length_source", str, "where the published length comes from")
        note = get(entry, "note", str, "a short note")
        note_tr = get(entry, "note_tr", str, "the note in Turkish")
        source = get(entry, "source", str, "where the river's course comes from")
        values = (rid, name, geometry, waypoints, length, length_source, note, note_tr, source)
        if all(v is not None for v in values) and all(w in places for w in waypoints):
            out[rid] = River(rid, name, tuple(waypoints), geometry, float(length),
                             length_source, note, note_tr, source)  # type: ignore[arg-type]
    return out


_LAKE_KEYS = ("id", "name", "inside", "note", "note_tr", "source")


def _read_lakes(doc: Doc) -> dict[str, Lake]:
    out: dict[str, Lake] = {}
    seen: set[str] = set()
    for entry in doc.entries("lake"):
        check_keys(entry, _LAKE_KEYS)
        lid = check_id(entry, seen)
        name = names(entry, "name")
        inside = get(entry, "inside", list, "[lon, lat] of a point inside the lake")
        if inside is not None:
            ok = (len(inside) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                           for v in inside))
            if not ok or not (-180 <= inside[0] <= 180 and -90 <= inside[1] <= 90):
                entry.problem("inside", f"expected [lon, lat] in degrees, got {show(inside)}")
                inside = None
        note = get(entry, "note", str, "a short note")
        note_tr = get(entry, "note_tr", str, "the note in Turkish")
        source = get(entry, "source", str, "where the lake comes from")
        if all(v is not None for v in (lid, name, inside, note, note_tr, source)):
            out[lid] = Lake(lid, name, (float(inside[0]), float(inside[1])), note,  # type: ignore[index]
                            note_tr, source)
    return out


_EVENT_KEYS = ("id", "date", "calendar", "place", "title", "note", "note_tr", "source")


def _read_events(doc: Doc, place_ids: set[str]) -> dict[str, Event]:
    out: dict[str, Event] = {}
    seen: set[str] = set()
    for entry in doc.entries("event"):
        check_keys(entry, _EVENT_KEYS)
        eid = check_id(entry, seen)
        calendar = choice(entry, "calendar", CALENDARS)
        date = written_date(entry, "date", calendar)
        place = get(entry, "place", str, "a place id from places.toml")
        if place is not None and place not in place_ids:
            entry.problem("place", f"unknown place id {show(place)} (not in places.toml)")
            place = None
        title = names(entry, "title")
        note = get(entry, "note", str, "a short note in English")
        note_tr = get(entry, "note_tr", str, "a short note in Turkish")
        source = get(entry, "source", str, "where the event and its date come from")
        values = (eid, date, place, title, note, note_tr, source)
        if all(v is not None for v in values):
            out[eid] = Event(eid, date, place, title, note, note_tr, source)  # type: ignore[arg-type]
    return out


def load_sources(root: Path) -> Sources:
    """Read and validate every source file under ``root`` (normally ``geo/``).

    Raises :class:`~bordermap.errors.SourceError` listing every problem found.
    """
    problems: list[str] = []

    def doc(name: str) -> Doc:
        return Doc(root / name, display_path(root / name), problems)

    places, place_ids = _read_places(doc("places.toml"))
    rivers = _read_rivers(doc("rivers.toml"), places, place_ids)
    lakes = _read_lakes(doc("lakes.toml"))
    events = _read_events(doc("events.toml"), place_ids)
    if problems:
        raise SourceError(problems)
    return Sources(root, places, rivers, lakes, events)
