"""Keras's losses by name, with Keras 2's formulas, built from tinyae's losses and ops:
what `model.compile(loss="sparse_categorical_crossentropy")` means.

As in Keras, a name means the loss of *probabilities* (from_logits=False: the model ends in a
softmax or sigmoid); for a model that outputs logits say so: `keras_loss(name, from_logits=True)`
(Keras's `SparseCategoricalCrossentropy(from_logits=True)`). Nothing is guessed from the output.
Every loss is the mean over the batch of a per-example value; eps = 1e-7 is Keras's K.epsilon().
"""
from .. import backend, losses, ops
from ..arguments import close_match
from ..losses._checks import refuse_probabilities, same_shape
from ..tensor import Tensor, as_tensor

EPS = 1e-7


def sparse_categorical_crossentropy(prediction, labels, from_logits=False):
    """Integer labels y_n (shape (N,) or (N, 1)) against K class scores per example:
    from logits z: L = -(1/N) sum_n ln softmax(z_n)[y_n];
    from probabilities p (Keras 2): the same with z = ln clip(p, eps, 1 - eps), i.e. each row of
    clipped probabilities renormalised to sum to 1."""
    prediction = as_tensor(prediction)
    labels = backend.array_module(prediction.data).asarray(labels.data if isinstance(labels, Tensor) else labels)
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.shape == prediction.shape and labels.shape[-1] > 1:
        raise ValueError(f"sparse_categorical_crossentropy: the labels have the prediction's shape {labels.shape}, "
                         f"so they look one-hot; this loss takes integer labels of shape (N,): use "
                         f"'categorical_crossentropy' for one-hot targets, or labels.argmax(axis=1)")
    logits = prediction if from_logits else ops.log(ops.clip(prediction, EPS, 1 - EPS))
    return losses.softmax_cross_entropy(logits, labels)


def categorical_crossentropy(prediction, target, from_logits=False):
    """One-hot (or soft) targets t_n against K class scores per example:
    from logits z: L = -(1/N) sum_n sum_k t_nk ln softmax(z_n)_k;
    from probabilities p (Keras 2): p_n <- clip(p_n / sum_k p_nk, eps, 1 - eps), then
    L = -(1/N) sum_n sum_k t_nk ln p_nk."""
    prediction = as_tensor(prediction)
    shape = getattr(target, "shape", None)
    classes = prediction.shape[-1] if prediction.ndim else 0
    if classes > 1 and shape is not None and tuple(shape) in (prediction.shape[:-1], prediction.shape[:-1] + (1,)):
        raise ValueError(f"categorical_crossentropy: the target has shape {tuple(shape)} against the prediction's "
                         f"{prediction.shape}, so it looks like integer class labels; this loss takes one-hot targets: "
                         f"use 'sparse_categorical_crossentropy' for labels")
    prediction, target = same_shape("categorical_crossentropy", prediction, target)
    if from_logits:
        refuse_probabilities("categorical_crossentropy (from_logits=True)", prediction,
                             "use keras_loss('categorical_crossentropy'), the loss of probabilities")
        log_p = ops.log_softmax(prediction, axis=-1)
    else:
        log_p = ops.log(ops.clip(prediction / prediction.sum(axis=-1, keepdims=True), EPS, 1 - EPS))
    return -(target * log_p).sum(axis=-1).mean()


def mean_absolute_error(prediction, target):
    """L = (1/N) sum_k |x'_k - x_k| over all N elements (Keras's "mae", PyTorch's nn.L1Loss)."""
    prediction, target = same_shape("mean_absolute_error", prediction, target)
    return ops.abs(prediction - target).mean()


def kullback_leibler_divergence(prediction, target):
    """Keras 2's "kullback_leibler_divergence" of distributions along the last axis:
    L = mean over examples of sum_k t_k ln(t_k / p_k), with t and p clipped to [eps, 1]."""
    prediction, target = same_shape("kullback_leibler_divergence", prediction, target)
    t, p = ops.clip(target, EPS, 1), ops.clip(prediction, EPS, 1)
    return (t * ops.log(t / p)).sum(axis=-1).mean()


def _binary_crossentropy(prediction, target, from_logits=False):
    if from_logits:
        return losses.binary_crossentropy_with_logits(prediction, target)
    return losses.binary_crossentropy(prediction, target)


# name -> (function, whether it has a from_logits form); aliases as Keras spells them
KERAS_LOSSES = {
    "sparse_categorical_crossentropy": (sparse_categorical_crossentropy, True),
    "categorical_crossentropy": (categorical_crossentropy, True),
    "binary_crossentropy": (_binary_crossentropy, True),
    "mean_squared_error": (losses.mse, False), "mse": (losses.mse, False), "MSE": (losses.mse, False),
    "mean_absolute_error": (mean_absolute_error, False), "mae": (mean_absolute_error, False),
    "MAE": (mean_absolute_error, False),
    "kullback_leibler_divergence": (kullback_leibler_divergence, False),
    "kld": (kullback_leibler_divergence, False), "KLD": (kullback_leibler_divergence, False),
}   # the short names in both cases are Keras's aliases (keras/losses.py: mse = MSE = mean_squared_error)


class KerasLoss:
    """The loss `name` as a function loss(prediction, y) -> scalar Tensor, which also says what it
    is (`name`, `from_logits`: compile's "accuracy" needs both). A model with several outputs
    (a tuple) needs its own loss function: a named loss compares one prediction with y."""

    def __init__(self, name, from_logits=False):
        if name not in KERAS_LOSSES:
            raise ValueError(f"unknown loss {name!r}{close_match(name, KERAS_LOSSES)}; the Keras names known here are "
                             f"{sorted(KERAS_LOSSES)}")
        self.function, has_logits_form = KERAS_LOSSES[name]
        if from_logits and not has_logits_form:
            raise ValueError(f"loss {name!r} has no from_logits form (it compares values, not class scores)")
        self.name = name
        self.from_logits = bool(from_logits)

    def __call__(self, prediction, y):
        if isinstance(prediction, (tuple, list)):
            raise ValueError(f"loss {self.name!r}: the model returns {len(prediction)} outputs; a named loss "
                             f"compares one prediction with y. Pass a function loss(outputs, y) to compile, "
                             f"or use model.add_loss(fn)")
        if y is None:
            raise ValueError(f"loss {self.name!r} compares the prediction with y, but y is None")
        if self.name != "sparse_categorical_crossentropy":
            y = as_output_column(y, prediction.shape)
        if self.from_logits:
            return self.function(prediction, y, from_logits=True)
        return self.function(prediction, y)

    def __repr__(self):
        return f"keras_loss({self.name!r}, from_logits={self.from_logits})"


def as_output_column(y, shape):
    """y reshaped to `shape` when y holds labels (N,) and `shape` is one output column (N, 1), as
    Keras 2 expands such targets (training_utils.standardize_input_data), so that binary_crossentropy
    and binary_accuracy on a Dense(..., 1) take them; any other y as it is."""
    y_shape = getattr(y, "shape", None)
    if y_shape is not None and len(shape) >= 1 and shape[-1] == 1 and tuple(y_shape) == tuple(shape[:-1]):
        return y.reshape(shape)
    return y


def keras_loss(name: str, from_logits: bool = False) -> KerasLoss:
    """The Keras loss `name` (see KERAS_LOSSES) as a function loss(prediction, y); from_logits=True
    for a model whose last layer has no softmax / sigmoid."""
    return KerasLoss(name, from_logits)
