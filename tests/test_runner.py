"""The lesson runner: `python -m lessons` lists the lessons with their titles, finds one by number
or name, runs its main() with --quick / --backend / --out and prints what it returned; the
console script points at the same entry."""
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

# %%
import lessons


def main(quick=False, backend=None, out=None):
    out = lessons.prepare("01_tiny", backend, out)
    (out / "note.txt").write_text("ran")
    return {"quick": quick, "backend": ta_backend_name(), "loss": 0.123456, "figures": [str(out / "note.txt")]}


def ta_backend_name():
    import tinyae
    return tinyae.backend.name
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


def test_the_cli_runs_a_lesson_and_prints_its_results(tiny_lessons, tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["1", "--quick", "--backend", "numpy", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "01_tiny (quick mode" in printed
    assert "quick    True" in printed and "loss     0.1235" in printed and "backend  numpy" in printed
    assert (out / "note.txt").read_text() == "ran"
    assert cli.main(["nope"]) == 2
    assert "no lesson called 'nope'" in capsys.readouterr().err


def test_default_output_folder_is_under_the_current_directory(tiny_lessons, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lesson, results, seconds = lessons.run("tiny")
    assert results["quick"] is False and seconds >= 0
    assert (tmp_path / "lesson_output" / "01_tiny" / "note.txt").is_file()


def test_running_restores_the_backend(tiny_lessons, monkeypatch):
    calls = []
    monkeypatch.setattr(ta, "use_backend", lambda name: calls.append(name))
    lessons.run("1", backend="cupy", out=str(tiny_lessons / "o"))
    assert calls == ["cupy", ta.backend.name]          # switched for the lesson, then switched back


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


def test_every_lesson_file_follows_the_format():
    for lesson in lessons.all_lessons():
        text = lesson.path.read_text(encoding="utf-8")
        assert "# %% [markdown]" in text and "\n# %%\n" in text, lesson.name
        assert "def main(quick=False, backend=None, out=None):" in text, lesson.name
        assert f'lessons.prepare("{lesson.name}"' in text, lesson.name     # output in lesson_output/<name>
