"""Classifiers in ta.Model: Keras's loss names (with Keras 2's formulas), from_logits said
explicitly, metrics=["accuracy"] with Keras's rule for which accuracy, evaluate(return_dict=True).

Reference numbers were computed with PyTorch 2.13 (float64, CPU) at development time:
  z = LOGITS, y = LABELS:   F.cross_entropy(z, y) = F.cross_entropy(z, one_hot(y)) = 1.2371612766489044
  p = PROBS:  Keras 2's sparse CE of probabilities is softmax CE of ln clip(p, 1e-7, 1 - 1e-7):
              F.cross_entropy(p.clamp(eps, 1 - eps).log(), y) = 0.5806969750778901
              its categorical CE normalises rows first: F.nll_loss((p / p.sum(1)).clamp(eps, 1 - eps).log(), y)
              = 0.5806969500778913
  F.l1_loss(R, Q) = 0.3;  KL: F.kl_div(R.clamp(eps, 1).log(), Q.clamp(eps, 1), reduction="sum") / 3
              = 0.283429803828571
"""
import numpy as np
import pytest

import tinyae as ta
from tinyae import losses, nn, ops, optim
from tinyae.training import keras_loss

LOGITS = [[1.0, 2.0, -1.0], [0.5, 0.5, 3.0], [-2.0, 1.0, 0.0], [0.0, 0.0, 0.0]]
LABELS = [1, 2, 0, 1]
PROBS = [[0.2, 0.7, 0.1], [0.0, 0.3, 0.7], [0.5, 0.25, 0.25], [0.6, 0.6, 0.3]]   # a 0, rows not summing to 1
Q = [[0.1, 0.9], [0.5, 0.5], [0.0, 1.0]]
R = [[0.3, 0.7], [0.2, 0.8], [0.4, 0.6]]


def f64(values):
    return ta.tensor(values, dtype="float64")


def one_hot(labels, k=3):
    return np.eye(k)[labels]


@pytest.mark.parametrize("name, prediction, target, from_logits, expected", [
    ("sparse_categorical_crossentropy", LOGITS, LABELS, True, 1.2371612766489044),
    ("categorical_crossentropy", LOGITS, one_hot(LABELS), True, 1.2371612766489042),
    ("sparse_categorical_crossentropy", PROBS, LABELS, False, 0.5806969750778901),
    ("categorical_crossentropy", PROBS, one_hot(LABELS), False, 0.5806969500778913),
    ("mae", R, Q, False, 0.3),
    ("mean_absolute_error", R, Q, False, 0.3),
    ("kullback_leibler_divergence", R, Q, False, 0.283429803828571),
])
def test_keras_losses_against_pytorch_numbers(xp, name, prediction, target, from_logits, expected):
    target = xp.asarray(target) if name.startswith("sparse") else f64(target)
    loss = keras_loss(name, from_logits=from_logits)
    assert loss(f64(prediction), target).item() == pytest.approx(expected, rel=1e-12)


def test_sparse_labels_may_be_a_column(xp):
    loss = keras_loss("sparse_categorical_crossentropy", from_logits=True)
    column = xp.asarray(LABELS).reshape(4, 1)
    assert loss(f64(LOGITS), column).item() == pytest.approx(1.2371612766489044, rel=1e-12)


@pytest.mark.parametrize("name, from_logits", [("categorical_crossentropy", True), ("categorical_crossentropy", False),
                                               ("sparse_categorical_crossentropy", False), ("mae", False),
                                               ("kullback_leibler_divergence", False)])
def test_keras_losses_gradcheck(rng, name, from_logits):
    logits = rng.normal(size=(5, 4))
    prediction = logits if from_logits else np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    labels = rng.integers(0, 4, size=5)
    target = labels if name.startswith("sparse") else one_hot(labels, 4) * 0.8 + 0.05   # soft targets
    loss = keras_loss(name, from_logits=from_logits)
    assert ta.gradcheck(lambda p: loss(p, target if name.startswith("sparse") else f64(target)), f64(prediction))


def test_a_named_loss_means_probabilities_and_logits_must_be_said():
    assert keras_loss("binary_crossentropy").from_logits is False
    with pytest.raises(ValueError, match="'mse' has no from_logits form"):
        keras_loss("mse", from_logits=True)
    with pytest.raises(ValueError) as error:
        ta.Model(nn.Dense(2, 2)).compile("sgd", "cross_entropy")
    for name in ("sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy", "mse",
                 "mean_squared_error", "mae", "mean_absolute_error", "kullback_leibler_divergence"):
        assert name in str(error.value)


def blobs(rng, n_per_class=40):
    """Three Gaussian clouds in 2-D, well apart: a linear classifier separates them."""
    centres = np.array([[3.0, 0.0], [-3.0, 0.0], [0.0, 3.0]])
    x = np.concatenate([rng.normal(size=(n_per_class, 2)) * 0.5 + c for c in centres]).astype(np.float32)
    y = np.repeat(np.arange(3), n_per_class)
    return x, y


class SoftmaxClassifier(nn.Module):
    """Dense then softmax: an output of probabilities."""

    def __init__(self):
        self.dense = nn.Dense(2, 3)

    def forward(self, x):
        e = ops.exp(self.dense(x))
        return e / e.sum(axis=1, keepdims=True)


def test_a_classifier_reports_accuracy_and_val_accuracy(rng):
    x, y = blobs(rng)
    ta.seed(0)
    model = ta.Model(nn.Dense(2, 3))
    model.compile(optim.Adam(model.parameters(), lr=0.05), keras_loss("sparse_categorical_crossentropy",
                                                                        from_logits=True), metrics=["accuracy"])
    history = model.fit(x, y, epochs=15, batch_size=16, validation_data=(x[::2], y[::2]), verbose=0)
    assert list(history.history) == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert history.history["accuracy"][0] < 0.99 and history.history["accuracy"][-1] > 0.95
    logs = model.evaluate(x, y, return_dict=True)
    by_hand = float((model.predict(x).argmax(axis=1) == y).mean())
    assert set(logs) == {"loss", "accuracy"} and logs["accuracy"] == pytest.approx(by_hand, abs=1e-6)
    assert history.history["val_accuracy"][-1] == pytest.approx(model.evaluate(x[::2], y[::2], return_dict=True)
                                                                ["accuracy"], abs=1e-6)


def test_evaluate_and_train_on_batch_return_what_keras_returns(rng):
    """Keras: the loss alone without metrics, [loss, metric, ...] (metrics_names) with them."""
    x, y = blobs(rng)
    ta.seed(0)
    model = ta.Model(SoftmaxClassifier()).compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    assert model.metrics_names == ["loss", "accuracy"]
    loss, accuracy = model.evaluate(x, y)                      # the Keras idiom: score[1] is the accuracy
    logs = model.evaluate(x, y, return_dict=True)
    assert (loss, accuracy) == (logs["loss"], logs["accuracy"])
    step = model.train_on_batch(x[:8], y[:8])
    assert isinstance(step, list) and len(step) == 2 and step[0] > 0 and 0 <= step[1] <= 1
    plain = ta.Model(SoftmaxClassifier()).compile("sgd", "sparse_categorical_crossentropy")
    assert plain.metrics_names == ["loss"]
    assert isinstance(plain.evaluate(x, y), float) and isinstance(plain.train_on_batch(x[:8], y[:8]), float)
    assert set(plain.train_on_batch(x[:8], y[:8], return_dict=True)) == {"loss"}


def test_a_model_gets_and_sets_its_weights_as_keras_does(rng):
    model = ta.Model(nn.Sequential(nn.Dense(2, 4, "relu"), nn.Dense(4, 3)))
    weights = model.get_weights()
    assert [w.shape for w in weights] == [(2, 4), (4,), (4, 3), (3,)]
    model.set_weights([w + 1 for w in weights])
    assert np.array_equal(model.get_layer(model.layers[0].name).W.numpy(), weights[0] + 1)


def test_accuracy_is_the_mean_over_examples_across_unequal_batches(rng):
    x, y = blobs(rng, n_per_class=5)                           # 15 examples: batches of 4, 4, 4, 3
    model = ta.Model(SoftmaxClassifier())
    model.compile(optim.SGD(model.parameters(), lr=0.0), "sparse_categorical_crossentropy", metrics=["acc"])
    logs = model.evaluate(x, y, batch_size=4, return_dict=True)
    assert logs["acc"] == pytest.approx(float((model.predict(x).argmax(1) == y).mean()), abs=1e-6)


def test_which_accuracy_accuracy_means(rng):
    x, y = blobs(rng, n_per_class=10)
    categorical = ta.Model(SoftmaxClassifier())
    categorical.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
    onehot = one_hot(y).astype(np.float32)
    expected = float((categorical.predict(x).argmax(1) == y).mean())
    assert categorical.evaluate(x, onehot, return_dict=True)["accuracy"] == pytest.approx(expected, abs=1e-6)

    # binary: threshold 0 on logits, 0.5 on probabilities; the same model gives one answer either way
    ta.seed(1)
    dense = nn.Dense(2, 1)
    target = (x[:, :1] > 0).astype(np.float32)
    logits = ta.Model(dense).compile("sgd", keras_loss("binary_crossentropy", from_logits=True), metrics=["accuracy"])
    z = logits.predict(x)
    expected = float(((z > 0) == target).mean())
    assert 0 < expected < 1
    assert logits.evaluate(x, target, return_dict=True)["accuracy"] == pytest.approx(expected, abs=1e-6)
    probabilities = ta.Model(nn.Sequential(dense, nn.Sigmoid()))
    probabilities.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    assert probabilities.evaluate(x, target, return_dict=True)["accuracy"] == pytest.approx(expected, abs=1e-6)

    # a loss of your own with one output column: accuracy would have to guess the threshold
    own = ta.Model(nn.Dense(2, 1)).compile("sgd", lambda p, t: ((p - t) ** 2).mean(), metrics=["accuracy"])
    with pytest.raises(ValueError, match="does not say which"):
        own.evaluate(x, target)
    own.compile("sgd", lambda p, t: ((p - t) ** 2).mean(), metrics=["binary_accuracy"])
    assert 0 <= own.evaluate(x, target, return_dict=True)["binary_accuracy"] <= 1


def test_labels_and_one_hot_targets_given_to_the_wrong_crossentropy_say_which_loss_fits(rng):
    x, y = blobs(rng)
    for loss, target, other in (("categorical_crossentropy", y, "'sparse_categorical_crossentropy'"),
                                ("categorical_crossentropy", y[:, None], "'sparse_categorical_crossentropy'"),
                                ("sparse_categorical_crossentropy", one_hot(y).astype(np.float32),
                                 "'categorical_crossentropy'")):
        model = ta.Model(SoftmaxClassifier()).compile("sgd", loss)
        with pytest.raises(ValueError, match=f"{loss}: .* use {other}"):
            model.fit(x, target, epochs=1, verbose=0)
    one_column = np.ones((4, 1), np.float32)              # same shapes, one class: computed, not taken for labels
    assert np.isfinite(keras_loss("categorical_crossentropy")(ta.tensor(one_column), one_column).item())


def test_labels_against_one_output_column_are_compared_row_by_row_as_keras_does(rng):
    """y of shape (N,) against an output (N, 1): NumPy broadcasts the two to (N, N) (a wrong accuracy,
    no error); Keras squeezes the column, and so does tinyae. Other shapes that differ are refused."""
    x, _ = blobs(rng)
    y = (x[:, 0] > x[:, 0].mean()).astype(np.float32)
    ta.seed(3)
    model = ta.Model(nn.Dense(2, 1, "sigmoid"))
    model.compile("sgd", lambda p, t: ((p.reshape(-1) - t) ** 2).mean(), metrics=["binary_accuracy", "mae"])
    p = model.predict(x)[:, 0]
    _, accuracy, mae = model.evaluate(x, y, batch_size=len(x))
    assert accuracy == pytest.approx(float(((p > 0.5) == y).mean()), abs=1e-6)
    assert mae == pytest.approx(float(abs(p - y).mean()), rel=1e-5)
    two_columns = ta.Model(nn.Dense(2, 2)).compile("sgd", lambda p, t: (p * 0).sum(), metrics=["mae"])
    with pytest.raises(ValueError, match=r"metric 'mae' compares y with the output element by element, but y has "
                                         r"shape \(\d+,\) and the output \(\d+, 2\)"):
        two_columns.evaluate(x, y)


def test_a_keras_loss_takes_labels_against_one_output_column_as_keras_does(rng):
    """Keras 2 expands targets of shape (N,) to (N, 1), so a Dense(..., 1, "sigmoid") classifier fits
    labels y as given; the same numbers as with y[:, None]. tinyae's own losses (PyTorch's habit,
    and its BCELoss) still refuse shapes that differ."""
    x, _ = blobs(rng)
    y = (x[:, 0] > x[:, 0].mean()).astype(np.float32)
    histories = []
    for target in (y, y[:, None]):
        ta.seed(4)
        model = ta.Model(nn.Dense(2, 1, "sigmoid")).compile("adam", "binary_crossentropy", metrics=["accuracy"])
        histories.append(model.fit(x, target, epochs=2, batch_size=8, validation_data=(x, target), verbose=0).history)
    assert histories[0] == histories[1] and set(histories[0]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    with pytest.raises(ValueError, match=r"prediction has shape \(\d+, 1\) but target has shape \(\d+,\)"):
        ta.Model(nn.Dense(2, 1, "sigmoid")).compile("adam", losses.binary_crossentropy).fit(x, y, verbose=0)


def test_compile_refuses_unknown_metrics():
    with pytest.raises(ValueError, match="unknown metric 'precision'.*accuracy"):
        ta.Model(nn.Dense(2, 2)).compile("sgd", "mse", metrics=["precision"])
    with pytest.raises(TypeError, match="list of names"):
        ta.Model(nn.Dense(2, 2)).compile("sgd", "mse", metrics="accuracy")


@pytest.mark.parametrize("name", ["mae", "mean_absolute_error", "mse", "mean_squared_error"])
def test_mean_error_metrics_are_keras_mae_and_mse(rng, name):
    """metrics=["mae"] and ["mse"]: the mean over all elements of |p - y| (F.l1_loss(R, Q) = 0.3) and of
    (p - y)^2 ((0.04 + 0.04 + 0.09 + 0.09 + 0.16 + 0.16) / 6 for R against Q), under the name given;
    fit reports them batch-size-weighted, which with constant weights is the value on all the data."""
    from tinyae.training.metrics import Metric
    expected = 0.3 if name in ("mae", "mean_absolute_error") else 0.58 / 6
    assert float(Metric(name, None)(f64(R), f64(Q))) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match=rf"metric '{name}' compares y with the output element by element"):
        Metric(name, None)(f64(R), f64(Q[:2]))
    x = rng.uniform(0, 1, size=(40, 3)).astype("float32")
    model = ta.Model(nn.Dense(3, 3, activation="sigmoid"))
    model.compile(optim.SGD(model.parameters(), lr=0.0), "binary_crossentropy", metrics=[name])
    history = model.fit(x, x, batch_size=16, validation_data=(x, x), verbose=0).history
    error = model.predict(x) - x
    value = np.abs(error).mean() if name in ("mae", "mean_absolute_error") else (error ** 2).mean()
    assert history[name][0] == pytest.approx(value, rel=1e-5)
    assert history[f"val_{name}"][0] == pytest.approx(value, rel=1e-5)

def test_accuracy_labels_are_told_apart_by_shape_not_dtype(rng):
    """tf.keras's rule: labels of one rank less than the output are sparse, whatever their dtype."""
    x, y = blobs(rng, n_per_class=10)
    model = ta.Model(SoftmaxClassifier()).compile("sgd", lambda p, t: p.sum() * 0, metrics=["accuracy"])
    expected = float((model.predict(x).argmax(1) == y).mean())
    assert model.evaluate(x, y.astype(np.float32), return_dict=True)["accuracy"] == pytest.approx(expected, abs=1e-6)
    with pytest.raises(ValueError, match=r"y has shape \(30, 4\) and the output \(30, 3\)"):
        model.evaluate(x, one_hot(y, 4).astype(np.float32))


def test_binary_accuracy_compares_the_target_exactly_as_keras_does():
    """Review finding 3. Keras's binary_accuracy is mean(equal(y_true, cast(y_pred > 0.5))) (tf.keras
    metrics.binary_accuracy; Keras 2: equal(y_true, round(y_pred))): a soft target 0.8 is never equal
    to 0 or 1, so these four soft targets score 0 (by hand: no y is 0 or 1), not 1 as (y > 0.5) gave;
    hard targets [1, 0, 0, 1] against [p > 0.5] = [1, 0, 1, 0] score 2/4."""
    from tinyae.training.metrics import Metric
    metric = Metric("accuracy", keras_loss("binary_crossentropy"))
    p = f64([[0.9, 0.2, 0.7, 0.4]])
    assert float(metric(p, f64([[0.8, 0.1, 0.6, 0.3]]))) == 0.0
    assert float(metric(p, f64([[1.0, 0.0, 0.0, 1.0]]))) == 0.5
    assert float(Metric("binary_accuracy", None)(f64([[0.9, 0.6, 0.2, 0.1]]), f64([[1.0, 0.0, 1.0, 0.0]]))) == 0.5


@pytest.mark.parametrize("name", ["mae", "kld", "categorical_crossentropy"])
def test_a_keras_loss_target_of_another_dtype_keeps_its_gradient(name):
    """Review finding 14a: the Keras losses cast a target of another dtype with a bare Tensor (no
    graph), so a float64 target that requires grad lost its gradient there only; they now use the
    losses' own same_shape (the differentiable astype). For mae the gradient is -sign(p - t) / N."""
    p = ta.tensor(R)                                              # float32
    t = ta.tensor(Q, dtype="float64", requires_grad=True)
    keras_loss(name)(p, t).backward()
    assert t.grad is not None and t.grad.dtype == np.float64
    if name == "mae":
        np.testing.assert_allclose(t.grad, -np.sign(np.subtract(R, Q)) / 6)
