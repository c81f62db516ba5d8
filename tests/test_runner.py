"""The lesson runner: `python -m lessons` lists the lessons with their titles, finds one by number
or name, runs its file top to bottom with --quick / --backend / --out (through TINYAE_QUICK,
TINYAE_BACKEND, TINYAE_OUT, restored afterwards) and prints its `results`; it writes a lesson as a
notebook with --notebook; a wrong --out or TINYAE_BACKEND gives a clear error, and --backend wins
over TINYAE_BACKEND. The console script points at the same entry. Every lesson file has the form
lessons/__init__.py describes."""
import os
import subprocess
import re
import sys
from pathlib import Path

import pytest

import lessons
import tinyae as ta
from lessons import __main__ as cli

ROOT = Path(__file__).resolve().parent.parent

TINY_LESSON = '''# %% [markdown]
# # A tiny lesson (一个小课)
#
# Just for the runner's test.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")
OUT = os.environ.get("TINYAE_OUT", "lesson_output/01_tiny")

# %%
import tinyae as ta

import lessons

out = lessons.prepare(BACKEND, OUT)
(out / "note.txt").write_text("ran")
print("the tiny lesson ran")

# %%
results = {"quick": QUICK, "backend": ta.backend.name, "loss": 0.123456, "figures": [str(out / "note.txt")]}
results
'''


@pytest.fixture
def tiny_lessons(tmp_path, monkeypatch):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "01_tiny.py").write_text(TINY_LESSON, encoding="utf-8")
    (folder / "02_docstring.py").write_text('"""Lesson two: titled by its docstring."""\n', encoding="utf-8")
    (folder / "helper.py").write_text("", encoding="utf-8")           # not a lesson: no NN_ prefix
    monkeypatch.setattr(lessons, "LESSON_DIR", folder)
    return folder


def test_lessons_are_listed_with_their_titles(tiny_lessons):
    found = lessons.all_lessons()
    assert [(lesson.number, lesson.name) for lesson in found] == [(1, "01_tiny"), (2, "02_docstring")]
    assert found[0].title == "A tiny lesson (一个小课)"
    assert found[1].title == "Lesson two: titled by its docstring."


def test_a_lesson_is_found_by_number_or_name(tiny_lessons):
    for key in ("1", "01", "01_tiny", "tiny", "01_tiny.py"):
        assert lessons.find_lesson(key).name == "01_tiny"
    with pytest.raises(LookupError, match=r"no lesson called '7'; the lessons are: 01 \(tiny\), 02 \(docstring\)"):
        lessons.find_lesson("7")
    assert lessons.find_lesson("docs").name == "02_docstring"     # a part of one short name
    with pytest.raises(LookupError, match=r"^2 lessons are called 't' in part, say which; they are: 01 \(tiny\), "
                                          r"02 \(docstring\)$"):
        lessons.find_lesson("t")


def test_the_cli_runs_a_lesson_and_prints_its_results(tiny_lessons, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TINYAE_BACKEND", ta.backend.name)     # restored afterwards: --backend sets it
    out = tmp_path / "out"
    assert cli.main(["1", "--quick", "--backend", "numpy", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "the tiny lesson ran" in printed and "01_tiny (quick mode" in printed
    assert "quick    True" in printed and "loss     0.1235" in printed and "backend  numpy" in printed
    assert (out / "note.txt").read_text() == "ran"
    assert cli.main(["nope"]) == 2
    assert "no lesson called 'nope'" in capsys.readouterr().err


def test_default_output_folder_is_under_the_current_directory(tiny_lessons, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TINYAE_OUT", raising=False)
    lesson, results, seconds = lessons.run("tiny")
    assert results["quick"] is False and seconds >= 0
    assert (tmp_path / "lesson_output" / "01_tiny" / "note.txt").is_file()


def test_parameters_come_from_the_environment_and_are_restored(tiny_lessons, tmp_path, monkeypatch):
    monkeypatch.setenv("TINYAE_QUICK", "1")
    monkeypatch.setenv("TINYAE_OUT", str(tmp_path / "from_env"))
    assert lessons.run("1")[1]["quick"] is True                     # quick=None: the environment decides
    assert (tmp_path / "from_env" / "note.txt").is_file()
    assert lessons.run("1", quick=False, out=tmp_path / "given")[1]["quick"] is False
    assert (tmp_path / "given" / "note.txt").is_file()
    assert os.environ["TINYAE_QUICK"] == "1" and os.environ["TINYAE_OUT"] == str(tmp_path / "from_env")
    monkeypatch.delenv("TINYAE_QUICK")
    lessons.run("1", quick=True, out=tmp_path / "given")
    assert "TINYAE_QUICK" not in os.environ


def test_running_restores_the_backend(tiny_lessons, monkeypatch):
    calls = []
    monkeypatch.setattr(ta, "use_backend", lambda name: calls.append(name))
    lessons.run("1", backend="cupy", out=str(tiny_lessons / "o"))
    assert calls == ["cupy", ta.backend.name]          # switched for the lesson, then switched back


def test_an_unwritable_out_is_a_clear_error(tiny_lessons, tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    assert cli.main(["1", "--out", str(blocker / "figures")]) == 2
    error = capsys.readouterr().err
    assert f"cannot create the output folder {str(blocker / 'figures')!r}" in error
    assert "Traceback" not in error
    with pytest.raises(OSError, match="cannot create the output folder"):
        lessons.run("1", out=blocker / "figures")


def run_cli_in_a_subprocess(tiny_lessons, args, **env):
    """`python -m lessons ARGS` on the tiny lessons, in a fresh interpreter whose environment has
    `env` added (tinyae not yet imported there, as on a learner's command line)."""
    code = ("import sys, lessons; from pathlib import Path; from lessons.__main__ import main; "
            f"lessons.LESSON_DIR = Path({str(tiny_lessons)!r}); sys.exit(main({args!r}))")
    environment = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                   "MPLBACKEND": "Agg", **env}
    return subprocess.run([sys.executable, "-c", code], cwd=tiny_lessons, env=environment, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("env_backend", ["bogus", "cupy"])
def test_backend_option_overrides_the_environment(tiny_lessons, tmp_path, env_backend):
    result = run_cli_in_a_subprocess(tiny_lessons, ["1", "--backend", "numpy", "--out", str(tmp_path / "o")],
                                     TINYAE_BACKEND=env_backend)
    assert result.returncode == 0, result.stderr
    assert "backend  numpy" in result.stdout


def test_a_wrong_backend_in_the_environment_is_a_clear_error(tiny_lessons, tmp_path):
    result = run_cli_in_a_subprocess(tiny_lessons, ["1", "--out", str(tmp_path / "o")], TINYAE_BACKEND="bogus")
    assert result.returncode == 2
    assert "environment variable TINYAE_BACKEND='bogus' is not usable (valid values: numpy, cupy" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_cli_writes_a_lesson_as_a_notebook(tiny_lessons, tmp_path, monkeypatch, capsys):
    import nbformat                                           # comes with the test extra
    assert cli.main(["tiny", "--notebook", str(tmp_path / "nb" / "tiny.ipynb")]) == 0
    assert f"wrote {tmp_path / 'nb' / 'tiny.ipynb'}" in capsys.readouterr().out
    notebook = nbformat.read(tmp_path / "nb" / "tiny.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code", "code", "code"]
    assert notebook.cells[1].metadata["tags"] == ["parameters"]
    assert notebook.cells[1].source.startswith("import os\n\nQUICK = ")
    assert notebook.cells[3].source.endswith("results")
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert not (tiny_lessons / "o").exists()                  # written, not run

    monkeypatch.chdir(tmp_path)                               # default: ./<lesson>.ipynb
    assert cli.main(["1", "--notebook"]) == 0
    assert nbformat.read(tmp_path / "01_tiny.ipynb", as_version=4).cells[1].metadata["tags"] == ["parameters"]
    assert cli.main(["1", "--notebook", "notebooks"]) == 0      # a folder to make (jupytext's traceback before)
    assert (tmp_path / "notebooks" / "01_tiny.ipynb").is_file()
    capsys.readouterr()
    assert cli.main(["1", "--notebook", "tiny.txt"]) == 2
    assert "'tiny.txt' is neither a folder nor an .ipynb file" in capsys.readouterr().err


def test_python_m_lessons_lists_the_real_lessons():
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, "-m", "lessons"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "03  vanilla_mnist" in result.stdout and "使用自编码器重构 MNIST 图像" in result.stdout


def test_console_script_points_at_the_cli():
    text = (ROOT / "pyproject.toml").read_text()        # (tomllib would need Python 3.11; we support 3.10)
    scripts = text.split("[project.scripts]", 1)[1].split("\n[", 1)[0]
    entry = re.search(r'^tinyae-lesson\s*=\s*"([\w.]+):(\w+)"', scripts, re.MULTILINE)
    assert entry and entry.groups() == ("lessons.__main__", "main") and callable(cli.main)


PARAMETERS_CELL = re.compile(
    r'^# %% tags=\["parameters"\]\nimport os\n\n'
    r'QUICK = os\.environ\.get\("TINYAE_QUICK", "0"\) == "1" .*\n'
    r'BACKEND = os\.environ\.get\("TINYAE_BACKEND", "numpy"\) .*\n'
    r'OUT = os\.environ\.get\("TINYAE_OUT", "lesson_output/(\w+)"\) .*\n', re.MULTILINE)


def test_every_lesson_file_follows_the_form():
    for lesson in lessons.all_lessons():
        text = lesson.path.read_text(encoding="utf-8")
        cells = re.split(r"^# %%.*\n", text, flags=re.MULTILINE)
        markers = re.findall(r"^# %%.*$", text, flags=re.MULTILINE)
        code = [body for marker, body in zip(markers, cells[1:]) if "[markdown]" not in marker]
        first_code = next(i for i, marker in enumerate(markers) if "[markdown]" not in marker)
        assert markers[0] == "# %% [markdown]" and lesson.title, lesson.name      # a titled markdown cell first
        assert markers[first_code] == '# %% tags=["parameters"]', lesson.name      # then the parameters
        match = PARAMETERS_CELL.search(text)
        assert match and match.group(1) == lesson.name, lesson.name               # output in lesson_output/<name>
        assert "out = lessons.prepare(BACKEND, OUT" in code[1], lesson.name
        assert code[-1].rstrip().endswith("\nresults"), lesson.name
        assert "def main(" not in text and "__main__" not in text, lesson.name


def test_results_print_small_numbers_with_their_digits():
    text = lessons.format_results({"error": 1.5e-11, "loss": 0.25, "zero": 0.0, "curve": [1e-05, 0.5]})
    assert text.splitlines() == ["  error  1.5e-11", "  loss   0.2500", "  zero   0.0000", "  curve  [1e-05, 0.5]"]
