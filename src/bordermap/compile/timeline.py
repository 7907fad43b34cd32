"""Time: the lifespan of every border segment and territory, the regimes' periods, and the
invariants that must hold on every date the data cover.

A segment or territory is in force from the day the treaty that drew it was signed until
the day the treaty that ended it was (or the event that ended it happened); its
``valid_until`` is that first day no longer in force, Gregorian, and None when it is
still in force on the last day the data cover (:class:`~bordermap.sources.treaties.Coverage`).

What ends it, unless its source says otherwise (``until``): the treaty that superseded
its own (``superseded_by``), skipping every superseding treaty that *confirms* it
(``[[confirm]]``), so a line a later treaty confirmed stays in force under that treaty.
``until = "open"`` keeps it in force to the end of the data; a regime or event id ends it
then. A regime's *period*, what its layer shows, runs from the day it was signed to the
day the next treaty with a border of its own was.

All dates here are Gregorian ``YYYY-MM-DD`` text, which sorts as dates do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bordermap.calendars import shift
from bordermap.errors import SourceError
from bordermap.sources.treaties import OPEN, Treaties


@dataclass(frozen=True)
class Span:
    """When a segment or territory is in force: ``start`` (first day), ``end`` (first day no
    longer in force; None: in force to the end of the data), what ended it, and the
    treaties that confirmed it, in the order they were signed."""

    start: str
    end: str | None
    ended_by: str | None
    confirmed_by: tuple[str, ...]

    def holds(self, day: str) -> bool:
        """In force on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Period:
    """What a regime's layer shows: from ``start`` until ``end`` (exclusive; None: the end
    of the data)."""

    regime: str
    start: str
    end: str | None


def coverage(treaties: Treaties) -> tuple[str, str]:
    """The first and the last day the data cover (Gregorian)."""
    first = min(r.signed.first for r in treaties.regimes.values())
    return first, treaties.coverage.until.last


def lifespans(treaties: Treaties) -> dict[str, Span]:
    """The :class:`Span` of every segment and territory, keyed ``<regime-id>/<id>``."""
    regimes, events = treaties.regimes, treaties.sources.events
    confirmed: dict[str, list[str]] = {}
    for regime in sorted(regimes.values(), key=lambda r: r.signed.first):
        for confirm in regime.confirms:
            confirmed.setdefault(confirm.feature, []).append(regime.id)
    spans = {}
    for regime in regimes.values():
        for item in (*regime.segments, *regime.territories):
            key = f"{regime.id}/{item.id}"
            confirms = confirmed.get(key, [])
            end: str | None = None
            ended_by: str | None = None
            if item.until == OPEN:
                pass
            elif item.until in regimes:
                end, ended_by = regimes[item.until].signed.first, item.until
            elif item.until in events:
                end, ended_by = events[item.until].date.first, item.until
            else:
                later = regime.superseded_by
                while later is not None and later in confirms:
                    later = regimes[later].superseded_by
                if later is not None:
                    end, ended_by = regimes[later].signed.first, later
            spans[key] = Span(regime.signed.first, end, ended_by,
                              tuple(c for c in confirms if end is None or regimes[c].signed.first < end))
    return spans


def regime_span(treaties: Treaties, rid: str) -> Span:
    """When a treaty itself is in force: from its signing until the signing of the treaty
    that superseded it."""
    regime = treaties.regimes[rid]
    later = treaties.regimes.get(regime.superseded_by or "")
    return Span(regime.signed.first, later.signed.first if later else None,
                later.id if later else None, ())


def periods(treaties: Treaties, drawn: list[str]) -> dict[str, Period]:
    """The period of each regime in ``drawn`` (regimes with a border of their own)."""
    ordered = sorted(drawn, key=lambda rid: treaties.regimes[rid].signed.first)
    starts = [treaties.regimes[rid].signed.first for rid in ordered]
    return {rid: Period(rid, start, starts[i + 1] if i + 1 < len(starts) else None)
            for i, (rid, start) in enumerate(zip(ordered, starts, strict=True))}


def change_days(spans: dict[str, Span], first: str, last: str) -> list[str]:
    """Every day on which something begins or ends, and the days either side, within
    ``first``..``last``: the days the invariants are checked on."""
    days = {first, last}
    for span in spans.values():
        for day in (span.start, span.end):
            if day is not None:
                days |= {shift(day, -1), day, shift(day, 1)}
    return sorted(d for d in days if first <= d <= last)


def check_invariants(treaties: Treaties, spans: dict[str, Span],
                     features: dict[str, dict[str, Any]], gap_km: float,
                     overlap_km2: float) -> None:
    """On every day of :func:`change_days`: the main border in force is one continuous
    chain (segments with chain ``main``, joined end to end at shared places, at most
    ``gap_km`` apart), and no two territories in force overlap by more than
    ``overlap_km2``. ``features`` are the compiled features by key. Raises
    :class:`~bordermap.errors.SourceError` listing each problem once."""
    import numpy as np
    import shapely

    from bordermap.compile.network import approx_km
    from bordermap.layers.crs import equal_area_km2

    first, last = coverage(treaties)
    problems: dict[str, str] = {}
    shapes = {key: shapely.geometry.shape(f["geometry"]) for key, f in features.items()
              if f["properties"]["kind"] == "territory"}
    ordered = sorted(treaties.regimes.values(), key=lambda r: r.signed.first)
    for day in change_days(spans, first, last):
        # a problem is reported against the treaty that made the last change before it
        where = [r.file for r in ordered if r.signed.first <= day][-1]
        live = [key for key, span in spans.items() if span.holds(day)]
        main = [key for key in live if features[key]["properties"]["kind"] == "border"
                and features[key]["properties"]["chain"] == "main"]
        problem = _chain_problem(main, features, gap_km, approx_km, np)
        if problem:
            problems.setdefault(problem, f"{where}: on {day} the main border in force is not one "
                                         f"chain: {problem}")
        territories = sorted(key for key in live if key in shapes)
        for i, a in enumerate(territories):
            for b in territories[i + 1:]:
                area = equal_area_km2(shapes[a].intersection(shapes[b]))
                if area > overlap_km2:
                    files = dict.fromkeys(treaties.regimes[k.split("/")[0]].file for k in (a, b))
                    problems.setdefault(f"{a}|{b}", f"{', '.join(files)}: on {day} territories '{a}' "
                                                   f"and '{b}', both in force, overlap by {area:,.0f} km²")
    if problems:
        raise SourceError(list(problems.values()))


def _chain_problem(keys: list[str], features: dict[str, dict[str, Any]], gap_km: float,
                   approx_km: Any, np: Any) -> str:
    """What keeps ``keys`` (border segments) from forming one simple path; '' if they do."""
    if not keys:
        return "there is none"
    ends: dict[str, list[tuple[str, Any]]] = {}
    for key in keys:
        props, coords = features[key]["properties"], features[key]["geometry"]["coordinates"]
        ends.setdefault(props["from"], []).append((key, coords[0]))
        ends.setdefault(props["to"], []).append((key, coords[-1]))
    for place, meeting in sorted(ends.items()):
        if len(meeting) > 2:
            return f"{len(meeting)} segments meet at '{place}' ({', '.join(k for k, _ in meeting)})"
        if len(meeting) == 2:
            gap = float(approx_km(np.asarray(meeting[0][1]), np.asarray(meeting[1][1])))
            if gap > gap_km:
                return (f"'{meeting[0][0]}' and '{meeting[1][0]}' meet at '{place}' {gap:.1f} km "
                        f"apart (at most {gap_km:g} km)")
    loose = sorted(place for place, meeting in ends.items() if len(meeting) == 1)
    if len(loose) != 2:
        return f"{len(loose)} loose ends ({', '.join(loose)}): expected one line with two ends"
    # connected: walk from one end over all segments
    seen, place, used = {loose[0]}, loose[0], set()
    while True:
        step = [(key, coords) for key, coords in ends[place] if key not in used]
        if not step:
            break
        key = step[0][0]
        used.add(key)
        props = features[key]["properties"]
        place = props["to"] if props["from"] == place else props["from"]
        seen.add(place)
    if len(used) != len(keys):
        return f"it falls apart: {', '.join(sorted(set(keys) - used))} not joined to the rest"
    return ""
