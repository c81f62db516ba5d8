"""Activation layers, for writing networks as in PyTorch: nn.Sequential(nn.Dense(784, 128), nn.Tanh())."""
from ..ops import activations
from .module import Module


class Tanh(Module):
    """y = tanh(x)."""

    def forward(self, x):
        return activations.tanh(x)


class Sigmoid(Module):
    """y = 1 / (1 + e^-x)."""

    def forward(self, x):
        return activations.sigmoid(x)


class ReLU(Module):
    """y = max(x, 0)."""

    def forward(self, x):
        return activations.relu(x)


class Identity(Module):
    """y = x."""

    def forward(self, x):
        return x
