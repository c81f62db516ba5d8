"""Layers that change only the shape of each sample: between convolutional and dense layers."""
import math
from collections.abc import Sequence

from ..arguments import is_int
from ..ops.shape import reshape
from ..tensor import Tensor
from .module import Module


class Flatten(Module):
    """y[n] = x[n] laid out as one row: (N, d1, d2, ...) -> (N, d1*d2*...)."""

    def forward(self, x: Tensor) -> Tensor:
        if x.ndim < 1:
            raise ValueError(f"Flatten: input must have a batch axis, got shape {x.shape}")
        return reshape(x, (x.shape[0], -1))


class Reshape(Module):
    """y[n] = x[n] viewed with `shape`: (N, ...) -> (N, *shape), like Keras's Reshape (the batch axis is
    not part of `shape`; one entry may be -1)."""

    def __init__(self, shape: int | Sequence[int], name: str | None = None) -> None:
        self.name = name
        shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
        whole = all(is_int(n) for n in shape)
        if not whole or not all(n >= 1 or n == -1 for n in shape) or shape.count(-1) > 1:
            raise ValueError(f"Reshape: shape must be positive ints (at most one -1), got {shape!r}")
        self.shape = tuple(int(n) for n in shape)

    def forward(self, x: Tensor) -> Tensor:
        per_sample, known = math.prod(x.shape[1:]), abs(math.prod(self.shape))   # known: product without the -1
        fits = per_sample % known == 0 if -1 in self.shape else per_sample == known
        if not fits:
            raise ValueError(f"Reshape{self.shape}: input of shape {x.shape} has {per_sample} values per "
                             f"sample, which do not fit the shape {self.shape}")
        return reshape(x, (x.shape[0], *self.shape))

    def extra_repr(self) -> str:
        return f"{self.shape}"
