"""The `reduction=` argument every loss takes (PyTorch's meaning):

    "mean": the mean of the loss's values,  "sum": their sum,  "none": the values themselves.

What a "value" is depends on the loss and each docstring says it: one per element for the
element-wise losses (mse, binary cross-entropy: "none" keeps the input's shape), one per example
for losses whose natural unit is an example (gaussian_kl, l1_activity, contractive_penalty,
softmax_cross_entropy: "none" gives shape (N,)), one per hidden unit for kl_bernoulli / sparsity_kl.
The default is "mean", except for kl_bernoulli / sparsity_kl, which sum over the units as Eq. 15-2 does.
"""
from ..arguments import close_match

REDUCTIONS = ("mean", "sum", "none")


def check_reduction(loss_name, reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"{loss_name}: reduction must be one of {REDUCTIONS}, got {reduction!r}"
                         f"{close_match(reduction, REDUCTIONS)}")
    return reduction


def reduce(values, reduction):
    """values (an array inside a loss's forward, or a Tensor, which autograd then differentiates)
    reduced as `reduction` says."""
    if reduction == "mean":
        return values.mean()
    if reduction == "sum":
        return values.sum()
    return values


def upstream(gy, reduction, n):
    """dL/d(each value) from dL/d(reduced loss) = gy, for a loss's backward: gy / n for "mean"
    (n values), gy for "sum", and for "none" gy itself (one entry per value)."""
    return gy / n if reduction == "mean" else gy
