"""What the strings of Keras's compile() mean, so that a chapter's line
`model.compile(optimizer='adadelta', loss='binary_crossentropy')` works as written.

An optimizer name gives the Keras flavour with Keras's defaults (e.g. 'adadelta' is
Adadelta.keras: lr 1.0, rho 0.95, eps 1e-7); a loss name gives Keras's loss of that name
(keras_losses.py: of probabilities, the mean over the batch)."""
from .. import optim
from ..arguments import close_match
from .keras_losses import KERAS_LOSSES, KerasLoss

OPTIMIZERS = {"sgd": optim.SGD.keras, "adam": optim.Adam.keras, "adadelta": optim.Adadelta.keras,
              "rmsprop": optim.RMSprop.keras}


def get_optimizer(optimizer, parameters):
    """An Optimizer as given, or the Keras optimizer named by the string, over `parameters`."""
    if isinstance(optimizer, optim.Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()](parameters)
    if isinstance(optimizer, type) and issubclass(optimizer, optim.Optimizer):
        name = optimizer.__name__
        built = f"{name}(model.parameters())"
        if name.lower() in OPTIMIZERS:
            built = (f"optim.{name}.keras(model.parameters()) (Keras's defaults) or optim.{name}(model.parameters()) "
                     f"(PyTorch's), or pass the name {name.lower()!r}")
        raise TypeError(f"compile: optimizer is the class {name}, not an optimizer; build one over the model's "
                        f"parameters: {built}")
    raise ValueError(f"compile: optimizer must be an optim.Optimizer or one of {sorted(OPTIMIZERS)}, got "
                     f"{optimizer!r}{close_match(optimizer, OPTIMIZERS)}")


def get_loss(loss):
    """A loss function loss(prediction, target) as given, the Keras loss named by the string, or
    None (the loss comes from model.add_loss)."""
    if loss is None or (callable(loss) and not isinstance(loss, str)):
        return loss
    if isinstance(loss, str) and loss in KERAS_LOSSES:
        return KerasLoss(loss)
    raise ValueError(f"compile: loss must be a function loss(prediction, target), None (with model.add_loss) "
                     f"or one of the Keras names {sorted(KERAS_LOSSES)}, got {loss!r}{close_match(loss, KERAS_LOSSES)}")
