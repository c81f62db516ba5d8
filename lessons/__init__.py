"""The lessons: one notebook per example of the source documents, `lessons/NN_short_name.py`.

    python -m lessons                       # list them
    python -m lessons 3 --quick             # run lesson 03 on a subset, in seconds
    python -m lessons vanilla_mnist --backend cupy --out results/
    python -m lessons 3 --notebook          # write 03_vanilla_mnist.ipynb, to open in Jupyter

How a lesson is written
-----------------------
A lesson is a notebook in jupytext's percent format (`# %%` starts a code cell, `# %% [markdown]`
a markdown cell; its title is the first markdown heading). It reads top to bottom like the
chapter, and runs the same way as a notebook, as a script and through the runner:

1. The first code cell holds the parameters, tagged `parameters` (papermill's convention), with
   defaults read from the environment, so that every way of running it gets quick mode alike::

       # %% tags=["parameters"]
       import os

       QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
       BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
       OUT = os.environ.get("TINYAE_OUT", "lesson_output/03_vanilla_mnist")   # figures and files

2. The next code cell imports and calls `out = lessons.prepare(BACKEND, OUT, seed=0)`: it switches
   the backend, seeds every random draw and creates the output folder (a Path).
3. Then top-level code cells in the chapter's order, each doing one step and showing its result
   right under it: `print` the shapes, `model.summary()`, `model.fit(...)`'s progress, a figure.
   Define a function only where the lesson really reuses the code (one training run per depth).
4. A figure is shown and saved with one call: every `plot.*` function takes `path=out / "name.png"`
   (saved in every mode, shown inline in Jupyter, in a window with a screen); a figure you draw
   yourself ends with `plot.finish(fig, out / "name.png")`. Keep the figure out of the cell's last
   line (assign it: `fig = plot.loss_curves(...)`), or Jupyter shows it twice.
5. The last code cell builds `results`, a dict of the numbers the lesson reports (floats, lists,
   the paths of its figures under "figures"), and ends with the bare name `results` so that Jupyter
   shows it. `lessons.run` returns it.
6. Its test, tests/test_lesson_NN.py, runs it in quick mode through the runner and asserts the
   lesson's point from `results` and from what it printed::

       def test_lesson_03_learns_to_reconstruct_mnist(tmp_path, capsys):
           lesson, results, _ = lessons.run("03", quick=True, out=tmp_path)
           printed = capsys.readouterr().out
           assert results["val_loss"] < 0.85 * results["mean_image_val_loss"]

   A test that needs more of the lesson than `results` (a class it defines, a helper to check on
   known input) uses `module = lessons.execute("05", quick=True, out=tmp_path)`: the same run,
   returning the lesson as a module (`module.results`, `module.Autoencoder`).
   tests/test_lesson_notebooks.py executes every lesson as a notebook in a Jupyter kernel (quick
   mode): no cell may fail, every figure saved in OUT must be shown inline, and no one cell may
   hold most of the output. It finds new lessons by itself.

The runner executes the file with its parameters set through the same environment variables
(restored afterwards), as a module `lessons.<name>`, and reads `results` from it.
"""
import importlib.util
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LESSON_DIR = Path(__file__).resolve().parent
LESSON_FILE = re.compile(r"^(\d\d)_(\w+)\.py$")


@dataclass(frozen=True)
class Lesson:
    number: int
    name: str        # the file's stem, e.g. "03_vanilla_mnist"
    title: str
    path: Path

    @property
    def short_name(self):
        return self.name[3:]


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
    """The lesson called `key`: its number ("3", "03"), its file name ("03_vanilla_mnist"), its
    short name ("vanilla_mnist") or a part of it that names one lesson only ("anomaly"); a
    LookupError lists the lessons the part names, or all of them."""
    key = str(key).strip().removesuffix(".py")
    lessons = all_lessons()
    for lesson in lessons:
        if (key.isdigit() and int(key) == lesson.number) or key in (lesson.name, lesson.short_name):
            return lesson
    partly = [lesson for lesson in lessons if key and not key.isdigit() and key.lower() in lesson.short_name]
    if len(partly) == 1:
        return partly[0]
    named = partly or lessons
    known = ", ".join(f"{lesson.number:02d} ({lesson.short_name})" for lesson in named) or "none"
    which = f"{len(partly)} lessons are called {key!r} in part, say which" if partly else f"no lesson called {key!r}"
    raise LookupError(f"{which}; {'they' if partly else 'the lessons'} are: {known}")


def output_folder(out):
    """The folder `out` as a Path, created if needed; an OSError that names it and says why when it
    cannot be created or written to."""
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OSError(f"cannot create the output folder {str(out)!r}: {error.strerror or error}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise OSError(f"cannot write to the output folder {str(out)!r}: permission denied")
    return out


def prepare(backend, out, seed=0):
    """What every lesson does after its parameters: switch to `backend` ("numpy" or "cupy"), seed
    every random draw, and create the output folder `out`. Returns the folder as a Path."""
    import tinyae as ta
    ta.use_backend(backend)
    ta.seed(seed)
    return output_folder(out)


@contextmanager
def environment(**values):
    """Set the environment variables given (None: leave as is) for the duration; restore them."""
    saved = {name: os.environ.get(name) for name in values}
    try:
        for name, value in values.items():
            if value is not None:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def execute(key, quick=None, backend=None, out=None):
    """Run one lesson file top to bottom as the module lessons.<name>, its parameters set through
    TINYAE_QUICK / TINYAE_BACKEND / TINYAE_OUT (None: the environment's value, or the lesson's
    default; backend None keeps the backend in use). Returns the module: its `results`, and
    whatever else the lesson defined. The backend in use before is restored afterwards."""
    import tinyae as ta
    lesson = find_lesson(key)
    previous = ta.backend.name
    parameters = {"TINYAE_QUICK": None if quick is None else ("1" if quick else "0"),
                  "TINYAE_BACKEND": backend or previous,
                  "TINYAE_OUT": None if out is None else str(out)}
    spec = importlib.util.spec_from_file_location(f"{__name__}.{lesson.name}", lesson.path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        with environment(**parameters):
            spec.loader.exec_module(module)
    finally:
        ta.use_backend(previous)
    return module


def run(key, quick=None, backend=None, out=None):
    """Run one lesson (see execute); returns (lesson, results, seconds)."""
    lesson = find_lesson(key)
    start = time.perf_counter()
    results = execute(key, quick=quick, backend=backend, out=out).results
    return lesson, results, time.perf_counter() - start


def write_notebook(key, path=None):
    """Write the lesson as a Jupyter notebook (.ipynb, default ./<name>.ipynb) with jupytext; returns
    its path. Its outputs are empty: run it in Jupyter."""
    lesson = find_lesson(key)
    try:
        import jupytext
    except ImportError:
        raise ImportError("writing a notebook needs jupytext: pip install 'tinyae[notebooks]'") from None
    notebook = jupytext.read(lesson.path)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = Path(path) if path is not None else Path(f"{lesson.name}.ipynb")
    if path.is_dir() or not path.suffix:            # a folder, existing or to be made
        path = path / f"{lesson.name}.ipynb"
    elif path.suffix != ".ipynb":
        raise ValueError(f"write_notebook: {str(path)!r} is neither a folder nor an .ipynb file")
    output_folder(path.parent)
    jupytext.write(notebook, path, fmt="ipynb")
    return path


def format_results(results):
    """The returned dict as aligned "name: value" lines: a float to 4 decimals (to 4 significant
    digits when it is below 0.001, so that a 1e-11 error does not print as 0.0000), a list of
    floats on one line to 4 significant digits, a list of anything else (paths) one item per line."""
    width = max((len(k) for k in results), default=0)
    lines = []
    for key, value in results.items():
        if isinstance(value, float):
            value = f"{value:.4g}" if 0 < abs(value) < 1e-3 else f"{value:.4f}"
        elif isinstance(value, (list, tuple)) and value and isinstance(value[0], float):
            value = "[" + ", ".join(f"{v:.4g}" for v in value) + "]"
        elif isinstance(value, (list, tuple)) and value and not isinstance(value[0], (int, float)):
            value = ("\n" + " " * (width + 4)).join(map(str, value))
        lines.append(f"  {key:<{width}}  {value}")
    return "\n".join(lines)
