"""tinyae: a small, readable deep-learning engine for learning autoencoders.

    import tinyae as ta
    from tinyae import nn, losses, optim, datasets
    from tinyae import plot            # matplotlib figures (imported on demand)
    model = ta.Model(module)           # Keras's compile / fit / predict / summary
"""
from . import backend, datasets, losses, nn, optim, ops, training
from .backend import use_backend
from .gradcheck import gradcheck
from .tensor import Function, Tensor, no_grad, tensor
from .training import History, Model, load_weights, save_weights

seed = backend.seed

__all__ = ["Tensor", "Function", "tensor", "no_grad", "use_backend", "gradcheck", "seed", "nn",
           "losses", "optim", "ops", "backend", "datasets", "training", "Model", "History", "save_weights",
           "load_weights"]
__version__ = "0.1.0"
