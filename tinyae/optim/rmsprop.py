"""RMSprop: divide the gradient by a running root mean square of recent gradients."""
from __future__ import annotations

from collections.abc import Iterable

from .. import backend
from ..backend import Array
from ..tensor import Tensor
from .optimizer import Optimizer, keras_lr


class RMSprop(Optimizer):
    """PyTorch's torch.optim.RMSprop (not centred, no momentum; defaults lr 1e-2, alpha 0.99, eps 1e-8):

        g <- g + weight_decay * p
        v <- alpha v + (1 - alpha) g^2
        p <- p - lr * g / (sqrt(v) + eps)

    Keras flavour (`RMSprop.keras(params)`, Keras 2's keras.optimizers.RMSprop: lr 1e-3, rho 0.9,
    eps 1e-7): the same formula with alpha called rho; eps is outside the square root in both.
    """

    state_names = ("square_avg",)

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0.0, flavor: str = "torch") -> None:
        super().__init__(params, flavor, lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay)

    @classmethod
    def keras(cls, params: Iterable[Tensor], lr: float = 1e-3, rho: float = 0.9, epsilon: float = 1e-7,
              *, learning_rate: float | None = None) -> RMSprop:
        """Keras 2's keras.optimizers.RMSprop: lr 1e-3, rho 0.9 (PyTorch's alpha), eps 1e-7.
        learning_rate: tf.keras 2.3+'s name for lr, taken too."""
        lr = keras_lr(cls.keras, lr, learning_rate)
        return cls(params, lr, alpha=rho, eps=epsilon, flavor="keras")

    def init_state(self, p: Tensor) -> dict[str, Array | int]:
        xp = backend.array_module(p.data)
        return {"square_avg": xp.zeros_like(p.data), "scratch": xp.empty_like(p.data)}   # scratch: reused

    def update(self, p: Tensor, grad: Array, state: dict[str, Array | int]) -> None:
        xp = backend.array_module(p.data)
        v, scratch = state["square_avg"], state["scratch"]
        v *= self.alpha                                     # v <- alpha v + (1 - alpha) g^2
        xp.multiply(grad, grad, out=scratch)
        scratch *= 1 - self.alpha
        v += scratch
        xp.sqrt(v, out=scratch)                             # p <- p - lr g / (sqrt(v) + eps)
        scratch += self.eps
        xp.divide(grad, scratch, out=scratch)
        scratch *= self.lr
        p.data -= scratch
