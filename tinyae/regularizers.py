"""Regularisers: penalties on a layer's weights or on its output, added to the loss.

    nn.Dense(784, 32, "relu", kernel_regularizer=regularizers.l2(1e-4))     # Keras: 1e-4 * sum w^2
    nn.Dense(784, 32, "relu", activity_regularizer=regularizers.l1(1e-5))   # a sparse code (batch size: below)
    nn.Dense(784, 64, "sigmoid", activity_regularizer=regularizers.sparsity_kl(0.05, 3.0))

A regulariser is a function Omega(x) -> scalar Tensor, built into the graph, so its gradient
reaches the weights. The formulas, with the frameworks that define them:

    l1(c)              Omega(x) = c sum_i |x_i|                    keras.regularizers.l1 (Keras 2: l1(l=0.01))
    l2(c)              Omega(x) = c sum_i x_i^2                    keras.regularizers.l2 (no 1/2)
    l1_l2(l1, l2)      Omega(x) = l1 sum_i |x_i| + l2 sum_i x_i^2  keras.regularizers.l1_l2 (Keras 2's L1L2.__call__)
    tf_l2(scale)       Omega(x) = scale sum_i x_i^2 / 2            TF1 tf.contrib.layers.l2_regularizer(scale),
                                                                   i.e. scale * tf.nn.l2_loss(x)
    sparsity_kl(rho, beta)  Omega(h) = beta sum_j KL(rho || rho_hat_j), rho_hat_j = mean over the batch of
                       h[:, j]: the sparse autoencoder's penalty (losses.sparsity_kl), for sigmoid codes

Keras documents the first three at keras.io/2/api/layers/regularizers ("loss = l1 * reduce_sum(abs(x))",
"loss = l2 * reduce_sum(square(x))", default factors 0.01); TF1's at tensorflow.org/versions/r1.15
(tf.contrib.layers.l2_regularizer, tf.nn.l2_loss). The same l2(1e-4) is therefore twice TF1's
l2_regularizer(1e-4): a TF1 chapter's scale goes to tf_l2.

Activity penalties and the batch size. As an activity_regularizer, Omega is applied to the layer's
output y (after its activation) on every forward pass, and Keras versions disagree on what is added
to the loss for a batch of N samples:
  - tf.keras (tensorflow/python/keras/engine/base_layer.py, `_handle_activity_regularization`, in
    TF 1.13 at the latest and in TF 2) adds Omega(y) / N, "to make activity regularization strength
    batch-agnostic":
    `mean_activity_loss = activity_loss / batch_size; self.add_loss(mean_activity_loss)`. Keras 3
    documents the same ("the value returned by the activity_regularizer is divided by the input
    batch size", done in keras/src/layers/layer.py since keras-team/keras PR 22021, January 2026);
  - standalone Keras 2 (keras/engine/base_layer.py, Layer.__call__) adds Omega(y) itself:
    `regularization_losses = [self.activity_regularizer(x) for x in outputs]; self.add_loss(...)`,
    and so did Keras 3 before that fix;
  - Keras 1 (keras/regularizers.py, ActivityRegularizer) took the mean over the batch, which is the
    same as dividing by N: `loss += self.l1 * K.sum(K.mean(K.abs(output), axis=0))`.
tinyae's choice: Omega(y) / N (divide_by_batch=True, the default), the convention of tf.keras, in
which the chapters' Keras code (`from tensorflow.keras import regularizers`, TF 1.x) was run, of
Keras 3 today, and of Keras 1, for which the 2016 Keras blog tuned its sparse code
`activity_regularizer=regularizers.l1(10e-5)` (its later Keras 2 port adds N times more, which on
MNIST 784-32-784 with batches of 256 switches the whole ReLU code off). divide_by_batch=False gives
standalone Keras 2's Omega(y). A plain function used as an activity_regularizer is divided by N as
well, as tf.keras divides whatever the function returns; subclass Regularizer (define penalty) to
choose. divide_by_batch plays no part in a weight penalty (a weight has no batch axis).
"""
import math
from collections.abc import Callable

from .arguments import is_number
from .losses import kl as kl_losses
from .tensor import Tensor

# what kernel_regularizer= and the other two take: a Regularizer, or any function x -> scalar Tensor
Penalty = Callable[[Tensor], Tensor]


class Regularizer:
    """Omega(x) -> scalar Tensor. Subclasses define `penalty(x)`; `activity_term(output)` is what an
    activity_regularizer adds to the loss: Omega(output) divided by the batch size N = output.shape[0]
    when `divide_by_batch` (tf.keras, the default), Omega(output) itself otherwise (standalone Keras 2).
    `activity_only` (False here) marks a penalty that means something on a layer's output only."""

    activity_only = False

    def __init__(self, divide_by_batch: bool = True) -> None:
        if not isinstance(divide_by_batch, bool):
            raise TypeError(f"{type(self).__name__}: divide_by_batch must be True or False, got {divide_by_batch!r}")
        self.divide_by_batch = divide_by_batch

    def penalty(self, x: Tensor) -> Tensor:
        """Omega(x), a scalar Tensor built with ta.ops (so that it is differentiated), for a weight or
        a layer's output x; written by each subclass (its class docstring gives the formula)."""
        raise NotImplementedError(f"{type(self).__name__} must define penalty(x)")

    def __call__(self, x: Tensor) -> Tensor:
        if not isinstance(x, Tensor):
            raise TypeError(f"{self!r}: expected a Tensor, got {type(x).__name__}")
        return self.penalty(x)

    def activity_term(self, output: Tensor) -> Tensor:
        """Omega(output) / N with divide_by_batch (N = output.shape[0], the batch), else Omega(output)."""
        return per_batch(self(output), output) if self.divide_by_batch else self(output)

    def _extra(self):
        return "" if self.divide_by_batch else ", divide_by_batch=False"


class L1L2(Regularizer):
    """Omega(x) = l1 sum_i |x_i| + l2 sum_i x_i^2 (a term whose factor is 0 is left out, as in Keras)."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0, divide_by_batch: bool = True) -> None:
        super().__init__(divide_by_batch)
        self.l1, self.l2 = factor(l1, "l1", "L1L2"), factor(l2, "l2", "L1L2")

    def penalty(self, x: Tensor) -> Tensor:
        total = None
        if self.l1:
            total = abs(x).sum() * self.l1
        if self.l2:
            squares = (x * x).sum() * self.l2
            total = squares if total is None else total + squares
        return total if total is not None else x.sum() * 0.0

    def __repr__(self):
        if self.l1 and not self.l2:
            return f"l1({self.l1}{self._extra()})"
        if self.l2 and not self.l1:
            return f"l2({self.l2}{self._extra()})"
        return f"l1_l2(l1={self.l1}, l2={self.l2}{self._extra()})"


class TFL2(Regularizer):
    """Omega(x) = scale * sum_i x_i^2 / 2 = scale * tf.nn.l2_loss(x): TF1's tf.contrib.layers.l2_regularizer."""

    def __init__(self, scale: float, divide_by_batch: bool = True) -> None:
        super().__init__(divide_by_batch)
        self.scale = factor(scale, "scale", "tf_l2")

    def penalty(self, x: Tensor) -> Tensor:
        return (x * x).sum() * (self.scale / 2)

    def __repr__(self):
        return f"tf_l2({self.scale}{self._extra()})"


class SparsityKL(Regularizer):
    """Omega(h) = beta * sum_j KL(rho || rho_hat_j), rho_hat_j = (1/m) sum_i h[i, j] over the batch of m:
    beta times losses.sparsity_kl(h, rho). h must be (batch, units) with values in (0, 1) (a sigmoid code).
    rho_hat is already a batch mean: as an activity regulariser the default divide_by_batch=True divides
    that mean by N once more, as tf.keras does; divide_by_batch=False gives the textbook J + beta sum_j KL.
    On a weight matrix rho_hat would be a mean over its input rows: meaningless, so it is refused there."""

    activity_only = True

    def __init__(self, rho: float, beta: float, divide_by_batch: bool = True) -> None:
        super().__init__(divide_by_batch)
        if not is_number(rho) or not 0 < rho < 1:
            raise ValueError(f"sparsity_kl: rho must be a number in (0, 1), got {rho!r}")
        self.rho, self.beta = float(rho), factor(beta, "beta", "sparsity_kl")

    def penalty(self, h: Tensor) -> Tensor:
        return kl_losses.sparsity_kl(h, self.rho) * self.beta

    def __repr__(self):
        return f"sparsity_kl(rho={self.rho}, beta={self.beta}{self._extra()})"


def l1(c: float = 0.01, divide_by_batch: bool = True) -> L1L2:
    """Omega(x) = c sum_i |x_i| (keras.regularizers.l1, default 0.01 as in Keras). Also the Keras
    idiom for a sparse code: `activity_regularizer=regularizers.l1(1e-5)`."""
    return L1L2(l1=c, divide_by_batch=divide_by_batch)


def l2(c: float = 0.01, divide_by_batch: bool = True) -> L1L2:
    """Omega(x) = c sum_i x_i^2 (keras.regularizers.l2, default 0.01; no factor 1/2, unlike tf_l2)."""
    return L1L2(l2=c, divide_by_batch=divide_by_batch)


def l1_l2(l1: float = 0.01, l2: float = 0.01, divide_by_batch: bool = True) -> L1L2:
    """Omega(x) = l1 sum_i |x_i| + l2 sum_i x_i^2 (keras.regularizers.l1_l2, defaults 0.01 and 0.01)."""
    return L1L2(l1=l1, l2=l2, divide_by_batch=divide_by_batch)


def tf_l2(scale: float, divide_by_batch: bool = True) -> TFL2:
    """Omega(x) = scale sum_i x_i^2 / 2: TF1's tf.contrib.layers.l2_regularizer(scale), which returns
    scale * tf.nn.l2_loss(weights), and tf.nn.l2_loss(t) = sum(t ** 2) / 2."""
    return TFL2(scale, divide_by_batch=divide_by_batch)


def sparsity_kl(rho: float, beta: float, divide_by_batch: bool = True) -> SparsityKL:
    """Omega(h) = beta sum_j KL(rho || rho_hat_j), rho_hat_j the mean activation of unit j over the batch
    (the sparse autoencoder's penalty; see losses.sparsity_kl). For activity_regularizer= only (refused
    as a kernel or bias regulariser)."""
    return SparsityKL(rho, beta, divide_by_batch=divide_by_batch)


def factor(value, arg, owner):
    """A penalty's factor as a float: a finite number >= 0 (bools refused), else a ValueError."""
    if not is_number(value) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{owner}: {arg} must be a finite number >= 0, got {value!r}")
    return float(value)


def check(regularizer, arg, layer):
    """A layer's `arg` (kernel_regularizer, bias_regularizer or activity_regularizer): None or a function
    x -> scalar Tensor (a Regularizer or any callable), else a TypeError."""
    if regularizer is not None and not callable(regularizer):
        raise TypeError(f"{layer}: {arg} must be a regulariser such as regularizers.l2(1e-4) (a function "
                        f"x -> scalar Tensor) or None, got {regularizer!r}")
    if arg != "activity_regularizer":
        refuse_activity_only(regularizer, f"{layer}: {arg}")
    return regularizer


def refuse_activity_only(regularizer, where):
    """A ValueError when a penalty meant for a layer's output (activity_only) is put on a weight."""
    if getattr(regularizer, "activity_only", False):
        raise ValueError(f"{where}: {regularizer!r} is a penalty on a layer's output (its mean activation per "
                         f"unit over the batch), for activity_regularizer= only; a weight has no batch")


def weight_term(regularizer, weight):
    """What a kernel or bias regulariser adds to the loss: Omega(weight), a single-number Tensor."""
    refuse_activity_only(regularizer, "a kernel or bias regulariser")
    return single_number(regularizer(weight), regularizer)


def activity_term(regularizer, output):
    """What an activity regulariser adds to the loss for one forward pass: a Regularizer's
    activity_term(output) (which knows divide_by_batch); a plain function's value divided by N, as in tf.keras."""
    if isinstance(regularizer, Regularizer):
        return regularizer.activity_term(output)
    return per_batch(single_number(regularizer(output), regularizer), output)


def single_number(value, regularizer):
    if not isinstance(value, Tensor) or value.size != 1:
        got = f"shape {value.shape}" if isinstance(value, Tensor) else type(value).__name__
        raise TypeError(f"regulariser {regularizer!r} must return a single-number Tensor, got {got}")
    return value


def per_batch(value, output):
    """value / N, N = output.shape[0] the number of samples in the batch."""
    if output.ndim < 1:
        raise ValueError(f"activity regularizer: dividing by the batch size needs an output with a batch axis, "
                         f"got shape {output.shape}")
    return value / output.shape[0]


__all__ = ["Regularizer", "L1L2", "TFL2", "SparsityKL", "l1", "l2", "l1_l2", "tf_l2", "sparsity_kl"]
