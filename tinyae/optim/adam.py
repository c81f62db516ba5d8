"""Adam: per-parameter step sizes from running moments of the gradient."""
from __future__ import annotations

import math
from collections.abc import Iterable

from .. import backend
from ..backend import Array
from ..tensor import Tensor
from .optimizer import Optimizer, keras_lr


class Adam(Optimizer):
    """PyTorch's torch.optim.Adam (t counts this parameter's own updates from 1, like PyTorch's
    state["step"], so a parameter frozen from the start begins at t = 1 when it is unfrozen):

        g <- g + weight_decay * p                   (L2 added to the gradient, not AdamW)
        m <- beta1 m + (1 - beta1) g
        v <- beta2 v + (1 - beta2) g^2
        p <- p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)

    eps is added after the bias correction. Keras flavour (`Adam.keras(params)`, lr 1e-3,
    eps 1e-7; t is the optimizer's iteration count) folds the corrections into the step size and
    adds eps to the uncorrected root:

        p <- p - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
    """

    state_names = ("m", "v", "step")
    count_names = ("step",)

    def __init__(self, params: Iterable[Tensor], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0, flavor: str = "torch") -> None:
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"Adam: betas must be a pair (beta1, beta2), got {betas!r}")
        super().__init__(params, flavor, lr=lr, beta1=betas[0], beta2=betas[1], eps=eps, weight_decay=weight_decay)

    @classmethod
    def keras(cls, params: Iterable[Tensor], lr: float = 1e-3, beta_1: float = 0.9, beta_2: float = 0.999,
              epsilon: float = 1e-7, *, learning_rate: float | None = None) -> Adam:
        """Keras 2's keras.optimizers.Adam: lr 1e-3, betas 0.9 and 0.999, eps 1e-7 added to the
        uncorrected sqrt(v), t the optimizer's iteration count (the formula in the class docstring).
        learning_rate: tf.keras 2.3+'s name for lr, taken too."""
        lr = keras_lr(cls.keras, lr, learning_rate)
        return cls(params, lr, betas=(beta_1, beta_2), eps=epsilon, flavor="keras")

    def init_state(self, p: Tensor) -> dict[str, Array | int]:
        xp = backend.array_module(p.data)
        return {"m": xp.zeros_like(p.data), "v": xp.zeros_like(p.data), "step": 0,
                "scratch": xp.empty_like(p.data)}   # reused every step: no allocation in the loop

    def update(self, p: Tensor, grad: Array, state: dict[str, Array | int]) -> None:
        xp = backend.array_module(p.data)
        state["step"] += 1
        m, v, scratch = state["m"], state["v"], state["scratch"]
        t = state["step"] if self.flavor == "torch" else self.iterations
        correction1, correction2 = 1 - self.beta1 ** t, 1 - self.beta2 ** t

        m *= self.beta1                                      # m <- beta1 m + (1 - beta1) g
        xp.multiply(grad, 1 - self.beta1, out=scratch)
        m += scratch
        v *= self.beta2                                      # v <- beta2 v + (1 - beta2) g^2
        xp.multiply(grad, grad, out=scratch)
        scratch *= 1 - self.beta2
        v += scratch
        xp.sqrt(v, out=scratch)                              # the denominator
        if self.flavor == "torch":
            scratch /= math.sqrt(correction2)                # sqrt(v / (1 - beta2^t)) + eps
            scratch += self.eps
            step_size = self.lr / correction1
        else:
            scratch += self.eps                              # sqrt(v) + eps
            step_size = self.lr * math.sqrt(correction2) / correction1
        xp.divide(m, scratch, out=scratch)
        scratch *= step_size
        p.data -= scratch
