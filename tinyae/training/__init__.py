"""Training with Keras's idiom: `ta.Model(module)` with compile / fit / evaluate / predict /
summary, callbacks, and saving weights."""
from . import callbacks
from .callbacks import Callback, EarlyStopping, LivePlot, SaveImageGrid
from .history import History
from .keras_losses import keras_loss
from .model import Model
from .weights import load_weights, save_weights

__all__ = ["Model", "History", "keras_loss", "callbacks", "Callback", "EarlyStopping", "SaveImageGrid", "LivePlot",
           "save_weights", "load_weights"]
