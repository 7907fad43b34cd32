"""Bad command-line values: one line on stderr, exit code 2, no traceback, nothing written."""

from __future__ import annotations

import re

import pytest

from conftest import run_cli


@pytest.mark.parametrize(("args", "message"), [
    (["maps", "--layers", "{layers}", "--lang", "xx"], r"maps: argument --lang: invalid choice: 'xx'"),
    (["stats", "--layers", "{layers}", "--format", "xml"], r"stats: argument --format: invalid choice"),
    (["export", "--height", "tall", "--from-html"], r"argument --height: invalid int value: 'tall'"),
    (["frob"], r"argument COMMAND: invalid choice: 'frob'"),
    (["maps", "--offline", "--no-such-option"], r"unrecognized arguments: --no-such-option"),
    (["maps", "--layers", "{layers}", "--out", "{out}/a-file"], r"a-file: (File exists|Not a directory)"),
])
def test_a_bad_value_is_one_line(fresh_layers, tmp_path, args, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-file").write_text("a file where a folder is asked for", encoding="utf-8")
    result = run_cli(*(a.replace("{out}", str(out)).replace("{layers}", str(fresh_layers))
                       for a in args))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("bordermap: error: ")
    assert re.search(message, result.stderr), result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-file"]
