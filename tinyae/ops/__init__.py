"""Differentiable operations. Each one is a `Function` with the derivative in its docstring;
the Python operators of `Tensor` (+, -, *, /, **, @, [], .T, ...) are wired to them here.

Function classes end in `Op` (`TanhOp`, `ReshapeOp`, `Conv2DOp`) so that none shares a name with a
layer (`nn.Tanh`, `nn.Reshape`, `nn.Conv2D`); code calls the lower-case functions (`ops.tanh`)."""
from .. import backend
from ..arguments import is_number
from ..backend import Array
from ..tensor import Tensor, TensorLike, is_grad_enabled
from .activations import elu, leaky_relu, relu, sigmoid, tanh
from .arithmetic import PowOp, add, div, mul, neg, pow, sub
from .broadcast import operands
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


def _greater(self: Tensor, other: TensorLike) -> Array:
    """self > other element-wise, as a boolean array (no gradient)."""
    return self.data > _values(other)


def _greater_equal(self: Tensor, other: TensorLike) -> Array:
    """self >= other element-wise, as a boolean array (no gradient)."""
    return self.data >= _values(other)


def _less(self: Tensor, other: TensorLike) -> Array:
    """self < other element-wise, as a boolean array (no gradient)."""
    return self.data < _values(other)


def _less_equal(self: Tensor, other: TensorLike) -> Array:
    """self <= other element-wise, as a boolean array (no gradient)."""
    return self.data <= _values(other)


def _has_values(other):
    """True for what == compares element-wise: a tensor, a number or an array (t == None and
    t == "a" get Python's own answer instead, False)."""
    return isinstance(other, Tensor) or is_number(other) or backend.is_array(other)


def _equal(self: Tensor, other: TensorLike) -> Array:
    """self == other element-wise, as a boolean array (no gradient)."""
    return self.data == _values(other) if _has_values(other) else NotImplemented


def _not_equal(self: Tensor, other: TensorLike) -> Array:
    """self != other element-wise, as a boolean array (no gradient)."""
    return self.data != _values(other) if _has_values(other) else NotImplemented


def _install_comparisons():
    """t > 0.5 and friends, == and != too, give a plain boolean array (backend.xp's), not a Tensor:
    a comparison has no gradient. Use it to binarise codes, count, index, or as ops.where's
    condition. A tensor is still hashed by identity, so it can be a dict key (a dict finds a key by
    `is` before it compares with ==); `t in [a, b]` compares element-wise, as with arrays."""
    Tensor.__gt__, Tensor.__ge__ = _greater, _greater_equal
    Tensor.__lt__, Tensor.__le__ = _less, _less_equal
    Tensor.__eq__, Tensor.__ne__ = _equal, _not_equal
    Tensor.__hash__ = object.__hash__    # kept explicit: a class body that defines __eq__ loses it


# The reflected operators: Python calls them for `2 * t` (2.__mul__(t) does not know tensors).
def _radd(self: Tensor, other: TensorLike) -> Tensor:
    """other + self, for a number or array on the left: `1 + t`."""
    return add(other, self)


def _rsub(self: Tensor, other: TensorLike) -> Tensor:
    """other - self, for a number or array on the left: `1 - t`."""
    return sub(other, self)


def _rmul(self: Tensor, other: TensorLike) -> Tensor:
    """other * self, for a number or array on the left: `0.5 * t`."""
    return mul(other, self)


def _rtruediv(self: Tensor, other: TensorLike) -> Tensor:
    """other / self, for a number or array on the left: `1 / t`."""
    return div(other, self)


def _rpow(self: Tensor, other: TensorLike) -> Tensor:
    """other ** self, for a number or array base: `2 ** t` (the exponent t is differentiated)."""
    return PowOp()(other, self)


def _rmatmul(self: Tensor, other: TensorLike) -> Tensor:
    """other @ self, for an array on the left: `x_array @ W`."""
    return matmul(other, self)


# The augmented assignments. `p -= lr * p.grad` on a parameter, under no_grad, is the manual update
# of a training loop written by hand: it must change p itself, as in PyTorch (without these methods
# Python would rebind the name p to a new tensor p - lr * p.grad and the model would never learn).
def _update_in_place(p, other, symbol, ufunc):
    """p <symbol>= other in place when p is a leaf that requires grad (a parameter) and no graph is
    recorded; NotImplemented otherwise, so that Python builds `p <symbol> other` as a new tensor
    (t += 1 on any other tensor, as before). `ufunc` names the array function: "add", "subtract", ..."""
    if not (p.requires_grad and p.creator is None):
        return NotImplemented
    if is_grad_enabled():
        label = f"{p.name!r}" if p.name else f"shape {p.shape}"
        raise RuntimeError(f"p {symbol}= ... changes a tensor that requires grad ({label}, a leaf such as a "
                           f"parameter) in place while the graph is recorded; write a manual update under "
                           f"`with ta.no_grad():`, e.g. `p -= lr * p.grad` (as in PyTorch), or build a new "
                           f"tensor with q = p {symbol} x")
    _, other = operands(p, other, f"{symbol}=")
    xp = backend.array_module(p.data)
    if xp.broadcast_shapes(p.shape, other.shape) != p.shape:
        raise ValueError(f"p {symbol}= x in place needs x to broadcast to p's shape {p.shape}, got {other.shape}")
    getattr(xp, ufunc)(p.data, other.data, out=p.data)
    p.bump_version()          # a graph recorded before this update refuses to backpropagate through it
    return p


def _iadd(self: Tensor, other: TensorLike) -> Tensor:
    """p += x: in place for a parameter under no_grad (see _update_in_place), else p = p + x."""
    return _update_in_place(self, other, "+", "add")


def _isub(self: Tensor, other: TensorLike) -> Tensor:
    """p -= x: in place for a parameter under no_grad (p -= lr * p.grad), else p = p - x."""
    return _update_in_place(self, other, "-", "subtract")


def _imul(self: Tensor, other: TensorLike) -> Tensor:
    """p *= x: in place for a parameter under no_grad (see _update_in_place), else p = p * x."""
    return _update_in_place(self, other, "*", "multiply")


def _itruediv(self: Tensor, other: TensorLike) -> Tensor:
    """p /= x: in place for a parameter under no_grad (see _update_in_place), else p = p / x."""
    return _update_in_place(self, other, "/", "divide")


def _install_operators():
    Tensor.__add__, Tensor.__radd__ = add, _radd
    Tensor.__sub__, Tensor.__rsub__ = sub, _rsub
    Tensor.__mul__, Tensor.__rmul__ = mul, _rmul
    Tensor.__truediv__, Tensor.__rtruediv__ = div, _rtruediv
    Tensor.__iadd__, Tensor.__isub__, Tensor.__imul__, Tensor.__itruediv__ = _iadd, _isub, _imul, _itruediv
    Tensor.__neg__ = neg
    Tensor.__pow__, Tensor.__rpow__ = pow, _rpow
    Tensor.__matmul__, Tensor.__rmatmul__ = matmul, _rmatmul
    Tensor.__getitem__ = getitem
    Tensor.__abs__ = abs
    Tensor.T = property(transpose, doc="The tensor with its axes reversed (a matrix's transpose): x.transpose().")
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
