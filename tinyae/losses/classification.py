"""Cross-entropy for classifiers (the pretraining-then-classify lesson)."""
from .. import backend
from ..tensor import Function, Tensor, as_tensor


class SoftmaxCrossEntropy(Function):
    """L = -(1/N) sum_n ln softmax(z_n)[y_n], with softmax(z)_k = e^{z_k} / sum_l e^{z_l};
    dL/dz = (softmax(z) - onehot(y)) / N."""

    def __init__(self, labels):
        self.labels = labels

    def forward(self, logits):
        xp = backend.array_module(logits)
        shifted = logits - logits.max(axis=1, keepdims=True)      # e^z overflows without this
        log_prob = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
        self.prob = xp.exp(log_prob)
        rows = xp.arange(len(logits))
        return -log_prob[rows, self.labels].mean()

    def backward(self, gy):
        xp = backend.array_module(self.prob)
        g = self.prob.copy()
        g[xp.arange(len(g)), self.labels] -= 1
        return g * (gy / len(g))


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of integer class `labels` (shape (N,)) under softmax(`logits`) (shape (N, K))."""
    logits = as_tensor(logits)
    if isinstance(labels, Tensor):
        labels = labels.data
    labels = backend.array_module(logits.data).asarray(labels)
    if logits.ndim != 2 or labels.shape != (logits.shape[0],):
        raise ValueError(f"softmax_cross_entropy: logits have shape {logits.shape} and labels {labels.shape}; "
                         f"expected (N, classes) and (N,)")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"softmax_cross_entropy: labels must be integers, got dtype {labels.dtype}")
    if labels.size and (int(labels.min()) < 0 or int(labels.max()) >= logits.shape[1]):
        raise ValueError(f"softmax_cross_entropy: labels must be in [0, {logits.shape[1]}), got "
                         f"[{int(labels.min())}, {int(labels.max())}]")
    return SoftmaxCrossEntropy(labels)(logits)
