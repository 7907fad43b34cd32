"""Reading ``layers/``: the one interface between the compiler and everything after it.

Every file is parsed as strict JSON (no ``NaN`` or ``Infinity``) and checked against the
declared schema (:mod:`bordermap.layers.schema`) before any of it is returned, so a hand-edited
or damaged layer is reported in one line naming its file, never as a traceback later.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bordermap.errors import BordermapError


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _read_json(path: Path) -> Any:
    """The parsed JSON of ``path``; a :class:`BordermapError` naming the file if it cannot be."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BordermapError(f"{path}: cannot read the file ({exc.strerror or exc}); "
                             "run 'bordermap build'") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise BordermapError(f"{path}: line {line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    try:
        return json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise BordermapError(f"{path}: line {exc.lineno}, column {exc.colno}: not valid JSON "
                             f"({exc.msg})") from None
    except (ValueError, RecursionError) as exc:  # NaN, an integer of thousands of digits, depth
        what = str(exc).split(":")[0].strip()[:100] or type(exc).__name__
        raise BordermapError(f"{path}: not valid JSON ({what})") from None


def read_layers_raw(folder: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """``index.json`` and the features of every layer it lists, keyed by layer or regime id.

    Every file is checked against :mod:`bordermap.layers.schema` first; the data are returned as
    read. Raises :class:`~bordermap.errors.BordermapError` (one line: the file, where in
    it, and what is wrong) when a file is missing, unreadable or does not match.
    """
    from bordermap.layers import schema
    from bordermap.layers.fileset import reading

    folder = Path(folder)
    with reading(folder):  # a shared lock: never a set of layers half-replaced by a build
        index = _read_json(folder / "index.json")
        files = schema.check_index(index, str(folder / "index.json"))
        data = {key: _read_json(folder / file) for key, (file, _layer) in files.items()}
    layers = {key: schema.check_layer(data[key], layer, key, str(folder / file))
              for key, (file, layer) in files.items()}
    schema.check_refs(index, layers, files, str(folder))
    return index, layers
