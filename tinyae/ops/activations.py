"""The activation functions of the chapters: tanh, sigmoid, ReLU, and ELU and leaky ReLU.

Tanh and sigmoid compute their derivative from their *output* y, which forward keeps anyway:
tanh'(x) = 1 - y^2 and sigmoid'(x) = y (1 - y).
"""
import math
from collections.abc import Callable

from .. import backend
from ..arguments import close_match, is_number
from ..tensor import Function, Tensor, TensorLike, version_now
from .float_only import float_tensor
from .softmax import softmax


class TanhOp(Function):
    """y = tanh(x);  dL/dx = dL/dy * (1 - y^2)."""
    saves_output = True     # backward reads y

    def forward(self, x):
        self.y = backend.array_module(x).tanh(x)
        return self.y

    def backward(self, gy):
        y = self.y
        return gy * (1 - y * y)


def stable_sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x) without overflow, written as

        sigma(x) = e^{min(x, 0)} / (1 + e^{-|x|})

    (for x >= 0 that is 1 / (1 + e^-x), for x < 0 it is e^x / (1 + e^x)): neither exponent is ever
    positive, so nothing overflows and tiny values keep their precision. One exponential serves
    both: for x < 0, e^{min(x, 0)} = e^{-|x|} exactly, and for x >= 0 it is 1, so the numerator is
    max(e^{-|x|}, [x >= 0]) (e^{-|x|} <= 1 always).

    Plain version: tinyae.plain.sigmoid, the definition 1 / (1 + e^-x). This one exists because the
    plain one overflows for x < -88 in float32 (a warning, and a nan gradient). Computing the
    numerator with the max instead of a second exponential of min(x, 0) gives the same bits in two
    thirds of the time (213 against 322 us on 256x784, one thread; NumPy 2.4's minimum with a scalar
    alone costs nearly as much as an exp, 76 against 92 us); with its backward it is 1.2x as fast
    as the plain one (three runs of `OPENBLAS_NUM_THREADS=1 python -m tinyae.bench.plain_vs_fast`
    on 2026-12-06 at 14:06, as in README; 1.0-1.2x in three runs at 11:35)."""
    xp = backend.array_module(x)
    numerator = xp.abs(x)
    xp.negative(numerator, out=numerator)
    xp.exp(numerator, out=numerator)                      # e^{-|x|}
    denominator = numerator + 1
    xp.maximum(numerator, x >= 0, out=numerator)          # e^{min(x, 0)}
    return xp.divide(numerator, denominator, out=denominator)


def relu_array(x, out=None):
    """max(x, 0). For floats written as clip(x, 0, inf): the same numbers (but -0 stays -0), and in
    NumPy 2.4 3x faster than maximum(x, 0) (25 against 76 us on 256x784, one thread), whose scalar
    operand misses the vectorised loop that clip with two bounds takes. Integer arrays keep
    maximum, which keeps their dtype (clip with inf would make them float64)."""
    xp = backend.array_module(x)
    if x.dtype.kind != "f":
        return xp.maximum(x, 0, out=out)
    return xp.clip(x, 0, math.inf, out=out)


class SigmoidOp(Function):
    """y = sigma(x) = 1 / (1 + e^-x);  dL/dx = dL/dy * y (1 - y)."""
    saves_output = True     # backward reads y

    def forward(self, x):
        self.y = stable_sigmoid(x)
        return self.y

    def backward(self, gy):
        y = self.y
        return gy * y * (1 - y)


class ReLUOp(Function):
    """y = max(x, 0);  dL/dx = dL/dy where x > 0, else 0."""
    saves_output = True     # backward reads y

    def forward(self, x):
        self.y = relu_array(x)
        return self.y

    def backward(self, gy):
        return gy * (self.y > 0)


class EluOp(Function):
    """y = x for x > 0, alpha (e^x - 1) for x <= 0 (Clevert et al. 2015; PyTorch's nn.ELU, Keras's "elu");
    dL/dx = dL/dy for x > 0, dL/dy * (y + alpha) = dL/dy * alpha e^x for x <= 0 (alpha at x = 0,
    as PyTorch)."""
    saves_output = True     # backward reads y

    def __init__(self, alpha):
        self.alpha = float(alpha)        # a plain number: float32 stays float32

    def forward(self, x):
        xp = backend.array_module(x)
        self.positive = x > 0
        self.y = xp.where(self.positive, x, self.alpha * xp.expm1(xp.clip(x, -math.inf, 0)))   # clip: see relu_array
        return self.y

    def backward(self, gy):
        xp = backend.array_module(gy)
        return gy * xp.where(self.positive, 1, self.y + self.alpha).astype(gy.dtype, copy=False)


class LeakyReluOp(Function):
    """y = x for x > 0, negative_slope * x for x <= 0;  dL/dx = dL/dy for x > 0, else
    dL/dy * negative_slope (negative_slope at x = 0, as PyTorch)."""

    def __init__(self, negative_slope):
        self.negative_slope = float(negative_slope)

    def forward(self, x):
        self.positive = x > 0
        return backend.array_module(x).where(self.positive, x, self.negative_slope * x)

    def backward(self, gy):
        return backend.array_module(gy).where(self.positive, gy, self.negative_slope * gy)


def tanh(x: TensorLike) -> Tensor:
    """tanh(x) element-wise (x.tanh()); float tensors only (TanhOp: dL/dx = dL/dy (1 - y^2))."""
    return TanhOp()(float_tensor("tanh", x))


def sigmoid(x: TensorLike) -> Tensor:
    """sigma(x); the output remembers x (see logits_of) for the losses that need it."""
    x = float_tensor("sigmoid", x)
    y = SigmoidOp()(x)
    y._sigmoid_input = (x, version_now(x), version_now(y))
    return y


def logits_of(prob: Tensor) -> Tensor | None:
    """The tensor z with `prob` = sigmoid(z), when `prob` came straight out of ops.sigmoid (with or
    without a graph) and neither has been changed in place since; otherwise None.

    ops.sigmoid stores z, with z's and p's versions, on its output p (`p._sigmoid_input`; tf.keras's
    sigmoid keeps them the same way, `output._keras_logits = x`), so that binary_crossentropy(p, x)
    can use the exact logits formula also under no_grad, when no graph links p to z. It keeps z's
    array alive as long as p. A change in place is seen when it went through the tensor, `p.data =
    ...`, or, while a graph keeps them, a write into `.data` (see tinyae/tensor.py)."""
    if prob._sigmoid_input is None:
        return None
    logits, logits_version, prob_version = prob._sigmoid_input
    if version_now(logits) != logits_version or version_now(prob) != prob_version:
        return None
    return logits


def relu(x: TensorLike) -> Tensor:
    """max(x, 0) element-wise (x.relu()) (ReLUOp: the gradient passes where x > 0)."""
    return ReLUOp()(x)


def elu(x: TensorLike, alpha: float = 1.0) -> Tensor:
    """x for x > 0, alpha (e^x - 1) otherwise, element-wise (EluOp); alpha a finite number."""
    return EluOp(finite_number(alpha, "alpha", "elu"))(float_tensor("elu", x))


def leaky_relu(x: TensorLike, negative_slope: float = 0.01) -> Tensor:
    """x for x > 0, negative_slope * x otherwise, element-wise (LeakyReluOp)."""
    return LeakyReluOp(finite_number(negative_slope, "negative_slope", "leaky_relu"))(float_tensor("leaky_relu", x))


def finite_number(value, arg, owner):
    """`value` as a float when it is a finite real number (elu's alpha, leaky_relu's slope), else a
    TypeError naming `arg`."""
    if not is_number(value) or not math.isfinite(value):
        raise TypeError(f"{owner}: {arg} must be a finite real number, got {type(value).__name__} {value!r}")
    return float(value)


ACTIVATIONS = {"tanh": tanh, "sigmoid": sigmoid, "relu": relu, "elu": elu, "softmax": softmax,
               "linear": None}
# what a layer's activation= takes: a name above, any function of a tensor, or None (for none)
Activation = str | Callable[[Tensor], Tensor] | None


def get_activation(name):
    """The activation function called `name` (None or "linear" for none), or a ValueError that
    lists the known names."""
    if name is None:
        return None
    if callable(name):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown activation {name!r}{close_match(name, ACTIVATIONS)}; known: {sorted(ACTIVATIONS)} "
                         f"or None") from None
