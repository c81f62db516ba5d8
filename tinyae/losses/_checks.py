"""Argument checks shared by the losses."""
from ..ops.shape import astype
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
