"""Activation layers, for writing networks as in PyTorch: nn.Sequential(nn.Dense(784, 128), nn.Tanh())."""
from ..ops import activations
from ..ops.softmax import softmax
from ..tensor import Tensor
from .module import Module


class Tanh(Module):
    """y = tanh(x)."""

    def forward(self, x: Tensor) -> Tensor:
        return activations.tanh(x)


class Sigmoid(Module):
    """y = 1 / (1 + e^-x)."""

    def forward(self, x: Tensor) -> Tensor:
        return activations.sigmoid(x)


class ReLU(Module):
    """y = max(x, 0)."""

    def forward(self, x: Tensor) -> Tensor:
        return activations.relu(x)


class Identity(Module):
    """y = x."""

    def forward(self, x: Tensor) -> Tensor:
        return x


class ELU(Module):
    """y = x for x > 0, alpha (e^x - 1) otherwise (PyTorch's nn.ELU, Keras's "elu"; both default alpha = 1)."""

    def __init__(self, alpha: float = 1.0, name: str | None = None) -> None:
        self.alpha = activations.finite_number(alpha, "alpha", "ELU")
        self.name = name

    def forward(self, x: Tensor) -> Tensor:
        return activations.elu(x, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"


class LeakyReLU(Module):
    """y = x for x > 0, negative_slope * x otherwise. The default 0.01 is PyTorch's
    (nn.LeakyReLU(negative_slope=0.01)); Keras's LeakyReLU defaults to alpha = 0.3, so pass
    negative_slope=0.3 when translating Keras code that leaves it out."""

    def __init__(self, negative_slope: float = 0.01, name: str | None = None) -> None:
        self.negative_slope = activations.finite_number(negative_slope, "negative_slope", "LeakyReLU")
        self.name = name

    def forward(self, x: Tensor) -> Tensor:
        return activations.leaky_relu(x, self.negative_slope)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class Softmax(Module):
    """y_k = e^{x_k} / sum_l e^{x_l} along `axis` (computed stably, shifted by the maximum)."""

    def __init__(self, axis: int = -1, name: str | None = None) -> None:
        self.axis = axis
        self.name = name

    def forward(self, x: Tensor) -> Tensor:
        return softmax(x, self.axis)

    def extra_repr(self) -> str:
        return f"axis={self.axis}"
