"""Every lesson, executed as a notebook in a real Jupyter kernel, in quick mode, the way a learner
runs it cell by cell: converted with jupytext, run with nbclient on an ipykernel kernel of this
very interpreter (sys.executable). It fails on a cell error, on a figure saved to OUT but not
shown inline (an image/png output), and on a lesson whose output mostly lands in one cell.

"Output" is counted in steps: per code cell, 1 if it printed anything, plus 1 per figure it shows,
plus 1 for a displayed value (the final `results`). A lesson in the old form (every step inside
main(), called by the last cell) puts all of its steps in one cell; here no cell may hold half."""
import importlib.util
import json
import os
import sys
from pathlib import Path

import jupytext      # jupytext, nbclient, nbformat and ipykernel come with the test extra
import nbclient
import pytest

import lessons

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "tinyae-test-python"


@pytest.fixture
def kernel_of_this_interpreter(tmp_path, monkeypatch):
    """A kernelspec that starts ipykernel with sys.executable, found first through JUPYTER_PATH; the
    kernel's environment: quick mode, the worktree importable, matplotlib left to ipykernel (inline).
    ipykernel is looked up, not imported: imported here, it would make fit()'s progress bar in the
    other tests of this process behave as in Jupyter."""
    assert importlib.util.find_spec("ipykernel"), "the test extra installs ipykernel"
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "tinyae tests", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("TINYAE_QUICK", "1")
    monkeypatch.setenv("TINYAE_BACKEND", "numpy")
    monkeypatch.delenv("MPLBACKEND", raising=False)       # conftest's Agg would hide every figure
    return KERNEL


def output_steps(cell):
    printed = any(o.output_type == "stream" and o.name == "stdout" and o.text.strip() for o in cell.outputs)
    figures = sum("image/png" in o.get("data", {}) for o in cell.outputs)
    value = sum(o.output_type == "execute_result" for o in cell.outputs)
    return int(printed) + figures + value


@pytest.mark.parametrize("lesson", lessons.all_lessons(), ids=lambda lesson: lesson.name)
def test_lesson_runs_as_a_notebook_cell_by_cell(lesson, kernel_of_this_interpreter, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setenv("TINYAE_OUT", str(out))
    notebook = jupytext.read(lesson.path)
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert "parameters" in code_cells[0].metadata.get("tags", []), "the first code cell holds the parameters"

    client = nbclient.NotebookClient(notebook, kernel_name=kernel_of_this_interpreter, timeout=300,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()       # raises CellExecutionError, naming the cell, on any error

    assert code_cells[0].outputs == [], "the parameters cell shows nothing"
    shown = sum("image/png" in o.get("data", {}) for cell in code_cells for o in cell.outputs)
    saved = sorted(p.name for p in out.glob("*.png"))
    assert saved and shown >= len(saved), f"{len(saved)} figures saved ({saved}) but {shown} shown inline"

    steps = [output_steps(cell) for cell in code_cells]
    assert max(steps) < sum(steps) / 2, f"one cell holds most of the output: steps per cell {steps}"
    assert code_cells[-1].source.strip().endswith("results")
    assert any(o.output_type == "execute_result" for o in code_cells[-1].outputs), "the results are displayed"
