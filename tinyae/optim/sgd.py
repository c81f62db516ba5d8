"""Stochastic gradient descent, with optional momentum."""
from __future__ import annotations

from collections.abc import Iterable

from .. import backend
from ..backend import Array
from ..tensor import Tensor
from .optimizer import Optimizer, keras_lr


class SGD(Optimizer):
    """PyTorch's torch.optim.SGD (dampening 0; lr 1e-3 by default, as in PyTorch 2.13, whose older
    versions required it):

        g <- g + weight_decay * p
        b <- g on the first step, else momentum * b + g         (when momentum > 0)
        g <- g + momentum * b if nesterov else b
        p <- p - lr * g

    Keras flavour (`SGD.keras(params)`, keras.optimizers.SGD, default lr 0.01) keeps a velocity
    instead:  v <- momentum * v - lr * g;  p <- p + v  (nesterov: p <- p + momentum * v - lr * g).
    Without momentum both are p <- p - lr * g.
    """

    state_names = ("momentum_buffer", "velocity")

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-3, momentum: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0, flavor: str = "torch") -> None:
        super().__init__(params, flavor, lr=lr, momentum=momentum, nesterov=nesterov, weight_decay=weight_decay)
        if nesterov and momentum == 0:
            raise ValueError(f"SGD: nesterov needs a momentum > 0, got momentum={momentum!r}")

    @classmethod
    def keras(cls, params: Iterable[Tensor], lr: float = 0.01, momentum: float = 0.0, nesterov: bool = False,
              *, learning_rate: float | None = None) -> SGD:
        """Keras's keras.optimizers.SGD: its velocity formula and its default lr 0.01.
        learning_rate: tf.keras 2.3+'s name for lr, taken too."""
        lr = keras_lr(cls.keras, lr, learning_rate)
        return cls(params, lr, momentum=momentum, nesterov=nesterov, flavor="keras")

    def init_state(self, p: Tensor) -> dict[str, Array | int]:
        """PyTorch's buffer b starts as the first gradient: b = momentum * 0 + g is exactly that."""
        if self.momentum == 0:
            return {}
        name = "momentum_buffer" if self.flavor == "torch" else "velocity"
        return {name: backend.array_module(p.data).zeros_like(p.data)}

    def update(self, p: Tensor, grad: Array, state: dict[str, Array | int]) -> None:
        if self.momentum == 0:
            p.data -= self.lr * grad
        elif self.flavor == "torch":
            buf = state["momentum_buffer"]
            buf *= self.momentum
            buf += grad
            p.data -= self.lr * (grad + self.momentum * buf if self.nesterov else buf)
        else:
            v = state["velocity"]
            v *= self.momentum
            v -= self.lr * grad
            p.data += self.momentum * v - self.lr * grad if self.nesterov else v
