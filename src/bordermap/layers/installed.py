"""Where the layers are read from when no folder is named: ``layers/`` in the current
folder when it holds an ``index.json`` (a clone, or a project that ran ``bordermap build``),
else the layers installed with the package (``bordermap/_layers``, which the wheel ships)."""

from __future__ import annotations

from pathlib import Path

#: The folder ``bordermap build`` writes to, and readers look in first.
LAYERS = Path("layers")


def packaged() -> Path | None:
    """The layers installed with bordermap, or None (a source checkout has none)."""
    folder = Path(__file__).resolve().parent.parent / "_layers"
    return folder if (folder / "index.json").is_file() else None


def default_folder() -> Path:
    """``layers`` if it holds an ``index.json``, else the installed layers, else ``layers``
    (so that the error names the folder a user expects)."""
    if (LAYERS / "index.json").is_file():
        return LAYERS
    return packaged() or LAYERS
