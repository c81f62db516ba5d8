"""Adadelta: step sizes from running averages of squared gradients and squared updates."""
from __future__ import annotations

from collections.abc import Iterable

from .. import backend
from ..backend import Array
from ..tensor import Tensor
from .optimizer import Optimizer, keras_lr


class Adadelta(Optimizer):
    """Zeiler's Adadelta, as PyTorch's torch.optim.Adadelta writes it (defaults lr 1.0, rho 0.9, eps 1e-6):

        g <- g + weight_decay * p
        E[g^2]  <- rho E[g^2] + (1 - rho) g^2
        delta   =  sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g
        E[dx^2] <- rho E[dx^2] + (1 - rho) delta^2
        p <- p - lr * delta

    Keras flavour (`Adadelta.keras(params)`): the same formulas with the defaults of Keras 2's
    keras.optimizers.Adadelta, which the chapters' `optimizer='adadelta'` means: lr 1.0, rho 0.95,
    eps 1e-7 (K.epsilon()). (tf.keras changed its default lr to 0.001 in TensorFlow 1.14, with its
    optimizer_v2: TF PR #30941 adds this to the 1.14 release notes, and issue #31024 shows TF 1.14's
    tf.keras Adadelta with lr 0.001 beside standalone Keras's 1.0.)
    """

    state_names = ("square_avg", "acc_delta")

    def __init__(self, params: Iterable[Tensor], lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0.0, flavor: str = "torch") -> None:
        super().__init__(params, flavor, lr=lr, rho=rho, eps=eps, weight_decay=weight_decay)

    @classmethod
    def keras(cls, params: Iterable[Tensor], lr: float = 1.0, rho: float = 0.95, epsilon: float = 1e-7,
              *, learning_rate: float | None = None) -> Adadelta:
        """Keras 2's keras.optimizers.Adadelta (the chapters' optimizer='adadelta'): lr 1.0, rho 0.95,
        eps 1e-7. learning_rate: tf.keras 2.3+'s name for lr, taken too."""
        lr = keras_lr(cls.keras, lr, learning_rate)
        return cls(params, lr, rho=rho, eps=epsilon, flavor="keras")

    def init_state(self, p: Tensor) -> dict[str, Array | int]:
        xp = backend.array_module(p.data)
        return {"square_avg": xp.zeros_like(p.data), "acc_delta": xp.zeros_like(p.data),
                "delta": xp.empty_like(p.data), "scratch": xp.empty_like(p.data)}   # the last two: reused buffers

    def update(self, p: Tensor, grad: Array, state: dict[str, Array | int]) -> None:
        xp = backend.array_module(p.data)
        square_avg, acc_delta, rho = state["square_avg"], state["acc_delta"], self.rho
        delta, scratch = state["delta"], state["scratch"]

        square_avg *= rho                                   # E[g^2] <- rho E[g^2] + (1 - rho) g^2
        xp.multiply(grad, grad, out=scratch)
        scratch *= 1 - rho
        square_avg += scratch
        xp.add(acc_delta, self.eps, out=delta)              # delta = sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g
        xp.sqrt(delta, out=delta)
        xp.add(square_avg, self.eps, out=scratch)
        xp.sqrt(scratch, out=scratch)
        delta /= scratch
        delta *= grad
        acc_delta *= rho                                    # E[dx^2] <- rho E[dx^2] + (1 - rho) delta^2
        xp.multiply(delta, delta, out=scratch)
        scratch *= 1 - rho
        acc_delta += scratch
        delta *= self.lr
        p.data -= delta                                     # p <- p - lr delta
