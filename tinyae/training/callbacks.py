"""Callbacks: code that fit() calls at fixed moments of training, as in Keras.

fit() calls, for every callback in its `callbacks` list:

    on_train_begin()  then per epoch:  on_epoch_begin(epoch), on_batch_end(batch, logs) after each
    batch, on_epoch_end(epoch, logs)  and finally on_train_end()

where `logs` holds the batch's losses and metrics (on_batch_end) or the epoch's means with the
validation ones (on_epoch_end). `self.model` is the Model being trained; setting
`self.model.stop_training = True` ends training after the current epoch.
"""


class Callback:
    model = None

    def set_model(self, model):
        self.model = model

    def on_train_begin(self):
        pass

    def on_train_end(self):
        pass

    def on_epoch_begin(self, epoch):
        pass

    def on_batch_end(self, batch, logs):
        pass

    def on_epoch_end(self, epoch, logs):
        pass


class EarlyStopping(Callback):
    """Stop when `monitor` (default "val_loss") has not improved by more than `min_delta` for
    `patience` epochs in a row (at least one), like Keras's EarlyStopping with its defaults
    (patience 0, min_delta 0: stop at the first epoch that does not improve).
    restore_best_weights=True puts back the weights of the best epoch when it stops."""

    def __init__(self, monitor="val_loss", patience=0, min_delta=0.0, restore_best_weights=False):
        self.monitor, self.patience, self.min_delta = monitor, patience, abs(min_delta)
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self):
        self.best, self.best_epoch, self.best_weights = float("inf"), None, None
        self.wait, self.stopped_epoch = 0, None

    def on_epoch_end(self, epoch, logs):
        if self.monitor not in logs:
            raise ValueError(f"EarlyStopping: monitors {self.monitor!r} but the logs hold only {sorted(logs)} "
                             f"(val_loss needs fit(..., validation_data=...))")
        current = logs[self.monitor]
        if current < self.best - self.min_delta:
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

    def __init__(self, images, path_pattern, every=10, transform=None, nrow=8, image_shape=None):
        self.images, self.path_pattern, self.every = images, str(path_pattern), every
        self.transform, self.nrow, self.image_shape = transform, nrow, image_shape
        self.saved = []

    def on_epoch_end(self, epoch, logs):
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

    def __init__(self, images, every_batches=None, path=None, image_shape=None):
        self.images, self.every_batches, self.path, self.image_shape = images, every_batches, path, image_shape
        self.view = None
        self.epoch = 0

    def on_train_begin(self):
        from .. import plot
        self.view = plot.LiveReconstructions(self.images, path=self.path, image_shape=self.image_shape)

    def on_epoch_begin(self, epoch):
        self.epoch = epoch

    def on_batch_end(self, batch, logs):
        if self.every_batches and batch % self.every_batches == 0:
            self.view.update(self.model.predict(self.images),
                             title=f"epoch {self.epoch} step {batch}: loss {logs['loss']:.4f}")

    def on_epoch_end(self, epoch, logs):
        if not self.every_batches:
            self.view.update(self.model.predict(self.images), title=f"epoch {epoch}: loss {logs['loss']:.4f}")
