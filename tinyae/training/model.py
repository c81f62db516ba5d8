"""Model: Keras's compile / fit / evaluate / predict / summary around any tinyae Module.

    model = ta.Model(nn.Sequential(nn.Dense(784, 32, "relu"), nn.Dense(32, 784, "sigmoid")))
    model.summary()
    model.compile(optimizer="adadelta", loss="binary_crossentropy")   # or objects: optim..., losses...
    history = model.fit(x_train, x_train, epochs=50, batch_size=256, shuffle=True,
                        validation_data=(x_test, x_test))
    reconstructed = model.predict(x_test)

The PyTorch idiom (zero_grad / backward / step written out) needs none of this: use the module,
a loss and an optimizer directly. Both drive the same engine.
"""
import math
from contextlib import contextmanager

from .. import backend
from ..datasets.batching import batches
from ..nn.module import Module
from ..tensor import Tensor, no_grad
from .history import History
from .names import get_loss, get_optimizer
from .progress import ProgressBar
from .summary import guess_input_shape, summary_lines
from .weights import load_weights, save_weights

np = backend.module_for("numpy")


class Model:
    """Keras's training API for the network `module`.

    input_shape (without the batch axis, e.g. (784,)) is only needed by summary(), and only when
    it cannot be guessed (the first layer is not a Dense and the model has not seen data yet).

    Extra loss terms (what Keras's add_loss and activity_regularizer do) are functions
    term(module) -> scalar Tensor. They are called after the forward pass of each batch, so they
    can read what the module kept from it (e.g. its code, saved as `self.h = h` in forward):

        model.compile("adam", "binary_crossentropy",
                      extra_losses={"sparsity": lambda m: 3 * losses.sparsity_kl(m.h, 0.05)})

    The loss minimised and reported as "loss" is then L = loss(output, y) + sum of the terms; a
    term given in a dict is also reported under its name (and "val_<name>").
    """

    def __init__(self, module, input_shape=None):
        if not isinstance(module, Module):
            raise TypeError(f"Model: module must be a tinyae Module, got {type(module).__name__}")
        self.module = module
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.optimizer = self.loss = None
        self.extra_losses = []
        self.stop_training = False
        self.history = None

    def __call__(self, x):
        return self.module(x)

    def parameters(self):
        return self.module.parameters()

    # ----- compile ------------------------------------------------------------------------
    def compile(self, optimizer, loss, extra_losses=()):
        """optimizer: an optim.Optimizer, or a Keras name ("adadelta", "adam", "sgd", "rmsprop")
        meaning that optimizer's Keras flavour with Keras's defaults.
        loss: a function loss(prediction, target) -> scalar Tensor (e.g. losses.mse), or a Keras
        name ("binary_crossentropy", "mse").
        extra_losses: a function term(module) -> scalar Tensor, a list of them, or a dict
        {name: term} (see the class docstring)."""
        self.optimizer = get_optimizer(optimizer, self.module.parameters())
        self.loss = get_loss(loss)
        if callable(extra_losses):
            extra_losses = [extra_losses]
        items = extra_losses.items() if isinstance(extra_losses, dict) else [(None, t) for t in extra_losses]
        for name, term in items:
            if not callable(term):
                raise TypeError(f"compile: extra loss {name or ''} must be a function term(module) -> Tensor, "
                                f"got {type(term).__name__}")
        self.extra_losses = list(items)
        return self

    # ----- training -----------------------------------------------------------------------
    def train_on_batch(self, x, y):
        """One step of gradient descent on one batch; returns its losses as floats."""
        self._check_compiled("train_on_batch")
        terms = self._loss_terms(self._inputs(x), self._targets(y))
        self.optimizer.zero_grad()
        terms["loss"].backward()
        self.optimizer.step()
        return {name: t.item() for name, t in terms.items()}

    def fit(self, x, y, epochs=1, batch_size=32, shuffle=True, validation_data=None, callbacks=(), verbose=1):
        """Train for `epochs` passes over (x, y) in batches of `batch_size` (reshuffled each epoch
        when `shuffle`), evaluating on validation_data=(x_val, y_val) after each epoch.
        verbose: 0 silent, 1 a progress bar per epoch, 2 one line per epoch (as Keras).
        Returns a History: history.history["loss"][e] is the batch-size-weighted mean of epoch e's
        batch losses, history.history["val_loss"][e] the validation loss after epoch e."""
        self._check_compiled("fit")
        self._check_data("fit", x, y)
        self._check_batch_size("fit", batch_size)
        self.input_shape = self.input_shape or tuple(x.shape[1:])   # for summary()
        if verbose not in (0, 1, 2):
            raise ValueError(f"fit: verbose must be 0, 1 or 2, got {verbose!r}")
        if validation_data is not None:
            if len(validation_data) != 2:
                raise ValueError("fit: validation_data must be a pair (x_val, y_val)")
            self._check_data("fit (validation_data)", *validation_data)
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
            self.module.train()
            for step, (x_batch, y_batch) in enumerate(batches(x, y, batch_size, shuffle)):
                logs = self.train_on_batch(x_batch, y_batch)
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
    def evaluate(self, x, y, batch_size=32, return_dict=False):
        """The loss on (x, y), the batch-size-weighted mean over batches, in evaluation mode (no
        dropout or noise layers); with return_dict, every reported term as a dict."""
        self._check_compiled("evaluate")
        self._check_data("evaluate", x, y)
        self._check_batch_size("evaluate", batch_size)
        logs = self._mean_losses(x, y, batch_size)
        return logs if return_dict else logs["loss"]

    def predict(self, x, batch_size=32):
        """The network's output for x, computed in batches in evaluation mode, as a NumPy array (a
        tuple of them when the module returns a tuple)."""
        self._check_data("predict", x)
        self._check_batch_size("predict", batch_size)
        outputs = []
        with self._evaluation():
            for x_batch in batches(x, batch_size=batch_size, shuffle=False):
                outputs.append(self.module(self._inputs(x_batch)))
        if isinstance(outputs[0], (tuple, list)):
            return tuple(np.concatenate([backend.to_numpy(o[k].data) for o in outputs]) for k in range(len(outputs[0])))
        return np.concatenate([backend.to_numpy(o.data) for o in outputs])

    def summary(self, input_shape=None, print_fn=print):
        """Print the Keras-style table of layers, output shapes and parameter counts (see summary.py)."""
        shape = input_shape or self.input_shape or guess_input_shape(self.module)
        if shape is None:
            raise ValueError("summary: the input shape is unknown; pass it without the batch axis, e.g. "
                             "Model(module, input_shape=(1, 28, 28)) or model.summary(input_shape=(1, 28, 28))")
        for line in summary_lines(self.module, shape):
            print_fn(line)

    def save_weights(self, path):
        """Save the parameters to the .npz file `path` (atomically: see weights.py)."""
        return save_weights(self.module, path)

    def load_weights(self, path):
        """Load parameters saved by save_weights; names, shapes and dtypes must match."""
        load_weights(self.module, path)
        return self

    # ----- inside ---------------------------------------------------------------------------
    def _loss_terms(self, x, y):
        """{"loss": the total loss, name: each named extra term} as Tensors, for one batch."""
        output = self.module(x)
        total = self.loss(output, y)
        if not isinstance(total, Tensor) or total.size != 1:
            raise ValueError(f"the loss function must return a single-number Tensor, got "
                             f"{getattr(total, 'shape', type(total).__name__)}")
        terms = {}
        for name, term in self.extra_losses:
            value = term(self.module)
            total = total + value
            if name is not None:
                terms[name] = value
        return {"loss": total, **terms}

    def _mean_losses(self, x, y, batch_size):
        means = WeightedMeans()
        with self._evaluation():
            for x_batch, y_batch in batches(x, y, batch_size, shuffle=False):
                terms = self._loss_terms(self._inputs(x_batch), self._targets(y_batch))
                means.add({name: t.item() for name, t in terms.items()}, len(x_batch))
        return means.result()

    @contextmanager
    def _evaluation(self):
        """Evaluation mode without a graph, then back to the mode the module was in."""
        was_training = self.module.training
        self.module.eval()
        try:
            with no_grad():
                yield
        finally:
            self.module.train(was_training)

    def _dtype(self):
        parameters = self.module.parameters()
        return parameters[0].dtype if parameters else backend.DEFAULT_DTYPE

    def _inputs(self, x):
        """A batch of inputs as a tensor on the backend in use, in the parameters' dtype."""
        return Tensor(backend.as_array(x, self._dtype()))

    def _targets(self, y):
        """Integer targets are class labels and stay integers; anything else becomes like the inputs."""
        if backend.is_array(y) and y.dtype.kind in "iu":
            return backend.to_backend(y)
        return self._inputs(y)

    def _check_compiled(self, method):
        if self.optimizer is None:
            raise RuntimeError(f"{method}: call model.compile(optimizer, loss) first")

    def _check_batch_size(self, method, batch_size):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"{method}: batch_size must be a positive int, got {batch_size!r}")

    def _check_data(self, method, x, y=None):
        if not backend.is_array(x):
            raise TypeError(f"{method}: x must be a NumPy or CuPy array, got {type(x).__name__}")
        if len(x) == 0:
            raise ValueError(f"{method}: x is empty (shape {x.shape})")
        if y is not None and (not backend.is_array(y) or len(y) != len(x)):
            got = f"shape {y.shape}" if backend.is_array(y) else type(y).__name__
            raise ValueError(f"{method}: y must be an array with one row per row of x ({len(x)}), got {got}")

    def __repr__(self):
        return f"Model({self.module!r})"


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
