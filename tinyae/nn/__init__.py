"""Layers and containers: `from tinyae import nn`."""
from .activation import Identity, ReLU, Sigmoid, Tanh
from .conv import Conv2D, Conv2DTranspose
from .dense import Dense, TiedDense
from .module import Module
from .noise import Dropout, GaussianNoise
from .parameter import Parameter
from .pooling import MaxPool2D, UpSampling2D
from .reshape import Flatten, Reshape
from .sequential import Sequential

__all__ = ["Module", "Parameter", "Sequential", "Dense", "TiedDense", "Tanh", "Sigmoid", "ReLU",
           "Identity", "Dropout", "GaussianNoise", "Conv2D", "Conv2DTranspose", "MaxPool2D", "UpSampling2D",
           "Flatten", "Reshape"]
