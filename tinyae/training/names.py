"""What the strings of Keras's compile() mean, so that a chapter's line
`model.compile(optimizer='adadelta', loss='binary_crossentropy')` works as written.

An optimizer name gives the Keras flavour with Keras's defaults (e.g. 'adadelta' is
Adadelta.keras: lr 1.0, rho 0.95, eps 1e-7); a loss name gives the loss with Keras's reduction
(the mean over all elements)."""
from .. import losses, optim

OPTIMIZERS = {"sgd": optim.SGD.keras, "adam": optim.Adam.keras, "adadelta": optim.Adadelta.keras,
              "rmsprop": optim.RMSprop.keras}
LOSSES = {"binary_crossentropy": losses.binary_crossentropy, "mse": losses.mse,
          "mean_squared_error": losses.mse}


def get_optimizer(optimizer, parameters):
    """An Optimizer as given, or the Keras optimizer named by the string, over `parameters`."""
    if isinstance(optimizer, optim.Optimizer):
        return optimizer
    if isinstance(optimizer, str) and optimizer.lower() in OPTIMIZERS:
        return OPTIMIZERS[optimizer.lower()](parameters)
    raise ValueError(f"compile: optimizer must be an optim.Optimizer or one of {sorted(OPTIMIZERS)}, got {optimizer!r}")


def get_loss(loss):
    """A loss function loss(prediction, target) -> scalar Tensor, as given or named by the string."""
    if isinstance(loss, str) and loss in LOSSES:
        return LOSSES[loss]
    if callable(loss) and not isinstance(loss, str):
        return loss
    raise ValueError(f"compile: loss must be a function loss(prediction, target) or one of {sorted(LOSSES)}, "
                     f"got {loss!r}")
