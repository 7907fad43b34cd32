"""Deterministic RFC 7946 GeoJSON text, and atomic writes.

Coordinates are WGS84 longitude/latitude rounded to :data:`DECIMALS` places
(1e-5 degree, about 1 m: finer than the float32 source data carries). Keys keep the
order the compiler gives them; features keep the order of the sources; each feature is
one line, so a change to one feature is a one-line diff.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

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


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_all(outputs: Mapping[Path, str]) -> None:
    """Write several files, each atomically; all texts must be ready before the first write."""
    for path, text in outputs.items():
        write_atomic(path, text)
