"""The array backend: the one module of tinyae that imports NumPy or CuPy.

Every other module asks this one for the array module (``xp``) instead of importing
NumPy or CuPy itself, so that the whole engine switches between CPU and GPU with::

    ta.use_backend("cupy")            # or: export TINYAE_BACKEND=cupy

Arrays are float32 unless you ask otherwise; gradient checks use float64.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import numpy

from .arguments import is_int

try:  # CuPy is optional: `pip install tinyae[gpu]`
    import cupy as _cupy
except Exception:  # ImportError, or a broken CUDA install
    _cupy = None

Array = Any   # a NumPy or CuPy ndarray (an alias for annotations: no other module may import numpy)
DType = Any   # a NumPy dtype (numpy.float32, array.dtype); arguments called dtype also take its name, "float32"
Generator = numpy.random.Generator   # a NumPy random generator: rng(), new_rng(seed), the rng= of datasets

DEFAULT_DTYPE = numpy.float32
BACKENDS = ("numpy", "cupy")

CUPY_HELP = (
    "CuPy is needed for the 'cupy' backend and an NVIDIA GPU must be visible. Install the wheel that "
    "matches your CUDA driver: `pip install 'tinyae[gpu]'` (CUDA 12, cupy-cuda12x) or "
    "`pip install 'tinyae[gpu-cuda13]'` (CUDA 13, cupy-cuda13x); `nvidia-smi` shows the CUDA version."
)

xp = numpy          # the array module in use; read it as `backend.xp` at call time
name = "numpy"      # its name
_rng = numpy.random.default_rng(0)
_set_aside = False  # True inside random_streams_set_aside(): every draw comes from _rng, on the CPU


def cupy_available() -> bool:
    """True when CuPy imports and sees at least one GPU."""
    if _cupy is None:
        return False
    try:
        return _cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


def module_for(backend_name: str) -> ModuleType:
    """The array module (numpy or cupy) for a backend name, or a clear error."""
    if backend_name == "numpy":
        return numpy
    if backend_name == "cupy":
        if not cupy_available():
            raise RuntimeError(CUPY_HELP)
        return _cupy
    raise ValueError(f"backend must be one of {BACKENDS}, got {backend_name!r}{_backend_hint(backend_name)}")


def _backend_hint(given: Any) -> str:
    """What PyTorch's device names and a dtype given in the backend's place are in tinyae."""
    if isinstance(given, str) and given.lower().split(":")[0] in ("cuda", "gpu"):
        return "; PyTorch's 'cuda' is 'cupy' here (the GPU)"
    if isinstance(given, str) and given.lower() == "cpu":
        return "; PyTorch's 'cpu' is 'numpy' here"
    try:
        dtype = numpy.dtype(given)
    except (TypeError, ValueError):
        return ""
    return f"; a dtype goes by name: .to(dtype='{dtype.name}')"


def use_backend(backend_name: str) -> ModuleType:
    """Make `backend_name` ("numpy" or "cupy") the array module for new tensors."""
    global xp, name
    xp = module_for(backend_name)
    name = backend_name
    return xp


def array_module(array: Any) -> ModuleType:
    """numpy or cupy, whichever owns `array` (NumPy for anything that is not a CuPy array)."""
    if _cupy is not None and isinstance(array, _cupy.ndarray):
        return _cupy
    return numpy


def backend_of(array: Any) -> str:
    """"cupy" or "numpy", whichever owns `array`."""
    return "cupy" if array_module(array) is not numpy else "numpy"


def is_array(value: Any) -> bool:
    """True for a NumPy or CuPy ndarray."""
    return isinstance(value, numpy.ndarray) or (_cupy is not None and isinstance(value, _cupy.ndarray))


def is_array_or_scalar(value: Any) -> bool:
    """True for an ndarray or a NumPy scalar (what NumPy returns for a full reduction like x.sum())."""
    return is_array(value) or isinstance(value, numpy.generic)


def to_numpy(array: Any) -> Array:
    """A NumPy copy (or view) of a NumPy or CuPy array, for printing, plotting and saving."""
    if _cupy is not None and isinstance(array, _cupy.ndarray):
        return _cupy.asnumpy(array)
    return numpy.asarray(array)


def to_backend(array: Any, backend_name: str | None = None) -> Array:
    """Move `array` to the given backend ("numpy"/"cupy"; default: the one in use)."""
    target = module_for(backend_name or name)
    if target is numpy:
        return to_numpy(array)
    return target.asarray(array)


def as_array(value: Any, dtype: DType | str | None = None) -> Array:
    """An array of the current backend. Python numbers and lists become float32 (DEFAULT_DTYPE);
    floating arrays keep their dtype unless `dtype` says otherwise; integer and bool arrays become
    float32 too, because tensors hold real numbers."""
    if is_array(value):
        if array_module(value) is not xp:
            value = to_backend(value)
        if dtype is not None:
            return value.astype(dtype, copy=False)
        if value.dtype.kind == "f":
            return value
        return value.astype(DEFAULT_DTYPE)
    return xp.asarray(value, dtype=dtype or DEFAULT_DTYPE)


def synchronize() -> None:
    """Wait until the GPU has finished its queued work (nothing to wait for on NumPy): call it
    before reading a clock."""
    if xp is not numpy:
        xp.cuda.Device().synchronize()


def dtype_of(spec: DType | str) -> DType:
    """A NumPy dtype from a name such as "float32" or a dtype object."""
    return numpy.dtype(spec)


def seed(value: int | None) -> None:
    """Seed every random draw of tinyae (initialisers, dropout, noise, shuffling): the same
    whole number >= 0 gives the same draws; None a fresh, unrepeatable start."""
    if value is not None and not is_int(value):
        raise TypeError(f"seed: expected a whole number >= 0 (or None), got {type(value).__name__} {value!r}")
    if value is not None and value < 0:
        raise ValueError(f"seed: expected a whole number >= 0 (or None), got {value}")
    global _rng
    _rng = numpy.random.default_rng(value)
    if _cupy is not None and cupy_available():
        _cupy.random.seed(value)


def new_rng(seed_value: int | None) -> Generator:
    """A fresh NumPy random Generator, independent of tinyae's own stream."""
    return numpy.random.default_rng(seed_value)


def rng() -> Generator:
    """tinyae's NumPy random Generator (initial weights are drawn on the CPU, so the same seed
    gives the same model on both backends)."""
    return _rng


@contextmanager
def random_streams_set_aside() -> Iterator[None]:
    """Inside this block every random draw comes from a throwaway generator (seed 0; on the CPU,
    copied to the backend in use), so that tinyae's own streams, NumPy's and CuPy's, are exactly as
    they were afterwards: for a dummy pass (summary()) that must not change what a seeded run
    draws next."""
    global _rng, _set_aside
    saved = _rng, _set_aside
    _rng, _set_aside = numpy.random.default_rng(0), True
    try:
        yield
    finally:
        _rng, _set_aside = saved


def _from_cpu_generator():
    return xp is numpy or _set_aside


def random_uniform(shape: int | tuple[int, ...], low: float = 0.0, high: float = 1.0,
                   dtype: DType | str = DEFAULT_DTYPE) -> Array:
    """U(low, high) samples of `dtype` on the backend in use (for dropout masks), drawn directly in
    that dtype (no float64 detour)."""
    u = xp.asarray(_rng.random(shape, dtype=dtype)) if _from_cpu_generator() else xp.random.random(shape, dtype=dtype)
    if (low, high) != (0.0, 1.0):
        u *= high - low
        u += low
    return u


def random_normal(shape: int | tuple[int, ...], mean: float = 0.0, std: float = 1.0,
                  dtype: DType | str = DEFAULT_DTYPE) -> Array:
    """N(mean, std^2) samples of `dtype` on the backend in use (for Gaussian noise and the VAE's
    epsilon), drawn directly in that dtype."""
    n = (xp.asarray(_rng.standard_normal(shape, dtype=dtype)) if _from_cpu_generator()
         else xp.random.standard_normal(shape, dtype=dtype))
    if std != 1.0:
        n *= std
    if mean != 0.0:
        n += mean
    return n


def _use_environment_backend():
    """Apply $TINYAE_BACKEND, if set, with an error that names the variable when it is wrong."""
    value = os.environ.get("TINYAE_BACKEND")
    if not value:
        return
    try:
        use_backend(value)
    except (ValueError, RuntimeError) as error:
        raise type(error)(f"environment variable TINYAE_BACKEND={value!r} is not usable (valid values: "
                          f"{', '.join(BACKENDS)}; unset it for numpy): {error}") from None


_use_environment_backend()
