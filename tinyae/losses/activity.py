"""Activity penalties: terms that push the code h itself towards something."""
from ..tensor import as_tensor


def l1_activity(activations):
    """Omega(h) = sum_j |h_j|, averaged over the batch: the L1 sparsity penalty on the code."""
    activations = as_tensor(activations)
    return abs(activations).sum(axis=-1).mean()
