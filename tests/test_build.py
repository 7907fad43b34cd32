"""bordermap build: RFC 7946 output, determinism, --check, atomic writes, a light CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import shapely

from bordermap.compile.build import build
from bordermap.layers.geojson import DECIMALS
from bordermap.layers.schema import LAYER_FILES
from conftest import GEO, ROOT, run_cli


def _load(folder: Path, name: str) -> dict:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def test_layers_are_rfc7946(fresh_layers):
    for file in sorted(p.name for p in fresh_layers.glob("*.geojson")):
        data = _load(fresh_layers, file)
        assert data["type"] == "FeatureCollection"
        assert "crs" not in data  # RFC 7946: WGS84 lon/lat only, no crs member
        ids = [f["id"] for f in data["features"]]
        assert len(ids) == len(set(ids)) and ids
        for feature in data["features"]:
            geom = shapely.geometry.shape(feature["geometry"])
            assert geom.is_valid, feature["id"]
            minx, miny, maxx, maxy = geom.bounds
            assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
            for polygon in getattr(geom, "geoms", [geom]):
                if polygon.geom_type == "Polygon":
                    assert polygon.exterior.is_ccw, f"{feature['id']}: shells are counter-clockwise"
                    assert all(not ring.is_ccw for ring in polygon.interiors), feature["id"]
            text = json.dumps(feature["geometry"]["coordinates"])
            decimals = max((len(t.split(".")[1]) for t in text.replace("]", ",").split(",")
                            if "." in t), default=0)
            assert decimals <= DECIMALS


def test_index_lists_every_layer(fresh_layers):
    index = _load(fresh_layers, "index.json")
    files = [layer["file"] for layer in index["layers"]]
    assert files == [file for file, _ in LAYER_FILES.values()]
    for layer in index["layers"]:
        assert layer["features"] == len(_load(fresh_layers, layer["file"])["features"])
    listed = set(files) | {r["file"] for r in index["regimes"] if r["file"]}
    assert listed == {p.name for p in fresh_layers.glob("*.geojson")}


def test_rebuild_is_byte_identical(fresh_layers, tmp_path):
    build(GEO, tmp_path)
    for path in sorted(fresh_layers.iterdir()):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_committed_layers_are_up_to_date():
    result = run_cli("build", "--check", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_check_reports_a_stale_layer_and_writes_nothing(tmp_path):
    layers = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", layers)
    stale = layers / "rivers.geojson"
    stale.write_text(stale.read_text(encoding="utf-8").replace('"amur"', '"amur2"', 1),
                     encoding="utf-8")
    before = stale.read_bytes()
    result = run_cli("build", "--check", "--geo", str(GEO), "--layers", str(layers))
    assert result.returncode == 1
    assert "rivers.geojson differs" in result.stderr and "Traceback" not in result.stderr
    assert stale.read_bytes() == before
    assert sorted(p.name for p in layers.iterdir()) == sorted(p.name for p in (ROOT / "layers").iterdir())


def test_build_writes_only_what_changed(tmp_path):
    first = run_cli("build", "--geo", str(GEO), "--layers", str(tmp_path))
    assert first.returncode == 0, first.stderr
    total = len(list((ROOT / "layers").iterdir()))
    assert f"{total} of {total} files updated" in first.stdout
    again = run_cli("build", "--geo", str(GEO), "--layers", str(tmp_path))
    assert f"0 of {total} files updated" in again.stdout


def test_unwritable_layers_folder_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "layers"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    result = run_cli("build", "--geo", str(GEO), "--layers", str(blocker))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "bordermap: error:" in result.stderr


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from bordermap.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('numpy', 'shapely', 'pyproj', 'geopandas', 'folium') "
            "if m in sys.modules]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert "build" in out.stdout and "validate" in out.stdout
