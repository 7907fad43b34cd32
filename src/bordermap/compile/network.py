"""A routable graph over unnamed polylines, used to trace named rivers through it.

The World Data Bank II river network has no names and its polylines do not always
share exact endpoints. The graph joins every vertex to its neighbours along each
polyline and joins each polyline end to the nearest vertex of every other polyline
within ``snap_km``. A named river is then the least-cost path between consecutive
waypoints. Reaches drawn as two banks or as braided channels are parallel paths in the
graph; the shortest one is taken, so the result is always a single line.
Coordinates are WGS84 lon/lat degrees; costs are kilometres (local equirectangular
approximation, good to well under 1 % over one edge).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

_KM_PER_DEG_LAT = 110.57
_KM_PER_DEG_LON_EQ = 111.32


def approx_km(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Approximate distance in km between lon/lat points ``a`` and ``b`` (broadcasting)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    lat = np.radians((a[..., 1] + b[..., 1]) / 2)
    dx = (a[..., 0] - b[..., 0]) * _KM_PER_DEG_LON_EQ * np.cos(lat)
    dy = (a[..., 1] - b[..., 1]) * _KM_PER_DEG_LAT
    return np.hypot(dx, dy)


@dataclass
class Network:
    """Vertices (``nodes``, ``(n, 2)`` lon/lat) and weighted edges tagged by their source."""

    nodes: np.ndarray
    edges: list[dict[int, tuple[float, str]]] = field(repr=False)

    def nearest(self, lon: float, lat: float) -> tuple[int, float]:
        """Index of the vertex nearest to ``(lon, lat)`` and its distance in km."""
        dist = approx_km(self.nodes, np.array([lon, lat]))
        index = int(np.argmin(dist))
        return index, float(dist[index])

    def tree(self, start: int) -> tuple[dict[int, float], dict[int, int]]:
        """Least costs (km) from ``start`` to every reachable vertex, and each one's predecessor."""
        best = {start: 0.0}
        previous: dict[int, int] = {}
        queue = [(0.0, start)]
        while queue:
            cost, node = heapq.heappop(queue)
            if cost > best[node]:
                continue
            for neighbour, (weight, _tag) in self.edges[node].items():
                new = cost + weight
                if new < best.get(neighbour, float("inf")):
                    best[neighbour] = new
                    previous[neighbour] = node
                    heapq.heappush(queue, (new, neighbour))
        return best, previous

    def path(self, start: int, end: int) -> list[int] | None:
        """Least-cost vertex path from ``start`` to ``end``, or ``None`` if they are not connected."""
        best, previous = self.tree(start)
        return unwind(previous, start, end) if end in best else None

    def trace(self, points: Sequence[tuple[float, float]], labels: Sequence[str],
              max_km: float) -> list[int]:
        """Least-cost vertex path through ``points`` (lon/lat), first to last, in order.

        Each point is snapped to the nearest vertex (at most ``max_km`` away). Where that
        vertex lies off the way on (the end of a tributary next to a confluence, say),
        the path would run out to it and back; that spur is cut, so the path passes the
        point as closely as the network allows. Raises ``ValueError`` naming the point
        (by its label) that cannot be reached.
        """
        snapped = []
        for label, (lon, lat) in zip(labels, points, strict=True):
            node, dist = self.nearest(lon, lat)
            if dist > max_km:
                raise ValueError(f"waypoint '{label}' lies {dist:.0f} km from the nearest "
                                 f"mapped line (at most {max_km:g} km)")
            snapped.append(node)
        path = [snapped[0]]
        for i in range(1, len(snapped)):
            leg = self.path(path[-1], snapped[i])
            if leg is None:
                raise ValueError(f"no connected line from '{labels[i - 1]}' to '{labels[i]}'")
            while len(path) > 1 and len(leg) > 1 and leg[1] == path[-2]:
                path.pop()  # a spur out to the waypoint and back
                leg = leg[1:]
            if set(leg[1:]) & set(path):
                raise ValueError(f"the line from '{labels[i - 1]}' to '{labels[i]}' doubles back "
                                 "on itself; check the order of the waypoints")
            path += leg[1:]
        # a line starts and ends on a mapped polyline, not on a bridged gap
        while len(path) > 2 and self.edges[path[0]][path[1]][1] == "snap":
            path.pop(0)
        while len(path) > 2 and self.edges[path[-2]][path[-1]][1] == "snap":
            path.pop()
        return path

    def tags(self, path: Sequence[int]) -> list[str]:
        """Source tag of each edge along ``path``."""
        return [self.edges[a][b][1] for a, b in pairwise(path)]


def unwind(previous: dict[int, int], start: int, end: int) -> list[int]:
    """The path from ``start`` to ``end`` read back from a predecessor map."""
    out = [end]
    while out[-1] != start:
        out.append(previous[out[-1]])
    return out[::-1]


def build_network(
    lines: Sequence[tuple[str, np.ndarray]],
    snap_km: float,
    penalty: dict[str, float] | None = None,
) -> Network:
    """Build a :class:`Network` from ``(tag, coords)`` polylines.

    ``snap_km`` is the largest gap bridged between a polyline end and another polyline.
    ``penalty`` multiplies the cost of edges by tag, so that one source is preferred
    where two describe the same watercourse.
    """
    penalty = penalty or {}
    key_to_node: dict[tuple[float, float], int] = {}
    coords: list[tuple[float, float]] = []
    line_nodes: list[np.ndarray] = []
    for _tag, array in lines:
        ids = []
        for lon, lat in np.round(array, 6):
            key = (float(lon), float(lat))
            if key not in key_to_node:
                key_to_node[key] = len(coords)
                coords.append(key)
            ids.append(key_to_node[key])
        line_nodes.append(np.array(ids, dtype=np.int64))
    nodes = np.array(coords, dtype=float).reshape(-1, 2)
    edges: list[dict[int, tuple[float, str]]] = [{} for _ in range(len(nodes))]

    def link(a: int, b: int, tag: str, factor: float) -> None:
        if a == b:
            return
        weight = float(approx_km(nodes[a], nodes[b])) * factor
        if b not in edges[a] or weight < edges[a][b][0]:
            edges[a][b] = (weight, tag)
            edges[b][a] = (weight, tag)

    owner = np.empty(len(nodes), dtype=np.int64)
    for number, ((tag, _array), ids) in enumerate(zip(lines, line_nodes, strict=True)):
        owner[ids] = number
        factor = penalty.get(tag, 1.0)
        for a, b in pairwise(ids):
            link(int(a), int(b), tag, factor)

    for number, ids in enumerate(line_nodes):
        for end in (int(ids[0]), int(ids[-1])):
            dist = approx_km(nodes, nodes[end])
            near = np.flatnonzero((dist <= snap_km) & (owner != number))
            if near.size == 0:
                continue
            # the nearest vertex of each other polyline within reach
            for other in np.unique(owner[near]):
                candidates = near[owner[near] == other]
                target = int(candidates[np.argmin(dist[candidates])])
                link(end, target, "snap", 1.0)
    return Network(nodes, edges)
