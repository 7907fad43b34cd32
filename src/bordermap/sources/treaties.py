"""Read and validate the treaty sources: lines, regions, regimes and the modern reference.

* ``lines.toml`` — ``[[line]]``: named ridges, straight lines and frames (lines no treaty
  drew, closing an area it left open), drawn through places and ``[lon, lat]`` points;
* ``regions.toml`` — ``[[region]]``: areas, each a ring of *pieces* (a river, a line or
  the coast between two places), defined once and used by every regime that needs it;
* ``regimes/<id>.toml`` — one border regime: its metadata, articles, border segments
  (``[[segment]]``, each a piece) and territories (``[[territory]]``, each a region);
* ``modern.toml`` — ``[[border]]``: today's borders, traced through the World Data
  Bank II country borders between places;
* ``routes.toml`` and ``proposals.toml`` — expeditions' routes and lines proposed but never
  signed (:mod:`bordermap.sources.routes`), made of the same pieces.

A *piece* is a table ``{ river = "amur", from = "a", to = "b" }``, or the same with
``line = ...`` (a line of ``lines.toml``), ``border = ...`` (a modern border of
``modern.toml``, for a historical line that today's border still follows) or
``coast = "mainland"``. Problems are reported as in :mod:`bordermap.sources.gazetteer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bordermap.calendars import WrittenDate
from bordermap.errors import SourceError
from bordermap.sources.bibliography import Citation, citations
from bordermap.sources.gazetteer import Sources
from bordermap.sources.routes import read_proposals, read_routes
from bordermap.sources.toml import (
    Doc,
    Entry,
    check_id,
    check_keys,
    choice,
    display_path,
    get,
    names,
    show,
    strings,
    written_date,
)
from bordermap.terms import BANKS, DRAWN_REGIMES, PRECISIONS, READINGS, SEGMENT_KINDS, STATUSES

LINE_KINDS = ("ridge", "line", "frame", "course")
COASTS = ("mainland",)
PIECE_SOURCES = ("river", "line", "border", "coast")
REGIME_IDS = ("nerchinsk-1689", "kyakhta-1727", "aigun-1858", "tianjin-1858", "peking-1860")


@dataclass(frozen=True)
class Piece:
    """A stretch of a river, a named line or the coast, from one place to another."""

    source: str  # "river", "line", "border" or "coast"
    ref: str
    start: str
    end: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Direction-free identity, so a piece and its reverse are computed once."""
        a, b = sorted((self.start, self.end))
        return (self.source, self.ref, a, b)


@dataclass(frozen=True)
class Line:
    """A named ridge, straight line or frame: places (str) and control points ((lon, lat))."""

    id: str
    kind: str
    through: tuple[str | tuple[float, float], ...]
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class Region:
    """An area bounded by a closed ring of pieces, or (``shore``) the island whose GSHHS
    shoreline encloses the point ``shore`` (lon, lat)."""

    id: str
    name: dict[str, str]
    ring: tuple[Piece, ...]
    shore: tuple[float, float] | None
    note: str
    note_tr: str


@dataclass(frozen=True)
class Segment:
    """One segment of a border chain."""

    id: str
    chain: str
    kind: str
    piece: Piece
    bank: str
    article: str
    precision: str
    until: str | None
    note: str
    note_tr: str


@dataclass(frozen=True)
class Territory:
    """A region with a status under one regime; ``minus`` regions are cut out of it."""

    id: str
    region: str
    minus: tuple[str, ...]
    status: str
    from_state: str
    to_state: str
    article: str
    until: str | None
    reading: str
    alternative: bool
    note: str
    note_tr: str


@dataclass(frozen=True)
class Confirm:
    """A later treaty's article that confirms a segment or territory of an earlier one
    (``<regime-id>/<id>``), which then stays in force under it instead of ending."""

    feature: str
    article: str
    note: str
    note_tr: str


@dataclass(frozen=True)
class Article:
    """A treaty article that concerns the border, summarised."""

    number: str
    summary: str
    summary_tr: str


@dataclass(frozen=True)
class Regime:
    """A treaty and the border regime it began (or, without segments, a treaty shown only
    on the timeline). It is in force from the day it was signed until the day the treaty
    that ``superseded_by`` names was; each of its segments and territories has a
    lifespan of its own (:mod:`bordermap.compile.timeline`)."""

    id: str
    file: str
    name: dict[str, str]
    signed: WrittenDate
    place: str
    parties: tuple[str, ...]
    signatories: tuple[str, ...]
    superseded_by: str | None
    sources: tuple[Citation, ...]
    articles: tuple[Article, ...]
    segments: tuple[Segment, ...]
    territories: tuple[Territory, ...]
    confirms: tuple[Confirm, ...]

    @property
    def calendar(self) -> str:
        """The calendar the treaty dates itself in."""
        return self.signed.calendar


@dataclass(frozen=True)
class Coverage:
    """The period the data cover, from the first treaty to :attr:`until` (its last day),
    and why they end there."""

    until: WrittenDate
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class ModernBorder:
    """A modern border traced through the country-border network between ``waypoints``."""

    id: str
    name: dict[str, str]
    waypoints: tuple[str, ...]
    note: str
    note_tr: str


@dataclass(frozen=True)
class Treaties:
    """Everything the treaty compiler needs, with the base sources it refers to."""

    sources: Sources
    lines: dict[str, Line]
    regions: dict[str, Region]
    regimes: dict[str, Regime]
    modern: dict[str, ModernBorder]
    coverage: Coverage
    routes: dict[str, Any]  # bordermap.sources.routes.Route, by id
    proposals: dict[str, Any]  # bordermap.sources.routes.Proposal, by id


class Refs:
    """Known ids, to check references and report unknown ones."""

    def __init__(self, sources: Sources, lines: set[str], regions: set[str],
                 borders: set[str]) -> None:
        self.works = sources.works
        self.places = set(sources.places)
        self.events = set(sources.events)
        self.rivers = set(sources.rivers)
        self.lines = lines
        self.regions = regions
        self.borders = borders

    def place(self, entry: Entry, key: str, value: Any) -> bool:
        if not isinstance(value, str) or value not in self.places:
            entry.problem(key, f"unknown place id {show(value)} (not in places.toml)")
            return False
        return True


def _note_tr(entry: Entry) -> str | None:
    return get(entry, "note_tr", str, "the note in Turkish")


def read_piece(entry: Entry, key: str, value: Any, refs: Refs) -> Piece | None:
    if not isinstance(value, dict):
        entry.problem(key, "expected a piece such as { river = \"amur\", from = \"a\", to = \"b\" }")
        return None
    kinds = [k for k in PIECE_SOURCES if k in value]
    extra = sorted(set(value) - {*PIECE_SOURCES, "from", "to"})
    if len(kinds) != 1 or extra:
        entry.problem(key, "a piece names exactly one of river, line, border or coast, plus from "
                      "and to" + (f" (unknown key {extra[0]!r})" if extra else ""))
        return None
    source, ref = kinds[0], value[kinds[0]]
    known = {"river": refs.rivers, "line": refs.lines, "border": refs.borders,
             "coast": set(COASTS)}[source]
    if ref not in known:
        where = {"river": "rivers.toml", "line": "lines.toml", "border": "modern.toml",
                 "coast": "the coasts"}[source]
        entry.problem(key, f"unknown {source} {show(ref)} (not in {where})")
        return None
    ok = all(refs.place(entry, f"{key}.{end}", value.get(end)) for end in ("from", "to"))
    if ok and value["from"] == value["to"]:
        entry.problem(key, "a piece must run between two different places")
        return None
    return Piece(source, ref, value["from"], value["to"]) if ok else None


def _read_lines(doc: Doc, refs: Refs) -> dict[str, Line]:
    out: dict[str, Line] = {}
    seen: set[str] = set()
    for entry in doc.entries("line"):
        check_keys(entry, ("id", "kind", "through", "note", "note_tr", "sources"))
        lid = check_id(entry, seen)
        kind = choice(entry, "kind", LINE_KINDS)
        through = get(entry, "through", list, "a list of place ids and [lon, lat] points")
        points: list[str | tuple[float, float]] = []
        if through is not None:
            for item in through:
                if isinstance(item, str):
                    if refs.place(entry, "through", item):
                        points.append(item)
                elif (isinstance(item, list) and len(item) == 2
                      and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in item)
                      and -180 <= item[0] <= 180 and -90 <= item[1] <= 90):
                    points.append((float(item[0]), float(item[1])))
                else:
                    entry.problem("through", f"expected a place id or [lon, lat], got {show(item)}")
            if len(through) < 2 or not isinstance(through[0], str) or not isinstance(through[-1], str):
                entry.problem("through", "expected at least two points, starting and ending at a place")
                through = None
        note = get(entry, "note", str, "a short note on what the line follows")
        note_tr = _note_tr(entry)
        cited = citations(entry, "sources", refs.works)
        values = (lid, kind, through, note, note_tr, cited)
        if all(v is not None for v in values) and len(points) == len(through):  # type: ignore[arg-type]
            out[lid] = Line(lid, kind, tuple(points), note, note_tr, cited)  # type: ignore[arg-type]
    return out


def _read_regions(doc: Doc, refs: Refs) -> dict[str, Region]:
    out: dict[str, Region] = {}
    seen: set[str] = set()
    for entry in doc.entries("region"):
        check_keys(entry, ("id", "name", "ring", "shore", "note", "note_tr"))
        rid = check_id(entry, seen)
        name = names(entry, "name")
        shore = None
        if "shore" in entry.data:
            value = entry.data["shore"]
            if "ring" in entry.data:
                entry.problem("shore", "give a ring or a shore, not both")
            elif (isinstance(value, list) and len(value) == 2
                  and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
                  and -180 <= value[0] <= 180 and -90 <= value[1] <= 90):
                shore = (float(value[0]), float(value[1]))
            else:
                entry.problem("shore", f"expected [lon, lat] of a point on the island, got {show(value)}")
            ring, pieces = (None, [None]) if shore is None else ([], [])
        else:
            ring = get(entry, "ring", list, "a list of pieces that closes on itself")
            pieces = [read_piece(entry, "ring", item, refs) for item in ring or []]
        if ring is not None and shore is None and len(ring) < 2:
            entry.problem("ring", "expected at least two pieces")
            ring = None
        if ring is not None and all(pieces):
            for i, (a, b) in enumerate(zip(pieces, pieces[1:] + pieces[:1], strict=True)):
                if a.end != b.start:  # type: ignore[union-attr]
                    entry.problem("ring", f"piece {i + 1} ends at '{a.end}' but piece "  # type: ignore[union-attr]
                                  f"{(i + 1) % len(pieces) + 1} starts at '{b.start}': the ring "  # type: ignore[union-attr]
                                  "does not close")
                    ring = None
        note = get(entry, "note", str, "a short note")
        note_tr = _note_tr(entry)
        if all(v is not None for v in (rid, name, ring, note, note_tr)) and all(pieces):
            out[rid] = Region(rid, name, tuple(pieces), shore, note, note_tr)  # type: ignore[arg-type]
    return out


_REGIME_KEYS = ("id", "name", "signed", "calendar", "place", "parties", "signatories",
                "superseded_by", "sources")
#: ``until`` of a segment or territory that stays in force to the end of the data.
OPEN = "open"


def _until(entry: Entry, refs: Refs) -> str | None:
    """``until``: what ends a segment or territory, when not the treaty that supersedes its
    own: a regime id, an event id, or ``open`` (in force to the end of the data)."""
    value = get(entry, "until", str, f"a regime id, an event id or {OPEN!r}", required=False)
    if value is not None and value != OPEN and value not in REGIME_IDS and value not in refs.events:
        entry.problem("until", f"unknown regime or event {show(value)} (expected a regime id, an "
                               f"event id of events.toml, or {OPEN!r})")
    return value


def _read_regime(doc: Doc, refs: Refs) -> Regime | None:
    if not doc.parsed:  # missing or unreadable: already reported
        return None
    if not doc.data:
        doc.problems.append(f"{doc.label}:1: file is empty (expected a regime: id, name, signed, "
                            "calendar, place, parties, signatories, sources and [[article]]s)")
        return None
    before = len(doc.problems)
    tables = ("article", "segment", "territory", "confirm")
    top = doc.top("regime", tables)
    check_keys(top, _REGIME_KEYS)
    rid = check_id(top, set())
    if rid is not None and doc.path.stem != rid:
        top.problem("id", f"expected the file name without .toml ({doc.path.stem!r}), got {rid!r}")
    name = names(top, "name")
    calendar = choice(top, "calendar", ("julian", "gregorian"))
    signed = written_date(top, "signed", calendar)
    if signed is not None and signed.precision != "day":
        top.problem("signed", f"expected the day it was signed, YYYY-MM-DD, got {signed.as_written!r}")
        signed = None
    place = get(top, "place", str, "the place id where it was signed")
    if place is not None and not refs.place(top, "place", place):
        place = None
    parties = strings(top, "parties", "a list of the parties")
    signatories = strings(top, "signatories", "a list of the signatories")
    superseded = get(top, "superseded_by", str, "a regime id", required=False)
    if superseded is not None and superseded not in REGIME_IDS:
        top.problem("superseded_by", f"unknown regime {show(superseded)}")
    sources = citations(top, "sources", refs.works)

    articles = []
    for entry in doc.entries("article", only=False):
        check_keys(entry, ("number", "summary", "summary_tr"))
        number = get(entry, "number", str, "the article number as text, such as \"1\"")
        summary = get(entry, "summary", str, "a summary in English, in your own words")
        summary_tr = get(entry, "summary_tr", str, "the same summary in Turkish")
        if all(v is not None for v in (number, summary, summary_tr)):
            articles.append(Article(number, summary, summary_tr))  # type: ignore[arg-type]
    numbers = {a.number for a in articles}

    segments = []
    seen: set[str] = set()
    for entry in doc.entries("segment", only=False, required=False):
        check_keys(entry, ("id", "chain", "kind", "piece", "bank", "article", "precision", "until",
                           "note", "note_tr"))
        sid = check_id(entry, seen)
        chain = get(entry, "chain", str, "a chain name", required=False) or "main"
        kind = choice(entry, "kind", SEGMENT_KINDS)
        piece = read_piece(entry, "piece", entry.data.get("piece"), refs) if "piece" in entry.data else None
        if "piece" not in entry.data:
            entry.problem("piece", "missing (expected { river|line = ..., from = ..., to = ... })")
        if piece is not None and kind is not None:
            if (kind == "river") != (piece.source == "river") or piece.source == "coast":
                entry.problem("kind", f"a {kind} segment cannot follow a {piece.source} piece")
                piece = None
        bank = entry.data.get("bank", "river")
        if bank not in BANKS:
            entry.problem("bank", f"expected one of {', '.join(BANKS)}, got {show(bank)}")
            bank = None
        article = get(entry, "article", str, "the article number, such as \"1\"")
        if article is not None and article not in numbers:
            entry.problem("article", f"article {show(article)} is not among this regime's [[article]]s")
        precision = choice(entry, "precision", PRECISIONS)
        until = _until(entry, refs)
        note = get(entry, "note", str, "how the geometry interprets the text")
        note_tr = _note_tr(entry)
        if all(v is not None for v in (sid, kind, piece, bank, article, precision, note, note_tr)):
            segments.append(Segment(sid, chain, kind, piece, bank, article, precision,  # type: ignore[arg-type]
                                    until, note, note_tr))  # type: ignore[arg-type]

    territories = []
    seen = set()
    for entry in doc.entries("territory", only=False, required=False):
        check_keys(entry, ("id", "region", "minus", "status", "from_state", "to_state", "article",
                           "until", "reading", "alternative", "note", "note_tr"))
        tid = check_id(entry, seen)
        region = get(entry, "region", str, "a region id from regions.toml")
        if region is not None and region not in refs.regions:
            entry.problem("region", f"unknown region {show(region)} (not in regions.toml)")
            region = None
        minus = strings(entry, "minus", "a list of region ids", required=False)
        for m in minus or ():
            if m not in refs.regions:
                entry.problem("minus", f"unknown region {show(m)} (not in regions.toml)")
                minus = None
        status = choice(entry, "status", STATUSES)
        from_state = get(entry, "from_state", str, "the state that held it before")
        to_state = get(entry, "to_state", str, "the state that holds it under this regime")
        article = get(entry, "article", str, "the article number, such as \"1\"")
        if article is not None and article not in numbers:
            entry.problem("article", f"article {show(article)} is not among this regime's [[article]]s")
        until = _until(entry, refs)
        reading = choice(entry, "reading", READINGS) if "reading" in entry.data else READINGS[0]
        alternative = get(entry, "alternative", bool, "true for a second reading beside the main "
                                                       "one", required=False) or False
        if alternative and reading == READINGS[0]:
            entry.problem("alternative", f"an alternative reading needs a reading other than "
                                         f"{READINGS[0]!r} (whose reading is it?)")
        note = get(entry, "note", str, "a short note")
        note_tr = _note_tr(entry)
        values = (tid, region, minus, status, from_state, to_state, article, reading, note, note_tr)
        if all(v is not None for v in values):
            territories.append(Territory(tid, region, tuple(minus), status, from_state,  # type: ignore[arg-type]
                                         to_state, article, until, reading, alternative,  # type: ignore[arg-type]
                                         note, note_tr))  # type: ignore[arg-type]

    confirms = []
    for entry in doc.entries("confirm", only=False, required=False):
        check_keys(entry, ("feature", "article", "note", "note_tr"))
        target = get(entry, "feature", str, "the <regime-id>/<id> of a segment or territory of an "
                                             "earlier treaty")
        article = get(entry, "article", str, "the article number that confirms it")
        if article is not None and article not in numbers:
            entry.problem("article", f"article {show(article)} is not among this regime's [[article]]s")
        note = get(entry, "note", str, "how the article confirms it")
        note_tr = _note_tr(entry)
        if all(v is not None for v in (target, article, note, note_tr)):
            confirms.append(Confirm(target, article, note, note_tr))  # type: ignore[arg-type]
    values = (rid, name, signed, place, parties, signatories, sources)
    if any(v is None for v in values) or len(doc.problems) > before:
        return None
    return Regime(rid, doc.label, name, signed, place, parties, signatories,  # type: ignore[arg-type]
                  superseded, sources, tuple(articles), tuple(segments),  # type: ignore[arg-type]
                  tuple(territories), tuple(confirms))


def _read_modern(doc: Doc, refs: Refs) -> dict[str, ModernBorder]:
    out: dict[str, ModernBorder] = {}
    seen: set[str] = set()
    for entry in doc.entries("border"):
        check_keys(entry, ("id", "name", "waypoints", "note", "note_tr"))
        bid = check_id(entry, seen)
        name = names(entry, "name")
        waypoints = strings(entry, "waypoints", "a list of place ids along the border")
        if waypoints is not None and not all(refs.place(entry, "waypoints", w) for w in waypoints):
            waypoints = None
        note = get(entry, "note", str, "a short note")
        note_tr = _note_tr(entry)
        if all(v is not None for v in (bid, name, waypoints, note, note_tr)):
            out[bid] = ModernBorder(bid, name, waypoints, note, note_tr)  # type: ignore[arg-type]
    return out


def load_treaties(sources: Sources) -> Treaties:
    """Read and validate the treaty sources under ``sources.root``; raise on any problem."""
    root = sources.root
    problems: list[str] = []

    def doc(path: Path) -> Doc:
        return Doc(path, display_path(path), problems)

    line_doc, region_doc = doc(root / "lines.toml"), doc(root / "regions.toml")
    modern_doc = doc(root / "modern.toml")
    # ids first, so that references between the files can be checked in any order;
    # structural problems found here are found again below and reported once
    line_ids = {e.id for e in line_doc.entries("line", only=False, required=False) if e.id}
    region_ids = {e.id for e in region_doc.entries("region", only=False, required=False) if e.id}
    border_ids = {e.id for e in modern_doc.entries("border", only=False, required=False) if e.id}
    refs = Refs(sources, line_ids, region_ids, border_ids)
    lines = _read_lines(line_doc, refs)
    regions = _read_regions(region_doc, refs)
    regimes: dict[str, Regime] = {}
    for rid in REGIME_IDS:
        regime = _read_regime(doc(root / "regimes" / f"{rid}.toml"), refs)
        if regime is not None:
            regimes[rid] = regime
    extra = sorted(p.name for p in (root / "regimes").glob("*.toml") if p.stem not in REGIME_IDS)
    for name in extra:
        problems.append(f"{display_path(root / 'regimes' / name)}: unknown regime file "
                        f"(expected one of {', '.join(f'{r}.toml' for r in REGIME_IDS)})")
    modern = _read_modern(modern_doc, refs)
    coverage = _read_coverage(doc(root / "coverage.toml"), refs)
    routes = read_routes(doc(root / "routes.toml"), refs, lines)
    proposals = read_proposals(doc(root / "proposals.toml"), refs, REGIME_IDS)
    problems += _check_confirms(regimes)
    if coverage is not None:
        problems += _check_coverage(coverage, regimes, sources)
    for rid in DRAWN_REGIMES:
        if rid in regimes and not regimes[rid].segments:
            problems.append(f"{regimes[rid].file}:1: regime '{rid}': no [[segment]]: the maps, "
                            "images and statistics draw this regime's border")
    problems = list(dict.fromkeys(problems))
    if problems:
        raise SourceError(problems)
    return Treaties(sources, lines, regions, regimes, modern, coverage,  # type: ignore[arg-type]
                    routes, proposals)


def _read_coverage(doc: Doc, refs: Refs) -> Coverage | None:
    if not doc.parsed:
        return None
    top = doc.top("coverage", ())
    check_keys(top, ("until", "calendar", "note", "note_tr", "sources"))
    calendar = choice(top, "calendar", ("julian", "gregorian"))
    until = written_date(top, "until", calendar)
    if until is not None and until.precision != "day":
        top.problem("until", f"expected the last day the data cover, YYYY-MM-DD, got {until.as_written!r}")
        until = None
    note = get(top, "note", str, "why the data end there, in English")
    note_tr = _note_tr(top)
    cited = citations(top, "sources", refs.works)
    if any(v is None for v in (until, note, note_tr, cited)):
        return None
    return Coverage(until, note, note_tr, cited)  # type: ignore[arg-type]


def _check_confirms(regimes: dict[str, Regime]) -> list[str]:
    """A confirmation names a segment or territory of a treaty signed before the one that
    confirms it."""
    problems = []
    for regime in regimes.values():
        for confirm in regime.confirms:
            rid, _, fid = confirm.feature.partition("/")
            earlier = regimes.get(rid)
            where = f"{regime.file}: regime '{regime.id}': confirm {show(confirm.feature)}"
            if earlier is None:
                problems.append(f"{where}: unknown regime {show(rid)}")
            elif fid not in {f.id for f in (*earlier.segments, *earlier.territories)}:
                problems.append(f"{where}: regime '{rid}' has no segment or territory {show(fid)}")
            elif earlier.signed.first >= regime.signed.first:
                problems.append(f"{where}: '{rid}' was not signed before '{regime.id}'")
    return problems


def _check_coverage(coverage: Coverage, regimes: dict[str, Regime], sources: Sources) -> list[str]:
    """Every treaty and every ``until`` event lies within the period the data cover."""
    end = coverage.until.last
    problems = []
    for regime in regimes.values():
        if regime.signed.first > end:
            problems.append(f"{regime.file}: regime '{regime.id}': signed after the end of "
                            f"coverage ({coverage.until.as_written}, coverage.toml)")
        for item in (*regime.segments, *regime.territories):
            event = sources.events.get(item.until or "")
            if event is not None and event.date.first > end:
                problems.append(f"{regime.file}: regime '{regime.id}': '{item.id}': until: event "
                                f"'{event.id}' ({event.date.as_written}) is after the end of coverage "
                                f"({coverage.until.as_written}): leave until out, so it is in force to "
                                "the end of the data")
    return problems
