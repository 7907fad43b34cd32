"""Analysis of the compiled layers: areas, lengths and territorial change.

Pure functions over ``layers/`` (never ``geo/``), returning pandas DataFrames that a
notebook can show, and the same figures ``bordermap stats`` prints. Areas are km² in the
Albers equal-area projection of :data:`bordermap.layers.crs.EQUAL_AREA`; lengths are
geodesic km on the WGS84 ellipsoid.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Figures historians and reference works cite: (key, what, cited value, unit, note).
CITED = (
    ("aigun-cession", "Aigun cession (1858)", 600_000, "km2",
     "cited as 'over 600,000 km²'; computed: the Amur–Stanovoy land less the Sixty-Four "
     "Villages, bounded by the Stanovoy crest as reconstructed (control points ~50 km)"),
    ("peking-cession", "Peking cession (1860)", 400_000, "km2",
     "cited as 'about 400,000 km²'; computed for the mainland only: Sakhalin (76,400 km²) "
     "and the coastal islands are outside the GSHHS mainland coast used here"),
    ("amur", "Amur from the Argun–Shilka confluence", 2_824, "km",
     "the traced line is generalised (World Data Bank II, ~1:3,000,000) and cuts meanders "
     "that a surveyed length follows"),
    ("ussuri", "Ussuri", 897, "km",
     "generalised line; the Ussuri meanders through a wide flood plain"),
)


@dataclass(frozen=True)
class Layers:
    """The compiled layers: ``index`` (``index.json``) and one GeoDataFrame per layer."""

    folder: Path
    index: dict[str, Any]
    frames: dict[str, Any]

    @property
    def regime_ids(self) -> list[str]:
        """Regimes with geometry, in chronological order."""
        return [r["id"] for r in self.index["regimes"] if r["file"]]

    def regime(self, rid: str) -> dict[str, Any]:
        """The ``index.json`` entry of a regime."""
        return next(r for r in self.index["regimes"] if r["id"] == rid)


def read_layers(folder: str | Path = "layers") -> Layers:
    """Read ``index.json`` and every layer it lists as GeoDataFrames (EPSG:4326)."""
    import geopandas as gpd

    from bordermap.layers.read import read_layers_raw

    folder = Path(folder)
    index, layers = read_layers_raw(folder)
    frames = {}
    for key, features in layers.items():
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
        frame.index = [f["id"] for f in features]
        frames[key] = frame
    for regime in index["regimes"]:
        if regime["file"]:
            _check_territories(frames[regime["id"]], folder / regime["file"])
    return Layers(folder, index, frames)


def _check_territories(frame: Any, path: Path) -> None:
    """Territories are intersected with each other: each must be a valid polygon (no
    self-intersection), or the overlay fails. Raises a one-line BordermapError if not."""
    import shapely

    from bordermap.errors import BordermapError

    territories = frame[frame["kind"] == "territory"]
    for fid, geometry, valid in zip(territories.index, territories.geometry,
                                    shapely.is_valid(territories.geometry.values), strict=True):
        if not valid:
            reason = shapely.is_valid_reason(geometry)
            raise BordermapError(f"{path}: feature {fid!r}: geometry: not a valid polygon ({reason})")


def area_km2(geometry: Any) -> float:
    """Area of a lon/lat (EPSG:4326) shapely geometry in km², in the equal-area projection."""
    from bordermap.layers.crs import equal_area_km2

    return equal_area_km2(geometry)


def geodesic_length_km(geometry: Any) -> float:
    """Geodesic length of a lon/lat line (or its parts) on the WGS84 ellipsoid, in km."""
    from pyproj import Geod

    return float(Geod(ellps="WGS84").geometry_length(geometry)) / 1000.0


def overlap_km2(a: Any, b: Any) -> float:
    """Area shared by two lon/lat geometries, km² (equal-area)."""
    return area_km2(a.intersection(b))


def territory_areas(layers: Layers) -> Any:
    """One row per territory: regime, territory, status, from/to state, area (km²)."""
    import pandas as pd

    rows = []
    for rid in layers.regime_ids:
        frame = layers.frames[rid]
        for _fid, row in frame[frame["kind"] == "territory"].iterrows():
            rows.append({"regime": rid, "territory": row["territory"], "name": row["name_en"],
                         "status": row["status"], "from_state": row["from_state"],
                         "to_state": row["to_state"], "area_km2": round(area_km2(row.geometry))})
    return pd.DataFrame(rows, columns=["regime", "territory", "name", "status", "from_state",
                                       "to_state", "area_km2"])


def border_lengths(layers: Layers) -> Any:
    """One row per border segment: regime, segment, kind, precision, geodesic length (km)."""
    import pandas as pd

    rows = []
    for rid in layers.regime_ids:
        frame = layers.frames[rid]
        for _fid, row in frame[frame["kind"] == "border"].iterrows():
            rows.append({"regime": rid, "segment": row["segment"], "chain": row["chain"],
                         "segment_kind": row["segment_kind"], "precision": row["precision"],
                         "length_km": round(geodesic_length_km(row.geometry), 1)})
    return pd.DataFrame(rows, columns=["regime", "segment", "chain", "segment_kind", "precision",
                                       "length_km"])


def border_summary(layers: Layers) -> Any:
    """Per regime: total border length (km) and its share (%) along rivers, ridges, lines
    (NaN for a regime without border segments)."""
    import pandas as pd

    lengths = border_lengths(layers)
    rows = []
    for rid in layers.regime_ids:
        part = lengths[lengths["regime"] == rid]
        total = float(part["length_km"].sum())
        row = {"regime": rid, "length_km": round(total, 1)}
        for kind in ("river", "ridge", "line"):
            length = float(part.loc[part["segment_kind"] == kind, "length_km"].sum())
            row[f"{kind}_pct"] = round(length / total * 100, 1) if total else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def regime_changes(layers: Layers) -> Any:
    """Land that changed hands when each regime took effect, by whom (km²).

    A regime is compared with the one with geometry that it superseded (``superseded_by``
    in ``index.json``).
    Where a territory of the later regime lies on a territory of the earlier one, the
    change is from the earlier ``to_state`` to the later ``to_state``; the rest of it, and
    any regime that superseded none, changes from its own ``from_state``. Rows where the
    state stays the same are left out.
    """
    import pandas as pd
    import shapely

    # a regime without geometry (no file) that another superseded has nothing to compare
    before_of = {r["superseded_by"]: r["id"] for r in layers.index["regimes"]
                 if r["superseded_by"] and r["file"]}
    rows = []
    for rid in layers.regime_ids:
        after = layers.frames[rid]
        after = after[after["kind"] == "territory"]
        previous = before_of.get(rid)
        before = None
        if previous is not None:
            frame = layers.frames[previous]
            before = frame[frame["kind"] == "territory"]
        totals: dict[tuple[str, str], float] = {}
        for _fid, row in after.iterrows():
            rest = row.geometry
            if before is not None:
                for _bid, old in before.iterrows():
                    shared = row.geometry.intersection(old.geometry)
                    if not shared.is_empty:
                        key = (old["to_state"], row["to_state"])
                        totals[key] = totals.get(key, 0.0) + area_km2(shared)
                        rest = rest.difference(old.geometry)
            if not shapely.is_empty(rest):
                key = (row["from_state"], row["to_state"])
                totals[key] = totals.get(key, 0.0) + area_km2(rest)
        for (lost, gained), area in totals.items():
            if lost != gained and round(area) > 0:
                rows.append({"before": previous or "", "after": rid, "lost_by": lost,
                             "gained_by": gained, "area_km2": round(area)})
    return pd.DataFrame(rows, columns=["before", "after", "lost_by", "gained_by", "area_km2"])


def river_lengths(layers: Layers) -> Any:
    """Each river's traced geodesic length against its published length."""
    import pandas as pd

    rows = []
    for fid, row in layers.frames["rivers"].iterrows():
        length = geodesic_length_km(row.geometry)
        rows.append({"river": fid, "name": row["name_en"], "length_km": round(length, 1),
                     "published_km": row["published_length_km"],
                     "ratio": round(length / row["published_length_km"], 2),
                     "precision": row["precision"]})
    return pd.DataFrame(rows, columns=["river", "name", "length_km", "published_km", "ratio",
                                       "precision"])


def cited_comparison(layers: Layers) -> Any:
    """Computed figures beside the ones historians cite, with the difference and its reasons.

    A figure whose feature is not in the layers (a territory ``ceded``, a river) is left out.
    """
    import pandas as pd

    areas = territory_areas(layers).set_index(["regime", "territory"])["area_km2"].to_dict()
    rivers = river_lengths(layers).set_index("river")["length_km"].to_dict()
    found = {"aigun-cession": areas.get(("aigun-1858", "ceded")),
             "peking-cession": areas.get(("peking-1860", "ceded")),
             "amur": rivers.get("amur"), "ussuri": rivers.get("ussuri")}
    rows = []
    for key, what, cited, unit, reason in CITED:
        if found[key] is None:
            continue
        value = float(found[key])
        rows.append({"figure": key, "what": what, "computed": round(value), "cited": cited,
                     "unit": unit, "difference": round(value - cited),
                     "difference_pct": round((value - cited) / cited * 100, 1), "reason": reason})
    return pd.DataFrame(rows, columns=["figure", "what", "computed", "cited", "unit", "difference",
                                       "difference_pct", "reason"])


def all_tables(layers: Layers) -> dict[str, Any]:
    """Every table ``bordermap stats`` prints, by name, in order."""
    return {"territories": territory_areas(layers), "borders": border_summary(layers),
            "changes": regime_changes(layers), "rivers": river_lengths(layers),
            "cited": cited_comparison(layers)}
