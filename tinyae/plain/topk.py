"""topk, the plain way: sort every whole line, largest first, and keep the first k. The fast
version is tinyae/ops/topk.py."""
from .. import backend
from ..backend import Array
from ..ops.topk import largest_first
from ..tensor import Tensor, TensorLike, as_tensor


def topk(x: TensorLike, k: int, axis: int = -1) -> tuple[Tensor, Array]:
    """(values, indices): the k largest entries of x along `axis`, largest first, ties to the lower
    index, as ta.topk returns them.

        order   = the positions of each line sorted largest first (a stable sort: ties keep their order)
        indices = the first k of them
        values  = x at those indices

    The values are picked from x by indexing (x[rows, indices]), so autograd gives the gradient:
    dL/dvalues put back where the values were, zero elsewhere. (No argument checks: see ta.topk.)
    """
    x = as_tensor(x)
    xp = backend.array_module(x.data)
    axis = axis % x.ndim
    moved = list(range(x.ndim))
    moved.append(moved.pop(axis))                              # `axis` last
    lines = x.transpose(moved)                                 # (..., n)
    rows = lines.reshape(-1, lines.shape[-1])                  # one line per row: (m, n)
    indices = largest_first(rows.data)[:, :k]                  # (m, k)
    values = rows[xp.arange(len(indices))[:, None], indices]   # (m, k)
    back = list(range(x.ndim))
    back.insert(axis, back.pop())                              # the last axis back to `axis`
    shape = (*lines.shape[:-1], k)
    return values.reshape(shape).transpose(back), indices.reshape(shape).transpose(back)
