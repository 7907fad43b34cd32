"""Features of the ``routes`` and ``proposals`` layers, drawn from the same pieces as the
borders (:class:`~bordermap.compile.regimes.Linework`): a river leg lies exactly on the
rivers layer's line, as a border along that river does."""

from __future__ import annotations

from typing import Any

from bordermap.compile.features import cited, data_citation, names
from bordermap.compile.rivers import geodesic_length_km
from bordermap.layers.geojson import feature
from bordermap.sources.bibliography import Work


def _written(date: Any, prefix: str = "date") -> dict[str, Any]:
    return {prefix: date.as_written if date else None,
            f"{prefix}_julian": date.julian if date else None,
            f"{prefix}_gregorian": date.gregorian if date else None}


def route_features(linework: Any, routes: dict[str, Any], works: dict[str, Work]) -> list[dict[str, Any]]:
    """One LineString feature per leg of every route (a
    :class:`~bordermap.sources.routes.Route`), in the order of the routes' dates."""
    out = []
    for route in sorted(routes.values(), key=lambda r: (r.date.first, r.id)):
        for number, leg in enumerate(route.legs, start=1):
            coords = linework.piece(leg)
            river = leg.source == "river"
            data = (data_citation("wdb2", f"the {linework.river_names[leg.ref]} as traced")
                    if river else ())
            props: dict[str, Any] = {
                "id": f"{route.id}/{number}", "route": route.id, "leg": number,
                **names("name", route.name), "mode": "river" if river else "sea",
                "follows": leg.ref, "from": leg.start, "to": leg.end,
                "precision": "generalised" if river else "approximate",
                "calendar": route.date.calendar, **_written(route.date), **_written(route.until, "until"),
                "date_first": route.date.first,
                "date_last": (route.until or route.date).last,
                "people": list(route.people), **names("vessel", route.vessel), "event": route.event,
                "length_km": round(geodesic_length_km(coords), 1),
                "note": route.note, "note_tr": route.note_tr, **cited(works, route.sources, data),
            }
            out.append(feature(props["id"], props, {"type": "LineString", "coordinates": coords.tolist()}))
    return out


def proposal_features(linework: Any, proposals: dict[str, Any], lines: dict[str, Any],
                      works: dict[str, Work]) -> list[dict[str, Any]]:
    """One LineString feature per line of every proposal (a
    :class:`~bordermap.sources.routes.Proposal`), in the order of their dates."""
    out = []
    for proposal in sorted(proposals.values(), key=lambda p: (p.date.first, p.id)):
        for number, line in enumerate(proposal.lines, start=1):
            piece = line.piece
            coords = linework.piece(piece)
            kind = "river" if piece.source == "river" else (
                "ridge" if lines[piece.ref].kind == "ridge" else "line")
            props: dict[str, Any] = {
                "id": f"{proposal.id}/{number}", "proposal": proposal.id, "part": number,
                "status": "proposed", "proposal_kind": proposal.kind, "by": proposal.by,
                **names("name", proposal.name), "date": proposal.date.as_written,
                "calendar": proposal.date.calendar, "date_julian": proposal.date.julian,
                "date_gregorian": proposal.date.gregorian, "date_first": proposal.date.first,
                "settled_by": proposal.settled_by, "segment_kind": kind, "follows": piece.ref,
                "from": piece.start, "to": piece.end, "precision": line.precision,
                "length_km": round(geodesic_length_km(coords), 1),
                "note": proposal.note, "note_tr": proposal.note_tr, **cited(works, proposal.sources),
            }
            out.append(feature(props["id"], props, {"type": "LineString", "coordinates": coords.tolist()}))
    return out
