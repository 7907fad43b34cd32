"""Users' own GeoJSON files for ``bordermap maps --add``: read with limits, checked, made plain.

A user's file is untrusted input: it is read with a hard size cap, parsed as strict JSON,
and every geometry is checked against RFC 7946 (:func:`bordermap.geojson.check_geometry`)
before anything is drawn. Problems are one-line :class:`~bordermap.errors.BordermapError`
messages naming the file, the feature and what is wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bordermap.errors import BordermapError

#: Limits for a user's layer added with ``--add``.
MAX_ADD_BYTES = 10 * 1024 * 1024
MAX_ADD_FEATURES = 20_000
_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                   "MultiPolygon", "GeometryCollection")


def _check_positions(value: Any, where: str) -> None:
    if isinstance(value, list) and value and all(isinstance(v, (int, float)) and
                                                 not isinstance(v, bool) for v in value):
        if len(value) < 2:
            raise BordermapError(f"{where}: a position needs longitude and latitude")
        lon, lat = value[0], value[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise BordermapError(f"{where}: position [{lon}, {lat}] is outside WGS84 "
                                 "(longitude -180..180, latitude -90..90)")
        return
    if not isinstance(value, list):
        raise BordermapError(f"{where}: coordinates must be arrays of numbers")
    for item in value:
        _check_positions(item, where)


def read_user_layer(path: Path) -> dict[str, Any]:
    """Read and validate a user's GeoJSON file for ``--add``; a FeatureCollection.

    Accepted: RFC 7946 GeoJSON (a FeatureCollection, a Feature or a geometry) in WGS84
    longitude/latitude, at most :data:`MAX_ADD_BYTES` and :data:`MAX_ADD_FEATURES`.
    """
    import shapely

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BordermapError(f"{path}: cannot read the file ({exc.strerror})") from None
    if size > MAX_ADD_BYTES:
        raise BordermapError(f"{path}: {size:,} bytes is more than the {MAX_ADD_BYTES:,} a layer "
                             "may have; simplify it first")
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        raise BordermapError(f"{path}: not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise BordermapError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or "type" not in data:
        raise BordermapError(f"{path}: not GeoJSON (expected an object with a 'type')")
    if data["type"] == "FeatureCollection":
        features = data.get("features")
    elif data["type"] == "Feature":
        features = [data]
    elif data["type"] in _GEOMETRY_TYPES:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise BordermapError(f"{path}: unknown GeoJSON type {str(data['type'])[:40]!r}")
    if not isinstance(features, list) or not features:
        raise BordermapError(f"{path}: no features")
    if len(features) > MAX_ADD_FEATURES:
        raise BordermapError(f"{path}: {len(features):,} features is more than {MAX_ADD_FEATURES:,}")
    out = []
    for number, f in enumerate(features, start=1):
        where = f"{path}: feature {number}"
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise BordermapError(f"{where}: not a GeoJSON Feature")
        geometry = f.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in _GEOMETRY_TYPES:
            raise BordermapError(f"{where}: missing or unknown geometry")
        if geometry["type"] != "GeometryCollection":
            _check_positions(geometry.get("coordinates"), where)
        try:
            shapely.geometry.shape(geometry)
        except Exception as exc:  # shapely raises several types for malformed input
            raise BordermapError(f"{where}: malformed {geometry['type']} ({exc})") from None
        props = f.get("properties") or {}
        if not isinstance(props, dict):
            raise BordermapError(f"{where}: properties must be an object")
        out.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": out}
