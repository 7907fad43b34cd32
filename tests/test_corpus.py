"""The corpus of broken sources (tests/corpus): clear one-line errors, nothing written."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import GEO, ROOT, run_cli

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.toml"))


def _break(geo: Path, case: dict) -> None:
    path = geo / case["file"]
    if case.get("delete"):
        path.unlink()
        return
    if case.get("empty"):
        path.write_bytes(b"")
        return
    data = path.read_bytes()
    if "bytes" in case:
        old, new = (bytes.fromhex(h.replace(" ", "")) for h in case["bytes"])
    elif "truncate_at" in case:
        cut = case["truncate_at"].encode("utf-8")
        assert cut in data, f"{case['truncate_at']!r} not in {case['file']}"
        old, new = data, data[: data.index(cut) + len(cut)]
    else:
        old, new = (s.encode("utf-8") for s in case["replace"])
    assert old in data, f"{case['file']}: the text to break is no longer there"
    path.write_bytes(data.replace(old, new, 1))


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_corpus_covers_every_kind_of_mistake():
    names = {p.stem for p in CORPUS}
    assert {"truncated-file", "wrong-type", "coordinate-out-of-range", "unknown-place",
            "unknown-river", "border-chain-gap", "ring-does-not-close", "invalid-utf8",
            "missing-file", "duplicate-id", "empty-regime-file", "missing-regime-file",
            "unknown-superseding-regime", "unknown-territory-status", "confirm-unknown-feature",
            "until-unknown", "chain-broken-in-time", "coverage-ends-before-a-treaty",
            "missing-coverage", "founded-after-abandoned", "territories-overlap-in-time"} <= names


@pytest.mark.parametrize("case_path", CORPUS, ids=lambda p: p.stem)
def test_broken_source(case_path, tmp_path):
    case = tomllib.loads(case_path.read_text(encoding="utf-8"))
    geo, layers, out = tmp_path / "geo", tmp_path / "layers", tmp_path / "out"
    shutil.copytree(GEO, geo)
    shutil.copytree(ROOT / "layers", layers)
    (out / "maps").mkdir(parents=True)
    (out / "maps" / "index.html").write_text("an earlier map", encoding="utf-8")
    _break(geo, case)
    before = (_snapshot(layers), _snapshot(out))
    result = run_cli("build", "--geo", str(geo), "--layers", str(layers), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("bordermap: error: ")]
    assert errors, result.stderr
    assert all(line.startswith(("bordermap: error: ", "bordermap: ")) for line in
               result.stderr.splitlines())
    assert any(re.search(case["expect"], line) for line in errors), result.stderr
    assert any(case["file"].split("/")[-1] in line for line in errors)
    assert (_snapshot(layers), _snapshot(out)) == before
