"""Metrics that compile(metrics=[...]) reports beside the loss: Keras's accuracies, and its mean
errors "mae" (mean_absolute_error) and "mse" (mean_squared_error), the mean over all elements of
|p - y| and (p - y)^2, reported under the name given.

"accuracy" (or "acc") means one of three, chosen as Keras does from the loss and the shapes
(tf.keras compile_utils.get_metric_function, Keras 2 training.py):

    binary_accuracy              the loss is binary_crossentropy, or the output has one column:
                                 the fraction of elements with y == [p > 0.5] exactly (z > 0 from
                                 logits), so a soft target such as 0.8 never counts as a hit
    sparse_categorical_accuracy  labels y of shape (N,) (or (N, 1)) and K > 1 columns:
                                 the fraction of examples with argmax_k p_k == y
    categorical_accuracy         otherwise (one-hot y): argmax_k p_k == argmax_k y_k

Argmax is the same for logits and probabilities; the 0.5 threshold is not, so a binary accuracy
needs to know which the output is: it takes it from a named loss (keras_loss(...,
from_logits=...)) and refuses to guess for a loss function of your own (name the metric instead:
"binary_accuracy" thresholds at 0.5, for probabilities).
Each value is a 0-d array of the batch; fit() averages them weighted by batch size, which is the
accuracy over all examples, as Keras reports it.
"""
from .. import backend
from ..arguments import close_match
from ..tensor import Tensor
from .keras_losses import KerasLoss, as_output_column

ACCURACIES = ("accuracy", "acc", "binary_accuracy", "sparse_categorical_accuracy", "categorical_accuracy")


def binary_accuracy(output, y, threshold=0.5):
    """mean over all elements of [y == (1 if output > threshold else 0)], an exact comparison as
    Keras makes it (tf.keras: equal(y_true, cast(y_pred > threshold)); Keras 2: equal(y_true,
    round(y_pred))): only targets that are exactly 0 or 1 can count as hits."""
    return (y == (output > threshold).astype(output.dtype)).mean()


def sparse_categorical_accuracy(output, y):
    """mean over examples of [argmax_k output_k == y] for integer labels y."""
    return (output.argmax(axis=-1) == y.reshape(len(y))).mean()


def categorical_accuracy(output, y):
    """mean over examples of [argmax_k output_k == argmax_k y_k] for one-hot y."""
    return (output.argmax(axis=-1) == y.argmax(axis=-1)).mean()


def mean_absolute_error(output, y):
    """mean over all elements of |output - y| (Keras's "mae")."""
    return abs(output - y).mean()


def mean_squared_error(output, y):
    """mean over all elements of (output - y)^2 (Keras's "mse")."""
    difference = output - y
    return (difference * difference).mean()


ERRORS = {"mae": mean_absolute_error, "mean_absolute_error": mean_absolute_error,
          "mse": mean_squared_error, "mean_squared_error": mean_squared_error}
METRICS = ACCURACIES + tuple(ERRORS)


class Metric:
    """The metric `name` for a model compiled with `loss`, as a function metric(output, y) -> 0-d
    array (no gradient)."""

    def __init__(self, name, loss):
        if name not in METRICS:
            raise ValueError(f"compile: unknown metric {name!r}{close_match(name, METRICS)}; the metrics known here "
                             f"are {list(METRICS)}")
        self.name, self.loss = name, loss

    def __call__(self, output, y):
        if isinstance(output, (tuple, list)):
            raise ValueError(f"metric {self.name!r}: the model returns {len(output)} outputs; it compares one")
        if y is None:
            raise ValueError(f"metric {self.name!r} compares the output with y, but y is None")
        output, y = output.data, (y.data if isinstance(y, Tensor) else y)
        xp = backend.array_module(output)
        kind = self.kind(output, y)
        if kind in ERRORS:
            value = ERRORS[kind](output, self.in_output_shape(y, output))
        elif kind == "binary_accuracy":
            value = binary_accuracy(output, self.in_output_shape(y, output), self.threshold())
        elif kind == "sparse_categorical_accuracy":
            value = sparse_categorical_accuracy(output, y)
        else:
            if y.shape != output.shape:
                raise ValueError(f"metric {self.name!r}: categorical accuracy compares one-hot targets with the "
                                 f"output, but y has shape {y.shape} and the output {output.shape}")
            value = categorical_accuracy(output, y)
        return xp.asarray(value, dtype=output.dtype)

    def in_output_shape(self, y, output):
        """y for an element-by-element comparison with the output: of its shape, or labels (N,)
        against one output column (N, 1), which Keras takes (as_output_column) and NumPy would
        broadcast to an (N, N) table, a wrong number with no error."""
        y = as_output_column(y, output.shape)
        if y.shape == output.shape:
            return y
        raise ValueError(f"metric {self.name!r} compares y with the output element by element, but y has "
                         f"shape {y.shape} and the output {output.shape}")

    def kind(self, output, y):
        """Which accuracy "accuracy" means here (see the module docstring)."""
        if self.name not in ("accuracy", "acc"):
            return self.name
        binary_loss = isinstance(self.loss, KerasLoss) and self.loss.name == "binary_crossentropy"
        if binary_loss or output.shape[-1] == 1:
            return "binary_accuracy"
        if y.ndim < output.ndim or y.shape[-1] == 1:
            return "sparse_categorical_accuracy"
        return "categorical_accuracy"

    def threshold(self):
        """0.5 on probabilities, 0 on logits (sigma(z) > 0.5 exactly when z > 0)."""
        if self.name == "binary_accuracy":
            return 0.5
        if not isinstance(self.loss, KerasLoss):
            raise ValueError("metric 'accuracy' is a binary accuracy here, whose threshold depends on whether the "
                             "output is probabilities (0.5) or logits (0); your loss function does not say which. "
                             "Compile with a named loss (e.g. keras_loss('binary_crossentropy', from_logits=True)) "
                             "or with metrics=['binary_accuracy'] (probabilities, threshold 0.5)")
        return 0.0 if self.loss.from_logits else 0.5
