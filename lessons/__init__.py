"""The lessons: one file per example of the source documents, `lessons/NN_short_name.py`.

    python -m lessons                       # list them
    python -m lessons 3 --quick             # run lesson 03 on a subset, in seconds
    python -m lessons vanilla_mnist --backend cupy --out results/

Each lesson is a notebook in jupytext's percent format (open it in Jupyter with jupytext, or read
it as a script) with a function main(quick=False, backend=None, out=None) -> dict that runs it and
returns the figures it reports. Its title is its first markdown heading.
"""
import importlib.util
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import tinyae as ta

LESSON_DIR = Path(__file__).resolve().parent
LESSON_FILE = re.compile(r"^(\d\d)_(\w+)\.py$")
DEFAULT_OUT = Path("lesson_output")


@dataclass(frozen=True)
class Lesson:
    number: int
    name: str        # the file's stem, e.g. "03_vanilla_mnist"
    title: str
    path: Path

    @property
    def short_name(self):
        return self.name[3:]

    def load(self):
        """The lesson's module, imported from its file as lessons.<name> (importing defines its
        steps; nothing runs until main())."""
        spec = importlib.util.spec_from_file_location(f"{__name__}.{self.name}", self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module


def lesson_title(path):
    """The first markdown heading of a lesson file ("# %% [markdown]" cell, "# # Title" line), or
    else the first line of its docstring."""
    text = Path(path).read_text(encoding="utf-8")
    in_markdown = False
    for line in text.splitlines():
        if line.startswith("# %%"):
            in_markdown = "[markdown]" in line
        elif in_markdown and re.match(r"^# #+ ", line):
            return re.sub(r"^# #+ ", "", line).strip()
    docstring = re.search(r'^(?:"""|\'\'\')\s*(.+?)\s*(?:"""|\'\'\'|$)', text, re.MULTILINE)
    return docstring.group(1).strip() if docstring else Path(path).stem


def all_lessons():
    """Every lesson file in this folder, by number."""
    found = []
    for path in sorted(LESSON_DIR.glob("[0-9][0-9]_*.py")):
        match = LESSON_FILE.match(path.name)
        if match:
            found.append(Lesson(int(match.group(1)), path.stem, lesson_title(path), path))
    return found


def find_lesson(key):
    """The lesson called `key`: its number ("3", "03"), its file name ("03_vanilla_mnist") or its
    short name ("vanilla_mnist"); a LookupError lists the lessons otherwise."""
    key = str(key).strip().removesuffix(".py")
    lessons = all_lessons()
    for lesson in lessons:
        if (key.isdigit() and int(key) == lesson.number) or key in (lesson.name, lesson.short_name):
            return lesson
    known = ", ".join(f"{lesson.number:02d} ({lesson.short_name})" for lesson in lessons) or "none"
    raise LookupError(f"no lesson called {key!r}; the lessons are: {known}")


def prepare(lesson_name, backend=None, out=None, seed=0):
    """What every lesson's main() does first: switch to `backend` ("numpy" or "cupy"; None keeps
    the one in use), seed every random draw, and create the output folder (default
    ./lesson_output/<lesson_name>, e.g. lesson_output/03_vanilla_mnist). Returns it as a Path."""
    if backend is not None:
        ta.use_backend(backend)
    ta.seed(seed)
    out = Path(out) if out is not None else DEFAULT_OUT / lesson_name
    out.mkdir(parents=True, exist_ok=True)
    return out


def run(key, quick=False, backend=None, out=None):
    """Run one lesson's main(); returns (lesson, results, seconds). The backend in use before is
    restored afterwards."""
    lesson = find_lesson(key)
    previous = ta.backend.name
    start = time.perf_counter()
    try:
        results = lesson.load().main(quick=quick, backend=backend, out=out)
    finally:
        ta.use_backend(previous)
    return lesson, results, time.perf_counter() - start


def format_results(results):
    """The returned dict as aligned "name: value" lines: a float to 4 decimals, a list of floats on
    one line to 4 significant digits, a list of anything else (paths) one item per line."""
    width = max((len(k) for k in results), default=0)
    lines = []
    for key, value in results.items():
        if isinstance(value, float):
            value = f"{value:.4f}"
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], float):
            value = "[" + ", ".join(f"{v:.4g}" for v in value) + "]"
        elif isinstance(value, (list, tuple)) and value and not isinstance(value[0], (int, float)):
            value = ("\n" + " " * (width + 4)).join(map(str, value))
        lines.append(f"  {key:<{width}}  {value}")
    return "\n".join(lines)
