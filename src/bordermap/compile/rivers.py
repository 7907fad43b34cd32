"""Trace the named rivers of ``rivers.toml`` through the World Data Bank II network.

Each river is the least-cost path over :func:`river_network` from its first waypoint to
its last, passing each waypoint in between. The polylines of ``rivers_i`` are joined by
those of ``countries_i`` where a river is itself a border: World Data Bank II draws such
reaches (parts of the Argun, the Amur, the Ussuri, the Songacha and the Tumen) as
border lines rather than as rivers. Both come from the same survey, so both follow the
real watercourse. Coordinates are WGS84 degrees; lengths are geodesic km on WGS84.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bordermap.compile.network import Network, approx_km, build_network
from bordermap.errors import SourceError
from bordermap.sources.gazetteer import River, Sources, display_path

#: (west, south, east, north) in degrees: the part of the network that is read.
STUDY_BBOX = (100.0, 38.0, 146.0, 58.0)
#: Largest gap (km) bridged between the end of one polyline and another polyline.
SNAP_KM = 5.0
#: Farthest (km) a waypoint may lie from the network; sources are only roughly known.
WAYPOINT_KM = 50.0
#: Cost factor for border polylines. Where a river is a border, World Data Bank II draws the
#: border mid-river while the river itself may be drawn as two banks: the border line wins.
BORDER_PENALTY = 0.8


@dataclass(frozen=True)
class TracedRiver:
    """A river's line (``coords``, ``(n, 2)`` lon/lat from source to mouth) and its origin."""

    river: River
    coords: np.ndarray
    km_by_source: dict[str, float]
    length_km: float


def river_network() -> Network:
    """The routable network of rivers and river borders inside :data:`STUDY_BBOX`."""
    from bordermap.compile.wdb import read_polylines

    lines = [("rivers_i", p.coords) for p in read_polylines("rivers", "i", STUDY_BBOX)]
    lines += [("countries_i", p.coords) for p in read_polylines("countries", "i", STUDY_BBOX)]
    return build_network(lines, SNAP_KM, {"countries_i": BORDER_PENALTY})


def geodesic_length_km(coords: np.ndarray) -> float:
    """Length of a lon/lat line on the WGS84 ellipsoid, in km."""
    from pyproj import Geod

    return float(Geod(ellps="WGS84").line_length(coords[:, 0], coords[:, 1])) / 1000.0


def cut_loops(coords: np.ndarray, reach: int = 12) -> np.ndarray:
    """Remove the small loops a path makes where it crosses itself between parallel channels.

    Where edge ``i`` properly crosses edge ``j`` (``i + 2 <= j < i + reach``), the vertices
    between them are replaced by the crossing point. Returns a new ``(n, 2)`` array.
    """
    import shapely

    out = [tuple(p) for p in coords]
    changed = True
    while changed:
        changed = False
        for i in range(len(out) - 1):
            a = shapely.LineString(out[i:i + 2])
            for j in range(i + 2, min(i + reach, len(out) - 1)):
                b = shapely.LineString(out[j:j + 2])
                if a.crosses(b):
                    cross = a.intersection(b)
                    if cross.geom_type == "Point":
                        out = [*out[:i + 1], cross.coords[0], *out[j + 1:]]
                        changed = True
                        break
            if changed:
                break
    return np.array(out, dtype=float)


def _problem(sources: Sources, river: River, message: str) -> SourceError:
    return SourceError([f"{display_path(sources.root / 'rivers.toml')}: river '{river.id}': {message}"])


def trace_river(network: Network, sources: Sources, river: River) -> TracedRiver:
    """Trace ``river`` through ``network`` (or straight through its waypoints, if so defined)."""
    points = [(sources.places[w].lon, sources.places[w].lat) for w in river.waypoints]
    if river.geometry == "waypoints":
        coords = np.array(points, dtype=float)
        return TracedRiver(river, coords, {"waypoints": geodesic_length_km(coords)},
                           geodesic_length_km(coords))
    try:
        path = network.trace(points, river.waypoints, WAYPOINT_KM)
    except ValueError as exc:
        raise _problem(sources, river, str(exc).replace("mapped line", "mapped watercourse")) from None
    coords = cut_loops(network.nodes[path])
    km: dict[str, float] = {}
    for tag, a, b in zip(network.tags(path), path[:-1], path[1:], strict=True):
        km[tag] = km.get(tag, 0.0) + float(approx_km(network.nodes[a], network.nodes[b]))
    return TracedRiver(river, coords, km, geodesic_length_km(coords))


def trace_rivers(sources: Sources) -> list[TracedRiver]:
    """Trace every river of ``sources``, in file order."""
    network = river_network() if any(r.geometry == "network" for r in sources.rivers.values()) else None
    return [trace_river(network, sources, r) for r in sources.rivers.values()]  # type: ignore[arg-type]
