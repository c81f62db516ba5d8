"""Corruption layers for denoising autoencoders. Both act only in training mode (`module.train()`)
and pass the input through unchanged in evaluation mode (`module.eval()`), like Keras and PyTorch."""
from .. import backend
from ..tensor import Tensor
from .module import Module


class Dropout(Module):
    """Inverted dropout: in training y = x * m / (1 - p) with m_i ~ Bernoulli(1 - p), so that the
    expected value of y is x. The slides' "dropout noise" for a denoising autoencoder."""

    def __init__(self, p=0.5, name=None):
        self.name = name
        if not 0 <= p < 1:
            raise ValueError(f"Dropout: p must be in [0, 1), got {p!r}")
        self.p = float(p)        # a NumPy float64 p would make a float64 mask

    def forward(self, x):
        if not self.training or self.p == 0:
            return x
        keep = backend.random_uniform(x.shape, dtype=x.dtype) >= self.p
        return x * Tensor(keep.astype(x.dtype) / (1 - self.p))

    def extra_repr(self):
        return f"p={self.p}"


class GaussianNoise(Module):
    """In training y = x + n with n ~ N(0, stddev^2) (Keras's GaussianNoise layer)."""

    def __init__(self, stddev, name=None):
        self.name = name
        if stddev < 0:
            raise ValueError(f"GaussianNoise: stddev must be >= 0, got {stddev!r}")
        self.stddev = float(stddev)

    def forward(self, x):
        if not self.training or self.stddev == 0:
            return x
        return x + Tensor(backend.random_normal(x.shape, std=self.stddev, dtype=x.dtype))

    def extra_repr(self):
        return f"stddev={self.stddev}"
