"""The VAE's reparameterisation trick as a layer (the Sampling layer of Keras's VAE example)."""
from ..ops.elementwise import exp
from ..ops.random import randn_like
from ..tensor import Tensor
from .module import Module


class Sampling(Module):
    """z = mu + exp(0.5 * log_var) * eps with eps ~ N(0, I) drawn anew at every call, so that
    z ~ N(mu, sigma^2) with sigma^2 = exp(log_var), while z stays differentiable in mu and log_var:

        dz/dmu = 1,   dz/dlog_var = 0.5 * exp(0.5 * log_var) * eps.

    Called with (mu, log_var), a pair or two arguments. It samples in evaluation mode too, as the
    chapters' code does (their encoder's z is a sample; use mu itself for a deterministic code).
    eps comes from ta.seed's generator (ta.randn_like).
    """

    def __init__(self, name: str | None = None) -> None:
        self.name = name

    def forward(self, *inputs: Tensor | tuple[Tensor, Tensor]) -> Tensor:
        if len(inputs) == 1 and isinstance(inputs[0], (tuple, list)):
            inputs = tuple(inputs[0])
        if len(inputs) != 2 or not all(isinstance(t, Tensor) for t in inputs):
            raise TypeError(f"Sampling: expected (mu, log_var), two Tensors, got "
                            f"{[type(t).__name__ for t in inputs]}")
        mu, log_var = inputs
        if mu.shape != log_var.shape or mu.dtype != log_var.dtype:
            raise ValueError(f"Sampling: mu has shape {mu.shape} and dtype {mu.dtype}, log_var has shape "
                             f"{log_var.shape} and dtype {log_var.dtype}; they must be equal")
        eps = randn_like(mu)
        return mu + exp(0.5 * log_var) * eps
