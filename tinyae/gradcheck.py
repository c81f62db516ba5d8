"""Finite-difference gradient checking: the test that keeps every backward honest.

For a scalar L(x), the central difference

    dL/dx_k ~ (L(x + eps e_k) - L(x - eps e_k)) / (2 eps)

has an error of order eps^2, so in float64 with eps = 1e-6 it agrees with a correct analytic
gradient to about 1e-8. A function with a non-scalar output y is checked through L = sum(v * y)
for a fixed random v, which tests every element of dL/dy at once.
"""
from collections.abc import Callable, Sequence

from . import backend
from .tensor import Tensor


def gradcheck(fn: Callable[..., Tensor], *tensors: Tensor, wrt: Sequence[int] | None = None, eps: float = 1e-6,
              atol: float = 1e-5, rtol: float = 1e-4, seed: int = 0) -> bool:
    """Compare `backward()` with central differences for the tensors in `tensors`.

    `fn(*tensors)` must return a Tensor; every tensor must be float64 (cast with
    ``t.astype("float64")`` or ``module.to(dtype="float64")``). `wrt` lists the positions of the
    inputs to differentiate (default: all of them); the others are constants for the whole check
    (requires_grad False), so the branches of backward that skip a constant input run and are
    checked too, and each must end with no `.grad`. Returns True, or raises an AssertionError
    naming the input and its worst element.
    """
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"gradcheck: input {i} is a {type(t).__name__}, expected a Tensor")
        if t.dtype != "float64":
            raise TypeError(f"gradcheck: input {i} ({_label(t, i)}) has dtype {t.dtype}; finite differences "
                            f"need float64 (use t.astype('float64') or module.to(dtype='float64'))")
    wrt = range(len(tensors)) if wrt is None else wrt
    if not wrt or any(not isinstance(i, int) or not 0 <= i < len(tensors) for i in wrt):
        raise ValueError(f"gradcheck(wrt=...): expected a non-empty list of input positions in "
                         f"0..{len(tensors) - 1}, got {wrt!r}")
    checked = [i in wrt for i in range(len(tensors))]
    was_required = [t.requires_grad for t in tensors]
    for t, differentiate in zip(tensors, checked):
        t.requires_grad = differentiate
        t.grad = None
    try:
        y = fn(*tensors)
        if not isinstance(y, Tensor):
            raise TypeError(f"gradcheck: fn returned {type(y).__name__}, expected a Tensor")
        xp = backend.array_module(y.data)
        v = xp.asarray(_direction(y.shape, seed), dtype=y.dtype)
        y.backward(v)
        for i, (t, differentiate) in enumerate(zip(tensors, checked)):
            if not differentiate and t.grad is not None:
                raise AssertionError(f"gradcheck: input {i} ({_label(t, i)}) does not require grad but got a .grad")
        analytic = [t.grad if t.grad is not None else xp.zeros_like(t.data) for t in tensors]

        def loss():
            return float((fn(*tensors).data * v).sum())

        for i, t in enumerate(tensors):
            if not checked[i]:
                continue
            numeric = xp.zeros(t.shape, dtype=t.dtype)
            out = numeric.reshape(-1)
            for k in range(t.size):
                index = _unravel(k, t.shape)     # works for any memory layout (a view, a .T)
                original = t.data[index].item()
                t.data[index] = original + eps
                plus = loss()
                t.data[index] = original - eps
                minus = loss()
                t.data[index] = original
                out[k] = (plus - minus) / (2 * eps)
            error = abs(analytic[i] - numeric) - (atol + rtol * abs(numeric))
            worst = int(error.argmax()) if error.size else 0
            if error.size and error.reshape(-1)[worst] > 0:
                raise AssertionError(
                    f"gradcheck failed for input {i} ({_label(t, i)}, shape {t.shape}) at element {_unravel(worst, t.shape)}: "
                    f"backward gives {analytic[i].reshape(-1)[worst].item():.8g}, finite differences "
                    f"{numeric.reshape(-1)[worst].item():.8g}")
    finally:
        for t, r in zip(tensors, was_required):
            t.requires_grad = r
            t.grad = None
    return True


def _direction(shape, seed):
    """A fixed random weighting of the outputs, in [0.5, 1.5) with random signs."""
    rng = backend.new_rng(seed)
    return rng.uniform(0.5, 1.5, size=shape) * rng.choice((-1.0, 1.0), size=shape)


def _unravel(flat_index, shape):
    """The multi-index of element `flat_index` of an array of `shape` (C order)."""
    index = []
    for n in reversed(shape):
        index.append(flat_index % n)
        flat_index //= n
    return tuple(reversed(index))


def _label(t, i):
    return t.name or f"input {i}"
