"""Models whose loss is not loss(prediction, y): add_loss (the chapters' Keras VAE with
fit(x_train, None, validation_data=(x_test, None))), loss functions that return a dict of named
terms, several outputs, and the module's regularisation terms; each term reported by name."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, optim
from tinyae.tensor import Tensor


class TinyVAE(nn.Module):
    """Keras's VAE in miniature: forward returns (reconstruction, mu, log_var)."""

    def __init__(self, n=6, latent=2):
        self.hidden = nn.Dense(n, 8, activation="relu")
        self.mu = nn.Dense(8, latent)
        self.log_var = nn.Dense(8, latent)
        self.decoder = nn.Dense(latent, n, activation="sigmoid")

    def forward(self, x):
        h = self.hidden(x)
        mu, log_var = self.mu(h), self.log_var(h)
        eps = Tensor(backend.random_normal(mu.shape, dtype=mu.dtype))
        z = mu + (log_var * 0.5).exp() * eps
        return self.decoder(z), mu, log_var


def vae_loss(x, outputs):
    reconstruction, mu, log_var = outputs
    return {"reconstruction": 6 * losses.binary_crossentropy(reconstruction, x), "kl": losses.gaussian_kl(mu, log_var)}


def binary_data(rng, n):
    return (rng.uniform(size=(n, 6)) > 0.5).astype(np.float32)


def test_the_keras_vae_idiom_trains_with_add_loss_and_no_y(rng, capsys):
    x, x_val = binary_data(rng, 64), binary_data(rng, 16)
    ta.seed(0)
    model = ta.Model(TinyVAE())
    model.add_loss(vae_loss)
    model.compile(optim.RMSprop.keras(model.parameters(), lr=0.01))
    history = model.fit(x, None, epochs=30, batch_size=16, validation_data=(x_val, None), verbose=2)
    h = history.history
    assert list(h) == ["loss", "reconstruction", "kl", "val_loss", "val_reconstruction", "val_kl"]
    for prefix in ("", "val_"):
        np.testing.assert_allclose(h[prefix + "loss"], np.add(h[prefix + "reconstruction"], h[prefix + "kl"]), rtol=1e-5)
    assert h["loss"][-1] < h["loss"][0] - 0.2
    last_line = capsys.readouterr().out.splitlines()[-1]
    assert " - loss: " in last_line and " - reconstruction: " in last_line and " - val_kl: " in last_line
    reconstruction, mu, log_var = model.predict(x_val)
    assert reconstruction.shape == (16, 6) and mu.shape == log_var.shape == (16, 2)
    assert set(model.evaluate(x_val, return_dict=True)) == {"loss", "reconstruction", "kl"}


class TwoHeads(nn.Module):
    """A deterministic model with two outputs, to check the reported numbers by hand."""

    def __init__(self):
        self.a, self.b = nn.Dense(3, 3), nn.Dense(3, 1)

    def forward(self, x):
        return self.a(x), self.b(x)


def test_a_loss_function_may_return_named_terms_whose_sum_is_minimised(rng):
    x = rng.normal(size=(10, 3)).astype(np.float32)
    y = rng.normal(size=(10, 3)).astype(np.float32)
    model = ta.Model(TwoHeads())

    def loss(outputs, target):
        reconstruction, score = outputs
        return {"mse": losses.mse(reconstruction, target), "score": 0.1 * (score * score).mean()}

    model.compile(optim.SGD(model.parameters(), lr=0.0), loss)
    model.add_loss(lambda inputs, outputs: (outputs[1] ** 2).mean() * 0.5, name="extra")
    model.add_loss(lambda inputs, outputs: (outputs[0] ** 2).mean())              # unnamed: only in "loss"
    logs = model.evaluate(x, y, batch_size=10, return_dict=True)
    a, b = model.predict(x)
    by_hand = {"mse": ((a - y) ** 2).mean(), "score": 0.1 * (b ** 2).mean(), "extra": 0.5 * (b ** 2).mean()}
    assert list(logs) == ["loss", "mse", "score", "extra"]
    for name, value in by_hand.items():
        assert logs[name] == pytest.approx(value, rel=1e-5)
    assert logs["loss"] == pytest.approx(sum(by_hand.values()) + (a ** 2).mean(), rel=1e-5)


class Regularised(nn.Module):
    """A stand-in for engine2-layers' layers: regularization_terms() returns an ordered dict
    {name: scalar Tensor}, the contract ta.Model uses."""

    def __init__(self):
        self.dense = nn.Dense(3, 2)

    def forward(self, x):
        self.h = self.dense(x)
        return self.h

    def regularization_terms(self):
        return {"dense.kernel_regularizer": 0.01 * (self.dense.W ** 2).sum(),
                "dense.activity_regularizer": 0.001 * abs(self.h).sum()}


def test_regularisation_terms_are_added_reported_and_trained_on(rng):
    x = rng.normal(size=(8, 3)).astype(np.float32)
    y = rng.normal(size=(8, 2)).astype(np.float32)
    ta.seed(0)
    module = Regularised()
    model = ta.Model(module).compile(optim.SGD(module.parameters(), lr=0.1), "mse")
    W0, b0 = module.dense.W.numpy().copy(), module.dense.b.numpy().copy()
    logs = model.train_on_batch(x, y, return_dict=True)

    twin = nn.Dense(3, 2)                                  # the same step written out by hand
    twin.W.data[...], twin.b.data[...] = W0, b0
    h = twin(ta.tensor(x))
    kernel, activity = 0.01 * (twin.W ** 2).sum(), 0.001 * abs(h).sum()
    mse = losses.mse(h, ta.tensor(y))
    (mse + kernel + activity).backward()
    assert list(logs) == ["loss", "dense.kernel_regularizer", "dense.activity_regularizer"]
    assert logs["dense.kernel_regularizer"] == pytest.approx(kernel.item(), rel=1e-6)
    assert logs["dense.activity_regularizer"] == pytest.approx(activity.item(), rel=1e-6)
    assert logs["loss"] == pytest.approx((mse + kernel + activity).item(), rel=1e-6)
    np.testing.assert_allclose(module.dense.W.numpy(), W0 - 0.1 * twin.W.grad, rtol=1e-6)
    plain = nn.Dense(3, 2)                                 # without the penalties the step differs
    plain.W.data[...], plain.b.data[...] = W0, b0
    losses.mse(plain(ta.tensor(x)), ta.tensor(y)).backward()
    assert not np.allclose(module.dense.W.numpy(), W0 - 0.1 * plain.W.grad, rtol=1e-6)

    history = model.fit(x, y, epochs=2, batch_size=4, validation_data=(x, y), verbose=0)
    assert "val_dense.kernel_regularizer" in history.history


def test_fit_without_y_needs_a_loss_that_does_not_use_y(rng):
    x = binary_data(rng, 8)
    model = ta.Model(TinyVAE()).compile("rmsprop", "binary_crossentropy")
    with pytest.raises(ValueError, match="y is None, but the compiled loss / metrics compare the outputs with y"):
        model.fit(x, None)
    vae = ta.Model(TinyVAE()).compile("rmsprop")
    with pytest.raises(RuntimeError, match="no loss to minimise"):
        vae.fit(x, None, verbose=0)
    vae.add_loss(vae_loss)
    with pytest.raises(ValueError, match="y was given but nothing uses it"):
        vae.fit(x, x, verbose=0)
    with pytest.raises(ValueError, match="the validation y is given"):
        vae.fit(x, None, validation_data=(x, x), verbose=0)
    vae.fit(x, verbose=0)                                   # y defaults to None


def test_loss_terms_must_be_single_numbers_with_distinct_names(rng):
    x = binary_data(rng, 8)
    model = ta.Model(TinyVAE()).compile("rmsprop")
    model.add_loss(lambda inputs, outputs: outputs[0])
    with pytest.raises(ValueError, match=r"an add_loss function must return a single-number Tensor .* shape \(8, 6\); "
                                         r"reduce it yourself: .* return loss\.mean\(\)"):
        model.fit(x, verbose=0)
    model = ta.Model(TinyVAE()).compile("rmsprop")
    model.add_loss(lambda inputs, outputs: 0.5)
    with pytest.raises(ValueError, match=r"single-number Tensor .* got float; build it from tinyae ops"):
        model.fit(x, verbose=0)
    model = ta.Model(TinyVAE()).compile("rmsprop")
    model.add_loss(vae_loss).add_loss(lambda inputs, outputs: losses.gaussian_kl(outputs[1], outputs[2]), name="kl")
    with pytest.raises(ValueError, match="both called 'kl'"):
        model.fit(x, verbose=0)
    with pytest.raises(TypeError, match="add_loss: fn must be a function"):
        model.add_loss(3.0)
    named = ta.Model(TinyVAE()).compile("rmsprop", "binary_crossentropy")
    with pytest.raises(ValueError, match="the model returns 3 outputs; a named loss compares one prediction"):
        named.fit(x, x, verbose=0)
