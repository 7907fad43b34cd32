"""``layers/bordermap.gpkg``: every layer as a GeoPackage table, for GIS users, with the
maps' styles embedded (QGIS's ``layer_styles`` table) and written beside it as one ``.qml``
file per table (:mod:`bordermap.layers.qml`).

A layer with borders and territories (the timeline, each regime) is two tables,
``<layer>_borders`` and ``<layer>_territories``; the basemap is three (land, lakes,
rivers); names use ``_`` for ``-`` (``aigun_1858_borders``). Columns follow the declared
schema (:mod:`bordermap.layers.schema`) in its order: dates are GeoPackage ``DATE``
columns (null where open), lists and objects JSON text. The file is byte-identical from
build to build: GeoPackage's change times and the styles' times are the data's release
day from ``geo/``, never the clock.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bordermap.layers.schema import LAYERS, REGIME_LAYER, Field

#: The GeoPackage's file name in ``layers/``.
GPKG = "bordermap.gpkg"

#: QGIS's own table of styles (as QGIS creates it in a GeoPackage).
_LAYER_STYLES = """CREATE TABLE "layer_styles" (
  "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  "f_table_catalog" TEXT(256), "f_table_schema" TEXT(256),
  "f_table_name" TEXT(256), "f_geometry_column" TEXT(256),
  "styleName" TEXT(30), "styleQML" TEXT, "styleSLD" TEXT,
  "useAsDefault" BOOLEAN, "description" TEXT,
  "owner" TEXT(30), "ui" TEXT(30),
  "update_time" DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)"""


@dataclass(frozen=True)
class Table:
    """One table: its name, the features it holds, their fields, geometry type and styler."""

    name: str
    layer: str
    features: list[dict[str, Any]]
    fields: tuple[Field, ...]
    geometry: str
    styler: str


def _geometry_type(features: list[dict[str, Any]]) -> str:
    kinds = {f["geometry"]["type"] for f in features}
    if len(kinds) == 1:
        return kinds.pop()
    multi = {k if k.startswith("Multi") else f"Multi{k}" for k in kinds}
    if len(multi) != 1:
        raise ValueError(f"mixed geometries {sorted(kinds)}")
    return multi.pop()


def tables(layers: dict[str, list[dict[str, Any]]], regimes: list[str]) -> list[Table]:
    """The tables of the GeoPackage for the compiled ``layers`` (layer id -> features) and
    the regime layers ``regimes``, in the order ``index.json`` lists them."""
    out: list[Table] = []
    simple = {"rivers": "rivers", "lakes": "lakes", "places": "places", "events": "events",
              "modern": "modern", "story": "story", "routes": "routes", "proposals": "proposals"}
    for layer_id, features in layers.items():
        schema = LAYERS.get(layer_id, REGIME_LAYER)
        base = layer_id.replace("-", "_")
        if layer_id in simple:
            kind = schema.kinds[0]
            out.append(Table(base, layer_id, features, kind.fields, _geometry_type(features),
                             simple[layer_id]))
            continue
        for kind in schema.kinds:
            mine = [f for f in features if f["properties"].get("kind") == kind.name]
            if not mine:
                continue
            if layer_id == "basemap":
                name = {"land": "land", "lake": "lakes", "river": "rivers"}[kind.name]
                out.append(Table(f"basemap_{name}", layer_id, mine, kind.fields, _geometry_type(mine),
                                 f"basemap-{name}"))
            else:
                plural = f"{kind.name}s" if kind.name == "border" else "territories"
                styler = "regime-borders" if kind.name == "border" and layer_id in regimes else plural
                out.append(Table(f"{base}_{plural}", layer_id, mine, kind.fields, _geometry_type(mine),
                                 styler))
    return out


def _column(field: Field, values: list[Any]) -> np.ndarray:
    """A table column of ``values`` for ``field``: dates as ``datetime64[D]`` (null: NaT),
    lists and objects as JSON text, numbers as floats where one is null."""
    missing = any(v is None for v in values)
    if field.type == "date":
        return np.array([v if v else None for v in values], dtype="datetime64[D]")
    if field.type in ("array", "object"):
        return np.array([None if v is None else json.dumps(v, ensure_ascii=False) for v in values],
                        dtype=object)
    if field.type == "number" or (field.type == "integer" and missing):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    if field.type == "integer":
        return np.array(values, dtype=np.int64)
    if field.type == "boolean" and not missing:
        return np.array(values, dtype=bool)
    return np.array(values, dtype=object)


def geopackage(found: list[Table], styles: dict[str, str], day: str) -> bytes:
    """The GeoPackage of the tables ``found``, with the QML ``styles`` (table -> document)
    as their default QGIS styles (``layer_styles``, which QGIS reads when it opens a table);
    ``day`` (``YYYY-MM-DD``) is every time it records."""
    import pyogrio
    import shapely
    from pyogrio.raw import write

    stamp = f"{day}T00:00:00.000Z"  # GeoPackage's last_change of every table
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        with tempfile.TemporaryDirectory(prefix="bordermap-gpkg-") as work:
            path = Path(work) / GPKG
            for table in found:
                names = [f.name for f in table.fields]
                data = [_column(f, [t["properties"].get(f.name) for t in table.features])
                        for f in table.fields]
                shapes = [shapely.geometry.shape(t["geometry"]) for t in table.features]
                geoms = shapely.to_wkb(np.array(shapes))
                write(str(path), geoms, data, names, layer=table.name, driver="GPKG",
                      geometry_type=table.geometry, crs="EPSG:4326",
                      promote_to_multi=table.geometry.startswith("Multi"),
                      layer_options={"DESCRIPTION": f"bordermap layer {table.layer}"})
            # QGIS's table of styles, written through GDAL as QGIS itself does (FID "id"),
            # so that only GDAL's SQLite touches the file
            rows = len(found)
            columns = {
                "f_table_catalog": [""] * rows, "f_table_schema": [""] * rows,
                "f_table_name": [t.name for t in found], "f_geometry_column": ["geom"] * rows,
                "styleName": ["bordermap"] * rows, "styleQML": [styles[t.name] for t in found],
                "styleSLD": [""] * rows, "useAsDefault": np.ones(rows, dtype=bool),
                "description": ["bordermap's map style"] * rows, "owner": [""] * rows, "ui": [None] * rows,
                "update_time": np.array([f"{day}T00:00:00"] * rows, dtype="datetime64[ms]"),
            }
            data = [np.asarray(v) if isinstance(v, np.ndarray) else np.array(v, dtype=object)
                    for v in columns.values()]
            write(str(path), None, data, list(columns), layer="layer_styles", driver="GPKG",
                  geometry_type=None, layer_options={"FID": "id", "DESCRIPTION": "QGIS styles"})
            return path.read_bytes()
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})
