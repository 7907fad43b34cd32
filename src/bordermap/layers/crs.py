"""Coordinate systems and extents shared by the compiler and every consumer of the layers.

Every layer is WGS84 longitude/latitude (OGC:CRS84, degrees). Areas are computed in one
Albers equal-area projection for north-east Asia (:data:`EQUAL_AREA`, metres), by the
compiler (``area_km2`` of territories) and by the analysis alike.
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Albers equal-area conic for north-east Asia (standard parallels 42 N and 56 N).
EQUAL_AREA = "+proj=aea +lat_1=42 +lat_2=56 +lat_0=50 +lon_0=125 +datum=WGS84 +units=m +no_defs"
#: (west, south, east, north) in degrees: every regime, from the Kokand lands to Sakhalin;
#: the extent of the basemap layer and the bounds the interactive maps may pan to.
BASEMAP_BBOX = (62.0, 30.0, 162.0, 66.0)


@cache
def _to_equal_area() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)


def equal_area_km2(geometry: Any) -> float:
    """Area of a lon/lat (WGS84) shapely geometry in km², in the :data:`EQUAL_AREA` projection."""
    import numpy as np
    import shapely

    transformer = _to_equal_area()  # made once: making a transformer costs more than using it
    projected = shapely.transform(geometry, lambda xy: np.column_stack(
        transformer.transform(xy[:, 0], xy[:, 1])))
    return float(projected.area) / 1e6
