"""Activity penalties: terms that push the code h itself towards something."""
from ..tensor import as_tensor
from .reduction import check_reduction, reduce


def l1_activity(activations, reduction="mean"):
    """Omega(h) = sum_j |h_j| over the code units (the last axis), one value per example: the L1
    sparsity penalty on the code. reduction: "mean" (default) over the batch, "sum" over it, "none"
    the (N,) values."""
    activations = as_tensor(activations)
    return reduce(abs(activations).sum(axis=-1), check_reduction("l1_activity", reduction))
