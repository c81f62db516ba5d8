"""tinyae: a small, readable deep-learning engine for learning autoencoders.

    import tinyae as ta
    from tinyae import nn, losses, optim, datasets
    from tinyae import plot            # matplotlib figures (imported on demand)
    model = ta.Model(module)           # Keras's compile / fit / predict / summary
    ta.softmax(x), ta.randn(2, 3), ...  # functional ops and random tensors (see tinyae/ops/)
"""
from . import backend, datasets, losses, memory, nn, optim, ops, plain, probes, regularizers, training
from .backend import use_backend
from .gradcheck import gradcheck
from .jacobian import jacobian
from .other_names import PACKAGE, no_attribute
from .ops import (abs, bernoulli_like, clip, concatenate, elu, exp, leaky_relu, log, log_softmax, maximum,
                  rand_like, randn, randn_like, relu, sigmoid, softmax, sqrt, stack, tanh, topk, where)
from .tensor import Function, Tensor, is_grad_enabled, no_grad, tensor
from .training import History, Model, load_weights, save_weights

seed = backend.seed
memory.configure_from_environment()   # freed arrays stay in the process: no page faults every step (memory.py)


def __getattr__(name: str):
    """Called only for a name tinyae lacks: PyTorch's (torch.cat, torch.from_numpy, ...) say where
    tinyae has them (other_names.PACKAGE)."""
    raise no_attribute("module 'tinyae'", name, PACKAGE)


__all__ = ["Tensor", "Function", "tensor", "no_grad", "is_grad_enabled", "use_backend", "gradcheck", "seed", "nn",
           "losses", "optim", "ops", "plain", "probes", "regularizers", "backend", "datasets", "training", "Model", "History", "save_weights",
           "load_weights", "jacobian", "exp", "log", "sqrt", "abs", "clip", "where", "maximum", "softmax",
           "log_softmax", "sigmoid", "tanh", "relu", "elu", "leaky_relu", "concatenate", "stack", "topk", "randn", "randn_like", "rand_like", "bernoulli_like"]
__version__ = "0.1.0"
