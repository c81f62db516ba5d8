"""Max pooling, the plain way: stack the windows, keep the largest value of each.
The fast version is tinyae/ops/pooling.py."""
from .. import backend, ops
from ..ops.im2col import Pair, check_padding, output_size, pair
from ..tensor import Tensor, TensorLike, as_tensor
from .windows import pad, windows


def max_pool2d(x: TensorLike, pool_size: Pair = 2, stride: Pair | None = None, padding: str = "valid") -> Tensor:
    """y[n, c, i, j] = max over (p, q) of xpad[n, c, sh*i + p, sw*j + q]

    Windows of pool_size (ph, pw), stride pool_size unless given. "same" pads with -inf, so a
    padded cell never wins. Exactly one winner per window: its first maximum in row-major order
    (what argmax picks), and the gradient goes to that cell only:

        dL/dx[n, c, sh*i + p, sw*j + q] += dL/dy[n, c, i, j]   for the winner (p, q) of window (i, j).
    """
    x = as_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"max_pool2d: input must have shape (N, C, H, W), got shape {x.shape}")
    pool = pair(pool_size, "pool_size", "max_pool2d")
    stride = pool if stride is None else pair(stride, "stride", "max_pool2d")
    padding = check_padding(padding, "max_pool2d", allow_int=False)
    out, (top, bottom, left, right) = output_size("max_pool2d", x.shape, pool, stride, padding)

    xpad = pad(x, top, bottom, left, right, value=-float("inf"))
    w = windows(xpad, pool, stride, out)                       # (N, C, ph*pw, Ho, Wo)
    xp = backend.array_module(w.data)
    winner = w.data.argmax(axis=2)                             # (N, C, Ho, Wo): the first maximum
    offsets = xp.arange(pool[0] * pool[1]).reshape(1, 1, -1, 1, 1)
    is_winner = offsets == winner[:, :, None]                  # one True per window
    return ops.where(is_winner, w, 0.0).sum(axis=2)
