"""Differentiable operations. Each one is a `Function` with the derivative in its docstring;
the Python operators of `Tensor` (+, -, *, /, **, @, [], .T, ...) are wired to them here.

Function classes end in `Op` (`TanhOp`, `ReshapeOp`, `Conv2DOp`) so that none shares a name with a
layer (`nn.Tanh`, `nn.Reshape`, `nn.Conv2D`); code calls the lower-case functions (`ops.tanh`)."""
from ..tensor import Tensor
from .activations import elu, leaky_relu, relu, sigmoid, tanh
from .arithmetic import PowOp, add, div, mul, neg, pow, sub
from .conv import conv2d
from .conv_transpose import conv_transpose2d
from .elementwise import abs, clip, exp, log, maximum, sqrt, where
from .matmul import linear, matmul
from .pooling import max_pool2d
from .random import bernoulli_like, rand_like, randn, randn_like
from .reductions import max, mean, sum
from .shape import astype, concatenate, getitem, reshape, stack, transpose
from .softmax import log_softmax, softmax
from .topk import topk
from .upsample import upsample2d

__all__ = ["relu", "sigmoid", "tanh", "elu", "leaky_relu", "softmax", "log_softmax", "topk", "randn",
           "randn_like", "rand_like", "bernoulli_like", "add", "div", "mul", "neg", "pow", "sub", "abs", "clip",
           "exp", "log", "maximum", "sqrt", "where", "linear", "matmul", "max", "mean", "sum",
           "astype", "concatenate", "getitem", "reshape", "stack", "transpose", "conv2d",
           "conv_transpose2d", "max_pool2d", "upsample2d"]


def _values(x):
    return x.data if isinstance(x, Tensor) else x


def _install_comparisons():
    """t > 0.5 and friends give a plain boolean array (backend.xp's), not a Tensor: a comparison
    has no gradient. Use it to binarise codes, count, index, or as ops.where's condition.
    (== keeps Python's identity meaning, so tensors stay usable as dict keys.)"""
    Tensor.__gt__ = lambda self, other: self.data > _values(other)
    Tensor.__ge__ = lambda self, other: self.data >= _values(other)
    Tensor.__lt__ = lambda self, other: self.data < _values(other)
    Tensor.__le__ = lambda self, other: self.data <= _values(other)


def _install_operators():
    Tensor.__add__ = add
    Tensor.__radd__ = lambda self, other: add(other, self)
    Tensor.__sub__ = sub
    Tensor.__rsub__ = lambda self, other: sub(other, self)
    Tensor.__mul__ = mul
    Tensor.__rmul__ = lambda self, other: mul(other, self)
    Tensor.__truediv__ = div
    Tensor.__rtruediv__ = lambda self, other: div(other, self)
    Tensor.__neg__ = neg
    Tensor.__pow__ = pow
    Tensor.__rpow__ = lambda self, other: PowOp()(other, self)
    Tensor.__matmul__ = matmul
    Tensor.__rmatmul__ = lambda self, other: matmul(other, self)
    Tensor.__getitem__ = getitem
    Tensor.__abs__ = abs
    Tensor.T = property(transpose)
    Tensor.transpose = transpose
    Tensor.reshape = reshape
    Tensor.sum = sum
    Tensor.mean = mean
    Tensor.max = max
    Tensor.exp = exp
    Tensor.log = log
    Tensor.sqrt = sqrt
    Tensor.tanh = tanh
    Tensor.sigmoid = sigmoid
    Tensor.relu = relu
    Tensor.clip = clip
    Tensor.astype = astype


_install_operators()
_install_comparisons()
