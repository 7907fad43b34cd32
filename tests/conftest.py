"""Shared fixtures: a fresh build of the repository's geo/ into a temporary folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "geo"


@pytest.fixture(scope="session")
def fresh_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``layers/`` compiled from the repository's ``geo/`` into a temporary folder."""
    from bordermap.compile.build import build

    out = tmp_path_factory.mktemp("layers")
    build(GEO, out)
    return out


@pytest.fixture(scope="session")
def maps(fresh_layers: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every map, written by ``build_maps`` from ``fresh_layers``: offline in English
    (``offline``) and Turkish (``offline-tr``), and online in English (``online``)."""
    from bordermap.maps.compose import build_maps

    out = tmp_path_factory.mktemp("maps")
    sets = {"offline": ("en", True), "offline-tr": ("tr", True), "online": ("en", False)}
    for key, (lang, offline) in sets.items():
        build_maps(fresh_layers, out / key, lang=lang, offline=offline)
    return {key: out / key for key in sets}


@pytest.fixture(scope="session")
def rivers(fresh_layers: Path) -> dict[str, dict]:
    """Features of a fresh ``rivers.geojson``, keyed by id."""
    data = json.loads((fresh_layers / "rivers.geojson").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["features"]}


@pytest.fixture(scope="session")
def places() -> dict:
    """The validated gazetteer of the repository's ``geo/``."""
    from bordermap.sources.gazetteer import load_sources

    return load_sources(GEO).places


@pytest.fixture()
def geo_copy(tmp_path: Path) -> Path:
    """A writable copy of ``geo/`` to break in tests."""
    target = tmp_path / "geo"
    shutil.copytree(GEO, target)
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bordermap`` as a user would, capturing its output."""
    return subprocess.run([sys.executable, "-m", "bordermap", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (see ``browser.py``)."""
    from playwright.sync_api import sync_playwright

    from browser import ARGS, chromium

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=ARGS)
        yield launched
        launched.close()
