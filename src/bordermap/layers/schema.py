"""The schema of ``layers/``: what ``index.json`` and every layer hold, declared once.

``layers/`` is the one interface between ``bordermap build`` and everything that reads
it. This module declares it as data: :data:`INDEX` (``index.json``), :data:`LAYERS` (one
:class:`Layer` per layer file, and :data:`REGIME_LAYER` for ``<regime-id>.geojson``),
each feature kind with its geometry types and every property with its type, whether it
is required, its allowed values and its meaning. README's schema tables and a
Frictionless ``datapackage.json`` can be generated from these declarations.

:func:`check_index` and :func:`check_layer` hold parsed files against them
(:mod:`bordermap.layers.read` calls them on every read). Reading is strict about what is
declared and tolerant of the rest: a property nobody declared (a user's own column) is
allowed, but for the name ``geometry``. Each problem is a
:class:`~bordermap.errors.BordermapError` of one line, ``FILE: where: what is wrong``,
with values from the data shown short and with every unprintable character escaped.

Coordinates are WGS84 longitude/latitude in degrees; lengths are km, areas km².
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from bordermap.errors import BordermapError, printable, shown
from bordermap.layers.geojson import GEOMETRY_TYPES, GeometryError, check_geometry, lone_surrogate
from bordermap.terms import (
    BANKS,
    CALENDARS,
    DATE_PRECISIONS,
    DRAWN_REGIMES,
    ID,
    LANGS,
    PLACE_KINDS,
    PRECISIONS,
    PROPOSAL_KINDS,
    PROPOSERS,
    READINGS,
    RIVER_PRECISIONS,
    SEGMENT_KINDS,
    STATUSES,
    WORK_KINDS,
)

#: Layer name -> (file, title) in the order ``index.json`` lists them.
LAYER_FILES = {
    "rivers": ("rivers.geojson", "Rivers that became the border, source to mouth"),
    "lakes": ("lakes.geojson", "Lakes on the border"),
    "places": ("places.geojson", "Gazetteer: forts, towns, treaty sites and border points"),
    "events": ("events.geojson", "Dated events 1632-1860, in both calendars"),
    "modern": ("modern.geojson", "Today's Russia-China and Russia-Mongolia borders (reference)"),
    "basemap": ("basemap.geojson", "Light vector basemap for offline maps: land, lakes, rivers"),
    "timeline": ("timeline.geojson", "Every border segment and territory once, with when it was "
                                     "in force (valid_from, valid_until)"),
    "story": ("story.geojson", "The guided tour of the seed history, 1632-1860: one step each, "
                               "at the point the map centres on"),
    "routes": ("routes.geojson", "Routes of the expeditions of 1846-1855, leg by leg: rivers as "
                                 "traced, sea courses approximate"),
    "proposals": ("proposals.geojson", "Lines proposed, held or claimed in 1858-1859, never in force"),
}

#: JSON types of a :class:`Field` (Frictionless names); ``date`` is Gregorian ``YYYY-MM-DD`` text.
TYPES = ("string", "integer", "number", "boolean", "date", "array", "object")


@dataclass(frozen=True)
class Field:
    """One property of a feature, or one member of ``index.json``.

    ``values``: the allowed values (an enumeration); ``pattern``: a regular expression the
    whole text matches; ``minimum``: the least number allowed (not itself allowed when
    ``exclusive``); ``items``: the type of an array's items; ``fields``: the members of an
    object, or of each object in an array; ``equals``: the value it must have, where
    ``{id}`` is the id of the feature or entry it belongs to and ``{layer}`` the layer's id;
    ``refers``: ``"regime"`` when it names a regime of ``index.json``, ``"work"`` when its
    items name works of its bibliography (:func:`check_refs`).
    """

    name: str
    type: str
    meaning: str
    required: bool = True
    nullable: bool = False
    values: tuple[str, ...] = ()
    pattern: str = ""
    minimum: float | None = None
    exclusive: bool = False
    items: str = ""
    fields: tuple[Field, ...] = ()
    equals: str = ""
    refers: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of feature in a layer: its geometry types and its properties.

    ``name`` is the value of the ``kind`` property that selects it, in a layer with several
    kinds of feature; empty in a layer with one.
    """

    name: str
    geometry: tuple[str, ...]
    fields: tuple[Field, ...]
    meaning: str


@dataclass(frozen=True)
class Layer:
    """A layer file: a GeoJSON FeatureCollection of the :class:`Kind` s declared."""

    id: str
    file: str
    meaning: str
    kinds: tuple[Kind, ...]
    min_features: int = 0


#: An id that names a file: lowercase letters and digits in groups joined by single hyphens.
SLUG = ID.pattern
#: A layer file: a slug and ``.geojson``, a plain name in the layers folder.
GEOJSON_FILE = SLUG[:-1] + r"\.geojson$"
#: A date ``YYYY-MM-DD``.
DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
#: A date that may be only a year or a year and a month: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``.
PARTIAL_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_PATTERN_WORDS = {
    SLUG: "an id of lowercase letters and digits joined by single hyphens",
    GEOJSON_FILE: "a file name <id>.geojson in the layers folder",
    DATE: "a date YYYY-MM-DD",
    PARTIAL_DATE: "a date YYYY, YYYY-MM or YYYY-MM-DD",
}
LANGUAGES = {"en": "English", "ru": "Russian", "zh": "Chinese", "tr": "Turkish"}
#: Layers every consumer reads by id (``bordermap build`` writes them all).
REQUIRED_LAYERS = tuple(LAYER_FILES)
#: Property names a layer may not use: GeoPandas would take ``geometry`` for the geometry.
RESERVED = ("geometry",)

_LINES = ("LineString", "MultiLineString")
_POLYGONS = ("Polygon", "MultiPolygon")


def _text(name: str, meaning: str) -> Field:
    return Field(name, "string", meaning)


def _names(prefix: str, what: str) -> tuple[Field, ...]:
    return tuple(_text(f"{prefix}_{lang}", f"{what} in {LANGUAGES[lang]}") for lang in LANGS)


def _notes(what: str) -> tuple[Field, ...]:
    return (_text("note", f"{what}, in English"), _text("note_tr", "the same note in Turkish"))


def _id(what: str) -> Field:
    return Field("id", "string", f"{what}; the same as the feature's own id", equals="{id}")


def _km(name: str, meaning: str, positive: bool = False) -> Field:
    return Field(name, "number", meaning, minimum=0, exclusive=positive, unit="km")


_REFS = Field("refs", "array", "the keys of the works source cites, in index.json's bibliography",
              items="string", refers="work")
_SOURCE = (_text("source", "the works it rests on, cited short (\"Mancall 1971\"), \"; \"-joined; "
                 "index.json's bibliography gives each in full"), _REFS)


def _lifespan(what: str, start: str, end: str) -> tuple[Field, ...]:
    """When ``what`` was in force or existed, Gregorian and Julian; ``start`` and ``end``
    say what a null bound means."""
    return (
        Field("valid_from", "date", f"the first day {what} (Gregorian); null: {start}", nullable=True),
        Field("valid_until", "date", f"the first day {what} no longer (Gregorian); null: {end}",
              nullable=True),
        Field("valid_from_julian", "string", "valid_from in the Julian calendar (Old Style)",
              pattern=DATE, nullable=True),
        Field("valid_until_julian", "string", "valid_until in the Julian calendar (Old Style)",
              pattern=DATE, nullable=True),
    )


#: A date as a source writes it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, ``~`` when approximate.
WRITTEN_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?~?$"
_PLACE = "a place id of places.geojson"

PLACES = Layer("places", LAYER_FILES["places"][0], LAYER_FILES["places"][1], (Kind("", ("Point",), (
    _id("the place id, such as aigun"),
    Field("kind", "string", "what the place is", values=PLACE_KINDS),
    *_names("name", "name"),
    Field("aliases", "array", "other names and spellings", items="string"),
    Field("approximate", "boolean", "true where the real site may lie more than 5 km from the point"),
    _km("accuracy_km", "how far the real site may lie from the point, km", positive=True),
    _text("position_source", "the work the position comes from, cited short"),
    Field("position_note", "string", "what the point is: the modern town, the fort site, a "
          "reconstruction; null: the cited position itself", nullable=True),
    Field("founded", "string", "when it was founded, as the sources give it (YYYY, YYYY-MM or "
          "YYYY-MM-DD; ~ when approximate); null: before this history, or a natural feature",
          pattern=WRITTEN_DATE, nullable=True),
    Field("abandoned", "string", "when it was abandoned, written as founded; null: not in this "
          "history", pattern=WRITTEN_DATE, nullable=True),
    Field("calendar", "string", "the calendar founded and abandoned are written in; null if "
          "neither is given", values=CALENDARS, nullable=True),
    *_lifespan("it existed", "it existed before the data begin", "it existed to their end"),
    *_notes("what the place is to this history"),
    *_SOURCE,
), "a place of the gazetteer, at its position"),))

def _written_date(meaning: str) -> tuple[Field, ...]:
    """A date as the sources write it (``date``, meaning ``meaning``), its ``calendar``, and
    the date in each calendar."""
    return (Field("date", "string", meaning, pattern=WRITTEN_DATE),
            Field("calendar", "string", "the calendar of date", values=CALENDARS),
            Field("date_julian", "string", "the date in the Julian calendar (Old Style)",
                  pattern=PARTIAL_DATE),
            Field("date_gregorian", "string", "the date in the Gregorian calendar (New Style)",
                  pattern=PARTIAL_DATE))


EVENTS = Layer("events", LAYER_FILES["events"][0], LAYER_FILES["events"][1], (Kind("", ("Point",), (
    _id("the event id"),
    *_written_date("the date as the sources give it, in its calendar (~ when approximate)"),
    Field("date_precision", "string", "how exactly the date is known", values=DATE_PRECISIONS),
    Field("date_first", "date", "the first day the date can mean (Gregorian): the maps show the "
          "event from then on"),
    Field("date_last", "date", "the last day the date can mean (Gregorian)"),
    Field("year", "integer", "the year (of date); the maps' year slider shows events up to it"),
    Field("place", "string", f"where it happened: {_PLACE}, whose position the event takes"),
    *_names("title", "title"),
    *_notes("what happened"),
    Field("approximate", "boolean", "true where the place's position is only roughly known"),
    *_SOURCE,
), "a dated event, at its place"),))

RIVERS = Layer("rivers", LAYER_FILES["rivers"][0], LAYER_FILES["rivers"][1], (Kind("", _LINES, (
    _id("the river id, such as amur"),
    *_names("name", "name"),
    Field("waypoints", "array", "the place ids the line was traced through, source first",
          items="string"),
    _km("length_km", "geodesic length of the line on the WGS84 ellipsoid, km"),
    _km("published_length_km", "the length reference works give, km", positive=True),
    _text("length_source", "the reference work that gives published_length_km, cited short"),
    Field("precision", "string", "generalised: traced through the World Data Bank II network; "
          "approximate: drawn straight between its waypoints", values=RIVER_PRECISIONS),
    *_notes("what the river is to this history"),
    *_SOURCE,
), "a river, from its source to its mouth"),))

LAKES = Layer("lakes", LAYER_FILES["lakes"][0], LAYER_FILES["lakes"][1], (Kind("", _POLYGONS, (
    _id("the lake id, such as khanka"),
    *_names("name", "name"),
    Field("area_km2", "number", "geodesic area on the WGS84 ellipsoid, km²", minimum=0, unit="km2"),
    *_notes("what the lake is to this history"),
    *_SOURCE,
), "a lake, its GSHHS shoreline"),))

MODERN = Layer("modern", LAYER_FILES["modern"][0], LAYER_FILES["modern"][1], (Kind("", _LINES, (
    Field("regime", "string", "always modern: today's border, for reference", values=("modern",)),
    Field("kind", "string", "always border", values=("border",)),
    _id("modern/<segment>"),
    _text("segment", "the border's id, such as russia-china"),
    *_names("name", "name"),
    Field("segment_kind", "string", "what the line follows", values=SEGMENT_KINDS),
    Field("precision", "string", "how exactly the line is known", values=PRECISIONS),
    _km("length_km", "geodesic length on the WGS84 ellipsoid, km"),
    *_notes("what the border is"),
    *_SOURCE,
), "today's border, traced through the World Data Bank II country borders (pre-1991)"),))

BASEMAP = Layer("basemap", LAYER_FILES["basemap"][0], LAYER_FILES["basemap"][1], tuple(
    Kind(kind, geometry, (
        _id(f"always {fid}"),
        Field("kind", "string", "land, lake or river", values=(kind,)),
        *_SOURCE,
    ), meaning)
    for kind, fid, geometry, meaning in (
        ("land", "land", _POLYGONS, "all land, simplified"),
        ("lake", "lake", _POLYGONS, "the larger lakes, simplified"),
        ("river", "rivers", _LINES, "the longer rivers, simplified"),
    )))

def _established() -> tuple[Field, ...]:
    return (Field("established_by", "string", "the id of the treaty that drew it (index.json's "
                  "regimes), such as nerchinsk-1689", pattern=SLUG),)


_OWN = (Field("own", "boolean", "true where this layer's own treaty drew it; false where an "
              "earlier treaty did and it was still in force"),)


def _in_force(what: str) -> tuple[Field, ...]:
    return (
        Field("confirmed_by", "array", f"the treaties that confirmed {what} (it stayed in force "
              "under them), in the order they were signed", items="string"),
        *_lifespan("it was in force", "never (every one has a start)", "still in force on the last "
                   "day the data cover (index.json's coverage)"),
        Field("ended_by", "string", "the id of the treaty (or event) that ended it; null: in force to "
              "the end of the data", nullable=True),
    )


def _border(own: bool) -> Kind:
    return Kind("border", _LINES, (
        Field("kind", "string", "always border", values=("border",)),
        _id("<treaty>/<segment>: the treaty that drew it and the segment"),
        *_established(),
        *(_OWN if own else ()),
        _text("segment", "the segment id"),
        _text("chain", "the chain of segments it belongs to: main, or another such as uda or west"),
        Field("segment_kind", "string", "river; ridge (a crest or watershed); line (straight, or "
              "between markers)", values=SEGMENT_KINDS),
        Field("river", "string", "the river id (rivers.geojson) it follows; null if none", nullable=True),
        Field("line", "string", "the named line it follows; null if none", nullable=True),
        Field("from", "string", f"where it begins: {_PLACE}"),
        Field("to", "string", f"where it ends: {_PLACE}"),
        Field("bank", "string", "river: the river itself is the border; left or right: that bank is",
              values=BANKS),
        _text("article", "the number of the article of established_by that drew it"),
        Field("precision", "string", "described by the treaty, surveyed and marked, approximate, or "
              "undelimited (left open or disputed)", values=PRECISIONS),
        *_in_force("the segment"),
        _km("length_km", "geodesic length on the WGS84 ellipsoid, km"),
        *_notes("how the geometry interprets the text"),
        *_SOURCE,
    ), "a segment of the border, in chain order")


def _territory(own: bool) -> Kind:
    return Kind("territory", _POLYGONS, (
        Field("kind", "string", "always territory", values=("territory",)),
        _id("<treaty>/<territory>: the treaty that drew it and the territory"),
        *_established(),
        *(_OWN if own else ()),
        _text("territory", "the territory id"),
        _text("region", "the region it is built from"),
        *_names("name", "the region's name"),
        Field("status", "string", "its status under the treaty that drew it", values=STATUSES),
        _text("from_state", "who held it before: qing, russia, joint, contested or undelimited"),
        _text("to_state", "who holds it under the treaty that drew it"),
        _text("article", "the number of the article of established_by that gives its status"),
        Field("reading", "string", "whose reading its extent and status are: treaty (the text, "
              "where the parties' texts and the histories agree), chinese, russian, or bordermap "
              "(bordermap's own, where no source gives a limit)", values=READINGS),
        Field("alternative", "boolean", "true: a second reading, shown beside the main one and not "
              "counted in who held what"),
        *_in_force("the territory"),
        Field("area_km2", "integer", "area in the Albers equal-area projection (42 N, 56 N), km²",
              minimum=0, unit="km2"),
        *_notes("what the status means here"),
        *_SOURCE,
    ), "an area and its status")


BORDER, TERRITORY = _border(own=True), _territory(own=True)

#: ``<regime-id>.geojson``: one per treaty with a border of its own (its ``file`` in
#: ``index.json``): every segment and territory in force at some time in its period.
REGIME_LAYER = Layer("<regime-id>", "<regime-id>.geojson", "the whole border and every territory "
                     "in force during one regime's period, whichever treaty drew them",
                     (BORDER, TERRITORY), min_features=1)

TIMELINE = Layer("timeline", LAYER_FILES["timeline"][0], LAYER_FILES["timeline"][1],
                 (_border(own=False), _territory(own=False)), min_features=1)

STORY = Layer("story", LAYER_FILES["story"][0], LAYER_FILES["story"][1], (Kind("", ("Point",), (
    _id("the step id"),
    Field("step", "integer", "the step's place in the tour, from 1", minimum=1),
    *_written_date("the date the step shows, as the sources give it, in its calendar"),
    Field("day", "date", "the day the map shows at this step (Gregorian): the last day the date can "
          "mean"),
    Field("zoom", "integer", "the zoom the map goes to (3 to 10), centred on the feature's point",
          minimum=3),
    _text("title_en", "the step's title in English"),
    _text("title_tr", "the step's title in Turkish"),
    Field("title_ru", "string", "the step's title in Russian, where there is one", nullable=True),
    Field("title_zh", "string", "the step's title in Chinese, where there is one", nullable=True),
    _text("text_en", "what the step tells, a short paragraph in English"),
    _text("text_tr", "the same in Turkish"),
    Field("events", "array", "ids of events.geojson the step tells of", items="string"),
    Field("places", "array", "ids of places.geojson the step emphasises", items="string"),
    Field("regimes", "array", "ids of the regimes whose lines the step emphasises", items="string"),
    Field("routes", "array", "ids of the routes (routes.geojson's route) the step shows", items="string"),
    Field("proposals", "array", "ids of the proposals (proposals.geojson's proposal) the step shows",
          items="string"),
    *_SOURCE,
), "a step of the tour, at the centre of its view"),))

def _route_date(prefix: str, meaning: str, nullable: bool) -> tuple[Field, ...]:
    return (Field(prefix, "string", meaning, pattern=WRITTEN_DATE, nullable=nullable),
            Field(f"{prefix}_julian", "string", f"{prefix} in the Julian calendar (Old Style)",
                  pattern=PARTIAL_DATE, nullable=nullable),
            Field(f"{prefix}_gregorian", "string", f"{prefix} in the Gregorian calendar (New Style)",
                  pattern=PARTIAL_DATE, nullable=nullable))


def _follows(what: str) -> tuple[Field, ...]:
    return (_text("follows", f"the id of the river (rivers.geojson) or of the line of geo/lines.toml "
                             f"{what} follows"),
            Field("from", "string", f"where it starts: {_PLACE}"),
            Field("to", "string", f"where it ends: {_PLACE}"),)


ROUTES = Layer("routes", LAYER_FILES["routes"][0], LAYER_FILES["routes"][1], (Kind("", ("LineString",), (
    _id("<route>/<leg>"),
    _text("route", "the route's id, such as nevelskoy-1849"),
    Field("leg", "integer", "the leg's place in the route, from 1", minimum=1),
    *_names("name", "the route's name"),
    Field("mode", "string", "river: down or up a river; sea: a ship's course", values=("river", "sea")),
    *_follows("the leg"),
    Field("precision", "string", "generalised: on the river as traced through World Data Bank II; "
          "approximate: a ship's course drawn straight between points at sea",
          values=RIVER_PRECISIONS),
    Field("calendar", "string", "the calendar date and until are written in", values=CALENDARS),
    *_route_date("date", "when the route set out, as the sources give it (~ when approximate)", False),
    *_route_date("until", "when it ended, written as date; null: the sources give no date", True),
    Field("date_first", "date", "the first day date can mean (Gregorian): the maps show the route "
          "from then on"),
    Field("date_last", "date", "the last day until (or, without one, date) can mean (Gregorian)"),
    Field("people", "array", "who led it", items="string"),
    *_names("vessel", "the vessels or craft"),
    Field("event", "string", "the id of the event of events.geojson it belongs to; null: none",
          nullable=True),
    _km("length_km", "geodesic length of the leg on the WGS84 ellipsoid, km"),
    *_notes("what the route did"),
    *_SOURCE,
), "one leg of an expedition's route"),))

PROPOSALS = Layer("proposals", LAYER_FILES["proposals"][0], LAYER_FILES["proposals"][1],
                  (Kind("", ("LineString",), (
    _id("<proposal>/<part>"),
    _text("proposal", "the proposal's id, such as russian-draft-1858"),
    Field("part", "integer", "the line's place in the proposal, from 1", minimum=1),
    Field("status", "string", "always proposed: never a border in force", values=("proposed",)),
    Field("proposal_kind", "string", "draft: a draft treaty; position: a negotiating position; "
          "claim: a claim made after a treaty", values=PROPOSAL_KINDS),
    Field("by", "string", "who made it", values=PROPOSERS),
    *_names("name", "the proposal's name"),
    *_written_date("when it was made, as the sources give it, in its calendar"),
    Field("date_first", "date", "the first day date can mean (Gregorian): the maps show the "
          "proposal from then on"),
    Field("settled_by", "string", "the id of the treaty that settled the question (index.json's "
          "regimes)", pattern=SLUG, refers="regime"),
    Field("segment_kind", "string", "what the line follows", values=SEGMENT_KINDS),
    *_follows("the line"),
    Field("precision", "string", "how exactly the proposal described the line", values=PRECISIONS),
    _km("length_km", "geodesic length on the WGS84 ellipsoid, km"),
    *_notes("what was proposed, by whom, and what became of it"),
    *_SOURCE,
), "one line of a proposal"),))

#: The layers of ``index.json``'s ``layers``, by id.
LAYERS = {layer.id: layer for layer in (RIVERS, LAKES, PLACES, EVENTS, MODERN, BASEMAP,
                                          TIMELINE, STORY, ROUTES, PROPOSALS)}

#: A layer a user listed in ``index.json`` that bordermap does not know: any valid GeoJSON.
OTHER_LAYER = Layer("<other>", "<id>.geojson", "a layer bordermap does not read",
                    (Kind("", GEOMETRY_TYPES, (), "any feature"),))

#: The members of a layer file and of each of its features.
COLLECTION = (
    Field("type", "string", "always FeatureCollection", values=("FeatureCollection",)),
    Field("name", "string", "the layer's id", required=False),
    Field("features", "array", "the features, one per line", items="object"),
)
FEATURE = (
    Field("type", "string", "always Feature", values=("Feature",)),
    Field("id", "string", "the feature's id, unique within the layer"),
    Field("properties", "object", "the properties declared for its layer and kind"),
    Field("geometry", "object", "an RFC 7946 geometry of the types declared; positions "
          "[longitude, latitude], WGS84 degrees"),
)

_LANG_FIELDS = tuple(_text(lang, f"in {LANGUAGES[lang]}") for lang in LANGS)

#: An entry of ``index.json``'s ``regimes``.
REGIME = (
    Field("id", "string", "the regime id, such as aigun-1858: it names its layer and the maps and "
          "images of it", pattern=SLUG),
    Field("name", "object", "the treaty's name in English, Russian, Chinese and Turkish",
          fields=_LANG_FIELDS),
    Field("signed", "object", "when and where it was signed", fields=(
        Field("as_written", "string", "the signing date as the treaty dates itself", pattern=DATE),
        Field("calendar", "string", "the calendar it is written in", values=CALENDARS),
        Field("julian", "string", "signing date in the Julian calendar (Old Style), YYYY-MM-DD",
              pattern=DATE),
        Field("gregorian", "date", "signing date in the Gregorian calendar (New Style)"),
        Field("place", "string", f"where: {_PLACE}"),
    )),
    Field("parties", "array", "the states that signed it", items="string"),
    Field("signatories", "array", "the people who signed it", items="string"),
    Field("in_force", "object", "when the treaty was in force: from its signing until the "
          "signing of the treaty that superseded it", fields=(
        Field("from", "date", "the first day in force (Gregorian)"),
        Field("until", "date", "the first day no longer in force (Gregorian); null: still in force "
              "on the last day the data cover", nullable=True),
        Field("from_julian", "string", "from, in the Julian calendar", pattern=DATE),
        Field("until_julian", "string", "until, in the Julian calendar", pattern=DATE, nullable=True),
    )),
    Field("superseded_by", "string", "the id of the regime that replaced its line; null if none",
          nullable=True, pattern=SLUG, refers="regime"),
    Field("period", "object", "what its layer shows: from its signing until the next treaty with a "
          "border of its own; null: it has no layer", nullable=True, fields=(
        Field("from", "date", "the first day of the period (Gregorian)"),
        Field("until", "date", "the first day after it (Gregorian); null: the end of the data",
              nullable=True),
    )),
    Field("articles", "array", "its articles summarised: those on the border (every article for "
          "the Treaty of Tianjin, which drew no line)", items="object", fields=(
        _text("number", "the article number as text, such as 1"),
        _text("summary", "what it says (of the border), in English"),
        _text("summary_tr", "the same summary in Turkish"),
    )),
    Field("confirms", "array", "the segments and territories of earlier treaties it confirms, which "
          "stay in force under it", items="object", fields=(
        Field("feature", "string", "the id of the segment or territory, <treaty>/<id>"),
        _text("article", "the article that confirms it"),
        *_notes("how the article confirms it"),
    )),
    Field("sources", "array", "the works it rests on, cited short", items="string"),
    _REFS,
    Field("file", "string", "its layer, <id>.geojson in this folder; null: it has no geometry",
          nullable=True, equals="{id}.geojson"),
    Field("borders", "integer", "number of border features in its layer", minimum=0),
    Field("territories", "integer", "number of territory features in its layer", minimum=0),
)
#: An entry of ``index.json``'s ``layers``.
LAYER_ENTRY = (
    Field("id", "string", "the layer id, such as rivers", pattern=SLUG),
    Field("file", "string", "its file in this folder, <id>.geojson", pattern=GEOJSON_FILE),
    _text("title", "what it holds, in English"),
    Field("features", "integer", "number of features in the file", minimum=0),
)
#: An entry of ``index.json``'s ``bibliography``.
WORK = (
    Field("key", "string", "the key features cite it by (refs)", pattern=SLUG),
    Field("kind", "string", "what it is", values=WORK_KINDS),
    _text("cite", "the short form the source properties show"),
    _text("reference", "the full reference: author, title, place, publisher, year"),
    Field("url", "string", "where it can be found online; null: in print only", nullable=True,
          pattern=r"^https?://"),
    _text("note", "what it is and what bordermap takes from it"),
)
#: ``index.json``.
INDEX = (
    _text("name", "the dataset's name"),
    Field("dataset", "object", "the dataset as a whole, from geo/dataset.toml: what citations and "
          "datapackage.json give", fields=(
        _text("title", "its title"),
        _text("description", "what it holds"),
        _text("version", "bordermap's version that compiled it"),
        Field("released", "date", "the day of this release of the data (Gregorian): the date a citation "
              "gives, never the build's clock"),
        Field("keywords", "array", "keywords", items="string"),
    )),
    _text("crs", "the coordinates of every layer: OGC:CRS84, WGS84 longitude and latitude in "
          "degrees"),
    Field("coordinate_decimals", "integer", "decimal places of every coordinate (5: about 1 m)",
          minimum=0),
    Field("inputs", "object", "the version of each data package the layers were compiled from"),
    Field("coverage", "object", "the period the data cover: nothing is shown as in force outside it",
          fields=(
        Field("from", "date", "the first day: the first treaty's signing (Gregorian)"),
        Field("until", "date", "the last day (Gregorian)"),
        Field("from_julian", "string", "from, in the Julian calendar", pattern=DATE),
        Field("until_julian", "string", "until, in the Julian calendar", pattern=DATE),
        *_notes("why the data end there"),
        *_SOURCE,
    )),
    Field("regimes", "array", "the border regimes, in the order they were signed", items="object",
          fields=REGIME),
    Field("bibliography", "array", "every work the layers cite, by key", items="object",
          fields=WORK),
    Field("layers", "array", "the other layers", items="object", fields=LAYER_ENTRY),
    Field("formats", "object", "the same layers in other formats, in this folder", fields=(
        Field("geopackage", "string", "every layer as a table of one GeoPackage, with QGIS styles",
              pattern=r"^[a-z0-9_.-]+\.gpkg$"),
        Field("qgis_styles", "array", "one QGIS style (.qml) per GeoPackage table, named after it",
              items="string"),
        Field("datapackage", "string", "the Frictionless Data Package describing every file",
              values=("datapackage.json",)),
        Field("linked_places", "string", "the places and their events in Linked Places format",
              values=("places.lpf.json",)),
    )),
)


# -- checking -----------------------------------------------------------------------------

_COMPILED: dict[str, re.Pattern[str]] = {}
_SURROGATE = re.compile("[\ud800-\udfff]")  # to name the character in a message
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
          "MultiPolygon": 3}


def _quote(text: str) -> str:
    text = printable(text[:80])
    return f"'{text if len(text) <= 40 else text[:37] + '...'}'"


def _fail(*parts: str) -> BordermapError:
    """One line ``FILE: where: what is wrong`` (empty parts left out), unprintables escaped."""
    return BordermapError(printable(": ".join(p for p in parts if p)))


def _expected(field: Field, context: dict[str, str]) -> str:
    if field.equals:
        words = shown(field.equals.format(**context))
    elif field.values:
        words = "one of " + ", ".join(field.values) if len(field.values) > 1 else shown(field.values[0])
    elif field.type == "date":
        words = _PATTERN_WORDS[DATE]
    elif field.pattern:
        words = _PATTERN_WORDS.get(field.pattern, f"text matching {field.pattern}")
    elif field.type in ("integer", "number"):
        words = "an integer" if field.type == "integer" else "a number"
        if field.minimum is not None:
            words += f" {'>' if field.exclusive else '>='} {field.minimum:g}"
    elif field.type == "array":
        words = f"an array of {field.items}s" if field.items else "an array"
    else:
        words = {"string": "a string", "boolean": "true or false", "object": "an object"}[field.type]
    return words + (" or null" if field.nullable else "")


def _matches(pattern: str, text: str) -> bool:
    if pattern not in _COMPILED:
        _COMPILED[pattern] = re.compile(pattern)
    return _COMPILED[pattern].match(text) is not None


def _valid(value: Any, field: Field, context: dict[str, str]) -> bool:
    """Whether ``value`` is of ``field``'s type and meets its constraints (not its members)."""
    kind = field.type
    if value is None:
        return field.nullable
    if kind in ("string", "date"):
        return (isinstance(value, str) and (not field.values or value in field.values)
                and (kind != "date" or _matches(DATE, value))
                and (not field.pattern or _matches(field.pattern, value))
                and (not field.equals or value == field.equals.format(**context)))
    if kind in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int if kind == "integer" else (int, float)):
            return False
        try:  # finite, and within a float's range: consumers compute and format in floats
            if not math.isfinite(float(value)):
                return False
        except OverflowError:
            return False
        low = field.minimum
        return low is None or (value > low if field.exclusive else value >= low)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "array":
        return isinstance(value, list) and (field.items != "string"
                                            or all(isinstance(v, str) for v in value))
    return isinstance(value, dict)


def _check_fields(data: dict[str, Any], fields: tuple[Field, ...], where: str, label: str,
                  context: dict[str, str], prefix: str = "") -> None:
    """Check the members of ``data`` that ``fields`` declare; others are left alone."""
    for field in fields:
        name = prefix + field.name
        if field.name not in data:
            if field.required:
                raise _fail(where, label, f"property {_quote(name)}",
                            f"missing (expected {_expected(field, context)})")
            continue
        value = data[field.name]
        if not _valid(value, field, context):
            raise _fail(where, label, f"property {_quote(name)}",
                        f"expected {_expected(field, context)}, got {shown(value)}")
        if field.fields and isinstance(value, dict):
            _check_fields(value, field.fields, where, label, context, f"{name}.")
        elif field.fields and isinstance(value, list):
            for number, item in enumerate(value):
                if not isinstance(item, dict):
                    raise _fail(where, label, f"property {_quote(f'{name}[{number}]')}",
                                f"expected an object, got {shown(item)}")
                _check_fields(item, field.fields, where, label, context, f"{name}[{number}].")


def _check_text(value: Any, where: str, label: str, what: str = "property") -> None:
    """No string or key in ``value`` holds a lone surrogate (text that cannot be UTF-8)."""
    found = lone_surrogate(value)
    if found is not None:
        path, text = found
        char = _SURROGATE.search(text).group()  # type: ignore[union-attr]
        raise _fail(where, label, f"{what} {_quote(path)}",
                    f"{_quote(char)} is a lone surrogate, not a character: the text cannot be "
                    "written as UTF-8")


def _entry_label(what: str, entry: Any, number: int) -> str:
    eid = entry.get("id") if isinstance(entry, dict) else None
    return f"{what} {_quote(eid)}" if isinstance(eid, str) and eid else f"{what} {number}"


def check_index(index: Any, where: str) -> dict[str, tuple[str, Layer]]:
    """Check a parsed ``index.json`` (``where`` names it in messages) against :data:`INDEX`.

    Returns the layer files to read, in order (the layers, then the regimes with a file):
    layer or regime id -> (file name, its :class:`Layer`). Raises
    :class:`~bordermap.errors.BordermapError` (one line) at the first problem.
    """
    if not isinstance(index, dict):
        raise _fail(where, f"expected an object with 'regimes' and 'layers', got {shown(index)}")
    _check_fields(index, tuple(f for f in INDEX if not f.fields), where, "", {})
    entries: dict[str, list[dict[str, Any]]] = {}
    for field, what in ((_INDEX_FIELD["regimes"], "regime"), (_INDEX_FIELD["layers"], "layer")):
        if field.name not in index:
            raise _fail(where, f"property {_quote(field.name)}", f"missing (expected an array of {what}s)")
        items = index[field.name]
        if not isinstance(items, list):
            raise _fail(where, f"property {_quote(field.name)}",
                        f"expected an array of {what}s, got {shown(items)}")
        for number, entry in enumerate(items, start=1):
            if not isinstance(entry, dict):
                raise _fail(where, f"{what} {number}", f"expected an object, got {shown(entry)}")
            label = _entry_label(what, entry, number)
            _check_fields(entry, field.fields, where, label, {"id": str(entry.get("id"))})
            _check_text(entry, where, label)
        entries[what] = items
    _check_text(index, where, "")
    return _index_files(entries["regime"], entries["layer"], where)


_INDEX_FIELD = {f.name: f for f in INDEX}


def _index_files(regimes: list[dict[str, Any]], layers: list[dict[str, Any]],
                 where: str) -> dict[str, tuple[str, Layer]]:
    """What no single entry shows: ids and files listed twice, references, required entries."""
    files: dict[str, tuple[str, Layer]] = {}
    owners: dict[str, str] = {}
    labelled = [("layer", e, LAYERS.get(e["id"], OTHER_LAYER)) for e in layers]
    labelled += [("regime", e, REGIME_LAYER) for e in regimes]
    for what, entry, layer in labelled:
        label = f"{what} {_quote(entry['id'])}"
        if entry["id"] in owners:
            owner = owners[entry["id"]]
            raise _fail(where, label, "property 'id'",
                        "listed twice" if owner == label else f"the same id as {owner}")
        owners[entry["id"]] = label
        if entry["file"] is None:
            continue
        if any(file == entry["file"] for file, _layer in files.values()):
            raise _fail(where, label, "property 'file'", f"{_quote(entry['file'])} is listed twice")
        files[entry["id"]] = (entry["file"], layer)
    ids = {r["id"]: r for r in regimes}
    for regime in regimes:
        label = f"regime {_quote(regime['id'])}"
        for field in REGIME:
            other = regime.get(field.name) if field.refers == "regime" else None
            if other is not None and (other not in ids or other == regime["id"]):
                raise _fail(where, label, f"property {_quote(field.name)}",
                            f"expected the id of another regime in this file, got {shown(other)}")
    for lid in REQUIRED_LAYERS:
        if lid not in files:
            raise _fail(where, "property 'layers'", f"no layer {_quote(lid)} (bordermap reads "
                        f"{', '.join(REQUIRED_LAYERS)})")
    for rid in DRAWN_REGIMES:
        if rid not in ids or ids[rid]["file"] is None:
            raise _fail(where, "property 'regimes'", f"no regime {_quote(rid)} with a file (the "
                        "maps, images and statistics draw it)")
    return files


def _check_geometry(geometry: Any, types: tuple[str, ...], where: str, label: str) -> None:
    """RFC 7946 (:func:`~bordermap.layers.geojson.check_geometry`), of ``types``, positions
    ``[longitude, latitude]`` only, and no line of zero length or ring of zero area."""
    try:
        plain = check_geometry(geometry, types)
    except GeometryError as exc:
        raise _fail(where, label, "geometry", str(exc)) from None
    kind = plain["type"]
    if kind not in _DEPTH:  # a GeometryCollection, in a layer that bordermap does not read
        return
    positions = [geometry["coordinates"]]
    for _level in range(_DEPTH[kind]):
        positions = [p for part in positions for p in part]
    for position in positions:
        if len(position) != 2:
            raise _fail(where, label, "geometry", f"position {shown(position)} has "
                        f"{len(position)} values; expected [longitude, latitude]")
    lines = []
    if kind == "LineString":
        lines = [plain["coordinates"]]
    elif kind in ("MultiLineString", "Polygon"):
        lines = plain["coordinates"]
    elif kind == "MultiPolygon":
        lines = [ring for polygon in plain["coordinates"] for ring in polygon]
    least = 3 if kind in _POLYGONS else 2
    for line in lines:
        if not _distinct(line, least):
            what = "a polygon ring of zero area" if least == 3 else "a line of zero length"
            raise _fail(where, label, "geometry", f"{what} (fewer than {least} different "
                        "positions)")


def _distinct(positions: list[list[float]], least: int) -> bool:
    seen: list[list[float]] = []
    for position in positions:
        if position not in seen:
            seen.append(position)
            if len(seen) >= least:
                return True
    return False


def _wrong(data: dict[str, Any], name: str, expected: str) -> str:
    if name not in data:
        return f"missing (expected {expected})"
    return f"expected {expected}, got {shown(data[name])}"


def _feature(feature: Any, number: int, layer: Layer, key: str, where: str,
             seen: dict[str, int]) -> None:
    if not isinstance(feature, dict):
        raise _fail(where, f"feature {number}", f"expected a GeoJSON Feature object, got {shown(feature)}")
    fid = feature.get("id")
    label = _entry_label("feature", feature, number)
    if feature.get("type") != "Feature":
        raise _fail(where, label, "member 'type'", f"expected \"Feature\", got {shown(feature.get('type'))}")
    if not isinstance(fid, str) or not fid:
        raise _fail(where, label, "member 'id'", _wrong(feature, "id", "a string, unique within the layer"))
    if fid in seen:
        raise _fail(where, label, "member 'id'", f"duplicate: feature {seen[fid]} has the same id")
    seen[fid] = number
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise _fail(where, label, "member 'properties'", _wrong(feature, "properties", "an object"))
    _check_text(props, where, label)
    _check_text({k: v for k, v in feature.items() if k not in ("properties", "geometry")}, where,
                label, "member")
    kind = layer.kinds[0]
    if len(layer.kinds) > 1:
        names = {k.name: k for k in layer.kinds}
        if not isinstance(props.get("kind"), str) or props["kind"] not in names:
            raise _fail(where, label, "property 'kind'", _wrong(props, "kind", f"one of {', '.join(names)}"))
        kind = names[props["kind"]]
    if "geometry" not in feature:
        raise _fail(where, label, "geometry", "missing (expected a geometry object)")
    _check_geometry(feature["geometry"], kind.geometry, where, label)
    _check_fields(props, kind.fields, where, label, {"id": fid, "layer": key})
    for name in RESERVED:
        if name in props:
            raise _fail(where, label, f"property {_quote(name)}", "a property may not be called "
                        f"{name!r}: GeoPandas would take it for the feature's geometry")


def check_layer(data: Any, layer: Layer, key: str, where: str) -> list[dict[str, Any]]:
    """Check a parsed layer file (``where`` names it) against ``layer``; returns its features.

    ``key`` is the layer's id (for a regime layer, the regime id). Raises
    :class:`~bordermap.errors.BordermapError` (one line) at the first problem.
    """
    if not isinstance(data, dict):
        raise _fail(where, f"expected a GeoJSON FeatureCollection object, got {shown(data)}")
    for field in COLLECTION:
        if field.name not in data and field.required:
            raise _fail(where, f"member {_quote(field.name)}", f"missing (expected {_expected(field, {})})")
        if field.name in data and not _valid(data[field.name], field, {}):
            raise _fail(where, f"member {_quote(field.name)}",
                        f"expected {_expected(field, {})}, got {shown(data[field.name])}")
    _check_text({k: v for k, v in data.items() if k != "features"}, where, "", "member")
    features = data["features"]
    if len(features) < layer.min_features:
        raise _fail(where, "member 'features'", f"expected at least {layer.min_features} feature, "
                    "got none (a regime without geometry has no file: set its file to null)")
    seen: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        _feature(feature, number, layer, key, where, seen)
    return features



def check_refs(index: dict[str, Any], layers: dict[str, list[dict[str, Any]]],
               files: dict[str, tuple[str, Layer]], folder: str) -> None:
    """Every ``refs`` key (of a feature, a regime, the coverage) names a work of the index's
    bibliography, so every source a user sees can be looked up."""
    keys = {work["key"] for work in index["bibliography"]}
    where = f"{folder}/index.json"
    for what, entry in ([("coverage", index["coverage"])]
                        + [(f"regime {_quote(r['id'])}", r) for r in index["regimes"]]):
        for key in entry["refs"]:
            if key not in keys:
                raise _fail(where, what, "property 'refs'",
                            f"{_quote(key)} is not a work of the bibliography")
    for layer, features in layers.items():
        for feature in features:
            for key in feature["properties"].get("refs") or ():
                if key not in keys:
                    raise _fail(f"{folder}/{files[layer][0]}", f"feature {_quote(str(feature['id']))}",
                                "property 'refs'", f"{_quote(key)} is not a work of index.json's "
                                "bibliography")
