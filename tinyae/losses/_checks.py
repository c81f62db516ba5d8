"""Argument checks shared by the losses."""
from ..tensor import as_tensor


def same_shape(name, pred, target):
    """Both arguments as tensors of one shape and dtype, or a ValueError naming both shapes."""
    pred = as_tensor(pred)
    target = as_tensor(target, like=pred)
    if pred.shape != target.shape:
        raise ValueError(f"{name}: prediction has shape {pred.shape} but target has shape {target.shape}; "
                         f"they must be equal")
    if target.dtype != pred.dtype:
        target = as_tensor(target.data.astype(pred.dtype))  # targets are data, not parameters
    return pred, target
