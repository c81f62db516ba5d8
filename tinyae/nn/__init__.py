"""Layers and containers: `from tinyae import nn`."""
from .activation import Identity, ReLU, Sigmoid, Tanh
from .dense import Dense, TiedDense
from .module import Module
from .noise import Dropout, GaussianNoise
from .parameter import Parameter
from .sequential import Sequential

__all__ = ["Module", "Parameter", "Sequential", "Dense", "TiedDense", "Tanh", "Sigmoid", "ReLU",
           "Identity", "Dropout", "GaussianNoise"]
