"""Seven sketches of a live-coding lecture, written as a lecturer types them in front of a class:
no workaround, only tinyae's building blocks, each on a small MNIST subset in a few seconds. Each
ends with what the sketch is meant to show, asserted (issue "Engine 2": these must stay true)."""
import pytest

import tinyae as ta
from tinyae import datasets, losses, nn, optim, regularizers

N_TRAIN, N_TEST = 2000, 500


@pytest.fixture(scope="module")
def mnist():
    (x_train, y_train), (x_test, y_test) = datasets.load_mnist(normalize="01", flatten=True)
    return x_train[:N_TRAIN], y_train[:N_TRAIN], x_test[:N_TEST], y_test[:N_TEST]


def test_denoising_autoencoder_with_clipped_noise(mnist):
    x_train, _, x_test, _ = mnist
    ta.seed(0)
    model = ta.Model(nn.Sequential(
        nn.GaussianNoise(0.5, clip=(0, 1)),              # corrupt x, keep pixels in [0, 1]
        nn.Dense(784, 64, activation="relu"),
        nn.Dense(64, 784, activation="sigmoid"),
    ))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x_train, x_train, epochs=5, batch_size=64, verbose=0)

    noisy = ta.clip(ta.tensor(x_test) + 0.5 * ta.randn(*x_test.shape), 0, 1).numpy()
    assert 0 <= noisy.min() and noisy.max() <= 1
    denoised = model.predict(noisy)                      # evaluation: the noise layer is off
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert ((denoised - x_test) ** 2).mean() < ((noisy - x_test) ** 2).mean() / 2


def test_sparse_autoencoder_through_an_activity_regularizer(mnist):
    x_train, _, x_test, _ = mnist

    def train(regularizer):
        ta.seed(0)
        model = ta.Model(nn.Sequential(
            nn.Dense(784, 64, activation="sigmoid", name="code", activity_regularizer=regularizer),
            nn.Dense(64, 784, activation="sigmoid"),
        ))
        model.compile(optimizer=optim.Adam(model.parameters(), lr=0.01), loss="mse")
        history = model.fit(x_train, x_train, epochs=5, batch_size=100, verbose=0)
        with ta.no_grad(), model.module.capture("code") as outputs:
            model.module(ta.tensor(x_test))
        return outputs["code"].numpy().mean(axis=0), history

    plain_rho, _ = train(None)
    sparse_rho, history = train(regularizers.sparsity_kl(rho=0.05, beta=3.0))
    assert "code.activity_regularizer" in history.history          # reported by name
    assert sparse_rho.mean() < 0.12 < plain_rho.mean()              # units switched off most of the time


def test_tied_stacked_autoencoder_784_300_150_300_784(mnist):
    x_train, _, x_test, _ = mnist
    ta.seed(0)
    hidden1 = nn.Dense(784, 300, activation="elu", init="variance_scaling")
    hidden2 = nn.Dense(300, 150, activation="elu", init="variance_scaling")
    tied = nn.Sequential(hidden1, hidden2,
                         nn.TiedDense(hidden2, activation="elu"),   # W3 = W2^T
                         nn.TiedDense(hidden1))                     # W4 = W1^T, linear output
    model = ta.Model(tied, input_shape=(784,))
    lines = []
    model.summary(print_fn=lines.append)
    assert "Total params: 281,734" in lines                         # Géron's count; untied: 561,934

    model.compile(optimizer=optim.Adam(model.parameters(), lr=0.01), loss="mse")
    model.fit(x_train, x_train, epochs=3, batch_size=150, verbose=0)
    assert model.evaluate(x_test, x_test) < ((x_test - x_train.mean(axis=0)) ** 2).mean()


def test_greedy_pretraining_then_a_frozen_encoder_classifier(mnist):
    x_train, y_train, x_test, y_test = mnist
    ta.seed(0)
    encoder = nn.Dense(784, 128, activation="relu", name="encoder")
    autoencoder = ta.Model(nn.Sequential(encoder, nn.Dense(128, 784, activation="sigmoid")))
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    autoencoder.fit(x_train, x_train, epochs=3, batch_size=64, verbose=0)     # no labels

    encoder.freeze()
    classifier = ta.Model(nn.Sequential(encoder, nn.Dense(128, 10, activation="softmax")))
    classifier.compile(optimizer=optim.Adam(classifier.parameters(), lr=0.01),
                       loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    before = encoder.W.numpy().copy()
    history = classifier.fit(x_train[:500], y_train[:500], epochs=20, batch_size=50, verbose=0,
                             validation_data=(x_test, y_test))
    assert (encoder.W.numpy() == before).all()                     # frozen: only the softmax trained
    assert history.history["val_accuracy"][-1] > 0.7
    assert classifier.evaluate(x_test, y_test, return_dict=True)["accuracy"] > 0.7


def test_contractive_autoencoder_and_a_gradcheck_of_its_penalty(mnist):
    x_train, _, _, _ = mnist
    ta.seed(0)
    x = ta.tensor(x_train[:5, :20], dtype="float64")
    W, b = 0.1 * ta.randn(20, 8, dtype="float64"), 0.1 * ta.randn(8, dtype="float64")
    assert ta.gradcheck(lambda W, b: losses.contractive_penalty(ta.sigmoid(x @ W + b), W), W, b)

    encoder, decoder = nn.Dense(784, 32, activation="sigmoid"), nn.Dense(32, 784, activation="sigmoid")
    optimizer = optim.Adam(encoder.parameters() + decoder.parameters(), lr=0.01)
    for x in datasets.batches(x_train, batch_size=100):
        x = ta.tensor(x)
        h = encoder(x)
        loss = losses.binary_crossentropy(decoder(h), x) + 1e-4 * losses.contractive_penalty(h, encoder.W)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert loss.item() < 0.3


def test_variational_autoencoder_with_a_2d_code_trained_by_fit_x(mnist):
    x_train, _, x_test, _ = mnist

    class VAE(nn.Module):
        def __init__(self):
            self.hidden = nn.Dense(784, 256, activation="relu")
            self.z_mean, self.z_log_var = nn.Dense(256, 2), nn.Dense(256, 2)
            self.sampling = nn.Sampling()
            self.decoder = nn.Sequential(nn.Dense(2, 256, activation="relu"), nn.Dense(256, 784, activation="sigmoid"))

        def forward(self, x):
            h = self.hidden(x)
            mu, log_var = self.z_mean(h), self.z_log_var(h)
            return self.decoder(self.sampling(mu, log_var)), mu, log_var

    def vae_loss(x, outputs):
        x_decoded, mu, log_var = outputs
        return {"reconstruction": 784 * losses.binary_crossentropy(x_decoded, x),
                "kl": losses.gaussian_kl(mu, log_var)}

    ta.seed(0)
    model = ta.Model(VAE())
    model.add_loss(vae_loss)
    model.compile(optimizer="rmsprop")
    history = model.fit(x_train, None, epochs=5, batch_size=100, validation_data=(x_test, None), verbose=0)
    assert {"reconstruction", "kl", "val_loss"} <= set(history.history)
    assert history.history["val_loss"][-1] < history.history["val_loss"][0]
    generated = ta.Model(model.module.decoder).predict(ta.randn(16, 2).numpy())
    assert generated.shape == (16, 784) and generated.std(axis=0).mean() > 0.01


def test_convolutional_autoencoder_summary():
    model = ta.Model(nn.Sequential(
        nn.Conv2D(1, 16, 3, padding="same", activation="relu"), nn.MaxPool2D(2, padding="same"),
        nn.Conv2D(16, 8, 3, padding="same", activation="relu"), nn.MaxPool2D(2, padding="same"),
        nn.Conv2D(8, 8, 3, padding="same", activation="relu"), nn.MaxPool2D(2, padding="same"),
        nn.Conv2D(8, 8, 3, padding="same", activation="relu"), nn.UpSampling2D(2),
        nn.Conv2D(8, 8, 3, padding="same", activation="relu"), nn.UpSampling2D(2),
        nn.Conv2D(8, 16, 3, activation="relu"), nn.UpSampling2D(2),
        nn.Conv2D(16, 1, 3, padding="same", activation="sigmoid"),
    ), input_shape=(1, 28, 28))
    lines = []
    model.summary(print_fn=lines.append)
    assert "Total params: 4,385" in lines                               # 002's model.summary()
    assert any(line.startswith("max_pool2d_2 (MaxPool2D)") and "(None, 8, 4, 4)" in line for line in lines)
    assert any(line.startswith("conv2d_6 (Conv2D)") and "(None, 1, 28, 28)" in line for line in lines)
