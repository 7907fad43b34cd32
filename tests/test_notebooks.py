"""Every notebook runs top to bottom in a kernel from the project's environment."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_the_three_essays():
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["01-overview", "02-territorial-change", "03-rivers-as-borders"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    first = "".join(nb["cells"][0]["source"])
    assert "What this shows" in first and "How to run it" in first


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, fresh_layers, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    # run against a fresh build, in a folder laid out as the repository
    shutil.copytree(fresh_layers, tmp_path / "layers")
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path / "notebooks")}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any(o.get("output_type") in ("display_data", "execute_result") for o in outputs)

