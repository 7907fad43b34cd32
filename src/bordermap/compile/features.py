"""GeoJSON features for the layers that ``bordermap build`` writes (WGS84, RFC 7946)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bordermap.layers.geojson import feature
from bordermap.sources.bibliography import Citation, Work, citation_text
from bordermap.sources.gazetteer import Event, Lake, Place, Sources
from bordermap.terms import LANGS


def cited(works: dict[str, Work], *groups: tuple[Citation, ...]) -> dict[str, Any]:
    """``source`` (the citations as a reader sees them, "; "-joined) and ``refs`` (the
    bibliography keys they cite, each once, in order) for a feature."""
    every = tuple(c for group in groups for c in group)
    return {"source": citation_text(every, works), "refs": list(dict.fromkeys(c.key for c in every))}


def data_citation(key: str, locator: str | None = None) -> tuple[Citation, ...]:
    """A citation of one of the data sets the compiler traces
    (:data:`bordermap.sources.bibliography.DATA_KEYS`)."""
    return (Citation(key, locator),)


def names(prefix: str, values: dict[str, str]) -> dict[str, str]:
    """Flatten a four-language name table into ``<prefix>_en``, ``_ru``, ``_zh``, ``_tr``."""
    return {f"{prefix}_{lang}": values[lang] for lang in LANGS}


def _lifespan(start: str | None, end: str | None) -> dict[str, Any]:
    """``valid_from``/``valid_until`` (Gregorian; ``valid_until`` the first day no longer in
    force) and their Julian forms; None where unbounded."""
    from bordermap.calendars import to_julian

    return {"valid_from": start, "valid_until": end,
            "valid_from_julian": to_julian(start) if start else None,
            "valid_until_julian": to_julian(end) if end else None}


def place_feature(place: Place, works: dict[str, Work]) -> dict[str, Any]:
    """A Point feature for a gazetteer entry, existing from ``founded`` until ``abandoned``."""
    founded, abandoned = place.founded, place.abandoned
    position = place.position
    calendar = (founded or abandoned).calendar if (founded or abandoned) else None
    props: dict[str, Any] = {
        "id": place.id, "kind": place.kind, **names("name", place.name),
        "aliases": list(place.aliases), "approximate": place.approximate,
        "accuracy_km": position.accuracy_km, "position_source": position.ref.text(works),
        "position_note": position.note,
        "founded": founded.as_written if founded else None,
        "abandoned": abandoned.as_written if abandoned else None, "calendar": calendar,
        **_lifespan(founded.first if founded else None, abandoned.after() if abandoned else None),
        "note": place.note, "note_tr": place.note_tr,
        **cited(works, place.sources, (position.ref,))}
    return feature(place.id, props, {"type": "Point", "coordinates": [place.lon, place.lat]})


def event_feature(event: Event, place: Place, works: dict[str, Work]) -> dict[str, Any]:
    """A Point feature for an event, at its place."""
    date = event.date
    props: dict[str, Any] = {
        "id": event.id, "date": date.as_written, "calendar": date.calendar,
        "date_julian": date.julian, "date_gregorian": date.gregorian,
        "date_precision": date.precision, "date_first": date.first, "date_last": date.last,
        "year": int(date.first[:4]), "place": event.place, **names("title", event.title),
        "note": event.note, "note_tr": event.note_tr, "approximate": place.approximate,
        **cited(works, event.sources),
    }
    return feature(event.id, props, {"type": "Point", "coordinates": [place.lon, place.lat]})


def story_feature(number: int, step: Any, works: dict[str, Work]) -> dict[str, Any]:
    """A Point feature for step ``number`` of the tour (a
    :class:`~bordermap.sources.story.Step`), at the centre of its view."""
    date = step.date
    props: dict[str, Any] = {
        "id": step.id, "step": number, "date": date.as_written, "calendar": date.calendar,
        "date_julian": date.julian, "date_gregorian": date.gregorian, "day": date.last,
        "zoom": step.view.zoom,
        **{f"title_{lang}": step.title.get(lang) for lang in ("en", "tr", "ru", "zh")},
        "text_en": step.text["en"], "text_tr": step.text["tr"], "events": list(step.events),
        "places": list(step.places), "regimes": list(step.regimes), "routes": list(step.routes),
        "proposals": list(step.proposals), **cited(works, step.sources),
    }
    return feature(step.id, props, {"type": "Point", "coordinates": [step.view.lon, step.view.lat]})


#: Property order of border segments and territories in the regime and timeline layers
#: (``own`` only in a regime's layer).
BORDER_PROPERTIES = ("kind", "id", "established_by", "own", "segment", "chain", "segment_kind",
                     "river", "line", "from", "to", "bank", "article", "precision", "confirmed_by",
                     "valid_from", "valid_until", "valid_from_julian", "valid_until_julian",
                     "ended_by", "length_km", "note", "note_tr", "source", "refs")
TERRITORY_PROPERTIES = ("kind", "id", "established_by", "own", "territory", "region",
                        *(f"name_{lang}" for lang in LANGS), "status", "from_state", "to_state",
                        "article", "reading", "alternative", "confirmed_by", "valid_from",
                        "valid_until", "valid_from_julian", "valid_until_julian", "ended_by",
                        "area_km2", "note", "note_tr", "source", "refs")


def timed(drawn: dict[str, Any], span: Any, own: bool | None = None) -> dict[str, Any]:
    """A drawn segment or territory with its lifespan (a
    :class:`~bordermap.compile.timeline.Span`), and, in a regime's layer, ``own``."""
    props = {**drawn["properties"], **_lifespan(span.start, span.end), "ended_by": span.ended_by,
             "confirmed_by": list(span.confirmed_by), "own": own}
    order = BORDER_PROPERTIES if props["kind"] == "border" else TERRITORY_PROPERTIES
    ordered = {key: props[key] for key in order if key != "own" or own is not None}
    return {**drawn, "properties": ordered}


#: What each World Data Bank II file a river is traced through holds, in words.
_DATA_WORDS = {"rivers_i": "rivers", "countries_i": "border lines"}


def river_feature(traced: Any, works: dict[str, Work]) -> dict[str, Any]:
    """A LineString feature, source to mouth, for a :class:`~bordermap.compile.rivers.TracedRiver`."""
    river = traced.river
    if river.geometry == "waypoints":
        precision, data = "approximate", ()
    else:
        share = ", ".join(f"{_DATA_WORDS.get(tag, tag)} {km:,.0f} km"
                          for tag, km in sorted(traced.km_by_source.items()) if tag != "snap")
        precision, data = "generalised", data_citation("wdb2", f"traced along its {share}")
    props: dict[str, Any] = {
        "id": river.id, **names("name", river.name), "waypoints": list(river.waypoints),
        "length_km": round(traced.length_km, 1), "published_length_km": river.published_length_km,
        "length_source": river.length_source.text(works), "precision": precision,
        "note": river.note, "note_tr": river.note_tr,
        **cited(works, data, river.sources),
    }
    return feature(river.id, props, {"type": "LineString", "coordinates": traced.coords.tolist()})


def lake_feature(lake: Lake, ring: np.ndarray, works: dict[str, Work]) -> dict[str, Any]:
    """A Polygon feature (counter-clockwise shell, per RFC 7946) with its geodesic area."""
    import shapely
    from pyproj import Geod
    from shapely.geometry.polygon import orient

    polygon = orient(shapely.Polygon(ring), sign=1.0)
    area, _perimeter = Geod(ellps="WGS84").geometry_area_perimeter(polygon)
    props: dict[str, Any] = {"id": lake.id, **names("name", lake.name),
                             "area_km2": round(abs(area) / 1e6, 1), "note": lake.note,
                             "note_tr": lake.note_tr,
                             **cited(works, data_citation("gshhs", "lake shoreline"), lake.sources)}
    coords = [list(map(list, polygon.exterior.coords))]
    return feature(lake.id, props, {"type": "Polygon", "coordinates": coords})


def compile_features(sources: Sources, treaties: Any) -> dict[str, list[dict[str, Any]]]:
    """All features of every layer, keyed by layer name (a regime's layer by its id).

    Regimes are compiled from the rivers *as written to the rivers layer* (rounded), so a
    border along a river lies exactly on the river layer's line.
    """
    from bordermap.compile.basemap import basemap_features
    from bordermap.compile.lakes import lake_ring
    from bordermap.compile.modern import modern_feature, trace_borders
    from bordermap.compile.regimes import Linework, compile_regime
    from bordermap.compile.rivers import trace_rivers
    from bordermap.compile.routes import proposal_features, route_features

    works = sources.works
    rivers = [river_feature(t, works) for t in trace_rivers(sources)]
    borders = trace_borders(treaties)
    modern = [modern_feature(treaties.modern[bid], c, works) for bid, c in borders.items()]
    river_coords = {f["id"]: np.array(f["geometry"]["coordinates"]) for f in rivers}
    border_coords = {f["properties"]["segment"]: np.array(f["geometry"]["coordinates"])
                     for f in modern}
    linework = Linework(treaties, river_coords, border_coords)
    polygons: dict[str, Any] = {}
    out = {
        "rivers": rivers,
        "lakes": [lake_feature(lake, lake_ring(sources, lake), works)
                  for lake in sources.lakes.values()],
        "places": [place_feature(p, works) for p in sources.places.values()],
        "events": [event_feature(e, sources.places[e.place], works) for e in sources.events.values()],
        "modern": modern,
        "basemap": basemap_features(works),
        "story": [story_feature(number, step, works) for number, step in enumerate(sources.story, start=1)],
        "routes": route_features(linework, treaties.routes, works),
        "proposals": proposal_features(linework, treaties.proposals, treaties.lines, works),
    }
    drawn: dict[str, dict[str, Any]] = {}
    for regime in treaties.regimes.values():
        if regime.segments or regime.territories:
            drawn |= {f["id"]: f for f in compile_regime(linework, regime, polygons)}
    out |= regime_layers(treaties, drawn)
    return out


def regime_layers(treaties: Any, drawn: dict[str, dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The ``timeline`` layer (every drawn segment and territory once, with its lifespan,
    in the order the treaties were signed) and each regime's layer: every segment and
    territory in force at some time in the regime's period, ``own`` where the regime drew
    it. The invariants of :func:`~bordermap.compile.timeline.check_invariants` are checked
    first."""
    from bordermap.compile.regimes import CHAIN_GAP_KM, OVERLAP_KM2
    from bordermap.compile.timeline import check_invariants, lifespans, periods

    spans = lifespans(treaties)
    check_invariants(treaties, spans, drawn, CHAIN_GAP_KM, OVERLAP_KM2)
    order = sorted(treaties.regimes, key=lambda rid: treaties.regimes[rid].signed.first)
    keys = [key for rid in order for key in drawn if drawn[key]["properties"]["established_by"] == rid]
    out = {"timeline": [timed(drawn[key], spans[key]) for key in keys]}
    with_borders = [rid for rid in order if any(drawn[k]["properties"]["established_by"] == rid
                                               for k in keys)]
    for rid, period in periods(treaties, with_borders).items():
        out[rid] = [timed(drawn[key], spans[key], own=drawn[key]["properties"]["established_by"] == rid)
                    for key in keys
                    if (period.end is None or spans[key].start < period.end)
                    and (spans[key].end is None or spans[key].end > period.start)]
    return out
