"""Read and validate the hand-edited sources in ``geo/``.

The sources are TOML files, one array of tables each:

* ``places.toml`` — ``[[place]]``: the gazetteer (forts, towns, treaty sites and the
  confluences, mouths, sources, passes and hills that border descriptions name);
* ``rivers.toml`` — ``[[river]]``: each named river and the places that pin it down;
* ``lakes.toml`` — ``[[lake]]``: lakes taken from the GSHHS shorelines;
* ``events.toml`` — ``[[event]]``: dated events, each tied to a place;
* ``bibliography.toml`` — ``[[work]]``: every work the others cite, by key
  (:mod:`bordermap.sources.bibliography`).

:func:`load_sources` reads them all and reports *every* problem at once, each as one
line ``path:line: table 'id': key: what was expected``. Coordinates are WGS84 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bordermap.calendars import WrittenDate
from bordermap.errors import SourceError
from bordermap.sources.bibliography import Citation, Work, citation, citations, read_bibliography
from bordermap.sources.story import Step, read_story
from bordermap.sources.toml import (
    Doc,
    Entry,
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
#: A place whose position is known to worse than this (km) is shown as approximate.
APPROXIMATE_KM = 5.0
SIDES = ("left", "right")


@dataclass(frozen=True)
class Position:
    """Where a cited work puts a place (``lon``/``lat``, WGS84 degrees), and how far (km)
    the real site may lie from where bordermap draws it."""

    ref: Citation
    lon: float
    lat: float
    accuracy_km: float
    note: str | None


@dataclass(frozen=True)
class Bank:
    """The bank of a river a place stands on (left or right looking downstream)."""

    river: str
    side: str


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
    position: Position
    bank: Bank | None
    founded: WrittenDate | None
    abandoned: WrittenDate | None
    note: str
    note_tr: str
    sources: tuple[Citation, ...]

    @property
    def approximate(self) -> bool:
        """Known only roughly: the real site may lie more than :data:`APPROXIMATE_KM` away."""
        return self.position.accuracy_km > APPROXIMATE_KM


@dataclass(frozen=True)
class River:
    """A named river: the places (source, confluences, mouth) it runs through, in order."""

    id: str
    name: dict[str, str]
    waypoints: tuple[str, ...]
    geometry: str
    published_length_km: float
    length_source: Citation
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Lake:
    """A lake taken from the GSHHS shorelines: the polygon that contains ``inside`` (lon, lat)."""

    id: str
    name: dict[str, str]
    inside: tuple[float, float]
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Event:
    """A dated event at a place, its date as written and in both calendars."""

    id: str
    date: WrittenDate
    place: str
    title: dict[str, str]
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Sources:
    """Everything read from ``geo/``, keyed by id in file order."""

    root: Path
    works: dict[str, Work]
    places: dict[str, Place]
    rivers: dict[str, River]
    lakes: dict[str, Lake]
    events: dict[str, Event]
    #: the guided tour (geo/story.toml), in order
    story: tuple[Step, ...] = ()
    #: the dataset as a whole (geo/dataset.toml)
    dataset: Any = None


_PLACE_KEYS = ("id", "kind", "name", "aliases", "lon", "lat", "position", "bank", "founded",
               "abandoned", "calendar", "note", "note_tr", "sources")
_POSITION_KEYS = ("ref", "lon", "lat", "accuracy_km", "note")


def _position(entry: Entry, works: dict[str, Work] | None, lon: float | None,
              lat: float | None) -> Position | None:
    """``position = { ref, accuracy_km, lon?, lat?, note? }``: the work the position comes
    from; ``lon``/``lat`` only where the work's coordinates differ from those drawn."""
    value = get(entry, "position", dict, "{ ref = \"key: locator\", accuracy_km = ..., and lon, "
                                         "lat where the cited coordinates differ from those drawn }")
    if value is None:
        return None
    ok = True
    for key in sorted(set(value) - set(_POSITION_KEYS)):
        entry.problem(f"position.{key}", f"unknown key (expected one of: {', '.join(_POSITION_KEYS)})")
        ok = False
    ref = citation(entry, "position.ref", value.get("ref"), works)
    accuracy = value.get("accuracy_km")
    if not isinstance(accuracy, (int, float)) or isinstance(accuracy, bool) or not 0 < accuracy <= 500:
        entry.problem("position.accuracy_km", "expected how far (km) the real site may lie from the "
                                              f"drawn point, above 0 and at most 500, got {show(accuracy)}")
        ok = False
    cited = []
    for key, low, high, drawn in (("lon", -180, 180, lon), ("lat", -90, 90, lat)):
        number = value.get(key, drawn)
        if number is None:  # not given, and the drawn coordinate is wrong: reported already
            ok = False
            continue
        if not isinstance(number, (int, float)) or isinstance(number, bool) or not low <= number <= high:
            entry.problem(f"position.{key}", f"expected a number between {low} and {high}, got "
                                             f"{show(number)}")
            ok = False
        cited.append(number)
    if ("lon" in value) != ("lat" in value):
        entry.problem("position", "give both lon and lat of the cited position, or neither")
        ok = False
    note = value.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        entry.problem("position.note", f"expected a short note, got {show(note)}")
        ok = False
    if not ok or ref is None or lon is None or lat is None:
        return None
    return Position(ref, float(cited[0]), float(cited[1]), float(accuracy), note)  # type: ignore[arg-type]


def _bank(entry: Entry, rivers: set[str]) -> Bank | bool | None:
    """``bank = { river, side }``; None when absent, False when wrong (reported)."""
    if "bank" not in entry.data:
        return None
    value = entry.data["bank"]
    if (not isinstance(value, dict) or set(value) != {"river", "side"}
            or value["side"] not in SIDES or value["river"] not in rivers):
        entry.problem("bank", f"expected {{ river = <a river id of rivers.toml>, side = \"left\" or "
                              f"\"right\" (looking downstream) }}, got {show(value)}")
        return False
    return Bank(value["river"], value["side"])


def _read_places(doc: Doc, works: dict[str, Work] | None,
                 rivers: set[str]) -> tuple[dict[str, Place], set[str]]:
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
        position = _position(entry, works, lon, lat)
        bank = _bank(entry, rivers)
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
        cited = citations(entry, "sources", works)
        values = (pid, kind, name, lon, lat, position, note, note_tr, cited)
        if all(v is not None for v in values) and bank is not False:
            out[pid] = Place(pid, kind, name, tuple(aliases), lon, lat, position,  # type: ignore[arg-type]
                             bank, founded, abandoned, note, note_tr, cited)  # type: ignore[arg-type]
    return out, seen


_RIVER_KEYS = ("id", "name", "waypoints", "geometry", "published_length_km", "length_source",
               "note", "note_tr", "sources")


def _read_rivers(doc: Doc, places: dict[str, Place], place_ids: set[str],
                 works: dict[str, Work] | None) -> dict[str, River]:
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
        length_text = get(entry, "length_source", str, "the citation of the published length")
        length_source = (citation(entry, "length_source", length_text, works)
                         if length_text is not None else None)
        note = get(entry, "note", str, "a short note")
        note_tr = get(entry, "note_tr", str, "the note in Turkish")
        cited = citations(entry, "sources", works)
        values = (rid, name, geometry, waypoints, length, length_source, note, note_tr, cited)
        if all(v is not None for v in values) and all(w in places for w in waypoints):
            out[rid] = River(rid, name, tuple(waypoints), geometry, float(length),
                             length_source, note, note_tr, cited)  # type: ignore[arg-type]
    return out


_LAKE_KEYS = ("id", "name", "inside", "note", "note_tr", "sources")


def _read_lakes(doc: Doc, works: dict[str, Work] | None) -> dict[str, Lake]:
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
        cited = citations(entry, "sources", works)
        if all(v is not None for v in (lid, name, inside, note, note_tr, cited)):
            out[lid] = Lake(lid, name, (float(inside[0]), float(inside[1])), note,  # type: ignore[index]
                            note_tr, cited)  # type: ignore[arg-type]
    return out


_EVENT_KEYS = ("id", "date", "calendar", "place", "title", "note", "note_tr", "sources")


def _read_events(doc: Doc, place_ids: set[str], works: dict[str, Work] | None) -> dict[str, Event]:
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
        cited = citations(entry, "sources", works)
        values = (eid, date, place, title, note, note_tr, cited)
        if all(v is not None for v in values):
            out[eid] = Event(eid, date, place, title, note, note_tr, cited)  # type: ignore[arg-type]
    return out


def load_sources(root: Path) -> Sources:
    """Read and validate every source file under ``root`` (normally ``geo/``).

    Raises :class:`~bordermap.errors.SourceError` listing every problem found.
    """
    problems: list[str] = []

    def doc(name: str) -> Doc:
        return Doc(root / name, display_path(root / name), problems)

    bibliography = doc("bibliography.toml")
    before = len(problems)
    works = read_bibliography(bibliography)
    checked = works if len(problems) == before else None  # a broken bibliography is reported once
    river_doc = doc("rivers.toml")
    river_ids = {e.id for e in river_doc.entries("river", only=False, required=False) if e.id}
    places, place_ids = _read_places(doc("places.toml"), checked, river_ids)
    rivers = _read_rivers(river_doc, places, place_ids, checked)
    lakes = _read_lakes(doc("lakes.toml"), checked)
    events = _read_events(doc("events.toml"), place_ids, checked)
    from bordermap.sources.treaties import REGIME_IDS  # here: treaties reads these sources

    # the ids of the routes and proposals a step may show (their files are read in full, and
    # any problem in them reported, by bordermap.sources.treaties)
    journeys = {table: {e.id for e in Doc(root / f"{table}s.toml", "", []).entries(
        table, only=False, required=False) if e.id} for table in ("route", "proposal")}
    story = read_story(doc("story.toml"), events, place_ids, set(REGIME_IDS), checked,
                       journeys["route"], journeys["proposal"])
    from bordermap.sources.dataset import read_dataset

    dataset = read_dataset(doc("dataset.toml"))
    problems[:] = list(dict.fromkeys(problems))
    if problems:
        raise SourceError(problems)
    return Sources(root, works, places, rivers, lakes, events, story, dataset)
