"""Reductions over axes: sum, mean and max."""
from typing import Any

from .. import backend
from ..other_names import TENSOR_KEYWORDS, unexpected_keywords
from ..tensor import Function, Tensor, TensorLike


def _normalize_axes(axis, ndim):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(a % ndim for a in axes)


def _expand(gy, shape, axes, keepdims):
    """dL/dy reshaped so that it broadcasts against the input (the reduced axes put back as 1)."""
    if not keepdims:
        gy = gy.reshape([1 if i in axes else n for i, n in enumerate(shape)])
    return gy


class SumOp(Function):
    """y = sum of x over `axis`;  dL/dx = dL/dy, copied to every summed element."""

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = axis, keepdims

    def forward(self, x):
        self.shape = x.shape
        return x.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, gy):
        axes = _normalize_axes(self.axis, len(self.shape))
        gy = _expand(gy, self.shape, axes, self.keepdims)
        return backend.array_module(gy).broadcast_to(gy, self.shape)


class MeanOp(SumOp):
    """y = mean of x over `axis` (n elements each);  dL/dx = dL/dy / n."""

    def forward(self, x):
        self.shape = x.shape
        return x.mean(axis=self.axis, keepdims=self.keepdims)

    def backward(self, gy):
        axes = _normalize_axes(self.axis, len(self.shape))
        n = 1
        for a in axes:
            n *= self.shape[a]
        return super().backward(gy / n)


class MaxOp(Function):
    """y = max of x over `axis`;  dL/dx = dL/dy at the maximum. Ties share the gradient equally,
    so the gradient still sums to dL/dy."""
    saves_output = True     # backward reads y

    def __init__(self, axis=None, keepdims=False):
        self.axis, self.keepdims = axis, keepdims

    def forward(self, x):
        self.x = x
        self.y = x.max(axis=self.axis, keepdims=True)
        return self.y if self.keepdims else self.y.reshape(
            [n for i, n in enumerate(x.shape) if i not in _normalize_axes(self.axis, x.ndim)])

    def backward(self, gy):
        axes = _normalize_axes(self.axis, self.x.ndim)
        gy = _expand(gy, self.x.shape, axes, self.keepdims)
        winners = self.x == self.y
        return gy * winners / winners.sum(axis=axes, keepdims=True, dtype=gy.dtype)  # not int64: no float64


def sum(x: TensorLike, axis: int | tuple[int, ...] | None = None, keepdims: bool = False,  # noqa: A001
        **torch_names: Any) -> Tensor:
    """The sum of x over `axis` (an int, a tuple of them, or None for all), as x.sum(axis); keepdims
    keeps each summed axis with length 1, as NumPy does (SumOp). PyTorch's dim= and keepdim= are
    refused with NumPy's names (so in mean and max too)."""
    _refuse(torch_names, "sum")
    return SumOp(axis, keepdims)(x)


def mean(x: TensorLike, axis: int | tuple[int, ...] | None = None, keepdims: bool = False,
         **torch_names: Any) -> Tensor:
    """The mean of x over `axis` (None: all elements), as x.mean(axis); keepdims as in sum (MeanOp)."""
    _refuse(torch_names, "mean")
    return MeanOp(axis, keepdims)(x)


def max(x: TensorLike, axis: int | tuple[int, ...] | None = None, keepdims: bool = False,  # noqa: A001
        **torch_names: Any) -> Tensor:
    """The largest value of x over `axis` (None: all elements), as x.max(axis); keepdims as in sum
    (MaxOp: the gradient goes to the maximum, shared equally among ties)."""
    _refuse(torch_names, "max")
    return MaxOp(axis, keepdims)(x)


def _refuse(torch_names, function):
    """PyTorch's dim= and keepdim= (or any other keyword) get NumPy's names in a TypeError."""
    if torch_names:
        raise unexpected_keywords(function, list(torch_names), TENSOR_KEYWORDS)
