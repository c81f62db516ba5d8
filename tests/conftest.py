"""Shared fixtures: every test that takes `xp` runs once per available backend; the CuPy run
skips cleanly when CuPy or a GPU is missing."""
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

import tinyae as ta  # noqa: E402
from tinyae import backend  # noqa: E402

BACKENDS = [
    "numpy",
    pytest.param("cupy", marks=pytest.mark.skipif(not backend.cupy_available(),
                                                  reason="CuPy with a GPU is not available")),
]


@pytest.fixture(params=BACKENDS)
def xp(request):
    """The array module of the backend under test, made current for the test's duration."""
    previous = backend.name
    module = ta.use_backend(request.param)
    ta.seed(0)
    yield module
    ta.use_backend(previous)


@pytest.fixture
def rng():
    """A NumPy-free random source for test data: tinyae's own generator, freshly seeded."""
    return backend.new_rng(1234)
