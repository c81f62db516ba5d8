"""Optimizers: `from tinyae import optim`. Each follows PyTorch's documented algorithm by default
and Keras's with `.keras(params)`; the docstrings give the formulas."""
from .adadelta import Adadelta
from .adam import Adam
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adam", "Adadelta", "RMSprop"]
