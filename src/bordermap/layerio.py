"""Reading ``layers/``: the one interface between the compiler and everything after it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bordermap.errors import BordermapError


def read_layers_raw(folder: Path) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """``index.json`` and the features of every layer it lists, keyed by layer or regime id.

    Raises :class:`~bordermap.errors.BordermapError` (one line) when a file is missing or
    unreadable.
    """
    folder = Path(folder)
    try:
        index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        files = {layer["id"]: layer["file"] for layer in index["layers"]}
        files |= {r["id"]: r["file"] for r in index["regimes"] if r["file"]}
        layers = {key: json.loads((folder / file).read_text(encoding="utf-8"))["features"]
                  for key, file in files.items()}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BordermapError(f"{folder}: cannot read the layers ({exc}); "
                             "run 'bordermap build'") from None
    return index, layers
