"""The Jacobian matrix of a tensor function by central finite differences, for checking a formula
such as the contractive penalty ||J_f(x)||_F^2 against the Jacobian itself.

    J_ij = d f(x)_i / d x_j ~ (f(x + eps e_j)_i - f(x - eps e_j)_i) / (2 eps)

with the error of order eps^2, computed in float64 (eps = 1e-6 gives about 1e-9 accuracy for
smooth f). Each column j costs two calls of f, so it is for small x: a lesson's check, not training.
"""
from collections.abc import Callable

from . import backend
from .backend import Array
from .tensor import Tensor, TensorLike, no_grad


def jacobian(fn: Callable[[Tensor], Tensor], x: TensorLike, eps: float = 1e-6) -> Array:
    """The (f(x).size, x.size) matrix J with J[i, j] = d f(x).flat[i] / d x.flat[j], as a float64
    array of the backend in use (rows follow f's output in C order, columns x's entries in C order;
    reshape it to f(x).shape + x.shape if you prefer).

    `x` is a float64 Tensor (or anything ta.tensor accepts, converted to float64); `fn(x)` must
    return a Tensor and work in float64 (for a module: module.to(dtype="float64") first).
    For a batch x of shape (N, d) and an f that treats examples separately, J is block-diagonal;
    pass one example (shape (1, d)) to get that example's Jacobian.
    """
    if isinstance(x, Tensor):
        if x.dtype != "float64":
            raise TypeError(f"jacobian: x has dtype {x.dtype}; finite differences need float64 "
                            f"(x.astype('float64'), module.to(dtype='float64'))")
        data = x.data.copy()
    else:
        data = backend.as_array(x, "float64").copy()
    point = Tensor(data)
    flat = data.reshape(-1)              # a view: editing flat moves the point
    with no_grad():
        y = fn(point)
        if not isinstance(y, Tensor):
            raise TypeError(f"jacobian: fn returned {type(y).__name__}, expected a Tensor")
        if y.dtype != "float64":
            raise TypeError(f"jacobian: fn returned dtype {y.dtype}; it must compute in float64")
        xp = backend.array_module(y.data)
        J = xp.empty((y.size, flat.size), dtype="float64")
        for j in range(flat.size):
            original = flat[j].item()
            flat[j] = original + eps
            plus = fn(point).data.reshape(-1).copy()
            flat[j] = original - eps
            minus = fn(point).data.reshape(-1)
            flat[j] = original
            J[:, j] = (plus - minus) / (2 * eps)
    return J
