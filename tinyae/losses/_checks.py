"""Argument checks shared by the losses."""
from ..ops.activations import logits_of
from ..ops.shape import astype
from ..ops.softmax import SoftmaxOp
from ..tensor import as_tensor


def same_shape(name, pred, target):
    """Both arguments as tensors of one shape and dtype, or a ValueError naming both shapes.
    A target of another dtype is cast to the prediction's with the differentiable astype, so that a
    target which requires grad (another network's output) keeps its gradient."""
    pred = as_tensor(pred)
    target = as_tensor(target, like=pred)
    if pred.shape != target.shape:
        raise ValueError(f"{name}: prediction has shape {pred.shape} but target has shape {target.shape}; "
                         f"they must be equal")
    if target.dtype != pred.dtype:
        target = astype(target, pred.dtype)
    return pred, target


def refuse_swapped(name, pred, target):
    """A ValueError when only the target is part of a graph: for an asymmetric loss (cross-entropy)
    that is the sign of swapped arguments, loss(x, x_hat), which would train the network through the
    target's gradient towards another objective, silently. tinyae's losses take (prediction, target),
    PyTorch's order; Keras's take (y_true, y_pred)."""
    if target.requires_grad and not pred.requires_grad:
        raise ValueError(f"{name}: the target requires grad but the prediction does not, so the arguments look "
                         f"swapped; tinyae's losses take (prediction, target), PyTorch's order (Keras's take "
                         f"(y_true, y_pred)), and ta.Model calls a compiled loss function as fn(prediction, y)")


def in_unit_interval(name, what, tensor, hint):
    """A ValueError "<name>: <what> in [0, 1], got values from ... to ...; <hint>" when `tensor` holds
    values outside [0, 1] (NaN passes: ta.Model.fit names a NaN loss); one min and one max."""
    if tensor.size == 0:
        return
    low, high = float(tensor.data.min()), float(tensor.data.max())
    if low < 0 or high > 1:
        raise ValueError(f"{name}: {what} in [0, 1], got values from {low:.4g} to {high:.4g}; {hint}")


TARGET_HINT = ("a cross-entropy needs targets in [0, 1] (with a target above 1 the loss falls without end as "
               "the prediction goes to 1): images of 0-255 pixels are scaled with x / 255, and data in [-1, 1] "
               "take the MSE")


def refuse_probabilities(name, logits, instead):
    """A ValueError when the `logits` of a loss came straight out of a sigmoid or a softmax: they are
    probabilities, and the loss would squash them a second time (sigmoid(sigmoid(z))), training towards
    another objective with no error (the nn.Sigmoid + BCEWithLogitsLoss mistake, which PyTorch takes)."""
    if logits_of(logits) is not None:
        squash = "sigmoid"
    elif isinstance(logits.creator, SoftmaxOp):
        squash = "softmax"
    else:
        return
    raise ValueError(f"{name}: the logits came straight out of a {squash}, so they are probabilities and the loss "
                     f"would apply the {squash} twice; {instead}, or drop the {squash} from the model's last layer")
