"""The activation functions of the chapters: tanh, sigmoid and ReLU.

Tanh and sigmoid compute their derivative from their *output* y, which forward keeps anyway:
tanh'(x) = 1 - y^2 and sigmoid'(x) = y (1 - y).
"""
from .. import backend
from ..tensor import Function


class Tanh(Function):
    """y = tanh(x);  dL/dx = dL/dy * (1 - y^2)."""

    def forward(self, x):
        self.y = backend.array_module(x).tanh(x)
        return self.y

    def backward(self, gy):
        y = self.y
        return gy * (1 - y * y)


def stable_sigmoid(x):
    """sigma(x) = 1 / (1 + e^-x) without overflow: with e = exp(-|x|) (always <= 1),
    sigma(x) = 1 / (1 + e) for x >= 0 and e / (1 + e) for x < 0."""
    xp = backend.array_module(x)
    e = xp.exp(-xp.abs(x))
    r = e + 1
    xp.reciprocal(r, out=r)
    return xp.where(x >= 0, r, e * r)


class Sigmoid(Function):
    """y = sigma(x) = 1 / (1 + e^-x);  dL/dx = dL/dy * y (1 - y)."""

    def forward(self, x):
        self.y = stable_sigmoid(x)
        return self.y

    def backward(self, gy):
        y = self.y
        return gy * y * (1 - y)


class ReLU(Function):
    """y = max(x, 0);  dL/dx = dL/dy where x > 0, else 0."""

    def forward(self, x):
        self.y = backend.array_module(x).maximum(x, 0)
        return self.y

    def backward(self, gy):
        return gy * (self.y > 0)


def tanh(x):
    return Tanh()(x)


def sigmoid(x):
    return Sigmoid()(x)


def relu(x):
    return ReLU()(x)


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
