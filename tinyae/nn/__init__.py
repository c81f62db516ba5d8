"""Layers and containers: `from tinyae import nn`."""
from ..other_names import LAYERS, no_attribute
from .activation import ELU, Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh
from .containers import ModuleList
from .conv import Conv2D, Conv2DTranspose
from .dense import Dense, TiedDense
from .lambda_layer import Lambda
from .module import Module
from .noise import Dropout, GaussianNoise
from .parameter import Parameter
from .pooling import MaxPool2D, UpSampling2D
from .reshape import Flatten, Reshape
from .sampling import Sampling
from .sequential import Sequential


def __getattr__(name: str):
    """Called only for a name tinyae.nn lacks: PyTorch's and Keras's layer names (nn.Linear,
    nn.MSELoss, ...) say where tinyae has them (other_names.LAYERS)."""
    raise no_attribute("module 'tinyae.nn'", name, LAYERS)


__all__ = ["Module", "Parameter", "Sequential", "Dense", "TiedDense", "Tanh", "Sigmoid", "ReLU",
           "Identity", "Dropout", "GaussianNoise", "Conv2D", "Conv2DTranspose", "MaxPool2D", "UpSampling2D",
           "Flatten", "Reshape", "ELU", "LeakyReLU", "Softmax", "Lambda", "Sampling", "ModuleList"]
