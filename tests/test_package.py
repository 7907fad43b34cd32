"""The package as users install it: `python -m build` makes the wheel and the sdist, and the
wheel carries the compiled layers, so that an installed bordermap works with no geo/ or
layers/ folder in sight."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

#: What a copy of the project for building leaves out: outputs, caches, the environment.
_SKIP = shutil.ignore_patterns(".git", ".venv", "out", "build", "dist", "*.egg-info", "__pycache__",
                               ".cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The wheel and sdist of a copy of the working tree, built offline."""
    work = tmp_path_factory.mktemp("package")
    source = work / "bordermap"
    shutil.copytree(ROOT, source, ignore=_SKIP)
    result = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(work / "dist"),
                             str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return work / "dist"


def _listed(folder: Path) -> set[str]:
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    formats = index["formats"]
    return {"index.json", *(entry["file"] for entry in index["layers"]),
            *(r["file"] for r in index["regimes"] if r["file"]),
            formats["geopackage"], formats["datapackage"], formats["linked_places"], *formats["qgis_styles"]}


def test_the_wheel_ships_every_layer_and_the_sdist_the_sources(built):
    wheel = next(built.glob("bordermap-*.whl"))
    sdist = next(built.glob("bordermap-*.tar.gz"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in _listed(ROOT / "layers"):
        shipped = f"bordermap/_layers/{name}"
        assert shipped in names, shipped
        assert zipfile.ZipFile(wheel).read(shipped) == (ROOT / "layers" / name).read_bytes(), name
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert {f"layers/{name}" for name in _listed(ROOT / "layers")} <= members
    assert "geo/places.toml" in members and "setup.py" in members


def test_an_installed_wheel_works_with_no_layers_folder(built, tmp_path):
    """Installed into a fresh virtual environment (its dependencies lent by this one, as
    already installed: nothing is downloaded), run where there is no geo/ or layers/."""
    wheel = next(built.glob("bordermap-*.whl"))
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=300)
    python = env / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies from this environment; not its bordermap, which is an editable install
    # whose finder a path in a .pth file does not run
    (Path(site) / "lent.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    result = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", "--quiet",
                             str(wheel)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    here = tmp_path / "elsewhere"
    here.mkdir()
    bordermap = env / "bin" / "bordermap"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=here, capture_output=True, text=True, timeout=300)

    found = run(str(python), "-c", "import bordermap, bordermap.analysis as a; "
                "print(bordermap.__file__); print(len(a.read_layers().frames['timeline']))")
    assert found.returncode == 0, found.stderr
    where, count = found.stdout.split()
    assert Path(where).is_relative_to(env)  # the installed package, not this checkout
    assert int(count) == len(json.loads((ROOT / "layers" / "timeline.geojson").read_text())["features"])
    at = run(str(bordermap), "at", "1861", "--format", "table")
    assert at.returncode == 0, at.stderr
    assert "Convention of Peking" in at.stdout
    maps = run(str(bordermap), "maps", "--offline", "--out", "maps")
    assert maps.returncode == 0, maps.stderr
    assert (here / "maps" / "index.html").is_file() and (here / "maps" / "start.html").is_file()
    assert not (here / "layers").exists()
