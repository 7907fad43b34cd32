"""Outputs are written as one set: all or none, after a failure, a kill -9 or beside a
concurrent run into the same folder; names never reach outside the output folder."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bordermap.errors import BordermapError
from bordermap.layers import fileset
from bordermap.layers.fileset import reading, write_set
from conftest import ROOT, run_cli


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_set_is_written_whole_and_unchanged_files_are_not_touched(tmp_path):
    out = tmp_path / "out"
    assert write_set(out, {"a.txt": b"1", "b.txt": b"2"}) == ["a.txt", "b.txt"]
    stamp = (out / "a.txt").stat().st_mtime_ns
    assert write_set(out, {"a.txt": b"1", "b.txt": b"3"}) == ["b.txt"]
    assert (out / "a.txt").stat().st_mtime_ns == stamp
    assert _files(out) == {"a.txt": b"1", "b.txt": b"3"} and _leftovers(out) == []


@pytest.mark.parametrize("name", ["../escaped.html", "sub/x.html", ".hidden", "", "a\\b", "..",
                                  "x\n.html", "/etc/passwd"])
def test_only_plain_names_are_written(tmp_path, name):
    with pytest.raises(BordermapError, match="not a plain file name"):
        write_set(tmp_path / "out", {"ok.html": b"", name: b"x"})
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failure_while_staging_leaves_the_old_set(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_set(out, {"a.txt": b"old a", "b.txt": b"old b"})
    real_fsync, calls = os.fsync, []

    def disk_full(fd):  # the second file cannot be written out
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr("bordermap.layers.fileset.os.fsync", disk_full)
    with pytest.raises(OSError):
        write_set(out, {"a.txt": b"new a", "b.txt": b"new b"})
    assert _files(out) == {"a.txt": b"old a", "b.txt": b"old b"}
    assert _leftovers(out) == []


def test_a_run_that_dies_while_moving_files_is_completed_by_the_next_reader(tmp_path, monkeypatch):
    """The commit point passed, one file moved, then the process died: the next read of the
    folder finishes the move, so readers see the whole new set."""
    out = tmp_path / "out"
    write_set(out, {"a.txt": b"old a", "b.txt": b"old b", "c.txt": b"old c"})
    real_replace, moved = os.replace, []

    class Killed(BaseException):
        pass

    def dying_replace(src, dst):
        if Path(dst).parent == out:
            if moved:
                raise Killed
            moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr("bordermap.layers.fileset.os.replace", dying_replace)
    with pytest.raises(Killed):
        write_set(out, {"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"})
    monkeypatch.setattr("bordermap.layers.fileset.os.replace", real_replace)
    assert _files(out)["a.txt"] == b"new a" and _files(out)["b.txt"] == b"old b"  # mid-move
    with reading(out):
        assert _files(out) == {"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"}
    assert _leftovers(out) == []


def test_an_uncommitted_staging_folder_is_removed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    write_set(out, {"a.txt": b"a"})
    stale = out / f"{fileset.STAGING_PREFIX}killed{fileset.STAGING_SUFFIX}"
    stale.mkdir()
    (stale / "a.txt").write_bytes(b"half")
    write_set(out, {"b.txt": b"b"})
    assert _files(out) == {"a.txt": b"a", "b.txt": b"b"} and _leftovers(out) == []


def test_a_writer_waits_for_a_reader(tmp_path):
    out = tmp_path / "out"
    write_set(out, {"a.txt": b"old"})
    code = ("import sys; from pathlib import Path; from bordermap.layers.fileset import write_set; "
            "write_set(Path(sys.argv[1]), {'a.txt': b'new'})")
    with reading(out):
        writer = subprocess.Popen([sys.executable, "-c", code, str(out)], stderr=subprocess.PIPE,
                                  text=True)
        line = writer.stderr.readline()  # blocks until the writer says it waits
        assert "waiting for another bordermap run" in line
        assert (out / "a.txt").read_bytes() == b"old"
    assert writer.wait(timeout=60) == 0
    assert (out / "a.txt").read_bytes() == b"new"


def _edit_sources(geo: Path) -> None:
    """A change that touches several layer files: places, rivers and index.json."""
    for name, old, new in (("places.toml", 'en = "Irkutsk"', 'en = "Irkutsk (edited)"'),
                           ("rivers.toml", 'en = "Ussuri"', 'en = "Ussuri (edited)"'),
                           ("regimes/aigun-1858.toml", 'en = "Treaty of Aigun"',
                            'en = "Treaty of Aigun (edited)"')):
        path = geo / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _kill_repeatedly(command: list[str], folder: Path, old: dict[str, bytes], new: dict[str, bytes],
                     reset: Path, seconds: tuple[float, float], runs: int = 5) -> list[str]:
    """Start ``command`` and kill -9 it at a random moment, ``runs`` times; after each kill
    the folder holds the old set or the new one (once a reader has settled what was left)."""
    rng = random.Random(1689)
    outcomes = []
    for _ in range(runs):
        run = subprocess.Popen([sys.executable, "-m", "bordermap", *command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(*seconds))
        run.send_signal(signal.SIGKILL)
        run.wait()
        with reading(folder):
            now = _files(folder)
        assert now in (old, new), "a killed run left a mix of old and new files"
        outcomes.append("new" if now == new else "old")
        if now == new:  # start again from the old set, to kill the next run too
            shutil.rmtree(folder)
            shutil.copytree(reset, folder)
    return outcomes


def test_a_killed_build_leaves_the_old_layers_or_the_new_never_a_mix(tmp_path, geo_copy):
    layers = tmp_path / "layers"
    shutil.copytree(ROOT / "layers", layers)
    old = _files(layers)
    _edit_sources(geo_copy)
    new_dir = tmp_path / "expected"
    assert run_cli("build", "--geo", str(geo_copy), "--layers", str(new_dir)).returncode == 0
    new = _files(new_dir)
    assert set(new) == set(old) and sum(new[n] != old[n] for n in new) >= 3
    command = ["build", "--geo", str(geo_copy), "--layers", str(layers)]
    outcomes = _kill_repeatedly(command, layers, old, new, ROOT / "layers", (0.3, 2.5))
    # whatever was left, the next build cleans it up and writes the new set
    assert run_cli(*command).returncode == 0
    assert _files(layers) == new and _leftovers(layers) == []
    print("killed builds left:", outcomes)


def test_a_killed_maps_run_leaves_the_old_maps_or_the_new(tmp_path, fresh_layers):
    maps = tmp_path / "maps"
    assert run_cli("maps", "--layers", str(fresh_layers), "--out", str(maps)).returncode == 0
    shutil.copytree(maps, tmp_path / "old-maps")
    old = _files(maps)
    command = ["maps", "--layers", str(fresh_layers), "--out", str(maps), "--lang", "tr"]
    assert run_cli("maps", "--layers", str(fresh_layers), "--out", str(tmp_path / "new-maps"),
                   "--lang", "tr").returncode == 0
    new = _files(tmp_path / "new-maps")
    outcomes = _kill_repeatedly(command, maps, old, new, tmp_path / "old-maps", (0.2, 0.9))
    assert run_cli(*command).returncode == 0
    assert _files(maps) == new and _leftovers(maps) == []
    print("killed maps runs left:", outcomes)


def test_concurrent_exports_into_one_folder_each_write_a_whole_set(fresh_layers, tmp_path):
    """Two exports in different languages into one folder at once: every file is valid and
    all of them come from the same run."""
    out = tmp_path / "images"
    args = ["export", "--layers", str(fresh_layers), "--format", "svg", "--width", "400",
            "--dpi", "50"]
    references = {}
    for lang in ("en", "tr"):
        assert run_cli(*args, "--lang", lang, "--out", str(tmp_path / lang)).returncode == 0
        references[lang] = _files(tmp_path / lang)
    runs = [subprocess.Popen([sys.executable, "-m", "bordermap", *args, "--lang", lang, "--out",
                              str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for lang in ("en", "tr")]
    for run in runs:
        assert run.wait(timeout=300) == 0, run.stderr.read()
    written = _files(out)
    for data in written.values():
        ET.fromstring(data)  # well-formed XML, not two runs' bytes interleaved
    assert written in (references["en"], references["tr"])
    assert _leftovers(out) == []
