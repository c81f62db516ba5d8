"""Model: Keras's compile / fit / evaluate / predict / summary around any tinyae Module.

    model = ta.Model(nn.Sequential(nn.Dense(784, 32, "relu"), nn.Dense(32, 784, "sigmoid")))
    model.summary()
    model.compile(optimizer="adadelta", loss="binary_crossentropy")   # or objects: optim..., losses...
    history = model.fit(x_train, x_train, epochs=50, batch_size=256, shuffle=True,
                        validation_data=(x_test, x_test))
    reconstructed = model.predict(x_test)

A classifier whose last layer outputs logits (say so: a loss name alone means probabilities):

    model.compile("adam", keras_loss("sparse_categorical_crossentropy", from_logits=True), metrics=["accuracy"])
    model.fit(x_train, y_train, validation_data=(x_test, y_test))     # history: accuracy, val_accuracy

A VAE, whose loss is not loss(prediction, y): see Model.add_loss.

The PyTorch idiom (zero_grad / backward / step written out) needs none of this: use the module,
a loss and an optimizer directly. Both drive the same engine.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, contextmanager
from os import PathLike
from pathlib import Path
from typing import Any

from .. import backend
from ..arguments import is_int, is_number
from ..backend import Array
from ..datasets.batching import batches
from ..nn.module import LayerOutputs, Module
from ..nn.noise import Dropout, GaussianNoise
from ..nn.parameter import Parameter
from ..optim.optimizer import Optimizer
from ..other_names import MODEL_ATTRIBUTES, no_attribute
from ..tensor import Tensor, no_grad
from .callbacks import Callback, refuse_unknown_hooks
from .history import History
from .metrics import Metric
from .names import get_loss, get_optimizer
from .progress import ProgressBar
from .summary import guess_input_shape, summary_lines
from .weights import load_weights, save_weights

np = backend.module_for("numpy")

# what compile(loss=...) and add_loss take: loss(outputs, y) or fn(inputs, outputs) -> a Tensor or {name: Tensor}
LossFunction = Callable[..., Tensor | dict[str, Tensor]]
# what compile(extra_losses=...) takes: term(module) -> a Tensor or {name: Tensor}
LossTerm = Callable[[Module], Tensor | dict[str, Tensor]]


class Model:
    """Keras's training API for the network `module`.

    input_shape (without the batch axis, e.g. (784,)) is only needed by summary(), and only when
    it cannot be guessed (the first layer is not a Dense and no batch has been trained yet: fit and
    train_on_batch keep the shape of the first batch that trained, not that of data a failed call was given).

    The loss minimised for a batch x (targets y) with outputs = module(x) is

        L = loss(outputs, y)                     compile(loss=...): a function or a Keras name
          + sum of fn(x, outputs)                model.add_loss(fn): Keras's add_loss, for a loss
                                                 of the inputs and outputs alone (a VAE's
                                                 784 * BCE + KL); then fit(x, None) needs no y
          + sum of term(module)                  compile(extra_losses=...): terms that read what
                                                 the module kept from its forward (self.h = h)
          + the module's regularisation terms    module.regularization_terms(): layers'
                                                 kernel_regularizer / activity_regularizer

    and is reported as "loss". Any loss function may return a dict {name: scalar Tensor} instead
    of one Tensor: each term is then reported by name (in History and on the progress line,
    "val_<name>" for validation) and their sum is minimised. So is a named add_loss or
    extra_losses term, and so is each regularisation term (under the name the module gives it).
    A module's forward may return several tensors (a VAE's reconstruction, mu, log_var):
    `outputs` is then that tuple, and predict() returns a tuple of arrays.

    metrics=["accuracy"] adds the accuracy (see metrics.py for which one), "val_accuracy" too;
    "mae" and "mse" the mean absolute and squared errors.

    Training mode: fit() trains each sub-module in the mode it is in when fit() is called (call
    module.eval() on a frozen encoder to keep its noise and dropout off while the rest trains);
    validation and predict() switch every module to evaluation mode and then put back each
    module's own mode, so an eval() you made survives fit(). A whole network in evaluation mode
    that has Dropout or GaussianNoise layers is refused by fit() and train_on_batch() (call
    module.train() first).
    """

    def __init__(self, module: Module | None = None, input_shape: Sequence[int] | None = None, **keras: Any) -> None:
        functional = ("Keras's functional Model(inputs, outputs) has no tinyae form: write the network as a module "
                      "(nn.Sequential(...) or a Module subclass) and take its encoder half as module[:k]")
        if keras:
            hints = [functional] if {"inputs", "outputs"} & set(keras) else []
            hints += ["name: name the module, nn.Sequential(..., name='autoencoder')"] if "name" in keras else []
            raise TypeError(f"Model: unexpected keyword argument(s) {', '.join(map(repr, keras))}"
                            + "".join(f"; {hint}" for hint in hints))
        if module is None:
            raise TypeError("Model: module is missing; ta.Model(module) wraps a network such as nn.Sequential(...)")
        if not isinstance(module, Module):
            hint = f"; {functional}" if isinstance(module, Tensor) or isinstance(input_shape, Tensor) else ""
            raise TypeError(f"Model: module must be a tinyae Module, got {type(module).__name__}{hint}")
        self.module = module
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.optimizer = self.loss = None
        self.metrics, self.extra_losses, self.added_losses = [], [], []
        self.stop_training = False
        self.history = None

    def __call__(self, x: Tensor) -> Tensor | tuple[Tensor, ...]:
        return self.module(x)

    def __getattr__(self, name: str) -> Any:
        """Called only for an attribute the Model lacks: Keras's model.input, model.save, ... say what
        tinyae has (other_names.MODEL_ATTRIBUTES)."""
        raise no_attribute("'Model' object", name, MODEL_ATTRIBUTES)

    def parameters(self) -> list[Parameter]:
        """The module's parameters (module.parameters()), each once: what the optimizer updates."""
        return self.module.parameters()

    def count_params(self) -> int:
        """Keras's model.count_params(): the number of parameter values, trainable or frozen, a weight
        shared by two layers counted once (summary()'s "Total params")."""
        return sum(p.size for p in self.parameters())

    @property
    def layers(self) -> list[Module]:
        """The module's layers (module.layers: Keras's flat list, in order)."""
        return self.module.layers

    def get_layer(self, name: str) -> Module:
        """The layer called `name` (module.get_layer)."""
        return self.module.get_layer(name)

    def get_weights(self) -> list[Array]:
        """The parameters as NumPy arrays, in Keras's order (module.get_weights)."""
        return self.module.get_weights()

    def set_weights(self, weights: list[Array] | tuple[Array, ...]) -> None:
        """Copy arrays in get_weights's order into the parameters (module.set_weights)."""
        self.module.set_weights(weights)

    def capture(self, *names: str) -> AbstractContextManager[LayerOutputs]:
        """The outputs of the named layers during a block (module.capture): `with model.capture("code")
        as out: model.predict(x)`, then `out.all("code")` (one output per batch)."""
        return self.module.capture(*names)

    # ----- compile ------------------------------------------------------------------------
    def compile(self, optimizer: Optimizer | str, loss: LossFunction | str | None = None,
                metrics: list[str] | tuple[str, ...] | None = None,
                extra_losses: LossTerm | Sequence[LossTerm] | dict[str, LossTerm] = ()) -> Model:
        """optimizer: an optim.Optimizer over this model's parameters, or a Keras name ("adadelta",
        "adam", "sgd", "rmsprop") meaning that optimizer's Keras flavour with Keras's defaults.
        loss: a function loss(outputs, y) -> scalar Tensor or dict of them (e.g. losses.mse), a
        Keras name (names.py; of probabilities: use keras_loss(name, from_logits=True) for
        logits), or None when the loss comes from model.add_loss.
        metrics: a list of metric names (metrics.py), e.g. ["accuracy"] or ["mae"].
        extra_losses: a function term(module) -> scalar Tensor, a list of them, or a dict
        {name: term} (see the class docstring)."""
        optimizer = get_optimizer(optimizer, self.module.parameters())
        own = {id(p) for p in self.module.parameters()}
        if not any(id(p) in own for p in optimizer.params):
            raise ValueError(f"compile: the optimizer holds none of this model's {len(own)} parameters (was it "
                             f"built over another model's?); build it over model.parameters()")
        self.optimizer = optimizer
        self.loss = get_loss(loss)
        if isinstance(metrics, str) or not isinstance(metrics, (list, tuple, type(None))):
            raise TypeError(f"compile: metrics must be a list of names, e.g. ['accuracy'], got {metrics!r}")
        self.metrics = [Metric(name, self.loss) for name in metrics or ()]
        if callable(extra_losses):
            extra_losses = [extra_losses]
        items = extra_losses.items() if isinstance(extra_losses, dict) else [(None, t) for t in extra_losses]
        for name, term in items:
            if not callable(term):
                raise TypeError(f"compile: extra loss {name or ''} must be a function term(module) -> Tensor, "
                                f"got {type(term).__name__}")
        self.extra_losses = list(items)
        return self

    def add_loss(self, fn: LossFunction, name: str | None = None) -> Model:
        """Add fn(inputs, outputs) -> scalar Tensor (or a dict {name: Tensor}) to the loss, Keras's
        model.add_loss: `inputs` is the batch x as a Tensor, `outputs` what the module returned
        for it (a tuple for several outputs). With a `name` the term is also reported by itself.
        The chapters' VAE:

            model.add_loss(lambda x, out: {"reconstruction": 784 * losses.binary_crossentropy(out[0], x),
                                           "kl": losses.gaussian_kl(out[1], out[2])})
            model.compile("rmsprop")
            model.fit(x_train, None, epochs=50, batch_size=100, validation_data=(x_test, None))
        """
        if not callable(fn):
            raise TypeError(f"add_loss: fn must be a function fn(inputs, outputs) -> Tensor, got {type(fn).__name__}")
        self.added_losses.append((name, fn))
        return self

    # ----- training -----------------------------------------------------------------------
    def train_on_batch(self, x: Array, y: Array | None = None, *,
                       return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """One step of gradient descent on one batch. Returns, as Keras does, the batch's loss, or
        the list [loss, metric, ...] (model.metrics_names) when compiled with metrics; with
        return_dict, every reported term and metric as a dict."""
        self._check_compiled("train_on_batch")
        self._check_targets("train_on_batch", y)
        self._check_not_all_in_eval_mode("train_on_batch")
        return self._keras_result(self._train_step(x, y, where=None), return_dict)

    def fit(self, x: Array, y: Array | None = None, batch_size: int = 32, epochs: int = 1, verbose: int = 1,
            callbacks: Iterable[Callback] | Callback | None = None, validation_split: float = 0.0,
            validation_data: tuple[Array, Array | None] | None = None, shuffle: bool = True, *,
            terminate_on_nan: bool = True) -> History:
        """Train for `epochs` passes over (x, y) in batches of `batch_size` (reshuffled each epoch
        when `shuffle`), evaluating on validation_data=(x_val, y_val) after each epoch and calling
        the `callbacks` (a list, or one Callback) at each epoch and batch. y (and y_val) is None
        when the loss comes from add_loss alone. validation_split=f instead holds out
        the last fraction f of the rows (before any shuffling, as Keras does) as the validation data.
        verbose: 0 silent, 1 a progress bar per epoch, 2 one line per epoch (as Keras).
        terminate_on_nan: stop with a FloatingPointError at the first batch whose loss is NaN or
        inf (before its update, so the weights are those of the batch before); Keras's
        TerminateOnNaN, on by default here. The data are checked for NaN and inf up front.
        Returns a History: history.history["loss"][e] is the batch-size-weighted mean of epoch e's
        batch losses, history.history["val_loss"][e] the validation loss after epoch e.
        The arguments come in Keras's order, so fit(x, y, 256, 50) is batch_size 256, 50 epochs."""
        self._check_compiled("fit")
        self._check_data("fit", x, y)
        if validation_split != 0:
            x, y, validation_data = _split_off_validation(x, y, validation_split, validation_data)
        self._check_targets("fit", y)
        self._check_batch_size("fit", batch_size)
        if not is_int(epochs) or epochs < 1:
            raise ValueError(f"fit: epochs must be a positive int, got {epochs!r}")
        self._check_verbose("fit", verbose)
        if not isinstance(terminate_on_nan, bool):
            raise TypeError(f"fit: terminate_on_nan must be True or False, got {terminate_on_nan!r}")
        if not isinstance(shuffle, bool):
            keras = " (Keras's 'batch' shuffles within HDF5 chunks; tinyae's data are arrays)"
            raise TypeError(f"fit: shuffle must be True or False, got {shuffle!r}{keras if shuffle == 'batch' else ''}")
        if validation_data is not None:
            self._check_validation_data(validation_data, x, y)
        self._check_not_all_in_eval_mode("fit")
        if isinstance(callbacks, Callback):        # one callback, not in a list: tf.keras takes it too
            callbacks = [callbacks]
        callbacks = [] if callbacks is None else list(callbacks)
        for callback in callbacks:
            if not isinstance(callback, Callback):
                raise TypeError(f"fit: callbacks must be Callback objects, got {type(callback).__name__}")
            refuse_unknown_hooks(callback)
        self._check_trainable("fit")
        history = History()
        callbacks = [history, *callbacks]
        for callback in callbacks:
            callback.set_model(self)
            callback.on_train_begin()
        self.history, self.stop_training = history, False
        steps = math.ceil(len(x) / batch_size)
        for epoch in range(epochs):
            if verbose:
                print(f"Epoch {epoch + 1}/{epochs}")
            for callback in callbacks:
                callback.on_epoch_begin(epoch)
            bar = ProgressBar(steps, verbose) if verbose else None
            means = WeightedMeans()
            for step, (x_batch, y_batch) in enumerate(_batches(x, y, batch_size, shuffle)):
                for callback in callbacks:
                    callback.on_batch_begin(step)
                where = (epoch, epochs, step, steps) if terminate_on_nan else None
                logs = self._train_step(x_batch, y_batch, where)
                means.add(logs, len(x_batch))
                if bar:
                    bar.update(step + 1, means.result())
                for callback in callbacks:
                    callback.on_batch_end(step, logs)
            logs = means.result()
            if validation_data is not None:
                val_logs = self._mean_losses(*validation_data, batch_size)
                logs.update({f"val_{name}": value for name, value in val_logs.items()})
            if bar:
                bar.finish(logs)
            for callback in callbacks:
                callback.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for callback in callbacks:
            callback.on_train_end()
        return history

    # ----- using the trained model --------------------------------------------------------
    def evaluate(self, x: Array, y: Array | None = None, batch_size: int = 32, verbose: int = 0, *,
                 return_dict: bool = False) -> float | list[float] | dict[str, float]:
        """The loss on (x, y), the batch-size-weighted mean over batches, in evaluation mode (no
        dropout or noise layers). As in Keras, a model compiled with metrics returns the list
        [loss, metric, ...] (model.metrics_names): `loss, acc = model.evaluate(x, y)`. With
        return_dict, every reported term and metric as a dict.
        verbose: 0 silent (the default here; Keras's is 1), 1 a progress bar, 2 one line."""
        self._check_compiled("evaluate")
        self._check_data("evaluate", x, y)
        self._check_targets("evaluate", y)
        self._check_batch_size("evaluate", batch_size)
        self._check_verbose("evaluate", verbose)
        logs = self._mean_losses(x, y, batch_size, _progress_bar(x, batch_size, verbose))
        return self._keras_result(logs, return_dict)

    @property
    def metrics_names(self) -> list[str]:
        """Keras's names of what evaluate and train_on_batch return: ["loss", then each metric]."""
        return ["loss", *(metric.name for metric in self.metrics)]

    def _keras_result(self, logs, return_dict):
        """Keras's return convention: the dict when asked for; else the loss alone, or the list
        [loss, metric, ...] when compiled with metrics (named loss terms are only in the dict)."""
        if return_dict:
            return logs
        return [logs[name] for name in self.metrics_names] if self.metrics else logs["loss"]

    def predict(self, x: Array, batch_size: int = 32, verbose: int = 0) -> Array | tuple[Array, ...]:
        """The network's output for x, computed in batches in evaluation mode, as a NumPy array (a
        tuple of them when the module returns a tuple). verbose: 0 silent (Keras 2's default),
        1 a progress bar, 2 one line."""
        self._check_data("predict", x)
        self._check_batch_size("predict", batch_size)
        self._check_verbose("predict", verbose)
        bar = _progress_bar(x, batch_size, verbose)
        outputs = []                       # arrays, not Tensors: a sigmoid output's logits die with it
        with self._evaluation():
            for step, x_batch in enumerate(batches(x, batch_size=batch_size, shuffle=False)):
                out = self.module(self._inputs(x_batch))
                outputs.append(tuple(o.data for o in out) if isinstance(out, (tuple, list)) else out.data)
                if bar:
                    bar.update(step + 1, {})
        if bar:
            bar.finish({})
        if isinstance(outputs[0], tuple):
            return tuple(np.concatenate([backend.to_numpy(o[k]) for o in outputs]) for k in range(len(outputs[0])))
        return np.concatenate([backend.to_numpy(o) for o in outputs])

    def summary(self, input_shape: Sequence[int] | None = None, print_fn: Callable[[str], None] = print) -> None:
        """Print the Keras-style table of layers, output shapes and parameter counts (see summary.py)."""
        shape = input_shape or self.input_shape or guess_input_shape(self.module)
        if shape is None:
            raise ValueError("summary: the input shape is unknown; pass it without the batch axis, e.g. "
                             "Model(module, input_shape=(1, 28, 28)) or model.summary(input_shape=(1, 28, 28))")
        for line in summary_lines(self.module, shape):
            print_fn(line)

    def save_weights(self, path: str | PathLike, include_optimizer: bool = False) -> Path:
        """Save the parameters to the .npz file `path` (atomically: see weights.py), and with
        include_optimizer=True the optimizer's state too, so that load_weights can resume
        training exactly where it stopped."""
        if include_optimizer:
            self._check_compiled("save_weights(include_optimizer=True)")
        return save_weights(self.module, path, self.optimizer if include_optimizer else None)

    def load_weights(self, path: str | PathLike, include_optimizer: bool = True) -> Model:
        """Load parameters saved by save_weights (names, shapes and dtypes must match), and the
        optimizer's state when the file holds one, the model is compiled and include_optimizer
        (False: the weights alone, e.g. into a model compiled with another optimizer)."""
        if not isinstance(include_optimizer, bool):
            raise TypeError(f"load_weights: include_optimizer must be True or False, got {include_optimizer!r}")
        load_weights(self.module, path, self.optimizer if include_optimizer else None)
        return self

    # ----- inside ---------------------------------------------------------------------------
    def _train_step(self, x, y, where):
        """Forward, read the batch's numbers (one transfer from the GPU), stop if the loss is not
        finite and `where` = (epoch, epochs, step, steps) says to check, then backward and update."""
        loss, values = self._forward(self._inputs(x), self._targets(y))
        logs = _read(values)
        if where is not None and not all(math.isfinite(v) for v in logs.values()):
            self._stop_on_nan(logs, *where)
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        self.input_shape = self.input_shape or tuple(x.shape[1:])    # for summary(): a shape that trained
        return logs

    def _forward(self, x, y):
        """(the total loss Tensor, {"loss": it, each named term, each metric}) for one batch."""
        outputs = self.module(x)
        reported, parts = {}, []
        if self.loss is not None:
            parts.append(_terms("the loss function", self.loss(outputs, y), None, reported))
        for name, fn in self.added_losses:
            parts.append(_terms("an add_loss function", fn(x, outputs), name, reported))
        for name, term in self.extra_losses:
            parts.append(_terms("an extra_losses term", term(self.module), name, reported))
        for name, term in self.module.regularization_terms().items():
            parts.append(_terms("a regularisation term", term, name, reported))
        total = parts[0]
        for part in parts[1:]:
            total = total + part
        values = {"loss": total, **reported}
        for metric in self.metrics:
            _add_name(values, metric.name, metric(outputs, y))
        return total, values

    def _stop_on_nan(self, logs, epoch, epochs, step, steps):
        bad = ", ".join(f"{name} = {value}" for name, value in logs.items() if not math.isfinite(value))
        raise FloatingPointError(
            f"fit: {bad} at epoch {epoch + 1}/{epochs}, batch {step + 1}/{steps}; training stopped before this "
            f"batch's update (the weights are those after the batch before). The data were checked and are "
            f"finite, so the likely cause is a learning rate too large for this model (lr = {self.optimizer.lr}: "
            f"try 10 times smaller) or a loss that takes the log of 0; pass fit(..., terminate_on_nan=False) "
            f"to train on regardless")

    def _mean_losses(self, x, y, batch_size, bar=None):
        means = WeightedMeans()
        with self._evaluation():
            for step, (x_batch, y_batch) in enumerate(_batches(x, y, batch_size, shuffle=False)):
                _, values = self._forward(self._inputs(x_batch), self._targets(y_batch))
                means.add(_read(values), len(x_batch))
                if bar:
                    bar.update(step + 1, means.result())
        if bar:
            bar.finish(means.result())
        return means.result()

    @contextmanager
    def _evaluation(self):
        """Evaluation mode without a graph, then back to each module's own mode."""
        modes = [(m, m.training) for _, m in self.module.named_modules()]
        self.module.eval()
        try:
            with no_grad():
                yield
        finally:
            for m, training in modes:
                object.__setattr__(m, "training", training)

    def _dtype(self):
        parameters = self.module.parameters()
        return parameters[0].dtype if parameters else backend.DEFAULT_DTYPE

    def _inputs(self, x):
        """A batch of inputs as a tensor on the backend in use, in the parameters' dtype."""
        return Tensor(backend.as_array(x, self._dtype()))

    def _targets(self, y):
        """Integer targets are class labels and stay integers; anything else becomes like the inputs."""
        if y is None:
            return None
        if backend.is_array(y) and y.dtype.kind in "iu":
            return backend.to_backend(y)
        return self._inputs(y)

    def _check_compiled(self, method):
        if self.optimizer is None:
            raise RuntimeError(f"{method}: call model.compile(optimizer, loss) first")
        if self.loss is None and not (self.added_losses or self.extra_losses):
            raise RuntimeError(f"{method}: there is no loss to minimise; compile(optimizer, loss=...) or "
                               f"model.add_loss(fn)")

    def _check_targets(self, method, y):
        """y must be given exactly when there is a loss(outputs, y) or a metric to compare with it."""
        needs_y = self.loss is not None or self.metrics
        if y is None and needs_y:
            raise ValueError(f"{method}: y is None, but the compiled loss / metrics compare the outputs with y; "
                             f"pass y, or put a loss of the inputs and outputs alone in model.add_loss(fn) and "
                             f"compile with loss=None")
        if y is not None and not needs_y:
            raise ValueError(f"{method}: y was given but nothing uses it (the loss comes from add_loss); "
                             f"pass y=None")

    def _check_trainable(self, method):
        trainable = [p for p in self.module.parameters() if p.requires_grad]
        if not trainable:
            raise ValueError(f"{method}: the model has no trainable parameters (all are frozen); nothing would learn")
        held = {id(p) for p in self.optimizer.params}
        if not any(id(p) in held for p in trainable):
            raise ValueError(f"{method}: the optimizer holds none of the model's {len(trainable)} trainable "
                             f"parameters; nothing would learn. Build it over model.parameters() (or unfreeze)")

    def _check_batch_size(self, method, batch_size):
        if not is_int(batch_size) or batch_size < 1:
            raise ValueError(f"{method}: batch_size must be a positive int, got {batch_size!r}")

    def _check_verbose(self, method, verbose):
        if verbose not in (0, 1, 2):
            raise ValueError(f"{method}: verbose must be 0, 1 or 2, got {verbose!r}")

    def _check_data(self, method, x, y=None, names=("x", "y")):
        if not backend.is_array(x):
            hint = (" (Keras's API takes arrays: pass the tensor's values, t.numpy())" if isinstance(x, Tensor) else
                    " (stack the examples into one array, np.stack(examples))" if isinstance(x, list) else "")
            raise TypeError(f"{method}: {names[0]} must be a NumPy or CuPy array, got {type(x).__name__}{hint}")
        if x.ndim < 2:       # rows of single numbers: one example's 784 pixels would be 784 examples
            raise ValueError(f"{method}: {names[0]} has shape {x.shape}, but its first axis is the batch: one row "
                             f"per example (one example x is x[None], shape (1, {x.size}); numbers, one per "
                             f"example, are x[:, None])")
        if len(x) == 0:
            raise ValueError(f"{method}: {names[0]} is empty (shape {x.shape})")
        if y is not None and (not backend.is_array(y) or len(y) != len(x)):
            got = f"shape {y.shape}" if backend.is_array(y) else type(y).__name__
            raise ValueError(f"{method}: {names[1]} must be an array with one row per row of {names[0]} "
                             f"({len(x)}), got {got}")
        for name, array in zip(names, (x, y)):
            if array is not None:
                _check_finite(method, name, array)

    def _check_not_all_in_eval_mode(self, method):
        """fit and train_on_batch keep each module's own mode (encoder.eval() keeps a frozen encoder's
        noise off), but a whole network left in eval() (by a PyTorch-style test pass) would train with
        all its noise and dropout off, silently: refused when the network has any."""
        if self.module.training:
            return
        noisy = (Dropout, GaussianNoise)
        layers = sorted({type(m).__name__ for _, m in self.module.named_modules() if isinstance(m, noisy)})
        if layers:
            raise ValueError(f"{method}: the whole network is in evaluation mode (module.eval() was called on it), so "
                             f"its {' and '.join(layers)} would stay off while it trains; call module.train() first "
                             f"(and eval() only on the parts that should stay without noise, such as a frozen encoder)")

    def _check_validation_data(self, validation_data, x, y):
        """validation_data = (x_val, y_val) like (x, y) but for the row count: checked before training."""
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            raise ValueError("fit: validation_data must be a pair (x_val, y_val) (y_val None with add_loss)")
        x_val, y_val = validation_data
        self._check_data("fit", x_val, y_val, names=("validation x", "validation y"))
        if (y is None) != (y_val is None):
            raise ValueError(f"fit: y is {'None' if y is None else 'given'} but the validation y is "
                             f"{'None' if y_val is None else 'given'}; they must agree")
        for name, train, val in (("x", x, x_val), ("y", y, y_val)):
            if val is not None and tuple(val.shape[1:]) != tuple(train.shape[1:]):
                raise ValueError(f"fit: validation {name} has rows of shape {tuple(val.shape[1:])} but {name} has "
                                 f"{tuple(train.shape[1:])} (shapes {val.shape} and {train.shape})")

    def __repr__(self):
        return f"Model({self.module!r})"


def _split_off_validation(x, y, fraction, validation_data):
    """Keras's validation_split: the rows from floor(n (1 - fraction)) on become the validation
    data, the rows before them the training data."""
    if not is_number(fraction) or not 0 <= fraction < 1:
        raise ValueError(f"fit: validation_split must be a number in [0, 1), got {fraction!r}")
    if validation_data is not None:
        raise ValueError("fit: give validation_data or validation_split, not both (Keras would ignore the split)")
    split_at = math.floor(len(x) * (1 - fraction))
    if split_at in (0, len(x)):
        raise ValueError(f"fit: validation_split={fraction} of {len(x)} rows leaves "
                         f"{'no training' if split_at == 0 else 'no validation'} rows")
    return x[:split_at], None if y is None else y[:split_at], (x[split_at:], None if y is None else y[split_at:])


def _progress_bar(x, batch_size, verbose):
    """The bar that evaluate and predict print over their batches (None when verbose is 0)."""
    return ProgressBar(math.ceil(len(x) / batch_size), verbose) if verbose else None


def _batches(x, y, batch_size, shuffle):
    """(x_batch, y_batch) pairs; y_batch is None when y is."""
    if y is None:
        return ((x_batch, None) for x_batch in batches(x, batch_size=batch_size, shuffle=shuffle))
    return batches(x, y, batch_size, shuffle)


def _terms(source, value, name, reported):
    """The scalar Tensor to add to the loss for what a loss function returned: a Tensor (reported
    under `name` when there is one) or a dict {name: Tensor} (each reported, their sum added)."""
    if isinstance(value, dict):
        if not value:
            raise ValueError(f"{source} returned an empty dict")
        total = None
        for key, term in value.items():
            _check_scalar(source, key, term)
            _add_name(reported, key, term)
            total = term if total is None else total + term
        return total
    _check_scalar(source, name, value)
    if name is not None:
        _add_name(reported, name, value)
    return value


def _check_scalar(source, name, value):
    if not isinstance(value, Tensor) or value.size != 1:
        if isinstance(value, Tensor):
            got = (f"shape {value.shape}; reduce it yourself: Keras takes the mean over the batch of a "
                   f"per-example loss, so return loss.mean()")
        else:
            got = f"{type(value).__name__}; build it from tinyae ops, so that backward() can reach the weights"
        raise ValueError(f"{source}{f' ({name})' if name else ''} must return a single-number Tensor "
                         f"(or a dict of them), got {got}")


def _add_name(reported, name, value):
    if name == "loss" or name in reported:
        raise ValueError(f"two reported terms are both called {name!r} (\"loss\" is the total); rename one")
    reported[name] = value


def _read(values):
    """{name: float} from {name: scalar Tensor or 0-d array}, in one transfer from the device."""
    arrays = [v.data if isinstance(v, Tensor) else v for v in values.values()]
    xp = backend.array_module(arrays[0])
    numbers = backend.to_numpy(xp.stack([a.reshape(()) for a in arrays]))
    return dict(zip(values, numbers.tolist()))


def _check_finite(method, name, array):
    """A clear error for NaN or inf in float data, before any training. The sum is finite only
    when every element is (inf + x = inf, inf - inf = NaN, NaN + x = NaN), so one pass without a
    temporary array the size of the data clears the usual case."""
    if array.dtype.kind not in "fc" or math.isfinite(float(array.sum())):
        return
    xp = backend.array_module(array)
    finite = xp.isfinite(array)
    if bool(finite.all()):    # the sum overflowed, but every element is finite
        return
    rows = backend.to_numpy(xp.nonzero(~finite.reshape(len(array), -1).all(axis=1))[0])
    nan, inf = int(xp.isnan(array).sum()), int(xp.isinf(array).sum())
    raise ValueError(f"{method}: {name} holds {nan} NaN and {inf} inf values, in {len(rows)} rows (the first is "
                     f"row {int(rows[0])}); training on them gives NaN weights. Clean or drop those rows first")


class WeightedMeans:
    """Running means of per-batch values weighted by batch size, sum_b n_b v_b / sum_b n_b: Keras's
    epoch loss, in which a short last batch counts for less."""

    def __init__(self):
        self.sums, self.count = {}, 0

    def add(self, values, n):
        self.count += n
        for name, value in values.items():
            self.sums[name] = self.sums.get(name, 0.0) + value * n

    def result(self):
        return {name: total / self.count for name, total in self.sums.items()}
