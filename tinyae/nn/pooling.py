"""Pooling and upsampling layers: shrink and grow feature maps without weights (NCHW)."""
from typing import Any

from ..ops.im2col import Pair, check_padding, pair
from ..ops.pooling import max_pool2d
from ..ops.upsample import upsample2d
from ..tensor import Tensor
from .module import Module
from .sizes import refuse_unknown


class MaxPool2D(Module):
    """y[n, c, i, j] = max over the pool_size window at (s*i, s*j) of x[n, c, ., .] (Keras MaxPooling2D).

    `stride` defaults to pool_size. padding "valid" (the default, as in Keras): out = floor((n - k) / s) + 1;
    "same": out = ceil(n / s) (28 -> 14 -> 7 -> 4), padded cells never win. The gradient goes to the
    winning cell of each window only; on a tie the first maximum in row-major order wins.
    """

    def __init__(self, pool_size: Pair = 2, stride: Pair | None = None,
                 padding: str = "valid", name: str | None = None, **unknown: Any) -> None:
        refuse_unknown("MaxPool2D", unknown)              # Keras's strides=, PyTorch's kernel_size= say what to write
        self.name = name
        self.pool_size = pair(pool_size, "pool_size", "MaxPool2D")
        self.stride = self.pool_size if stride is None else pair(stride, "stride", "MaxPool2D")
        self.padding = check_padding(padding, "MaxPool2D", allow_int=False)

    def forward(self, x: Tensor) -> Tensor:
        return max_pool2d(x, self.pool_size, self.stride, self.padding)

    def extra_repr(self) -> str:
        return f"pool_size={self.pool_size}, stride={self.stride}, padding={self.padding!r}"


class UpSampling2D(Module):
    """y[n, c, i, j] = x[n, c, floor(i / sh), floor(j / sw)]: nearest-neighbour upsampling by `size`
    (Keras UpSampling2D); (N, C, H, W) -> (N, C, H*sh, W*sw)."""

    def __init__(self, size: Pair = 2, name: str | None = None, **unknown: Any) -> None:
        refuse_unknown("UpSampling2D", unknown)           # PyTorch's scale_factor=, mode= say what to write
        self.name = name
        self.size = pair(size, "size", "UpSampling2D")

    def forward(self, x: Tensor) -> Tensor:
        return upsample2d(x, self.size)

    def extra_repr(self) -> str:
        return f"size={self.size}"
