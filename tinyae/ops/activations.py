"""The activation functions of the chapters: tanh, sigmoid and ReLU.

Tanh and sigmoid compute their derivative from their *output* y, which forward keeps anyway:
tanh'(x) = 1 - y^2 and sigmoid'(x) = y (1 - y).
"""
from .. import backend
from ..tensor import Function


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
    positive, so nothing overflows and tiny values keep their precision. No branches: np.where on
    a mask of random signs costs more than both exponentials together."""
    xp = backend.array_module(x)
    denominator = xp.abs(x)
    xp.negative(denominator, out=denominator)
    xp.exp(denominator, out=denominator)
    denominator += 1
    y = xp.minimum(x, 0)
    xp.exp(y, out=y)
    y /= denominator
    return y


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
        self.y = backend.array_module(x).maximum(x, 0)
        return self.y

    def backward(self, gy):
        return gy * (self.y > 0)


def tanh(x):
    return TanhOp()(x)


def sigmoid(x):
    return SigmoidOp()(x)


def relu(x):
    return ReLUOp()(x)


ACTIVATIONS = {"tanh": tanh, "sigmoid": sigmoid, "relu": relu, "linear": None}


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
        raise ValueError(f"unknown activation {name!r}; known: {sorted(ACTIVATIONS)} or None") from None
