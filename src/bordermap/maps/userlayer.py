"""Users' own GeoJSON files for ``bordermap maps --add``: read with limits, checked, made plain.

A user's file is untrusted input. It is

1. read with a hard size cap, from a regular file only: the file is opened without
   blocking (a named pipe cannot stall the run) and the open descriptor is checked, so
   ``/dev/zero``, a FIFO or a directory is refused before anything is read;
2. decoded as strict UTF-8 (one leading byte order mark is ignored, as RFC 8259 allows);
3. parsed as strict JSON: no ``NaN`` or ``Infinity``, every number a finite double,
   arrays and objects nested at most :data:`MAX_ADD_DEPTH` deep, no text with a lone
   surrogate (which is not Unicode, and could not be written into a UTF-8 page);
4. checked as RFC 7946 GeoJSON, every geometry by :func:`bordermap.layers.geojson.check_geometry`,
   whose plain geometry (type and coordinates only, nested collections flattened) is what
   reaches the maps.

Every problem is one :class:`~bordermap.errors.BordermapError` of one line: the file,
where (a line, or a feature), what is wrong; values from the file are shown shortened
and escaped, so no message is long or spans lines.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from bordermap.errors import BordermapError, printable, shown
from bordermap.layers.geojson import GEOMETRY_TYPES, GeometryError, check_geometry, lone_surrogate

#: Limits for a user's layer added with ``--add``.
MAX_ADD_BYTES = 10 * 1024 * 1024
MAX_ADD_FEATURES = 20_000
#: How deeply arrays and objects may nest (GeoJSON needs 8; nested GeometryCollections and
#: structured properties a little more). Deeper values could not be shown in a popup.
MAX_ADD_DEPTH = 100
#: Messages show at most this many characters of a value, and this many of a detail.
_SHOWN, _DETAIL = 40, 240
#: The largest magnitude a number may have: what a double (and so a browser) can hold; an
#: integer of more digits is refused before Python converts it (it refuses over 4300).
_MAX_NUMBER, _MAX_DIGITS = 1.7976931348623157e308, 309
_RANGE = "(a number may be at most ±1.8e308, what a double holds)"


def read_user_layer(path: Path) -> dict[str, Any]:
    """Read and check a user's GeoJSON file for ``--add``; a FeatureCollection of plain features.

    Accepted: RFC 7946 GeoJSON (a FeatureCollection, a Feature or a bare geometry) in WGS84
    longitude/latitude, at most :data:`MAX_ADD_BYTES` and :data:`MAX_ADD_FEATURES`
    features. Each feature returned has ``type``, ``properties`` (an object; ``null``
    becomes ``{}``) and a checked, plain ``geometry`` (nested GeometryCollections
    flattened); members other than these are dropped. A ``crs`` member, which RFC 7946
    removed, is accepted only when it names WGS84 longitude/latitude. Raises
    :class:`~bordermap.errors.BordermapError` with a one-line message naming the file.
    """
    path = Path(path)
    _check_name(path)
    data = _parse(path, _decode(path, _read_capped(path)))
    _check_values(path, data)
    _check_crs(path, data)
    features = []
    for number, value in enumerate(_features(path, data), start=1):
        properties, geometry = _feature(path, number, value)
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


# -- messages -----------------------------------------------------------------------------

def _error(path: Path, detail: str, line: int | None = None) -> BordermapError:
    """``{path}[:{line}]: {detail}`` as one printable line, the detail shortened."""
    detail = printable(detail)
    if len(detail) > _DETAIL:
        detail = detail[:_DETAIL - 3] + "..."
    where = printable(str(path)) + (f":{line}" if line is not None else "")
    return BordermapError(f"{where}: {detail}")


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN - 3] + "..."


# -- reading ------------------------------------------------------------------------------

def _check_name(path: Path) -> None:
    # the file's name names the layer on every map, and the maps are UTF-8
    try:
        path.stem.encode("utf-8")
    except UnicodeEncodeError:
        raise _error(path, "the file's name is not valid UTF-8, and it would name the layer "
                           "on the maps; rename the file") from None


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _read_capped(path: Path) -> bytes:
    """The file's bytes: a regular file only, never more than ``MAX_ADD_BYTES + 1`` read.

    Opened with ``O_NONBLOCK`` (opening a FIFO does not wait for a writer) and checked
    with ``fstat`` on the open descriptor (no race with a rename, symbolic links followed).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _error(path, f"cannot open the file ({exc.strerror or exc})") from None
    except ValueError as exc:  # a NUL character in the name
        raise _error(path, f"cannot open the file ({exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _error(path, f"{_kind(info.st_mode)}, not a regular file: give a GeoJSON file")
        if info.st_size > MAX_ADD_BYTES:
            raise _error(path, f"{info.st_size:,} bytes is more than the {MAX_ADD_BYTES:,} a "
                               "layer may have; simplify it first")
        chunks, total = [], 0
        while total <= MAX_ADD_BYTES:  # st_size may be wrong (/proc, a growing file)
            chunk = os.read(fd, MAX_ADD_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise _error(path, f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if total > MAX_ADD_BYTES:
        raise _error(path, f"the file is more than the {MAX_ADD_BYTES:,} bytes a layer may have; "
                           "simplify it first")
    return b"".join(chunks)


def _decode(path: Path, raw: bytes) -> str:
    """The file as text: strict UTF-8, one leading byte order mark ignored."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "; it looks like UTF-16: save it as UTF-8" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise _error(path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start:,}){hint}",
                     raw.count(b"\n", 0, exc.start) + 1) from None
    text = text.removeprefix("\ufeff")
    if not text.strip(" \t\r\n"):
        raise _error(path, "the file is empty")
    return text


class _NotAllowed(Exception):
    """A JSON literal this reader refuses, raised from the parser's hooks."""


def _constant(literal: str) -> Any:
    raise _NotAllowed(f"not valid JSON ({literal} is not a JSON number)")


def _float(literal: str) -> float:
    value = float(literal)
    if not -_MAX_NUMBER <= value <= _MAX_NUMBER:  # too large: float() gives infinity
        raise _NotAllowed(f"the number {_shorten(literal)} is out of range {_RANGE}")
    return value


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > _MAX_DIGITS or abs(value := int(literal)) > _MAX_NUMBER:
        raise _NotAllowed(f"the number {_shorten(literal)} ({len(literal.lstrip('-')):,} digits) "
                          f"is out of range {_RANGE}")
    return value


def _parse(path: Path, text: str) -> Any:
    """The JSON value of ``text``, strictly: finite numbers only."""
    try:
        return json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise _error(path, f"not valid JSON ({exc.msg}, column {exc.colno:,})", exc.lineno) from None
    except _NotAllowed as exc:
        raise _error(path, str(exc)) from None
    except RecursionError:  # the parser recurses into arrays and objects
        raise _error(path, f"arrays and objects nested more than {MAX_ADD_DEPTH} deep") from None
    except ValueError as exc:  # a limit of Python's parser not foreseen above
        raise _error(path, f"not valid JSON ({exc})") from None


def _check_values(path: Path, data: Any) -> None:
    """Every array and object at most :data:`MAX_ADD_DEPTH` deep (walked with a stack of
    iterators, not recursion), and every key and string Unicode text."""
    stack = [iter(data.values() if isinstance(data, dict) else data)] \
        if isinstance(data, (dict, list)) else []
    while stack:
        for item in stack[-1]:
            if isinstance(item, (dict, list)):
                if len(stack) >= MAX_ADD_DEPTH:
                    raise _error(path, f"arrays and objects nested more than {MAX_ADD_DEPTH} deep")
                stack.append(iter(item.values() if isinstance(item, dict) else item))
                break
        else:
            stack.pop()
    found = lone_surrogate(data)
    if found is not None:
        where, text = found
        code = next(f"\\u{ord(c):04x}" for c in text if 0xD800 <= ord(c) <= 0xDFFF)
        raise _error(path, f"{where or 'the file'}: {shown(text)} has a lone surrogate ({code}), "
                           "which is not Unicode text: JSON allows \\ud800-\\udfff escapes only in pairs")


# -- GeoJSON ------------------------------------------------------------------------------

#: ``crs`` names that mean WGS84 longitude/latitude (what older GeoJSON writers put there).
_WGS84_NAMES = ("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84",
                "EPSG:4326", "urn:ogc:def:crs:EPSG::4326", "urn:ogc:def:crs:EPSG:4326")


def _check_crs(path: Path, data: Any) -> None:
    """Refuse a file whose (pre-RFC 7946) ``crs`` member names another coordinate system:
    its numbers may lie in range and still be drawn in the wrong place."""
    crs = data.get("crs") if isinstance(data, dict) else None
    if crs is None:
        return
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not (isinstance(name, str) and name in _WGS84_NAMES):
        raise _error(path, f"its 'crs' is {shown(name if isinstance(name, str) else crs)}, not WGS84 "
                           "longitude/latitude; reproject it first (ogr2ogr -t_srs EPSG:4326)")

def _features(path: Path, data: Any) -> list[Any]:
    """The features of a FeatureCollection, a Feature or a bare geometry."""
    if not isinstance(data, dict) or "type" not in data:
        raise _error(path, "not GeoJSON (expected an object with a 'type')")
    kind = data["type"]
    if kind == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise _error(path, f"a FeatureCollection needs a 'features' array, got {shown(features)}")
    elif kind == "Feature":
        features = [data]
    elif kind in GEOMETRY_TYPES:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise _error(path, f"unknown GeoJSON type {shown(kind)}")
    if not features:
        raise _error(path, "no features")
    if len(features) > MAX_ADD_FEATURES:
        raise _error(path, f"{len(features):,} features is more than {MAX_ADD_FEATURES:,}")
    return features


def _feature(path: Path, number: int, value: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The properties and the checked geometry of feature ``number``."""
    where = f"feature {number}"
    if not isinstance(value, dict) or value.get("type") != "Feature":
        got = shown(value.get("type")) if isinstance(value, dict) else shown(value)
        raise _error(path, f"{where}: not a GeoJSON Feature (got {got})")
    if value.get("geometry") is None:
        raise _error(path, f"{where}: no geometry: the map has nowhere to put it")
    try:
        geometry = check_geometry(value["geometry"])
    except GeometryError as exc:
        raise _error(path, f"{where}: {exc}") from None
    properties = value.get("properties")
    if properties is None:
        properties = {}
    elif not isinstance(properties, dict):
        raise _error(path, f"{where}: properties must be an object or null, got {shown(properties)}")
    return properties, geometry
