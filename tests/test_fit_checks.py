"""No silent wrong answers in fit() (issue 10, items 5, 9 and 10): NaN and inf stop training with
an error that says where, bad data and arguments are refused up front, an optimizer that holds
none of the model's parameters is refused, fit() keeps each module's own training mode, and broken
weights files get a clear error."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import losses, nn, optim
from tinyae.training.callbacks import Callback, EarlyStopping


def regression_data(rng, n=32):
    x = rng.normal(size=(n, 5)).astype(np.float32)
    return x, x @ rng.normal(size=(5, 3)).astype(np.float32)


def compiled(lr=0.01):
    model = ta.Model(nn.Dense(5, 3))
    return model.compile(optim.SGD(model.parameters(), lr=lr), losses.mse)


def test_a_diverging_fit_stops_at_the_first_non_finite_loss_and_says_where(rng):
    x, y = regression_data(rng)
    model = compiled(lr=1e3)                                  # far too large: the loss overflows
    weights = []

    class KeepWeights(Callback):
        def on_batch_end(self, batch, logs):
            weights.append(self.model.module.state_dict())

    with pytest.raises(FloatingPointError) as error, np.errstate(over="ignore", invalid="ignore"):
        model.fit(x, y, epochs=50, batch_size=8, callbacks=[KeepWeights()], verbose=0)
    message = str(error.value)
    assert "loss = inf" in message or "loss = nan" in message
    assert "at epoch " in message and ", batch " in message and "/4;" in message
    assert "learning rate too large" in message and "lr = 1000.0" in message
    assert "terminate_on_nan=False" in message
    for name, value in model.module.state_dict().items():   # the weights after the last good batch
        np.testing.assert_array_equal(value, weights[-1][name])
        assert np.isfinite(value).all()


def test_terminate_on_nan_can_be_turned_off(rng):
    x, y = regression_data(rng)
    with np.errstate(over="ignore", invalid="ignore"):
        history = compiled(lr=1e3).fit(x, y, epochs=30, batch_size=8, verbose=0, terminate_on_nan=False)
    assert len(history.history["loss"]) == 30 and not np.isfinite(history.history["loss"][-1])
    with pytest.raises(TypeError, match="terminate_on_nan must be True or False, got 'no'"):
        compiled().fit(x, y, terminate_on_nan="no")


@pytest.mark.parametrize("where", ["x", "y", "x_val", "y_val"])
def test_nan_or_inf_in_the_data_is_refused_before_training(rng, where):
    x, y = regression_data(rng)
    data = {"x": x, "y": y, "x_val": x[:8].copy(), "y_val": y[:8].copy()}
    data[where][3, 1] = np.nan
    data[where][5, 0] = np.inf
    model = compiled()
    before = model.module.state_dict()
    name = {"x": "x", "y": "y", "x_val": "validation x", "y_val": "validation y"}[where]
    with pytest.raises(ValueError, match=f"fit: {name} holds 1 NaN and 1 inf values, in 2 rows .the first is row 3."):
        model.fit(data["x"], data["y"], validation_data=(data["x_val"], data["y_val"]), verbose=0)
    for key, value in model.module.state_dict().items():
        np.testing.assert_array_equal(value, before[key])


def test_huge_but_finite_data_is_not_taken_for_inf(rng):
    """The up-front check sums the data first; a sum that overflows is not an error by itself."""
    x, y = regression_data(rng)
    x[:, 0] = 3e38                                             # finite in float32; the sum overflows
    with np.errstate(over="ignore", invalid="ignore"):
        assert not np.isfinite(x.sum())
        assert not np.isfinite(compiled().evaluate(x, y))      # evaluated, not refused


@pytest.mark.parametrize("epochs", [-1, 0, 2.0, True, None])
def test_fit_refuses_a_number_of_epochs_that_trains_nothing(rng, epochs):
    x, y = regression_data(rng)
    with pytest.raises(ValueError, match=f"epochs must be a positive int, got {epochs!r}"):
        compiled().fit(x, y, epochs=epochs, verbose=0)


def test_an_optimizer_over_another_models_parameters_is_refused(rng):
    model, other = ta.Model(nn.Dense(5, 3)), nn.Dense(5, 3)
    with pytest.raises(ValueError, match="compile: the optimizer holds none of this model's 2 parameters"):
        model.compile(optim.Adam(other.parameters()), "mse")

    encoder, decoder = nn.Dense(5, 4), nn.Dense(4, 3)
    model = ta.Model(nn.Sequential(encoder, decoder)).compile(optim.Adam(encoder.parameters()), "mse")
    encoder.freeze()                                          # the optimizer now has nothing to train
    x, y = regression_data(rng)
    with pytest.raises(ValueError, match="fit: the optimizer holds none of the model's 2 trainable parameters"):
        model.fit(x, y, verbose=0)
    decoder.freeze()
    with pytest.raises(ValueError, match="the model has no trainable parameters"):
        model.fit(x, y, verbose=0)


def test_fit_keeps_each_modules_own_training_mode(rng):
    """A frozen encoder put in eval mode keeps its noise off through fit and validation."""
    noise = nn.GaussianNoise(1.0)
    encoder = nn.Sequential(noise, nn.Dense(5, 4))
    decoder = nn.Sequential(nn.Dropout(0.5), nn.Dense(4, 3))
    module = nn.Sequential(encoder, decoder)
    encoder.eval()
    seen = []

    class Modes(Callback):
        def on_batch_end(self, batch, logs):
            seen.append((noise.training, decoder[0].training))

    x, y = regression_data(rng)
    model = ta.Model(module).compile(optim.SGD(decoder.parameters(), lr=0.01), "mse")
    model.fit(x, y, epochs=3, batch_size=8, validation_data=(x, y), callbacks=[Modes()], verbose=0)
    assert seen == [(False, True)] * 12
    assert not noise.training and not encoder.training and decoder.training and decoder[0].training
    model.predict(x)
    assert not noise.training and decoder[0].training


def test_validation_data_of_the_wrong_shape_fails_before_training(rng):
    x, y = regression_data(rng)
    model = compiled()
    before = model.module.state_dict()
    with pytest.raises(ValueError, match=r"validation x has rows of shape \(4,\) but x has \(5,\)"):
        model.fit(x, y, validation_data=(x[:, :4], y), verbose=0)
    with pytest.raises(ValueError, match=r"validation y has rows of shape \(2,\) but y has \(3,\)"):
        model.fit(x, y, validation_data=(x, y[:, :2]), verbose=0)
    with pytest.raises(ValueError, match="validation y must be an array with one row per row of validation x"):
        model.fit(x, y, validation_data=(x, y[:5]), verbose=0)
    with pytest.raises(ValueError, match="validation_data must be a pair"):
        model.fit(x, y, validation_data=(x, y, y), verbose=0)
    for key, value in model.module.state_dict().items():
        np.testing.assert_array_equal(value, before[key])


def test_callbacks_none_is_no_callbacks_and_a_non_callback_is_refused(rng):
    x, y = regression_data(rng)
    assert len(compiled().fit(x, y, epochs=2, callbacks=None, verbose=0).history["loss"]) == 2
    with pytest.raises(TypeError, match="callbacks must be Callback objects, got function"):
        compiled().fit(x, y, callbacks=[lambda: None], verbose=0)


def test_one_callback_outside_a_list_is_taken_as_tf_keras_takes_it(rng):
    """fit(..., callbacks=EarlyStopping()) was "TypeError: 'EarlyStopping' object is not iterable"."""
    x, y = regression_data(rng)
    stop = EarlyStopping(monitor="loss", min_delta=1e9, patience=0)     # no epoch improves by 1e9
    history = compiled().fit(x, y, epochs=5, callbacks=stop, verbose=0)
    assert len(history.history["loss"]) == 2 and stop.stopped_epoch == 1


@pytest.mark.parametrize("content, reason", [(b"", "it is empty .0 bytes."),
                                             (b"hello, these are not weights\n", "it starts with b'hello, ")])
def test_an_empty_or_text_weights_file_gets_a_clear_error(tmp_path, content, reason):
    path = tmp_path / "broken.npz"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"load_weights: .*broken.npz is not a tinyae weights file.*{reason}") as error:
        ta.load_weights(nn.Dense(2, 2), path)
    assert "allow_pickle" not in str(error.value)


def test_fit_refuses_a_shuffle_that_is_not_true_or_false_in_its_own_name(rng):
    x, y = regression_data(rng)
    with pytest.raises(TypeError, match=r"^fit: shuffle must be True or False, got 'batch' \(Keras's 'batch' "):
        compiled().fit(x, y, shuffle="batch", verbose=0)
    with pytest.raises(TypeError, match=r"^fit: shuffle must be True or False, got 1$"):
        compiled().fit(x, y, shuffle=1, verbose=0)


def test_one_example_without_its_batch_axis_is_refused_not_taken_for_many(rng):
    """predict(x[0]) on a 784-input model batched the 784 pixels as 784 examples of one number and
    failed inside the first layer, "input of shape (32,)"; a 1-D x is now refused where it is given."""
    model = ta.Model(nn.Dense(4, 2)).compile("sgd", "mse")
    x = rng.normal(size=(6, 4)).astype(np.float32)
    for call in (lambda: model.predict(x[0]), lambda: model.evaluate(x[0], x[0, :2]), lambda: model.fit(x[0], x[0])):
        with pytest.raises(ValueError, match=r"x has shape \(4,\), but its first axis is the batch: one row per "
                                             r"example \(one example x is x\[None\], shape \(1, 4\)"):
            call()
    assert model.predict(x[0][None]).shape == (1, 2)


def test_a_whole_network_left_in_eval_mode_is_not_trained_without_its_noise(rng):
    """model.eval() for a look at the reconstructions, then fit again: every Dropout and GaussianNoise
    would stay off, and a denoising autoencoder would train as a plain one. A part in eval() (a frozen
    encoder) is what fit keeps (the test above); the whole network in eval() is refused."""
    module = nn.Sequential(nn.GaussianNoise(0.3), nn.Dense(5, 4), nn.Dropout(0.2), nn.Dense(4, 3))
    model = ta.Model(module).compile("sgd", "mse")
    x, y = regression_data(rng)
    module.eval()
    with pytest.raises(ValueError, match=r"^fit: the whole network is in evaluation mode \(module.eval\(\) was "
                                         r"called on it\), so its Dropout and GaussianNoise would stay off .* "
                                         r"module.train\(\)"):
        model.fit(x, y, verbose=0)
    with pytest.raises(ValueError, match=r"^train_on_batch: the whole network is in evaluation mode"):
        model.train_on_batch(x, y)
    plain = nn.Sequential(nn.Dense(5, 3)).eval()              # no noise to lose: trained as it is
    assert len(ta.Model(plain).compile("sgd", "mse").fit(x, y, verbose=0).history["loss"]) == 1
    module.train()
    assert len(model.fit(x, y, verbose=0).history["loss"]) == 1


def test_summary_after_a_failed_fit_uses_the_shape_that_trained(rng):
    """A Keras user's first fit on channels-last images (N, 28, 28, 1) fails in the first Conv2D;
    the fit on (N, 1, 28, 28) that follows trains. summary() kept the failed fit's shape and said
    that inputs (None, 28, 28, 1) do not go through the model. Only a shape that trained is kept."""
    module = nn.Sequential(nn.Conv2D(1, 2, 3, padding="same", activation="relu"), nn.Conv2D(2, 1, 3, padding="same"))
    model = ta.Model(module).compile("sgd", "mse")
    images = rng.random((4, 1, 6, 6)).astype(np.float32)
    channels_last = images.transpose(0, 2, 3, 1)
    with pytest.raises(ValueError, match="looks channels-last"):
        model.fit(channels_last, channels_last, verbose=0)
    model.fit(images, images, verbose=0)
    lines = []
    model.summary(print_fn=lines.append)
    assert any(line.startswith("conv2d_1 (Conv2D)") and "(None, 1, 6, 6)" in line for line in lines)

    model = ta.Model(module).compile("sgd", "mse")         # the same with train_on_batch
    with pytest.raises(ValueError, match="looks channels-last"):
        model.train_on_batch(channels_last, channels_last)
    model.train_on_batch(images, images)
    assert model.input_shape == (1, 6, 6)


def test_a_tensor_or_a_list_given_as_data_says_how_to_make_the_array(rng):
    """A PyTorch user passes tensors to fit; Keras's API takes arrays."""
    model = compiled()
    x, y = regression_data(rng)
    with pytest.raises(TypeError, match=r"^fit: x must be a NumPy or CuPy array, got Tensor \(Keras's API takes "
                                        r"arrays: pass the tensor's values, t.numpy\(\)\)$"):
        model.fit(ta.tensor(x), y, verbose=0)
    with pytest.raises(TypeError, match=r"^predict: x must be a NumPy or CuPy array, got list \(stack the examples "
                                        r"into one array, np.stack\(examples\)\)$"):
        model.predict([x[0], x[1]])
    assert model.predict(np.stack([x[0], x[1]])).shape == (2, 3)

