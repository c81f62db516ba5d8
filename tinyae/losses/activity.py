"""Activity penalties: terms that push the code h itself towards something."""
from ..tensor import Tensor, TensorLike, as_tensor
from .reduction import check_reduction, reduce


def l1_activity(activations: TensorLike, reduction: str = "mean") -> Tensor:
    """Omega(h) = sum_j |h_j| over the code units (every axis but the first: (N, units) or a conv
    code (N, C, H, W)), one value per example: the L1 sparsity penalty on the code. reduction:
    "mean" (default) over the batch, "sum" over it, "none" the (N,) values."""
    activations = as_tensor(activations)
    if activations.ndim < 2:
        raise ValueError(f"l1_activity: activations must have a batch axis and code axes, shape (N, units...), "
                         f"got shape {activations.shape}")
    units = tuple(range(1, activations.ndim))
    return reduce(abs(activations).sum(axis=units), check_reduction("l1_activity", reduction))
