"""Corruption layers for denoising autoencoders. Both act only in training mode (`module.train()`)
and pass the input through unchanged in evaluation mode (`module.eval()`), like Keras and PyTorch."""
from typing import Any

from .. import backend
from ..arguments import is_number
from ..ops.elementwise import clip as ops_clip
from ..tensor import Tensor
from .module import Module
from .sizes import refuse_unknown


class Dropout(Module):
    """Inverted dropout: in training y = x * m / (1 - p) with m_i ~ Bernoulli(1 - p), so that the
    expected value of y is x. The slides' "dropout noise" for a denoising autoencoder. p is
    PyTorch's name; `rate`, Keras's, is the same attribute (dropout.rate = 0.2 sets p)."""

    def __init__(self, p: float = 0.5, name: str | None = None, **unknown: Any) -> None:
        refuse_unknown("Dropout", unknown)              # Keras's rate= says to write p
        self.name = name
        self.p = p

    @property
    def p(self) -> float:
        """The probability that an input is zeroed in training, in [0, 1) (checked when assigned)."""
        return self._p

    @p.setter
    def p(self, value: float) -> None:
        if not is_number(value):
            raise TypeError(f"Dropout: p must be a number in [0, 1), got {type(value).__name__} {value!r}")
        if not 0 <= value < 1:
            raise ValueError(f"Dropout: p must be in [0, 1), got {value!r}")
        self._p = float(value)   # a NumPy float64 p would make a float64 mask

    rate = p                     # Keras's name for the same attribute

    def forward(self, x: Tensor) -> Tensor:
        if not self.training or self.p == 0:
            return x
        keep = backend.random_uniform(x.shape, dtype=x.dtype) >= self.p
        return x * Tensor(keep.astype(x.dtype) / (1 - self.p))

    def extra_repr(self) -> str:
        return f"p={self.p}"


class GaussianNoise(Module):
    """In training y = x + n with n ~ N(0, stddev^2) (Keras's GaussianNoise layer); with
    clip=(lo, hi), y = min(max(x + n, lo), hi), as the denoising chapters clip noisy pixels to
    [0, 1] (dL/dx is then 0 where the noisy value was clipped). In evaluation mode y = x: no noise,
    no clip."""

    def __init__(self, stddev: float, clip: tuple[float, float] | None = None, name: str | None = None) -> None:
        if not is_number(stddev):
            raise TypeError(f"GaussianNoise: stddev must be a number >= 0, got {type(stddev).__name__} {stddev!r}")
        if not 0 <= stddev < float("inf"):
            raise ValueError(f"GaussianNoise: stddev must be a finite number >= 0, got {stddev!r}")
        if clip is not None:
            if not isinstance(clip, (tuple, list)) or len(clip) != 2 or not all(map(is_number, clip)) \
                    or not clip[0] < clip[1]:
                raise ValueError(f"GaussianNoise: clip must be None or a pair (lo, hi) with lo < hi, got {clip!r}")
            clip = (float(clip[0]), float(clip[1]))
        self.stddev = float(stddev)
        self.clip = clip
        self.name = name

    def forward(self, x: Tensor) -> Tensor:
        if not self.training:
            return x
        y = x if self.stddev == 0 else x + Tensor(backend.random_normal(x.shape, std=self.stddev, dtype=x.dtype))
        return y if self.clip is None else ops_clip(y, *self.clip)

    def extra_repr(self) -> str:
        return f"stddev={self.stddev}" + ("" if self.clip is None else f", clip={self.clip}")
