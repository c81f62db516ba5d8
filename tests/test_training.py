"""The Keras idiom: Model.compile / fit / evaluate / predict, History's numbers, extra loss terms,
summary(), callbacks that stop training, and saving / loading weights."""
import os
import re

import numpy as np
import pytest

import tinyae as ta
from tinyae import losses, nn, optim
from tinyae.training import EarlyStopping, weights
from tinyae.training.callbacks import Callback


def regression_data(rng, n=64):
    x = rng.normal(size=(n, 5)).astype(np.float32)
    w = rng.normal(size=(5, 3)).astype(np.float32)
    return x, x @ w


class BatchRecorder(Callback):
    def __init__(self):
        self.batches = []

    def on_batch_end(self, batch, logs):
        self.batches.append(logs["loss"])


def test_fit_reaches_a_low_loss_and_evaluate_agrees(xp, rng):
    x, y = regression_data(rng)
    model = ta.Model(nn.Dense(5, 3))
    model.compile(optim.Adam(model.parameters(), lr=0.05), losses.mse)
    start = model.evaluate(x, y)
    history = model.fit(x, y, epochs=150, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < 1e-3 < start
    by_hand = float(((model.predict(x) - y) ** 2).mean())
    assert model.evaluate(x, y, batch_size=64) == pytest.approx(by_hand, rel=1e-4)
    assert model.predict(x).shape == (64, 3) and isinstance(model.predict(x), np.ndarray)


def test_history_loss_is_the_batch_size_weighted_mean(rng):
    x, y = regression_data(rng, n=10)
    x_val, y_val = regression_data(rng, n=7)
    model = ta.Model(nn.Dense(5, 3))
    model.compile(optim.SGD(model.parameters(), lr=0.0), losses.mse)   # lr 0: the weights stay put
    recorder = BatchRecorder()
    history = model.fit(x, y, epochs=2, batch_size=4, shuffle=False, validation_data=(x_val, y_val),
                        callbacks=[recorder], verbose=0)
    error = (model.predict(x) - y) ** 2
    by_batch = [error[0:4].mean(), error[4:8].mean(), error[8:10].mean()]
    weighted = (4 * by_batch[0] + 4 * by_batch[1] + 2 * by_batch[2]) / 10
    assert abs(weighted - np.mean(by_batch)) > 1e-3 * weighted       # the weighting matters here
    np.testing.assert_allclose(recorder.batches[:3], by_batch, rtol=1e-5)
    assert history.history["loss"] == pytest.approx([weighted, weighted], rel=1e-5)
    val = float(((model.predict(x_val) - y_val) ** 2).mean())
    assert history.history["val_loss"] == pytest.approx([val, val], rel=1e-5)
    assert history.epoch == [0, 1] and model.history is history


def test_fit_takes_its_arguments_in_kerass_order(rng):
    """fit(x, y, 4, 2) is batch_size 4 and 2 epochs, as in Keras (fit's order was epochs, batch_size:
    Keras code with positional arguments trained 4 epochs in batches of 2, without a word)."""
    x, y = regression_data(rng, n=10)
    model = ta.Model(nn.Dense(5, 3)).compile("sgd", "mse")
    history = model.fit(x, y, 4, 2, 0)
    assert len(history.history["loss"]) == 2 and model.optimizer.iterations == 2 * 3     # batches of 4, 4, 2
    history = model.fit(x, y, 10, 1, 0, None, 0.5, None, False)         # validation_split, then shuffle
    assert set(history.history) == {"loss", "val_loss"} and model.optimizer.iterations == 7
    with pytest.raises(TypeError, match=r"fit\(\) takes from 2 to 10 positional arguments but 11 were given"):
        model.fit(x, y, 4, 2, 0, None, 0.0, None, True, False)           # terminate_on_nan only by name
    weights = np.ones(10, dtype=np.float32)          # Keras's next positional argument is sample_weight
    with pytest.raises(TypeError, match=r"train_on_batch\(\) takes from 2 to 3 positional arguments but 4"):
        model.train_on_batch(x, y, weights)                              # not taken for return_dict
    with pytest.raises(TypeError, match=r"evaluate\(\) takes from 2 to 5 positional arguments but 6"):
        model.evaluate(x, y, 32, 0, weights)


def test_history_while_training_is_the_weighted_mean_of_the_logged_batches(rng):
    x, y = regression_data(rng, n=50)
    model = ta.Model(nn.Dense(5, 3))
    model.compile(optim.Adam(model.parameters(), lr=0.01), losses.mse)
    recorder = BatchRecorder()
    history = model.fit(x, y, epochs=3, batch_size=16, callbacks=[recorder], verbose=0)   # 16, 16, 16, 2
    sizes = np.array([16, 16, 16, 2])
    for epoch in range(3):
        batch_losses = np.array(recorder.batches[4 * epoch: 4 * epoch + 4])
        expected = (sizes * batch_losses).sum() / sizes.sum()
        assert history.history["loss"][epoch] == pytest.approx(expected, rel=1e-6)


def test_each_hook_is_called_in_keras_order_and_one_fit_never_calls_is_refused(rng):
    """A callback written for tf.keras with on_train_batch_end (or on_test_end, ...) was accepted and
    never called: it silently did nothing. fit() calls Keras 2's hooks, on_batch_begin included,
    and refuses a callback with any other on_... method."""
    x, y = regression_data(rng, n=10)
    model = ta.Model(nn.Dense(5, 3)).compile("sgd", "mse")
    calls = []

    class Everything(Callback):
        def on_train_begin(self):
            calls.append("train_begin")

        def on_epoch_begin(self, epoch):
            calls.append(f"epoch_begin {epoch}")

        def on_batch_begin(self, batch, logs=None):              # Keras's signature, logs=None, is fine
            calls.append(f"batch_begin {batch} at {self.model.optimizer.iterations}")

        def on_batch_end(self, batch, logs):
            calls.append(f"batch_end {batch} at {self.model.optimizer.iterations}")

        def on_epoch_end(self, epoch, logs):
            calls.append(f"epoch_end {epoch}")

        def on_train_end(self):
            calls.append("train_end")

    model.fit(x, y, epochs=2, batch_size=6, verbose=0, callbacks=[Everything()])
    assert calls == ["train_begin",
                     "epoch_begin 0", "batch_begin 0 at 0", "batch_end 0 at 1", "batch_begin 1 at 1", "batch_end 1 at 2",
                     "epoch_end 0",
                     "epoch_begin 1", "batch_begin 0 at 2", "batch_end 0 at 3", "batch_begin 1 at 3", "batch_end 1 at 4",
                     "epoch_end 1", "train_end"]

    class TfKeras(Callback):
        def on_train_batch_end(self, batch, logs=None):
            raise AssertionError("never called")

    class Validation(Callback):
        def on_test_end(self, logs=None):
            raise AssertionError("never called")

    class Typo(Callback):
        def on_epoch_ends(self, epoch, logs):
            raise AssertionError("never called")

    for callback, hint in [(TfKeras(), r"write on_batch_end\(batch, logs\), Keras 2's name"),
                           (Validation(), r"fit calls no hooks while it computes the validation loss .* val_ values in logs"),
                           (Typo(), r"the hooks are on_train_begin, .* \(did you mean 'on_epoch_end'\?\)")]:
        name = next(n for n in vars(type(callback)) if n.startswith("on_"))
        with pytest.raises(TypeError, match=rf"^{type(callback).__name__}.{name}: fit\(\) never calls this method, so "
                                            rf"the callback would do nothing there; {hint}$"):
            model.fit(x, y, verbose=0, callbacks=[callback])
    assert model.optimizer.iterations == 4                       # the refused fits trained nothing


class CodeKeeper(nn.Module):
    """An autoencoder that keeps its code h for an activity penalty."""

    def __init__(self):
        self.encoder = nn.Dense(6, 3, activation="sigmoid")
        self.decoder = nn.Dense(3, 6, activation="sigmoid")

    def forward(self, x):
        self.h = self.encoder(x)
        return self.decoder(self.h)


def test_extra_loss_terms_are_added_and_reported_by_name(rng):
    x = rng.uniform(size=(20, 6)).astype(np.float32)
    module = CodeKeeper()
    model = ta.Model(module)
    model.compile(optim.SGD(module.parameters(), lr=0.0), losses.binary_crossentropy,
                  extra_losses={"sparsity": lambda m: 0.5 * losses.sparsity_kl(m.h, 0.05)})
    history = model.fit(x, x, epochs=1, batch_size=20, validation_data=(x, x), verbose=0)
    h = module.encoder(ta.tensor(x))
    reconstruction = losses.binary_crossentropy(module.decoder(h), ta.tensor(x)).item()
    penalty = 0.5 * losses.sparsity_kl(h, 0.05).item()
    assert history.history["sparsity"][0] == pytest.approx(penalty, rel=1e-5)
    assert history.history["loss"][0] == pytest.approx(reconstruction + penalty, rel=1e-5)
    assert history.history["val_sparsity"][0] == pytest.approx(penalty, rel=1e-5)
    logs = model.evaluate(x, x, return_dict=True)
    assert set(logs) == {"loss", "sparsity"}


def test_an_activity_penalty_changes_what_is_learned(rng):
    x = rng.uniform(size=(64, 6)).astype(np.float32)
    mean_codes = []
    for weight in (0.0, 1.0):
        ta.seed(0)
        module = CodeKeeper()
        model = ta.Model(module)
        model.compile(optim.Adam(module.parameters(), lr=0.02), "binary_crossentropy",
                      extra_losses=lambda m, w=weight: w * losses.sparsity_kl(m.h, 0.05))
        model.fit(x, x, epochs=60, batch_size=16, verbose=0)
        mean_codes.append(float(module.encoder(ta.tensor(x)).data.mean()))
    assert mean_codes[1] < 0.15 < mean_codes[0]


def seed_model():
    return nn.Sequential(nn.Dense(784, 32, activation="relu"), nn.Dense(32, 784, activation="sigmoid"))


def summary_of(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def test_summary_prints_the_chapters_table():
    lines = summary_of(ta.Model(seed_model()))
    assert lines == [
        "_" * 65,
        "Layer (type)                 Output Shape              Param #",
        "=" * 65,
        "input_1 (InputLayer)         (None, 784)               0",
        "_" * 65,
        "dense (Dense)                (None, 32)                25120",
        "_" * 65,
        "dense_1 (Dense)              (None, 784)               25872",
        "=" * 65,
        "Total params: 50,992",
        "Trainable params: 50,992",
        "Non-trainable params: 0",
        "_" * 65,
    ]


def test_summary_counts_frozen_and_shared_parameters_and_walks_any_tree():
    module = seed_model()
    module[0].freeze()
    text = "\n".join(summary_of(ta.Model(module)))
    assert "Trainable params: 25,872" in text and "Non-trainable params: 25,120" in text

    assert ta.Model(module).count_params() == 25_872 + 25_120     # Keras's name for the total

    encoder = nn.Dense(784, 32, activation="relu")
    tied = nn.Sequential(encoder, nn.TiedDense(encoder, activation="sigmoid"))
    text = "\n".join(summary_of(ta.Model(tied)))
    assert "tied_dense (TiedDense)       (None, 784)               784" in text
    assert "Total params: 25,904" in text                  # W once: 25088 + 32 + 784
    assert ta.Model(tied).count_params() == 25_904
    with pytest.raises(AttributeError, match=r"no attribute 'count_params'; ta.Model\(module\).count_params\(\)"):
        tied.count_params()

    deep = CodeKeeper()
    lines = summary_of(ta.Model(deep), input_shape=(6,))
    assert any(line.startswith("dense (Dense)") and "(None, 3)" in line and line.endswith("21") for line in lines)
    assert any(line.startswith("dense_1 (Dense)") and "(None, 6)" in line and line.endswith("24") for line in lines)

    activations = ta.Model(nn.Sequential(nn.ReLU(), nn.Dense(4, 2)))
    with pytest.raises(ValueError, match="input shape is unknown"):
        activations.summary()
    text = "\n".join(summary_of(activations, input_shape=(4,)))
    assert "re_lu (ReLU)                 (None, 4)                 0" in text
    with pytest.raises(ValueError, match="does not go through the model"):
        activations.summary(input_shape=(5,))

    class AnActivationWithAVeryLongName(nn.ReLU):
        pass

    lines = summary_of(ta.Model(nn.Sequential(nn.Dense(4, 2), AnActivationWithAVeryLongName())))
    long_row = next(line for line in lines if line.startswith("an_activation_with_a_very_long_name"))
    width = len("an_activation_with_a_very_long_name (AnActivationWithAVeryLongName) ")
    assert long_row == "an_activation_with_a_very_long_name (AnActivationWithAVeryLongName)".ljust(width) + \
        "(None, 2)".ljust(26) + "0"                              # the first column widens; nothing is cut
    assert lines[0] == "_" * (width + 26 + 10)
    assert not hasattr(activations.module[1], "__dict__") or "forward" not in activations.module[1].__dict__


def test_predict_runs_in_evaluation_mode_and_restores_training_mode(rng):
    module = nn.Sequential(nn.Dropout(0.5), nn.Dense(4, 4))
    model = ta.Model(module)
    x = rng.normal(size=(8, 4)).astype(np.float32)
    np.testing.assert_array_equal(model.predict(x), model.predict(x))
    assert module.training and module[0].training


def test_model_of_keras_functional_tensors_says_there_is_no_functional_api():
    """Keras's autoencoder = Model(input_img, decoded) passes tensors; a tinyae Model wraps a module."""
    input_img = ta.tensor(np.zeros((1, 784)))
    decoded = seed_model()(input_img)
    with pytest.raises(TypeError, match=r"^Model: module must be a tinyae Module, got Tensor; Keras's functional "
                                        r"Model\(inputs, outputs\) has no tinyae form: .*module\[:k\]$"):
        ta.Model(input_img, decoded)
    with pytest.raises(TypeError, match=r"^Model: module must be a tinyae Module, got str$"):
        ta.Model("sequential")
    with pytest.raises(TypeError, match=r"^Model: unexpected keyword argument\(s\) 'inputs', 'outputs'; Keras's "
                                        r"functional Model\(inputs, outputs\) has no tinyae form"):
        ta.Model(inputs=input_img, outputs=decoded)                  # tf.keras's keyword form
    with pytest.raises(TypeError, match=r"'name'; name: name the module, nn.Sequential\(..., name='autoencoder'\)$"):
        ta.Model(seed_model(), name="autoencoder")
    with pytest.raises(TypeError, match=r"^Model: module is missing; ta.Model\(module\) wraps a network"):
        ta.Model()
    model = ta.Model(seed_model())
    with pytest.raises(AttributeError, match=r"^'Model' object has no attribute 'input'; no symbolic inputs and "
                                             r"outputs: a ta.Model wraps a module, model.module \(its encoder half is "
                                             r"model.module\[:k\]"):
        model.input                                                  # Keras's Model(autoencoder.input, encoded)
    with pytest.raises(AttributeError, match=r"'save'; model.save_weights\('file.npz'\) saves the weights"):
        model.save("autoencoder.h5")
    with pytest.raises(AttributeError, match=r"^'Model' object has no attribute 'encoder'$"):
        model.encoder


def test_compile_understands_keras_names_and_rejects_others():
    model = ta.Model(seed_model())
    model.compile("adadelta", "binary_crossentropy")
    assert isinstance(model.optimizer, optim.Adadelta) and model.optimizer.flavor == "keras"
    assert (model.optimizer.lr, model.optimizer.rho, model.optimizer.eps) == (1.0, 0.95, 1e-7)
    with pytest.raises(ValueError, match="optimizer"):
        model.compile("adagrad", "mse")
    with pytest.raises(ValueError, match="loss"):
        model.compile("sgd", "hinge")
    with pytest.raises(RuntimeError, match="compile"):
        ta.Model(seed_model()).fit(np.zeros((2, 784), np.float32), np.zeros((2, 784), np.float32))


def test_fit_checks_its_data(rng):
    model = ta.Model(nn.Dense(5, 3)).compile("sgd", "mse")
    x, y = regression_data(rng)
    with pytest.raises(ValueError, match="one row per row of x"):
        model.fit(x, y[:10])
    with pytest.raises(ValueError, match="verbose"):
        model.fit(x, y, verbose=3)


def test_verbose_modes_print_like_keras(rng, capsys):
    x, y = regression_data(rng, n=40)
    model = ta.Model(nn.Dense(5, 3)).compile("sgd", "mse")
    model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert capsys.readouterr().out == ""
    model.fit(x, y, epochs=2, batch_size=16, validation_data=(x, y), verbose=2)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Epoch 1/2" and out[2] == "Epoch 2/2" and len(out) == 4
    assert out[1].startswith("3/3 - ") and " - loss: " in out[1] and " - val_loss: " in out[1]
    model.fit(x, y, epochs=1, batch_size=16, verbose=1)
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("3/3 [==============================] - ") and "/step - loss: " in out[1]


def test_validation_split_holds_out_the_last_rows_as_keras_does(rng):
    """validation_split=0.25 of 40 rows: rows 30-39 are the validation data, never trained on, and
    rows 0-29 the training data, also when shuffled. With lr = 0 (constant weights) the epoch's
    loss is then the mean over rows 0-29 and val_loss the mean over rows 30-39."""
    x, y = regression_data(rng, n=40)
    model = ta.Model(nn.Dense(5, 3))
    model.compile(optim.SGD(model.parameters(), lr=0.0), "mse")
    history = model.fit(x, y, epochs=1, batch_size=10, validation_split=0.25, verbose=0).history
    assert history["loss"][0] == pytest.approx(model.evaluate(x[:30], y[:30], batch_size=10), rel=1e-6)
    assert history["val_loss"][0] == pytest.approx(model.evaluate(x[30:], y[30:], batch_size=10), rel=1e-6)
    assert history["loss"][0] != pytest.approx(model.evaluate(x, y), rel=1e-3)
    for bad in (1.0, -0.1, "0.2", True):
        with pytest.raises(ValueError, match=r"validation_split must be a number in \[0, 1\)"):
            model.fit(x, y, validation_split=bad, verbose=0)
    with pytest.raises(ValueError, match="give validation_data or validation_split, not both"):
        model.fit(x, y, validation_split=0.1, validation_data=(x, y), verbose=0)
    with pytest.raises(ValueError, match=r"validation_split=0.99 of 40 rows leaves no training rows"):
        model.fit(x, y, validation_split=0.99, verbose=0)

def test_evaluate_and_predict_take_keras_verbose(rng, capsys):
    """evaluate(..., verbose=1) and predict(..., verbose=0), as Keras code writes them: silent by
    default (Keras 2's predict; its evaluate prints), a bar with 1, one line with 2."""
    x, y = regression_data(rng, n=40)
    model = ta.Model(nn.Dense(5, 3)).compile("sgd", "mse")
    loss = model.evaluate(x, y, batch_size=16)
    prediction = model.predict(x, batch_size=16, verbose=0)
    assert capsys.readouterr().out == ""
    assert model.evaluate(x, y, batch_size=16, verbose=1) == loss
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("3/3 [==============================] - ")
    assert out[0].endswith(f"/step - loss: {loss:.4f}")
    assert model.evaluate(x, y, batch_size=16, verbose=2, return_dict=True) == {"loss": loss}
    assert capsys.readouterr().out.splitlines()[0].endswith(f" - loss: {loss:.4f}")
    np.testing.assert_array_equal(model.predict(x, batch_size=16, verbose=1), prediction)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("3/3 [==============================] - ") and out[0].endswith("/step")
    for method in (lambda: model.evaluate(x, y, verbose=3), lambda: model.predict(x, verbose=-1)):
        with pytest.raises(ValueError, match=r"(evaluate|predict): verbose must be 0, 1 or 2"):
            method()


def test_early_stopping_stops_after_patience_epochs_without_improvement(rng):
    x, y = regression_data(rng)
    model = ta.Model(nn.Dense(5, 3))
    model.compile(optim.SGD(model.parameters(), lr=0.0), losses.mse)     # val_loss never improves
    stopper = EarlyStopping(patience=2)
    history = model.fit(x, y, epochs=20, validation_data=(x, y), callbacks=[stopper], verbose=0)
    assert len(history.history["loss"]) == 3 and stopper.stopped_epoch == 2
    keras_order = EarlyStopping("val_loss", 0, 2)        # Keras's (monitor, min_delta, patience): the same
    assert (keras_order.min_delta, keras_order.patience) == (0, 2)
    assert len(model.fit(x, y, epochs=20, validation_data=(x, y), callbacks=[keras_order], verbose=0).epoch) == 3
    with pytest.raises(TypeError, match=r"__init__\(\) takes from 1 to 4 positional arguments but 5 were given"):
        EarlyStopping("val_loss", 0, 2, 1)                # Keras's fourth, verbose, is not tinyae's
    with pytest.raises(ValueError, match=r"monitors 'val_loss' but the logs hold only \['loss'\] \(a val_ name needs "
                                         r"fit\(..., validation_data=...\) or validation_split\)"):
        model.fit(x, y, epochs=2, callbacks=[EarlyStopping()], verbose=0)
    with pytest.raises(ValueError, match=r"monitors 'val_los' but .* \(did you mean 'val_loss'\?\)$"):
        model.fit(x, y, epochs=2, validation_data=(x, y), callbacks=[EarlyStopping("val_los")], verbose=0)
    with pytest.raises(ValueError, match=r"monitors 'accuracy' .* \(a metric needs compile\(..., metrics=\[...\]\)\)"):
        model.fit(x, y, epochs=2, callbacks=[EarlyStopping("accuracy")], verbose=0)


def test_early_stopping_on_an_accuracy_waits_for_it_to_stop_rising(rng):
    """Keras's mode="auto" takes a monitor ending in "accuracy" as higher-is-better. tinyae's
    EarlyStopping used to take every monitor as lower-is-better: on val_accuracy it stopped at the
    first epoch that improved, and restore_best_weights put back the worst epoch."""
    model = ta.Model(nn.Dense(5, 3, "softmax"))
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    x = rng.normal(size=(30, 5)).astype(np.float32)
    labels = np.argmax(x[:, :3], axis=1)
    history = model.fit(x, labels, epochs=1, validation_data=(x, labels), verbose=0)
    assert "val_accuracy" in history.history                       # the name the auto rule reads
    for monitor, mode, logs, best, stopped in [
            ("val_accuracy", "auto", [0.5, 0.7, 0.9, 0.8], 0.9, 3),
            ("val_accuracy", "min", [0.5, 0.7, 0.9, 0.8], 0.5, 1),
            ("val_loss", "auto", [0.5, 0.4, 0.45, 0.3], 0.4, 2),
            ("val_loss", "max", [0.5, 0.6, 0.55, 0.7], 0.6, 2)]:
        stopper = EarlyStopping(monitor=monitor, mode=mode, patience=1)
        stopper.set_model(model)
        stopper.on_train_begin()
        for epoch, value in enumerate(logs):
            model.stop_training = False
            stopper.on_epoch_end(epoch, {monitor: value})
            if model.stop_training:
                break
        assert (stopper.best, stopper.stopped_epoch) == (best, stopped), (monitor, mode)
    with pytest.raises(ValueError, match="mode must be 'auto', 'min' or 'max', got 'maximum'"):
        EarlyStopping(mode="maximum")


class WeightRecorder(Callback):
    def on_train_begin(self):
        self.weights = []

    def on_epoch_end(self, epoch, logs):
        self.weights.append(self.model.module.state_dict())


def test_early_stopping_can_restore_the_best_weights(rng):
    x, y = regression_data(rng)
    model = ta.Model(nn.Dense(5, 3))
    model.compile(optim.Adam(model.parameters(), lr=0.05), losses.mse)
    recorder = WeightRecorder()
    stopper = EarlyStopping(patience=2, restore_best_weights=True)
    history = model.fit(x, y, epochs=50, validation_data=(x, -y), callbacks=[recorder, stopper], verbose=0)
    val = history.history["val_loss"]
    best = int(np.argmin(val))
    assert len(val) == best + 3 and val[-1] > val[best]
    for name, value in model.module.state_dict().items():
        np.testing.assert_array_equal(value, recorder.weights[best][name])


def test_weights_round_trip(tmp_path, rng):
    model = ta.Model(seed_model())
    path = model.save_weights(tmp_path / "ae.weights.npz")
    saved = model.module.state_dict()
    other = ta.Model(seed_model())
    other.load_weights(path)
    for name, value in other.module.state_dict().items():
        np.testing.assert_array_equal(value, saved[name])
    with np.load(path, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["0.W", "0.b", "1.W", "1.b"]
    assert ta.load_weights(seed_model(), path) is not None


def test_loading_mismatched_weights_says_what_differs_and_changes_nothing(tmp_path):
    path = ta.save_weights(seed_model(), tmp_path / "w.npz")
    narrow = nn.Sequential(nn.Dense(784, 16, activation="relu"), nn.Dense(16, 784, activation="sigmoid"))
    before = narrow.state_dict()
    with pytest.raises(ValueError) as error:
        ta.load_weights(narrow, path)
    message = str(error.value)
    assert "w.npz" in message and "0.W: shape (784, 32) to load, (784, 16) in the model" in message
    for name, value in narrow.state_dict().items():
        np.testing.assert_array_equal(value, before[name])
    with pytest.raises(ValueError, match="missing: 2.W"):
        ta.load_weights(nn.Sequential(*seed_model(), nn.Dense(784, 2)), path)
    with pytest.raises(ValueError, match="0.W: dtype float32 to load, float64 in the model"):
        ta.load_weights(seed_model().to(dtype="float64"), path)


def test_loading_never_unpickles(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, **{"0.W": np.array([object()], dtype=object)})
    with pytest.raises(ValueError, match="not a tinyae weights file"):
        ta.load_weights(seed_model(), path)
    (tmp_path / "junk.npz").write_bytes(b"junk")
    with pytest.raises(ValueError, match="junk.npz"):
        ta.load_weights(seed_model(), tmp_path / "junk.npz")
    with pytest.raises(FileNotFoundError, match="nothing.npz"):
        ta.load_weights(seed_model(), tmp_path / "nothing.npz")


def test_weights_files_are_named_npz_and_keras_h5_files_are_recognised(tmp_path):
    """A Keras habit, save_weights("autoencoder.h5"), would give an .npz under an HDF5 name:
    refused, naming the .npz to use, with nothing written; loading a real HDF5 file says what it is."""
    for name in ["autoencoder.h5", "autoencoder.weights.h5", "autoencoder.pt", "autoencoder"]:
        message = r"save_weights: tinyae writes NumPy \.npz files.*got '.*" + re.escape(name) + r"'; use '.*\.npz'"
        with pytest.raises(ValueError, match=message):
            ta.save_weights(seed_model(), tmp_path / name)
    assert os.listdir(tmp_path) == []
    (tmp_path / "keras.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(64))     # the HDF5 signature
    with pytest.raises(ValueError, match=r"keras\.h5 is not a tinyae weights file.*an HDF5 file \(Keras's \.h5"):
        ta.load_weights(seed_model(), tmp_path / "keras.h5")


def test_a_crash_while_saving_leaves_the_old_file_intact(tmp_path, monkeypatch):
    module = seed_model()
    path = ta.save_weights(module, tmp_path / "w.npz")
    good = path.read_bytes()

    def crash(file, arrays):
        file.write(b"PK\x03\x04 half a zip file")
        raise KeyboardInterrupt

    monkeypatch.setattr(weights, "_write_arrays", crash)
    with pytest.raises(KeyboardInterrupt):
        ta.save_weights(seed_model(), path)
    assert path.read_bytes() == good
    assert os.listdir(tmp_path) == ["w.npz"]               # no temporary file left behind
    ta.load_weights(module, path)


def test_progress_bar_redraws_in_place_in_a_terminal():
    import io

    from tinyae.training.progress import ProgressBar
    bar = ProgressBar(4, verbose=1, interval=0.0)
    bar.stream, bar.dynamic = io.StringIO(), True
    bar.update(1, {"loss": 0.123456})
    bar.update(2, {"loss": 0.1})
    bar.finish({"loss": 0.1, "val_loss": 0.00012})
    frames = bar.stream.getvalue().split("\r")[1:]
    assert frames[0].startswith("1/4 [" + "=" * 6 + ">" + "." * 23 + "] - ETA: ") and frames[0].endswith("loss: 0.1235")
    assert frames[1].startswith("2/4 [" + "=" * 14 + ">" + "." * 15 + "]")     # Keras: int(30 * 2 / 4) - 1 '='
    assert frames[2].startswith("4/4 [" + "=" * 30 + "] - 0s ")
    assert len(frames[1]) >= len(frames[0]) and len(frames[2]) >= len(frames[1])   # blanks out the last line
    assert frames[2].endswith(" - loss: 0.1000 - val_loss: 1.2000e-04\n")


def test_saved_weights_get_ordinary_file_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = ta.save_weights(nn.Dense(2, 2), tmp_path / "w.npz")
    finally:
        os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o644


@pytest.mark.parametrize("batch_size", [0, None, 2.5])
def test_fit_refuses_a_bad_batch_size(batch_size):
    model = ta.Model(nn.Dense(2, 2))
    model.compile(optim.SGD(model.module.parameters(), lr=0.1), "mse")
    x = np.zeros((4, 2), np.float32)
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        model.fit(x, x, batch_size=batch_size, verbose=0)


def test_load_weights_refuses_a_npy_file(tmp_path):
    path = tmp_path / "w.npy"
    np.save(path, np.zeros(3, np.float32))
    with pytest.raises(ValueError, match="not a tinyae weights file"):
        ta.load_weights(nn.Dense(2, 2), path)
