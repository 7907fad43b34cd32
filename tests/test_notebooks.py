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
    for cell in nb.cells:  # a static figure is shown as an image, not as the text of its object
        if cell.cell_type == "code" and "_figure(" in cell.source:
            assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source


def test_notebooks_read_the_border_in_time():
    """The notebooks take the border and the territories in force on a day from the timeline
    (border_at, territories_at, the tables on each change day), not a regime's layer."""
    sources = {p.stem: "".join("".join(c["source"]) for c in json.loads(p.read_text("utf-8"))["cells"]
                               if c["cell_type"] == "code") for p in NOTEBOOKS}
    assert "analysis.border_at(" in sources["01-overview"]
    assert "analysis.territories_at(" in sources["01-overview"]
    assert "analysis.state_areas(" in sources["02-territorial-change"]
    assert "analysis.border_at(" in sources["03-rivers-as-borders"]
    for source in sources.values():
        assert 'frames["peking-1860"]' not in source and '"aigun-1858", "peking-1860"' not in source

