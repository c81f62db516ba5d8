"""Lambda: any tensor function as a layer (Keras's layers.Lambda), for a step that has no weights."""
from collections.abc import Callable
from typing import Any

from ..tensor import Tensor
from .module import Module
from .sizes import refuse_unknown


class Lambda(Module):
    """y = fn(x) (or fn(*inputs)): e.g. nn.Lambda(lambda x: x * 2 - 1), or nn.Lambda(ta.exp).
    Whatever fn computes with tensor operations is differentiated as usual; fn must not hold
    weights of its own (they would not be found by parameters())."""

    def __init__(self, fn: Callable[..., Tensor], name: str | None = None, **unknown: Any) -> None:
        refuse_unknown("Lambda", unknown)                 # Keras's output_shape= says it is not needed
        if not callable(fn):
            raise TypeError(f"Lambda: fn must be callable (a function of tensors), got {type(fn).__name__}")
        self.fn = fn
        self.name = name

    def forward(self, *inputs: Tensor) -> Tensor:
        return self.fn(*inputs)

    def extra_repr(self) -> str:
        return getattr(self.fn, "__name__", type(self.fn).__name__)
