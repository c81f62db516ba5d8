"""Shared fixtures: every test that takes `xp` runs once per backend.

The CuPy run uses real CuPy when it sees a GPU (the test id says "cupy"); everywhere else it
uses the strict CuPy stand-in of tests/cupy_stand_in (id "cupy-standin"), which computes with
NumPy but refuses what CuPy refuses (implicit conversion to NumPy, NumPy arrays in CuPy
operations, names and keywords CuPy lacks), so no CuPy case is ever skipped. On a machine with
an NVIDIA device but no usable CuPy the CuPy run fails instead of quietly using the stand-in."""
import importlib.util
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


def gpu_device_present():
    return os.path.exists("/dev/nvidiactl") or os.path.exists("/dev/nvidia0")


if backend.cupy_available():
    CUPY = "cupy"
elif gpu_device_present():
    CUPY = "cupy-unusable"
else:
    CUPY = "cupy-standin"
BACKENDS = ["numpy", CUPY]
_stand_in = load_stand_in() if CUPY == "cupy-standin" else None


@pytest.fixture(params=BACKENDS)
def xp(request, monkeypatch):
    """The array module of the backend under test, made current for the test's duration."""
    if request.param == "cupy-unusable":
        pytest.fail("an NVIDIA device is present but CuPy cannot use it: install the cupy-cuda wheel that "
                    "matches the driver (see the README's GPU section) so that the CuPy cases run on it")
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
