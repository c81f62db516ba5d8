"""Nearest-neighbour upsampling: every pixel becomes a block of identical pixels."""
from .. import backend
from ..backend import Array
from ..tensor import Function, Tensor
from .im2col import Pair, batch_first, batch_last, pair


class Upsample2DOp(Function):
    """y[n, c, i, j] = x[n, c, floor(i / sh), floor(j / sw)]   (Keras's UpSampling2D, nearest);
    dL/dx[n, c, i, j] = the sum of dL/dy over the sh x sw block that copies x[n, c, i, j]."""

    def __init__(self, size):
        self.size = size

    def __call__(self, x):
        if x.ndim != 4:
            raise ValueError(f"upsample2d: input must have shape (N, C, H, W), got shape {x.shape}")
        return super().__call__(x)

    def forward(self, x):
        xp = backend.array_module(x)
        (sh, sw), (N, C, H, W) = self.size, x.shape
        y = xp.empty((C, H * sh, W * sw, N), dtype=x.dtype)     # batch last, see im2col.py
        for p in range(sh):                                     # one strided copy per place in the block
            for q in range(sw):
                y[:, p::sh, q::sw] = batch_last(x)
        return batch_first(y)

    def backward(self, gy):
        sh, sw = self.size
        gy = batch_last(gy)
        rows = gy[:, 0::sh]                     # add up the sh rows of every block ...
        for p in range(1, sh):
            rows = rows + gy[:, p::sh]
        gx = rows[:, :, 0::sw]                  # ... then its sw columns
        for q in range(1, sw):
            gx = gx + rows[:, :, q::sw]
        return batch_first(gx)


def upsample2d(x: Tensor | Array, size: Pair = 2) -> Tensor:
    """Repeat every pixel of x (N, C, H, W) size times down and across: (N, C, H*sh, W*sw)."""
    return Upsample2DOp(pair(size, "size", "upsample2d"))(x)
