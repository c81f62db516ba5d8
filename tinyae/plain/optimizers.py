"""The optimizers' update rules as formulas. The fast versions are the classes in tinyae/optim/,
which compute the same updates in place through reused buffers.

Each function takes a parameter's values p, its gradient g (arrays), the state that it returned
on the previous step ({} on the first one) and the hyper-parameters, and returns the new values
and the new state. Nothing is changed in place. To train a model with one:

    states = {}
    for p in model.parameters():
        p.data, states[id(p)] = adam(p.data, p.grad, states.get(id(p), {}), lr=1e-3)

Every running average starts at zero, in p's dtype: float32 stays float32.
`*_keras` is Keras 2's formula with Keras's defaults; the others are PyTorch's.
"""
import math

from .. import backend
from ..backend import Array

State = dict[str, Array | int]   # what an update rule keeps between steps: arrays and a step count t


def zeros_like(p):
    return backend.array_module(p).zeros_like(p)


def check(name, p, g):
    """A clear error unless the gradient g has the shape and dtype of p (NumPy would broadcast a
    wrong shape, and a float64 g would silently turn a float32 p into float64)."""
    if g.shape != p.shape:
        raise ValueError(f"{name}: gradient has shape {g.shape}, expected the parameter's shape {p.shape}")
    if g.dtype != p.dtype:
        raise TypeError(f"{name}: gradient has dtype {g.dtype} but the parameter {p.dtype}; "
                        f"cast one with .astype()")


def sgd(p: Array, g: Array, state: State, lr: float, momentum: float = 0.0, nesterov: bool = False,
        weight_decay: float = 0.0) -> tuple[Array, State]:
    """PyTorch's SGD (dampening 0). With momentum > 0 it keeps a buffer b:
        g <- g + weight_decay * p
        b <- g on the first step, else momentum * b + g
        g <- g + momentum * b if nesterov, else b
        p <- p - lr * g
    """
    check("sgd", p, g)
    g = g + weight_decay * p
    if momentum > 0:
        b = g if "b" not in state else momentum * state["b"] + g
        g = g + momentum * b if nesterov else b
        state = {"b": b}
    return p - lr * g, state


def sgd_keras(p: Array, g: Array, state: State, lr: float = 0.01, momentum: float = 0.0,
              nesterov: bool = False) -> tuple[Array, State]:
    """Keras's SGD keeps a velocity v instead (zero at first), which has lr inside it:
        v <- momentum * v - lr * g
        p <- p + momentum * v - lr * g if nesterov, else p + v
    """
    check("sgd_keras", p, g)
    if not state:
        state = {"v": zeros_like(p)}
    v = momentum * state["v"] - lr * g
    p = p + momentum * v - lr * g if nesterov else p + v
    return p, {"v": v}


def adam(p: Array, g: Array, state: State, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
         eps: float = 1e-8, weight_decay: float = 0.0) -> tuple[Array, State]:
    """PyTorch's Adam; t counts this parameter's updates, from 1:
        g <- g + weight_decay * p
        m <- beta1 m + (1 - beta1) g
        v <- beta2 v + (1 - beta2) g^2
        p <- p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
    """
    check("adam", p, g)
    beta1, beta2 = betas
    if not state:
        state = {"m": zeros_like(p), "v": zeros_like(p), "t": 0}
    t = state["t"] + 1
    g = g + weight_decay * p
    m = beta1 * state["m"] + (1 - beta1) * g
    v = beta2 * state["v"] + (1 - beta2) * g * g
    p = p - lr * (m / (1 - beta1 ** t)) / (backend.array_module(p).sqrt(v / (1 - beta2 ** t)) + eps)
    return p, {"m": m, "v": v, "t": t}


def adam_keras(p: Array, g: Array, state: State, lr: float = 1e-3, beta_1: float = 0.9, beta_2: float = 0.999,
               epsilon: float = 1e-7) -> tuple[Array, State]:
    """Keras's Adam: the same m and v; the bias corrections go into the step size and eps is
    added to the uncorrected root:
        p <- p - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
    Keras's t is the optimizer's step count; here it counts this parameter's updates, the same
    number when the parameter gets a gradient on every step.
    """
    check("adam_keras", p, g)
    if not state:
        state = {"m": zeros_like(p), "v": zeros_like(p), "t": 0}
    t = state["t"] + 1
    m = beta_1 * state["m"] + (1 - beta_1) * g
    v = beta_2 * state["v"] + (1 - beta_2) * g * g
    step_size = lr * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    p = p - step_size * m / (backend.array_module(p).sqrt(v) + epsilon)
    return p, {"m": m, "v": v, "t": t}


def adadelta(p: Array, g: Array, state: State, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
             weight_decay: float = 0.0) -> tuple[Array, State]:
    """PyTorch's Adadelta (Zeiler), with running averages E[g^2] and E[dx^2]:
        g <- g + weight_decay * p
        E[g^2]  <- rho E[g^2] + (1 - rho) g^2
        delta   =  sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g
        E[dx^2] <- rho E[dx^2] + (1 - rho) delta^2
        p <- p - lr * delta
    """
    check("adadelta", p, g)
    xp = backend.array_module(p)
    if not state:
        state = {"square_avg": zeros_like(p), "acc_delta": zeros_like(p)}
    g = g + weight_decay * p
    square_avg = rho * state["square_avg"] + (1 - rho) * g * g
    delta = xp.sqrt(state["acc_delta"] + eps) / xp.sqrt(square_avg + eps) * g
    acc_delta = rho * state["acc_delta"] + (1 - rho) * delta * delta
    return p - lr * delta, {"square_avg": square_avg, "acc_delta": acc_delta}


def adadelta_keras(p: Array, g: Array, state: State, lr: float = 1.0, rho: float = 0.95,
                   epsilon: float = 1e-7) -> tuple[Array, State]:
    """Keras 2's Adadelta: the same formula, with Keras's defaults."""
    return adadelta(p, g, state, lr, rho, epsilon)


def rmsprop(p: Array, g: Array, state: State, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
            weight_decay: float = 0.0) -> tuple[Array, State]:
    """PyTorch's RMSprop (not centred, no momentum):
        g <- g + weight_decay * p
        v <- alpha v + (1 - alpha) g^2
        p <- p - lr * g / (sqrt(v) + eps)
    """
    check("rmsprop", p, g)
    if not state:
        state = {"v": zeros_like(p)}
    g = g + weight_decay * p
    v = alpha * state["v"] + (1 - alpha) * g * g
    return p - lr * g / (backend.array_module(p).sqrt(v) + eps), {"v": v}


def rmsprop_keras(p: Array, g: Array, state: State, lr: float = 1e-3, rho: float = 0.9,
                  epsilon: float = 1e-7) -> tuple[Array, State]:
    """Keras 2's RMSprop: the same formula, alpha called rho, with Keras's defaults."""
    return rmsprop(p, g, state, lr, alpha=rho, eps=epsilon)
