"""Corrupting the input: the denoising autoencoder learns to undo these."""
import math

from .. import backend
from ..arguments import is_number
from ..backend import Array, Generator

np = backend.module_for("numpy")


def _check_float(name, x):
    if not backend.is_array(x) or x.dtype.kind != "f":
        kind = f"dtype {x.dtype}" if backend.is_array(x) else type(x).__name__
        raise TypeError(f"{name}: x must be a float NumPy or CuPy array (normalise images first), got {kind}")


def _host_draws(x, rng, draw):
    """Random numbers of x's shape and dtype drawn on the CPU (so one seed gives the same noise on
    both backends), moved to x's array module."""
    values = draw(rng or backend.rng(), x.shape).astype(x.dtype, copy=False)
    return backend.array_module(x).asarray(values)


def add_gaussian_noise(x: Array, factor: float, clip: tuple[float, float] | None = (0.0, 1.0),
                       rng: Generator | None = None) -> Array:
    """x~ = clip(x + factor * n, low, high) with n ~ N(0, 1): the 002 chapter's
    x_train_noisy = np.clip(x_train + noise_factor * np.random.normal(size=...), 0., 1.).
    clip=None leaves the values unclipped. Returns a new array of x's dtype and kind."""
    _check_float("add_gaussian_noise", x)
    if not is_number(factor) or not math.isfinite(factor) or factor < 0:
        raise ValueError(f"add_gaussian_noise: factor (the noise's standard deviation) must be a finite number "
                         f">= 0, got {factor!r}")
    if clip is not None and not (isinstance(clip, (tuple, list)) and len(clip) == 2
                                 and all(is_number(c) for c in clip) and clip[0] < clip[1]):
        raise ValueError(f"add_gaussian_noise: clip must be None or (low, high) with low < high, got {clip!r}")
    noisy = x + factor * _host_draws(x, rng, lambda g, shape: g.standard_normal(shape))
    if clip is not None:
        low, high = clip
        noisy = noisy.clip(low, high)
    return noisy.astype(x.dtype, copy=False)


def mask_noise(x: Array, p: float, rng: Generator | None = None) -> Array:
    """Masking ("dropout") noise: each value is set to 0 with probability p, independently; the rest
    are kept unchanged (not rescaled, unlike a Dropout layer)."""
    _check_float("mask_noise", x)
    if not 0 <= p <= 1:
        raise ValueError(f"mask_noise: p must be in [0, 1], got {p!r}")
    keep = _host_draws(x, rng, lambda g, shape: g.uniform(0, 1, shape)) >= p
    return x * keep.astype(x.dtype)
