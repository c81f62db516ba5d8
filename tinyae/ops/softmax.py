"""Softmax and log-softmax along one axis, both shifted by the maximum so that e^x never overflows:
softmax(x) = softmax(x - max(x)), since the factor e^-max cancels between numerator and denominator."""
from typing import Any

from .. import backend
from ..arguments import is_int
from ..other_names import TENSOR_KEYWORDS, unexpected_keywords
from ..tensor import Function, Tensor, TensorLike
from .float_only import float_tensor


class SoftmaxOp(Function):
    """y_k = e^{x_k - m} / sum_l e^{x_l - m} along `axis`, m = max_l x_l;
    dL/dx = y * (dL/dy - sum_k (dL/dy)_k y_k)  (the Jacobian diag(y) - y y^T applied to dL/dy)."""
    saves_output = True     # backward reads y

    def __init__(self, axis):
        self.axis = axis

    def forward(self, x):
        xp = backend.array_module(x)
        e = xp.exp(x - x.max(axis=self.axis, keepdims=True))
        e /= e.sum(axis=self.axis, keepdims=True)
        self.y = e
        return e

    def backward(self, gy):
        y = self.y
        return y * (gy - (gy * y).sum(axis=self.axis, keepdims=True))


class LogSoftmaxOp(Function):
    """y_k = (x_k - m) - ln sum_l e^{x_l - m} along `axis`, m = max_l x_l;
    dL/dx = dL/dy - softmax(x) * sum_k (dL/dy)_k."""
    saves_output = True     # backward reads y

    def __init__(self, axis):
        self.axis = axis

    def forward(self, x):
        xp = backend.array_module(x)
        shifted = x - x.max(axis=self.axis, keepdims=True)
        y = shifted - xp.log(xp.exp(shifted).sum(axis=self.axis, keepdims=True))
        self.y = y
        return y

    def backward(self, gy):
        softmax = backend.array_module(gy).exp(self.y)
        return gy - softmax * gy.sum(axis=self.axis, keepdims=True)


def _check_axis(name, x, axis):
    if not is_int(axis) or not -x.ndim <= axis < x.ndim:
        raise ValueError(f"{name}: axis must be an int in [{-x.ndim}, {x.ndim}) for a tensor of shape "
                         f"{x.shape}, got {axis!r}")


def softmax(x: TensorLike, axis: int = -1, **torch_names: Any) -> Tensor:
    """softmax(x)_k = e^{x_k} / sum_l e^{x_l} along `axis` (computed stably; keeps x's dtype).
    PyTorch's dim= is refused with NumPy's name, axis= (so in log_softmax too)."""
    if torch_names:
        raise unexpected_keywords("softmax", list(torch_names), TENSOR_KEYWORDS)
    x = float_tensor("softmax", x)
    _check_axis("softmax", x, axis)
    return SoftmaxOp(axis)(x)


def log_softmax(x: TensorLike, axis: int = -1, **torch_names: Any) -> Tensor:
    """ln softmax(x) along `axis`, computed as x - m - ln sum e^{x - m} (no log of an underflowed 0)."""
    if torch_names:
        raise unexpected_keywords("log_softmax", list(torch_names), TENSOR_KEYWORDS)
    x = float_tensor("log_softmax", x)
    _check_axis("log_softmax", x, axis)
    return LogSoftmaxOp(axis)(x)
