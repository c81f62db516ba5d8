"""Cross-entropy for classifiers (the pretraining-then-classify lesson)."""
from .. import backend
from ..backend import Array
from ..tensor import Function, Tensor, TensorLike, as_tensor
from ._checks import refuse_probabilities
from .reduction import check_reduction, reduce, upstream


class SoftmaxCrossEntropy(Function):
    """l_n = -ln softmax(z_n)[y_n] per example, with softmax(z)_k = e^{z_k} / sum_l e^{z_l}, reduced;
    dL/dz_n = w_n (softmax(z_n) - onehot(y_n)), w_n = dL/dl_n (1/N for the mean)."""

    def __init__(self, labels, reduction):
        self.labels, self.reduction = labels, reduction

    def forward(self, logits):
        xp = backend.array_module(logits)
        shifted = logits - logits.max(axis=1, keepdims=True)      # e^z overflows without this
        log_prob = shifted - xp.log(xp.exp(shifted).sum(axis=1, keepdims=True))
        self.prob = xp.exp(log_prob)
        rows = xp.arange(len(logits))
        return reduce(-log_prob[rows, self.labels], self.reduction)

    def backward(self, gy):
        xp = backend.array_module(self.prob)
        g = self.prob.copy()
        g[xp.arange(len(g)), self.labels] -= 1
        w = upstream(gy, self.reduction, len(g))
        return g * (w[:, None] if self.reduction == "none" else w)


def softmax_cross_entropy(logits: TensorLike, labels: Tensor | Array | list[int], reduction: str = "mean") -> Tensor:
    """Cross-entropy of integer class `labels` (shape (N,)) under softmax(`logits`) (shape (N, K)),
    one value per example (PyTorch's nn.CrossEntropyLoss): reduction "mean" (default) over the
    examples, "sum" over them, "none" the (N,) values."""
    check_reduction("softmax_cross_entropy", reduction)
    logits = as_tensor(logits)
    if isinstance(labels, Tensor):
        labels = labels.data
    labels = backend.array_module(logits.data).asarray(labels)
    if logits.ndim != 2 or labels.shape != (logits.shape[0],):
        raise ValueError(f"softmax_cross_entropy: logits have shape {logits.shape} and labels {labels.shape}; "
                         f"expected (N, classes) and (N,)")
    refuse_probabilities("softmax_cross_entropy", logits,
                         "use keras_loss('sparse_categorical_crossentropy'), the loss of probabilities")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"softmax_cross_entropy: labels must be integers, got dtype {labels.dtype}")
    if labels.size and (int(labels.min()) < 0 or int(labels.max()) >= logits.shape[1]):
        raise ValueError(f"softmax_cross_entropy: labels must be in [0, {logits.shape[1]}), got "
                         f"[{int(labels.min())}, {int(labels.max())}]")
    return SoftmaxCrossEntropy(labels, reduction)(logits)
