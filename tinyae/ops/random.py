"""Random tensors, drawn on the backend in use from the generator that `ta.seed` seeds (NumPy's
Generator on the CPU, CuPy's on the GPU). They are constants: they never require a gradient, so
a sample such as the VAE's z = mu + sigma * eps differentiates through mu and sigma only."""
from collections.abc import Sequence

from .. import backend
from ..arguments import is_int, is_number
from ..backend import DType
from ..tensor import Tensor, TensorLike, as_tensor


def _float_dtype(name, dtype):
    dtype = backend.dtype_of(backend.DEFAULT_DTYPE if dtype is None else dtype)
    if dtype not in (backend.dtype_of("float32"), backend.dtype_of("float64")):
        raise TypeError(f"{name}: dtype must be float32 or float64, got {dtype}")
    return dtype


def _shape(name, shape):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    if not all(is_int(n) and n >= 0 for n in shape):
        raise ValueError(f"{name}: shape must be non-negative ints, got {shape!r}")
    return tuple(int(n) for n in shape)


def randn(*shape: int | Sequence[int], dtype: DType | str | None = None) -> Tensor:
    """A tensor of `shape` with entries ~ N(0, 1), float32 unless `dtype` says otherwise
    (torch.randn(*shape); ta.randn(2, 3) or ta.randn((2, 3)))."""
    shape = _shape("randn", shape)
    return Tensor(backend.random_normal(shape, dtype=_float_dtype("randn", dtype)))


def randn_like(t: TensorLike, dtype: DType | str | None = None) -> Tensor:
    """N(0, 1) entries with the shape of `t` and its dtype (or `dtype`)."""
    t = as_tensor(t)
    dtype = _float_dtype("randn_like", t.dtype if dtype is None else dtype)
    return Tensor(backend.random_normal(t.shape, dtype=dtype))


def rand_like(t: TensorLike, dtype: DType | str | None = None) -> Tensor:
    """U[0, 1) entries with the shape of `t` and its dtype (or `dtype`)."""
    t = as_tensor(t)
    dtype = _float_dtype("rand_like", t.dtype if dtype is None else dtype)
    return Tensor(backend.random_uniform(t.shape, dtype=dtype))


def bernoulli_like(t: TensorLike, p: float, dtype: DType | str | None = None) -> Tensor:
    """Entries that are 1 with probability `p` and 0 otherwise (m = [u < p], u ~ U[0, 1)), with the
    shape of `t` and its dtype (or `dtype`): masking noise, dropout masks."""
    if not is_number(p) or not 0 <= p <= 1:
        raise ValueError(f"bernoulli_like: p must be a number in [0, 1], got {p!r}")
    p = float(p)
    t = as_tensor(t)
    dtype = _float_dtype("bernoulli_like", t.dtype if dtype is None else dtype)
    u = backend.random_uniform(t.shape, dtype=dtype)
    return Tensor((u < p).astype(dtype))
