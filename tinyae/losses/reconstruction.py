"""Reconstruction losses: how far the decoder's x' is from the input x."""
from .. import backend
from ..ops.activations import SigmoidOp, stable_sigmoid
from ..tensor import Function
from ._checks import same_shape


class MeanSquaredError(Function):
    """L = (1/N) sum_k (x'_k - x_k)^2 over all N elements (PyTorch's nn.MSELoss, Keras's "mse");
    dL/dx' = 2 (x' - x) / N."""

    def forward(self, pred, target):
        self.diff = pred - target
        return (self.diff * self.diff).mean()

    def backward(self, gy):
        g = self.diff * (gy * 2 / self.diff.size)
        return g, (-g if self.inputs[1].requires_grad else None)


class BinaryCrossentropy(Function):
    """L = -(1/N) sum_k [x_k ln p_k + (1 - x_k) ln(1 - p_k)] with p clipped to [eps, 1 - eps] as
    Keras clips it; dL/dp = (p - x) / (p (1 - p) N) inside the clip range, 0 outside, and
    dL/dx = -ln(p / (1 - p)) / N."""

    def __init__(self, eps):
        self.eps = eps

    def forward(self, prob, target):
        xp = backend.array_module(prob)
        p = xp.clip(prob, self.eps, 1 - self.eps)
        self.p, self.target, self.inside = p, target, (prob >= self.eps) & (prob <= 1 - self.eps)
        return -(target * xp.log(p) + (1 - target) * xp.log(1 - p)).mean()

    def backward(self, gy):
        p, scale = self.p, gy / self.p.size
        gp = scale * (p - self.target) / (p * (1 - p)) * self.inside
        gt = -scale * backend.array_module(p).log(p / (1 - p)) if self.inputs[1].requires_grad else None
        return gp, gt


class BinaryCrossentropyWithLogits(Function):
    """L = (1/N) sum_k [max(z_k, 0) - z_k x_k + ln(1 + e^-|z_k|)], the binary cross-entropy of
    p = sigma(z) written so that it never overflows; dL/dz = (sigma(z) - x) / N and dL/dx = -z / N."""

    def __init__(self, prob=None):
        self.prob = prob   # sigma(z) when the caller already has it

    def forward(self, logits, target):
        xp = backend.array_module(logits)
        if self.prob is None:
            self.prob = stable_sigmoid(logits)
        self.target = target
        return (xp.maximum(logits, 0) - logits * target + xp.log1p(xp.exp(-xp.abs(logits)))).mean()

    def backward(self, gy):
        scale = gy / self.prob.size
        gt = -scale * self.inputs[0].data if self.inputs[1].requires_grad else None
        return (self.prob - self.target) * scale, gt


def mse(pred, target):
    """Mean squared error over all elements (nn.MSELoss() / Keras "mse")."""
    pred, target = same_shape("mse", pred, target)
    return MeanSquaredError()(pred, target)


def binary_crossentropy(prob, target, eps=1e-7):
    """Binary cross-entropy of probabilities `prob` against targets in [0, 1], mean over all elements
    (Keras "binary_crossentropy", eps = Keras's epsilon 1e-7).

    When `prob` comes straight out of a sigmoid, the loss is computed from the sigmoid's input z
    instead, as tf.keras does: the same value (up to the clip) with the exact gradient
    dL/dz = (sigma(z) - x) / N, which is faster and never vanishes for a saturated unit.
    Under `no_grad` (evaluation, val_loss) no graph links `prob` to z, so the clipped formula is
    used; the two differ only where a probability is within eps of 0 or 1 (a confidently wrong
    unit costs at most -ln(eps) = 16.1 there, its true cost -ln(sigma(z)) with the logits).
    """
    prob, target = same_shape("binary_crossentropy", prob, target)
    creator = prob.creator
    if isinstance(creator, SigmoidOp) and creator.inputs is not None:   # graph still recorded
        return BinaryCrossentropyWithLogits(prob=prob.data)(creator.inputs[0], target)
    return BinaryCrossentropy(eps)(prob, target)


def binary_crossentropy_with_logits(logits, target):
    """Binary cross-entropy of sigma(logits) against targets, computed stably from the logits."""
    logits, target = same_shape("binary_crossentropy_with_logits", logits, target)
    return BinaryCrossentropyWithLogits()(logits, target)
