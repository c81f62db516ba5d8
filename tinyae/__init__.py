"""tinyae: a small, readable deep-learning engine for learning autoencoders.

    import tinyae as ta
    from tinyae import nn, losses, optim
"""
from . import backend, losses, nn, optim, ops
from .backend import use_backend
from .gradcheck import gradcheck
from .tensor import Function, Tensor, no_grad, tensor

seed = backend.seed

__all__ = ["Tensor", "Function", "tensor", "no_grad", "use_backend", "gradcheck", "seed", "nn",
           "losses", "optim", "ops", "backend"]
__version__ = "0.1.0"
