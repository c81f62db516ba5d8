"""Binary cross-entropy, the plain way: the formula, and BCE after a sigmoid as two steps.
The fast version is tinyae/losses/reconstruction.py."""
from .. import ops
from ..backend import Array
from ..losses._checks import same_shape
from ..tensor import Tensor, TensorLike
from .activations import sigmoid


def binary_crossentropy(prob: TensorLike, target: TensorLike, eps: float = 1e-7) -> Tensor:
    """L = -(1/N) sum over k of [t_k ln p_k + (1 - t_k) ln(1 - p_k)]

    over all N elements, with p = prob clipped to [eps, 1 - eps] as Keras clips it (no gradient
    flows through a clipped value). Autograd gives dL/dp = (p - t) / (p (1 - p) N).
    """
    prob, target = same_shape("binary_crossentropy", prob, target)
    p = ops.clip(prob, eps, 1 - eps)
    return -(target * ops.log(p) + (1 - target) * ops.log(1 - p)).mean()


def binary_crossentropy_after_sigmoid(logits: Tensor | Array, target: TensorLike, eps: float = 1e-7) -> Tensor:
    """The decoder's last two steps, one after the other:  p = sigma(z),  L = BCE(p, t).

    The fast losses.binary_crossentropy(ops.sigmoid(z), t) finds z in the table that ops.sigmoid
    fills (ops.activations.logits_of, which works under no_grad too, when there is no graph) and
    computes the same loss from z in one node, with dL/dz = (sigma(z) - t) / N. The two agree
    while sigma(z) stays inside [eps, 1 - eps] (|z| < 16 for eps = 1e-7); beyond that the clip
    here caps the loss and stops the gradient, the fast version does not.
    """
    return binary_crossentropy(sigmoid(logits), target, eps)
