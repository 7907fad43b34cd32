"""Expeditions' routes and the lines that were proposed but never signed.

* ``routes.toml`` — ``[[route]]``: a voyage or a rafting, with its dates, people, vessel and
  *legs*: pieces (see :mod:`bordermap.sources.treaties`) that chain end to end, each a
  stretch of a river of ``rivers.toml`` or a ship's course of ``lines.toml``
  (``kind = "course"``, drawn at sea and approximate);
* ``proposals.toml`` — ``[[proposal]]``: a draft, a negotiating position or a claim, with
  who made it and when, the treaty that settled the question, and its *lines*: pieces,
  each with the precision of the description it comes from.

Neither is a border: the timeline, ``bordermap at`` and the maps' date slider never count
them. Problems are reported as everywhere (:mod:`bordermap.sources.toml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from bordermap.sources.bibliography import Citation, citations
from bordermap.sources.toml import (
    Doc,
    Entry,
    check_id,
    check_keys,
    choice,
    get,
    names,
    show,
    strings,
    written_date,
)
from bordermap.terms import CALENDARS, PRECISIONS, PROPOSAL_KINDS, PROPOSERS

_ROUTE_KEYS = ("id", "name", "date", "until", "calendar", "people", "vessel", "event", "legs",
               "note", "note_tr", "sources")
_PROPOSAL_KEYS = ("id", "name", "by", "kind", "date", "calendar", "settled_by", "lines", "note",
                  "note_tr", "sources")


@dataclass(frozen=True)
class Route:
    """A voyage or rafting: legs (pieces) chained from its start to its end."""

    id: str
    name: dict[str, str]
    date: Any  # bordermap.calendars.WrittenDate: when it set out
    until: Any  # when it ended, or None where the sources give no date
    people: tuple[str, ...]
    vessel: dict[str, str]
    event: str | None
    legs: tuple[Any, ...]  # bordermap.sources.treaties.Piece
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True)
class ProposedLine:
    """One stretch of a proposal: a piece and how exactly the proposal described it."""

    piece: Any  # bordermap.sources.treaties.Piece
    precision: str


@dataclass(frozen=True)
class Proposal:
    """A line proposed, held or claimed, never in force."""

    id: str
    name: dict[str, str]
    by: str
    kind: str
    date: Any  # bordermap.calendars.WrittenDate
    settled_by: str
    lines: tuple[ProposedLine, ...]
    note: str
    note_tr: str
    sources: tuple[Citation, ...]


def _chained(entry: Entry, key: str, pieces: list[Any]) -> bool:
    for before, after in pairwise(pieces):
        if before.end != after.start:
            entry.problem(key, f"a leg ends at '{before.end}' but the next starts at "
                               f"'{after.start}': legs must join end to start")
            return False
    return True


def _legs(entry: Entry, refs: Any, lines: dict[str, Any]) -> tuple[Any, ...] | None:
    from bordermap.sources.treaties import read_piece

    value = get(entry, "legs", list, "a list of pieces, such as { river = \"amur\", from = \"a\", "
                                     "to = \"b\" }")
    if value is None:
        return None
    if not value:
        entry.problem("legs", "a route needs at least one leg")
        return None
    pieces = [read_piece(entry, "legs", item, refs) for item in value]
    if any(p is None for p in pieces):
        return None
    ok = True
    for piece in pieces:
        if piece.source == "line" and piece.ref in lines and lines[piece.ref].kind != "course":
            entry.problem("legs", f"the line '{piece.ref}' is a {lines[piece.ref].kind}, not a ship's "
                                  "course (kind = \"course\" in lines.toml)")
            ok = False
        elif piece.source not in ("river", "line"):
            entry.problem("legs", f"a leg follows a river or a ship's course, not a {piece.source}")
            ok = False
    return tuple(pieces) if ok and _chained(entry, "legs", pieces) else None


def read_routes(doc: Doc, refs: Any, lines: dict[str, Any]) -> dict[str, Route]:
    """The routes of ``doc`` (``routes.toml``), checked: known places, rivers, courses and
    events; legs that chain; an end no earlier than the start."""
    out: dict[str, Route] = {}
    seen: set[str] = set()
    for entry in doc.entries("route", required=False):
        check_keys(entry, _ROUTE_KEYS)
        rid = check_id(entry, seen)
        name = names(entry, "name")
        calendar = choice(entry, "calendar", CALENDARS)
        date = written_date(entry, "date", calendar)
        until = written_date(entry, "until", calendar, required=False) if "until" in entry.data else None
        if date is not None and until is not None and until.last < date.first:
            entry.problem("until", f"{until.as_written} is before the route's date {date.as_written}")
        people = strings(entry, "people", "a list of the people who led it")
        if people == ():
            entry.problem("people", "expected a list of the people who led it")
            people = None
        vessel = names(entry, "vessel")
        event = get(entry, "event", str, "an event id", required=False)
        if event is not None and event not in refs.events:
            entry.problem("event", f"unknown event id {show(event)} (not in events.toml)")
        legs = _legs(entry, refs, lines)
        note = get(entry, "note", str, "a short note on the route")
        note_tr = get(entry, "note_tr", str, "the note in Turkish")
        cited = citations(entry, "sources", refs.works)
        values = (rid, name, date, people, vessel, legs, note, note_tr, cited)
        if all(v is not None for v in values) and ("until" not in entry.data or until is not None):
            out[rid] = Route(rid, name, date, until, people, vessel, event, legs,  # type: ignore[arg-type]
                             note, note_tr, cited)  # type: ignore[arg-type]
    return out


def _proposed_lines(entry: Entry, refs: Any) -> tuple[ProposedLine, ...] | None:
    from bordermap.sources.treaties import read_piece

    value = get(entry, "lines", list, "a list of pieces, each with its precision")
    if value is None:
        return None
    if not value:
        entry.problem("lines", "a proposal needs at least one line")
        return None
    out = []
    for item in value:
        if not isinstance(item, dict) or "precision" not in item:
            entry.problem("lines", "expected a piece with its precision, such as { river = \"amur\", "
                                   "from = \"a\", to = \"b\", precision = \"described\" }")
            return None
        precision = item["precision"]
        if precision not in PRECISIONS:
            entry.problem("lines", f"precision: expected one of {', '.join(PRECISIONS)}, got "
                                   f"{show(precision)}")
            return None
        piece = read_piece(entry, "lines", {k: v for k, v in item.items() if k != "precision"}, refs)
        if piece is None:
            return None
        out.append(ProposedLine(piece, precision))
    return tuple(out) if _chained(entry, "lines", [line.piece for line in out]) else None


def read_proposals(doc: Doc, refs: Any, regime_ids: tuple[str, ...]) -> dict[str, Proposal]:
    """The proposals of ``doc`` (``proposals.toml``), checked: known places, rivers, lines
    and the regime that settled each one; lines that chain."""
    out: dict[str, Proposal] = {}
    seen: set[str] = set()
    for entry in doc.entries("proposal", required=False):
        check_keys(entry, _PROPOSAL_KEYS)
        pid = check_id(entry, seen)
        name = names(entry, "name")
        by = choice(entry, "by", PROPOSERS)
        kind = choice(entry, "kind", PROPOSAL_KINDS)
        calendar = choice(entry, "calendar", CALENDARS)
        date = written_date(entry, "date", calendar)
        settled = choice(entry, "settled_by", regime_ids)
        lines = _proposed_lines(entry, refs)
        note = get(entry, "note", str, "a short note on the proposal")
        note_tr = get(entry, "note_tr", str, "the note in Turkish")
        cited = citations(entry, "sources", refs.works)
        values = (pid, name, by, kind, date, settled, lines, note, note_tr, cited)
        if all(v is not None for v in values):
            out[pid] = Proposal(*values)  # type: ignore[arg-type]
    return out
