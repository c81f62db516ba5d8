"""How much does a code know? Scores of codes learnt without labels, against the labels.

    knn_accuracy(codes, labels, k=5)   leave-one-out k-nearest-neighbour accuracy
    chance_accuracy(labels)            always guessing the most frequent label

The k-NN score needs no training, so it measures the code itself: a test code is classified by a
majority vote of the labels of its k nearest other codes (Euclidean distance), and the score is the
share of codes whose vote is their own label. Compare it with chance and with PCA's codes of the
same size (lessons 06, 07, 17).
"""
from . import backend
from .arguments import is_int
from .backend import Array


def _class_labels(name, labels):
    """`labels` on the active backend, refused unless they are integers >= 0 (class indices)."""
    labels = backend.to_backend(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{name}: labels must be integers 0..C-1 (class indices), got dtype {labels.dtype}; "
                        f"float labels are not truncated silently")
    if labels.size and int(labels.min()) < 0:
        raise ValueError(f"{name}: labels must be integers 0..C-1 (class indices), got a label {int(labels.min())}")
    return labels.astype("int64")


def knn_accuracy(codes: Array, labels: Array, k: int = 5, block: int = 1000) -> float:
    """Leave-one-out k-NN accuracy of integer `labels` (0..C-1) from `codes` (n, d).

    Distances come from ||a - b||^2 = ||a||^2 - 2 a.b + ||b||^2, a block of `block` rows of the
    n x n distance matrix at a time (memory n * block), on the active backend. A code is never its
    own neighbour; ties in the vote go to the smaller label (argmax)."""
    xp = backend.xp
    codes = backend.to_backend(codes)
    labels = _class_labels("knn_accuracy", labels)
    if codes.ndim != 2 or labels.shape != (len(codes),):
        raise ValueError(f"knn_accuracy: codes must be (n, d) and labels (n,), got {codes.shape} and {labels.shape}")
    if not is_int(k):
        raise TypeError(f"knn_accuracy: k must be an int, got {type(k).__name__} {k!r}")
    if not 0 < k < len(codes):
        raise ValueError(f"knn_accuracy: k must be between 1 and n - 1 = {len(codes) - 1}, got {k}")
    one_hot = xp.eye(int(labels.max()) + 1, dtype=codes.dtype)[labels]     # (n, C)
    squared = (codes * codes).sum(axis=1)
    correct = 0
    for start in range(0, len(codes), block):
        rows = codes[start:start + block]
        distances = squared[start:start + block, None] - 2 * rows @ codes.T + squared[None, :]
        own = xp.arange(len(rows))
        distances[own, start + own] = xp.inf                   # a code is not its own neighbour
        nearest = xp.argpartition(distances, k, axis=1)[:, :k]
        votes = one_hot[nearest].sum(axis=1)                    # (rows, C)
        correct += int((votes.argmax(axis=1) == labels[start:start + block]).sum())
    return correct / len(codes)


def chance_accuracy(labels: Array) -> float:
    """The accuracy of always guessing the most frequent label."""
    labels = _class_labels("chance_accuracy", labels)
    return float(backend.xp.bincount(labels).max()) / len(labels)
