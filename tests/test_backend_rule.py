"""The one-backend rule: only tinyae/backend.py imports NumPy or CuPy (checked by reading the
source of tinyae/ and lessons/), and the backend is chosen by ta.use_backend or the
TINYAE_BACKEND environment variable, with a clear error for an unknown name."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tinyae as ta
from tinyae import backend

ROOT = Path(__file__).resolve().parents[1]
ARRAY_MODULES = {"numpy", "cupy", "cupyx"}
ALLOWED = {Path("tinyae/backend.py")}


def array_imports(source):
    """Line numbers and names of every import of numpy/cupy in `source`: `import numpy as np`,
    `import os, cupy`, `from numpy import linalg`, `from numpy.random import x`,
    `importlib.import_module("cupy")` and `__import__("numpy")`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str) \
                and getattr(node.func, "attr", getattr(node.func, "id", None)) in ("import_module", "__import__"):
            names = [node.args[0].value]
        else:
            continue
        found += [(node.lineno, name) for name in names if name.split(".")[0] in ARRAY_MODULES]
    return found


def python_files():
    for folder in ("tinyae", "lessons"):
        if (ROOT / folder).is_dir():
            yield from sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("source, expected", [
    ("import numpy", ["numpy"]),
    ("import numpy as np", ["numpy"]),
    ("import os, cupy as cp", ["cupy"]),
    ("from numpy import linalg", ["numpy"]),
    ("from numpy.random import default_rng as r", ["numpy.random"]),
    ("from cupyx.scipy import ndimage", ["cupyx.scipy"]),
    ("def f():\n    import numpy\n", ["numpy"]),
    ("import importlib\nxp = importlib.import_module('cupy')", ["cupy"]),
    ("np = __import__('numpy')", ["numpy"]),
    ("from . import backend\nfrom .numpy_helpers import x\nimport numpyro_like_name", []),
    ("# import numpy\ns = 'import numpy'", []),
], ids=str)
def test_the_checker_finds_array_imports(source, expected):
    assert [name for _, name in array_imports(source)] == expected


def test_only_backend_imports_numpy_or_cupy():
    files = list(python_files())
    assert ROOT / "tinyae" / "backend.py" in files and len(files) > 10
    offenders = []
    for path in files:
        relative = path.relative_to(ROOT)
        if relative in ALLOWED:
            continue
        for line, name in array_imports(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}:{line} imports {name}")
    assert not offenders, "only tinyae/backend.py may import numpy/cupy; ask `backend` instead:\n" + \
        "\n".join(offenders)


def test_backend_itself_is_where_numpy_comes_from():
    names = [name for _, name in array_imports((ROOT / "tinyae" / "backend.py").read_text(encoding="utf-8"))]
    assert "numpy" in names and "cupy" in names


# ----- choosing the backend ---------------------------------------------------------------------
def run_python(code, **env):
    environment = {k: v for k, v in os.environ.items() if k != "TINYAE_BACKEND"}
    environment.update(env)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


PRINT_BACKEND = "import tinyae as ta; print(ta.backend.name, type(ta.tensor([1.0]).data).__module__)"


def test_default_backend_is_numpy():
    result = run_python(PRINT_BACKEND)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["numpy", "numpy"]


def test_environment_variable_chooses_numpy():
    result = run_python(PRINT_BACKEND, TINYAE_BACKEND="numpy")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["numpy", "numpy"]


def test_environment_variable_chooses_cupy():
    result = run_python(PRINT_BACKEND, TINYAE_BACKEND="cupy")
    if backend.cupy_available():
        assert result.returncode == 0, result.stderr
        assert result.stdout.split()[0] == "cupy"
    else:
        assert result.returncode != 0
        assert "RuntimeError" in result.stderr and "pip install" in result.stderr
        assert "TINYAE_BACKEND='cupy'" in result.stderr


def test_environment_variable_with_an_unknown_name():
    result = run_python(PRINT_BACKEND, TINYAE_BACKEND="tensorflow")
    assert result.returncode != 0
    assert "ValueError" in result.stderr
    assert "environment variable TINYAE_BACKEND='tensorflow'" in result.stderr
    assert "valid values: numpy, cupy" in result.stderr


def test_use_backend_with_an_unknown_name_lists_the_choices():
    previous = backend.name
    with pytest.raises(ValueError) as info:
        ta.use_backend("jax")
    assert "'jax'" in str(info.value) and "numpy" in str(info.value) and "cupy" in str(info.value)
    assert backend.name == previous


def test_use_backend_numpy():
    assert ta.use_backend("numpy") is backend.xp
    assert backend.name == "numpy"
    assert backend.array_module(ta.tensor([1.0, 2.0]).data) is backend.xp
