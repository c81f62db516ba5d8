"""Callbacks: code that fit() calls at fixed moments of training, as in Keras.

fit() calls, for every callback in its `callbacks` list:

    on_train_begin()  then per epoch:  on_epoch_begin(epoch), on_batch_begin(batch) and
    on_batch_end(batch, logs) around each batch, on_epoch_end(epoch, logs)  and finally on_train_end()

where `logs` holds the batch's losses and metrics (on_batch_end) or the epoch's means with the
validation ones (on_epoch_end). `self.model` is the Model being trained; setting
`self.model.stop_training = True` ends training after the current epoch.

A callback that defines another hook, one of tf.keras's (on_train_batch_end, on_test_begin, ...),
is refused by fit: it would never be called, and the callback would silently do nothing.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from os import PathLike

from ..arguments import close_match, is_int, is_number
from ..backend import Array
from ..nn.sizes import positive_int


class Callback:
    """The base class: every hook does nothing; a callback overrides the ones it needs (see the
    module docstring for when fit() calls each)."""
    model = None

    def set_model(self, model: Model) -> None:
        """Called by fit() before training: self.model becomes the Model being trained."""
        self.model = model

    def on_train_begin(self) -> None:
        """Before the first epoch (reset what the callback counts here, so that it can be reused)."""

    def on_train_end(self) -> None:
        """After the last epoch, or after the one at which training was stopped."""

    def on_epoch_begin(self, epoch: int) -> None:
        """Before epoch `epoch` (counted from 0)."""

    def on_batch_begin(self, batch: int) -> None:
        """Before batch `batch` (from 0 in each epoch) is trained on."""

    def on_batch_end(self, batch: int, logs: dict[str, float]) -> None:
        """After batch `batch` (from 0 in each epoch); logs: that batch's loss, terms and metrics."""

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        """After epoch `epoch`; logs: the epoch's means ("loss", ...) and the validation ones ("val_loss", ...)."""


HOOKS = ("on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end")

# tf.keras's hooks that fit() does not call, and what to write instead
OTHER_HOOKS = {
    "on_train_batch_begin": "write on_batch_begin(batch), Keras 2's name",
    "on_train_batch_end": "write on_batch_end(batch, logs), Keras 2's name",
    **dict.fromkeys([f"on_{stage}_{moment}" for stage in ("test", "test_batch", "predict", "predict_batch")
                     for moment in ("begin", "end")],
                    "fit calls no hooks while it computes the validation loss (evaluate and predict take no "
                    "callbacks); on_epoch_end(epoch, logs) gets the epoch's val_ values in logs"),
}


def refuse_unknown_hooks(callback: Callback) -> None:
    """A TypeError for a method on_... of `callback` that fit() never calls (a tf.keras hook, a typo),
    which would leave the callback silently doing nothing."""
    unknown = [name for name in dir(type(callback)) if name.startswith("on_") and name not in HOOKS]
    if unknown:
        name = unknown[0]
        hint = OTHER_HOOKS.get(name) or f"the hooks are {', '.join(HOOKS)}{close_match(name, HOOKS)}"
        raise TypeError(f"{type(callback).__name__}.{name}: fit() never calls this method, so the callback would "
                        f"do nothing there; {hint}")


class EarlyStopping(Callback):
    """Stop when `monitor` (default "val_loss") has not improved by more than `min_delta` for
    `patience` epochs in a row (at least one), like Keras's EarlyStopping with its defaults
    (patience 0, min_delta 0: stop at the first epoch that does not improve).
    `mode`: "min" (lower is better), "max" (higher is better) or "auto", Keras's default: "max" for
    a monitor whose name ends in "acc", "accuracy" or "auc" (val_accuracy), else "min".
    restore_best_weights=True puts back the weights of the best epoch when it stops. The first
    three arguments come in Keras's order: EarlyStopping("val_loss", 0, 5) is min_delta 0, patience 5."""

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0.0, patience: int = 0, *,
                 mode: str = "auto", restore_best_weights: bool = False) -> None:
        if not is_number(min_delta):
            raise TypeError(f"EarlyStopping: min_delta must be a number, got {type(min_delta).__name__} {min_delta!r}")
        if not is_int(patience) or patience < 0:
            raise ValueError(f"EarlyStopping: patience must be an int >= 0, got {patience!r} "
                             f"({type(patience).__name__})")
        if not isinstance(monitor, str):
            raise TypeError(f"EarlyStopping: monitor must be the name of a logged value such as 'val_loss', got "
                            f"{type(monitor).__name__} {monitor!r}")
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"EarlyStopping: mode must be 'auto', 'min' or 'max', got {mode!r}")
        if mode == "auto":
            mode = "max" if monitor.endswith(("acc", "accuracy", "auc")) else "min"
        self.monitor, self.patience, self.mode = monitor, int(patience), mode
        self.min_delta = abs(min_delta)
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self) -> None:
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch, self.best_weights = None, None
        self.wait, self.stopped_epoch = 0, None

    def improves(self, current: float) -> bool:
        """current < best - min_delta in mode "min", current > best + min_delta in mode "max"."""
        if self.mode == "min":
            return current < self.best - self.min_delta
        return current > self.best + self.min_delta

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        if self.monitor not in logs:
            source = ("a val_ name needs fit(..., validation_data=...) or validation_split"
                      if self.monitor.startswith("val_") else "a metric needs compile(..., metrics=[...])")
            hint = close_match(self.monitor, logs) or f" ({source})"
            raise ValueError(f"EarlyStopping: monitors {self.monitor!r} but the logs hold only {sorted(logs)}{hint}")
        current = logs[self.monitor]
        if self.improves(current):
            self.best, self.best_epoch, self.wait = current, epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.module.state_dict()
            return
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                self.model.module.load_state_dict(self.best_weights)


class SaveImageGrid(Callback):
    """Every `every` epochs (epoch 0, every, 2 every, ...: seed 003's `if epoch % 10 == 0`), save the
    model's output for `images` as one PNG grid of `nrow` images per row (torchvision's
    save_image). `path_pattern` is formatted with the epoch number, e.g. "out/image_{epoch}.png";
    `transform` maps the outputs to [0, 1] first (e.g. lambda x: 0.5 * (x + 1) for [-1, 1] data)."""

    def __init__(self, images: Array, path_pattern: str | PathLike, every: int = 10,
                 transform: Callable[[Array], Array] | None = None, nrow: int = 8,
                 image_shape: tuple[int, int] | None = None) -> None:
        every = positive_int(every, "every", "SaveImageGrid")
        self.images, self.path_pattern, self.every = images, str(path_pattern), every
        self.transform, self.nrow, self.image_shape = transform, nrow, image_shape
        self.saved = []

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        if epoch % self.every:
            return
        from .. import plot   # matplotlib is imported only when a plot is made
        output = self.model.predict(self.images)
        if self.transform is not None:
            output = self.transform(output)
        path = self.path_pattern.format(epoch=epoch)
        plot.save_image_grid(output, path, nrow=self.nrow, image_shape=self.image_shape)
        self.saved.append(path)


class LivePlot(Callback):
    """Seed 001's live view (plt.ion()): originals on top, the model's reconstructions below, redrawn
    every `every_batches` batches of each epoch (batch 0, every_batches, ...), or after each epoch
    when every_batches is None. Without a display the figure is saved to `path` at each redraw."""

    def __init__(self, images: Array, every_batches: int | None = None, path: str | PathLike | None = None,
                 image_shape: tuple[int, int] | None = None) -> None:
        if every_batches is not None:
            every_batches = positive_int(every_batches, "every_batches", "LivePlot")
        self.images, self.every_batches, self.path, self.image_shape = images, every_batches, path, image_shape
        self.view = None
        self.epoch = 0

    def on_train_begin(self) -> None:
        from .. import plot
        self.view = plot.LiveReconstructions(self.images, path=self.path, image_shape=self.image_shape)

    def on_epoch_begin(self, epoch: int) -> None:
        self.epoch = epoch

    def on_batch_end(self, batch: int, logs: dict[str, float]) -> None:
        if self.every_batches and batch % self.every_batches == 0:
            self.view.update(self.model.predict(self.images),
                             title=f"epoch {self.epoch} step {batch}: loss {logs['loss']:.4f}")

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        if not self.every_batches:
            self.view.update(self.model.predict(self.images), title=f"epoch {epoch}: loss {logs['loss']:.4f}")


# Last, for the type hints: model.py imports Callback from this module, which exists by now.
from .model import Model  # noqa: E402
