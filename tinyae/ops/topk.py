"""The k largest entries along an axis (torch.topk / tf.math.top_k), e.g. a k-sparse autoencoder's
code, which keeps the k largest activations of each example and zeroes the rest."""
from .. import backend
from ..arguments import is_int
from ..backend import Array
from ..tensor import Function, Tensor, TensorLike, as_tensor


class TopKOp(Function):
    """values = x's k largest entries along `axis`, largest first; indices = where they were.

    Ties are broken by position: of equal values the one with the lower index comes first (and is
    kept when only some of them fit in k). dL/dx is dL/dvalues put back at those indices, zero
    elsewhere (every kept entry is its own source, so nothing is added up)."""

    def __init__(self, k, axis):
        self.k, self.axis = k, axis

    def forward(self, x):
        xp = backend.array_module(x)
        # Largest first without negating x (-x wraps for unsigned ints, fails for bool): a stable
        # ascending sort of x reversed puts equal values the higher index first; read backwards, it
        # is decreasing with ties to the lower index.
        ascending = xp.argsort(xp.flip(x, axis=self.axis), axis=self.axis, kind="stable")
        order = (x.shape[self.axis] - 1) - xp.flip(ascending, axis=self.axis)
        self.indices = xp.take(order, xp.arange(self.k), axis=self.axis)
        self.shape = x.shape
        return xp.take_along_axis(x, self.indices, axis=self.axis)

    def backward(self, gy):
        xp = backend.array_module(gy)
        gx = xp.zeros(self.shape, dtype=gy.dtype)
        xp.put_along_axis(gx, self.indices, gy, axis=self.axis)
        return gx


def topk(x: TensorLike, k: int, axis: int = -1) -> tuple[Tensor, Array]:
    """(values, indices): the `k` largest entries of `x` along `axis`, in decreasing order, as a
    Tensor (gradient flows to the kept entries) and a plain integer array of the backend (no
    gradient). Ties go to the lower index. values == take_along_axis(x, indices, axis)."""
    x = as_tensor(x)
    if not is_int(axis) or not -x.ndim <= axis < x.ndim:
        raise ValueError(f"topk: axis must be an int in [{-x.ndim}, {x.ndim}) for a tensor of shape {x.shape}, "
                         f"got {axis!r}")
    n = x.shape[axis]
    if not is_int(k) or not 1 <= k <= n:
        raise ValueError(f"topk: k must be an int in [1, {n}] (the size of axis {axis} of shape {x.shape}), "
                         f"got {k!r}")
    op = TopKOp(int(k), int(axis))
    values = op(x)
    return values, op.indices
