"""Shared fixtures: every test that takes `xp` runs once per backend.

The CuPy run uses real CuPy when it sees a GPU (the test id says "cupy"); everywhere else it
uses the strict CuPy stand-in of tests/cupy_stand_in (id "cupy-standin"), which computes with
NumPy but refuses what CuPy refuses (implicit conversion to NumPy, NumPy arrays in CuPy
operations, names and keywords CuPy lacks), so no CuPy case is ever skipped. On a machine with
an NVIDIA device but no usable CuPy, test_cupy_stand_in.py's GPU test fails and says so."""
import contextlib
import importlib.util
import io
import os
import pathlib

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

import tinyae as ta  # noqa: E402
from tinyae import backend  # noqa: E402

STAND_IN_PATH = pathlib.Path(__file__).parent / "cupy_stand_in" / "standin.py"


def load_stand_in():
    """The stand-in module (tests/cupy_stand_in/standin.py), imported once."""
    spec = importlib.util.spec_from_file_location("cupy_stand_in", STAND_IN_PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.module


CUPY = "cupy" if backend.cupy_available() else "cupy-standin"
BACKENDS = ["numpy", CUPY]
_stand_in = load_stand_in() if CUPY == "cupy-standin" else None


@pytest.fixture(params=BACKENDS)
def xp(request, monkeypatch):
    """The array module of the backend under test, made current for the test's duration."""
    if request.param == "cupy-standin":
        monkeypatch.setattr(backend, "_cupy", _stand_in)
    previous = backend.name
    module = ta.use_backend("numpy" if request.param == "numpy" else "cupy")
    ta.seed(0)
    yield module
    ta.use_backend(previous)


@pytest.fixture
def rng():
    """A NumPy-free random source for test data: tinyae's own generator, freshly seeded."""
    return backend.new_rng(1234)


@pytest.fixture(scope="module")
def quick_run(request, tmp_path_factory):
    """The lesson named by the test module's LESSON ("06") run once in quick mode for that file:
    (the lesson as a module, with .results; what it printed; its output folder)."""
    import lessons
    number = request.module.LESSON
    out = tmp_path_factory.mktemp(f"lesson_{number}")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        module = lessons.execute(number, quick=True, out=out)
    return module, printed.getvalue(), out
