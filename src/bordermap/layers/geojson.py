"""Deterministic RFC 7946 GeoJSON text, and checked geometries from GeoJSON read in.

Coordinates are WGS84 longitude/latitude rounded to :data:`DECIMALS` places
(1e-5 degree, about 1 m: finer than the float32 source data carries). Keys keep the
order the compiler gives them; features keep the order of the sources; each feature is
one line, so a change to one feature is a one-line diff.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from bordermap.errors import shown

DECIMALS = 5


def round_coords(coords: Any, decimals: int = DECIMALS) -> Any:
    """Round nested coordinate lists to ``decimals`` places (``-0.0`` becomes ``0.0``)."""
    if isinstance(coords, (int, float)):
        return round(float(coords), decimals) + 0.0
    return [round_coords(c, decimals) for c in coords]


def feature(fid: str, properties: Mapping[str, Any], geometry: Mapping[str, Any]) -> dict:
    """A GeoJSON Feature with ``id``, ordered ``properties`` and rounded ``geometry``."""
    geom = dict(geometry)
    geom["coordinates"] = round_coords(geom["coordinates"])
    return {"type": "Feature", "id": fid, "properties": dict(properties), "geometry": geom}


def dumps_collection(features: Iterable[Mapping[str, Any]], name: str) -> str:
    """Serialise a FeatureCollection as UTF-8 text, one feature per line."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
             for f in features]
    head = f'{{"type":"FeatureCollection","name":{json.dumps(name)},"features":[\n'
    return head + ",\n".join(lines) + "\n]}\n"


def dumps_json(data: Any) -> str:
    """Serialise plain JSON (such as ``index.json``) readably and deterministically."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# -- reading: RFC 7946 geometries checked, with one-line messages -----------------------

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection")


class GeometryError(ValueError):
    """What is wrong with a geometry, in words; the caller says which file and feature."""


def _position(value: Any) -> list[float]:
    if not isinstance(value, list) or not 2 <= len(value) <= 3 or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        raise GeometryError(f"expected a position [longitude, latitude], got {shown(value)}")
    try:
        lon, lat = float(value[0]), float(value[1])
    except OverflowError:  # an integer too large for a float
        lon = lat = math.nan
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):  # also false for NaN
        raise GeometryError(f"position {shown(value[:2])} is outside WGS84 "
                            "(longitude -180..180, latitude -90..90)")
    return [lon, lat]


def _positions(value: Any, least: int, what: str) -> list[list[float]]:
    if not isinstance(value, list):
        raise GeometryError(f"expected {what}: an array of positions, got {shown(value)}")
    if len(value) < least:
        raise GeometryError(f"{what} needs at least {least} positions, has {len(value)}")
    return [_position(v) for v in value]


def _ring(value: Any) -> list[list[float]]:
    ring = _positions(value, 4, "a polygon ring")
    if ring[0] != ring[-1]:
        raise GeometryError("a polygon ring must end where it starts (it is not closed)")
    return ring


def _parts(value: Any, read: Any, what: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise GeometryError(f"expected a non-empty array of {what}, got {shown(value)}")
    return [read(v) for v in value]


_COORDINATES = {
    "Point": _position,
    "MultiPoint": lambda v: _parts(v, _position, "positions"),
    "LineString": lambda v: _positions(v, 2, "a LineString"),
    "MultiLineString": lambda v: _parts(v, lambda p: _positions(p, 2, "a LineString"), "lines"),
    "Polygon": lambda v: _parts(v, _ring, "rings"),
    "MultiPolygon": lambda v: _parts(v, lambda p: _parts(p, _ring, "rings"), "polygons"),
}


def check_geometry(value: Any, types: tuple[str, ...] = GEOMETRY_TYPES) -> dict[str, Any]:
    """A GeoJSON geometry checked against RFC 7946 and returned in plain form.

    Positions must be ``[longitude, latitude]`` (an altitude is dropped) in WGS84
    degrees; lines need two positions, rings four and must close; nothing may be empty.
    Members other than ``type`` and ``coordinates`` are dropped, and nested
    GeometryCollections are flattened into one. ``types`` are the types allowed.
    Raises :class:`GeometryError` saying what is wrong.
    """
    if not isinstance(value, dict):
        raise GeometryError(f"expected a geometry object, got {shown(value)}")
    kind = value.get("type")
    if kind not in types:
        allowed = ", ".join(types)
        raise GeometryError(f"geometry type {shown(kind)} is not one of {allowed}")
    if kind == "GeometryCollection":
        members: list[dict[str, Any]] = []
        stack = [iter(_members(value))]
        while stack:  # flattened without recursion: nesting depth cannot exhaust the stack
            member = next(stack[-1], _END)
            if member is _END:
                stack.pop()
            elif isinstance(member, dict) and member.get("type") == "GeometryCollection":
                stack.append(iter(_members(member)))
            else:
                members.append(check_geometry(member, _COORDINATE_TYPES))
        return {"type": kind, "geometries": members}
    if "coordinates" not in value:
        raise GeometryError(f"a {kind} needs 'coordinates'")
    return {"type": kind, "coordinates": _COORDINATES[kind](value["coordinates"])}


_COORDINATE_TYPES = tuple(_COORDINATES)


_END = object()


def _members(collection: dict[str, Any]) -> list[Any]:
    geometries = collection.get("geometries")
    if not isinstance(geometries, list) or not geometries:
        raise GeometryError("a GeometryCollection needs a non-empty 'geometries' array")
    return geometries


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(value: Any) -> tuple[str, str] | None:
    """Where in parsed JSON ``value`` a key or a string holds a lone surrogate (a ``\\ud800``
    escape without its pair: not a character, and it cannot be written as UTF-8), as
    ``(path, text)`` with a path such as ``features[3].properties.name``; None if nowhere.
    Walked without recursion; the usual case, no surrogate at all, is found at C speed."""
    if not _SURROGATE.search(json.dumps(value, ensure_ascii=False)):
        return None
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return path, item
        elif isinstance(item, dict):
            for key, member in item.items():
                inner = f"{path}.{key}" if path else str(key)
                if _SURROGATE.search(key):
                    return inner, key
                stack.append((member, inner))
        elif isinstance(item, list):
            stack.extend((member, f"{path}[{n}]") for n, member in enumerate(item))
    return None
