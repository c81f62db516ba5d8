"""Stochastic gradient descent, with optional momentum."""
from .optimizer import Optimizer


class SGD(Optimizer):
    """PyTorch's torch.optim.SGD (dampening 0):

        g <- g + weight_decay * p
        b <- g on the first step, else momentum * b + g         (when momentum > 0)
        g <- g + momentum * b if nesterov else b
        p <- p - lr * g

    Keras flavour (`SGD.keras(params)`, keras.optimizers.SGD, default lr 0.01) keeps a velocity
    instead:  v <- momentum * v - lr * g;  p <- p + v  (nesterov: p <- p + momentum * v - lr * g).
    Without momentum both are p <- p - lr * g.
    """

    def __init__(self, params, lr, momentum=0.0, nesterov=False, weight_decay=0.0, flavor="torch"):
        super().__init__(params, lr, flavor)
        if momentum < 0 or (nesterov and momentum == 0):
            raise ValueError(f"SGD: momentum must be >= 0 (and > 0 for nesterov), got {momentum!r}")
        self.momentum, self.nesterov, self.weight_decay = momentum, nesterov, weight_decay

    @classmethod
    def keras(cls, params, lr=0.01, momentum=0.0, nesterov=False):
        return cls(params, lr, momentum=momentum, nesterov=nesterov, flavor="keras")

    def update(self, p, grad, state):
        if self.weight_decay:
            grad = grad + self.weight_decay * p.data
        if self.momentum == 0:
            p.data -= self.lr * grad
        elif self.flavor == "torch":
            if "momentum_buffer" not in state:
                state["momentum_buffer"] = grad.copy()
            else:
                buf = state["momentum_buffer"]
                buf *= self.momentum
                buf += grad
            buf = state["momentum_buffer"]
            p.data -= self.lr * (grad + self.momentum * buf if self.nesterov else buf)
        else:
            if "velocity" not in state:
                state["velocity"] = grad * 0
            v = state["velocity"]
            v *= self.momentum
            v -= self.lr * grad
            p.data += self.momentum * v - self.lr * grad if self.nesterov else v
