"""Optimizers: `from tinyae import optim`. Each follows PyTorch's documented algorithm by default
and Keras's with `.keras(params)`; the docstrings give the formulas."""
from ..other_names import OPTIMIZERS, no_attribute
from .adadelta import Adadelta
from .adam import Adam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "Adadelta", "RMSprop"]


def __getattr__(name: str):
    """Called only for a name tinyae.optim lacks: PyTorch's lr_scheduler and optimizers tinyae
    does not have say so (other_names.OPTIMIZERS)."""
    raise no_attribute("module 'tinyae.optim'", name, OPTIMIZERS)
