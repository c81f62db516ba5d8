"""The benchmarked models, exactly as the documents build them, with one training step each.

A case builds its tinyae model and optimizer and returns `step(x, noise) -> loss tensor`, one
forward + loss + backward + optimizer update on a batch. `noise` is the VAE's epsilon (drawn by
the caller, so that PyTorch sees the same draws), None elsewhere.
"""
from dataclasses import dataclass

import tinyae as ta
from tinyae import losses, nn, ops, optim, regularizers


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    batch_size: int
    image_shape: tuple      # (784,) for dense models, (1, 28, 28) for the conv model
    latent_noise: int = 0   # size of the VAE's epsilon per sample


CASES = {
    "mlp3": Case("mlp3", "001: 784-128-64-12-3 tanh, sigmoid out, PyTorch init, Adam 0.005, MSE", 64, (784,)),
    "deep2": Case("deep2", "004: 784-392-28-10-2 sigmoid/tanh code, BCE, Keras Adam", 256, (784,)),
    "vanilla32": Case("vanilla32", "002: 784-32 relu / 784 sigmoid, BCE, Keras Adadelta", 256, (784,)),
    "vae2": Case("vae2", "002: VAE 784-256-2, 784*BCE + KL, Keras RMSprop", 100, (784,), latent_noise=2),
    "conv": Case("conv", "002: conv autoencoder 16-8-8 / 8-8-16, BCE, Keras Adadelta", 128, (1, 28, 28)),
    # the lessons' own workloads, where they differ from the five above
    "stacked": Case("stacked", "lesson 7 (Geron): 784-300-150-300-784 elu, linear out, variance_scaling init, "
                               "tf_l2 1e-4, TF1 Adam 0.01 eps 1e-8, MSE", 150, (784,)),
    "vae_sum": Case("vae_sum", "lesson 16 (fixed VAE): 784-100-100-8 relu, sigmoid out, PyTorch init, "
                               "per-example summed MSE / N + KL, Adam 1e-4", 32, (784,), latent_noise=8),
    "wta": Case("wta", "lesson 19's FC-WTA (after Makhzani & Frey 2015, Adam instead of their SGD): 784-1000 "
                       "relu, lifetime sparsity 5% by ta.topk over the batch, linear out, MSE, Adam 1e-3",
                100, (784,)),
}

WTA_RATE = 0.05     # the fraction of the batch on which each hidden unit of the wta case stays on


def mirrored(sizes, hidden, code, output, init):
    """Dense layers sizes[0] -> ... -> sizes[-1] -> ... -> sizes[0]: `hidden` activations, `code` on
    the narrowest layer and `output` on the last."""
    down = list(zip(sizes[:-1], sizes[1:]))
    up = [(b, a) for a, b in reversed(down)]
    layers = [nn.Dense(a, b, code if i == len(down) - 1 else hidden, init=init) for i, (a, b) in enumerate(down)]
    layers += [nn.Dense(a, b, output if i == len(up) - 1 else hidden, init=init) for i, (a, b) in enumerate(up)]
    return nn.Sequential(*layers)


class VAE(nn.Module):
    """002's variational autoencoder: h = relu(x W1), mu = h Wm, log sigma^2 = h Wv,
    z = mu + exp(log sigma^2 / 2) * epsilon, x' = sigmoid(relu(z W2) W3)."""

    def __init__(self, original_dim=784, intermediate_dim=256, latent_dim=2):
        self.hidden = nn.Dense(original_dim, intermediate_dim, "relu")
        self.z_mean = nn.Dense(intermediate_dim, latent_dim)
        self.z_log_var = nn.Dense(intermediate_dim, latent_dim)
        self.decoder = nn.Sequential(nn.Dense(latent_dim, intermediate_dim, "relu"),
                                     nn.Dense(intermediate_dim, original_dim, "sigmoid"))

    def forward(self, x, epsilon):
        h = self.hidden(x)
        mu, log_var = self.z_mean(h), self.z_log_var(h)
        z = mu + ta.ops.exp(log_var * 0.5) * epsilon
        return self.decoder(z), mu, log_var


class SummedVAE(nn.Module):
    """Lesson 16's fixed VAE (the slides' PyTorch VAE with a sigmoid output): h = relu(relu(x W1) W2),
    mu = h Wm, log sigma = h Ws, z = mu + e^{log sigma} * epsilon, x' = sigmoid(relu(z W3) W4);
    PyTorch's initialisation."""

    def __init__(self, original_dim=784, hidden=100, latent_dim=8):
        self.encoder = nn.Sequential(nn.Dense(original_dim, hidden, "relu", init="torch"),
                                     nn.Dense(hidden, hidden, "relu", init="torch"))
        self.z_mean = nn.Dense(hidden, latent_dim, init="torch")
        self.z_log_sigma = nn.Dense(hidden, latent_dim, init="torch")
        self.decoder = nn.Sequential(nn.Dense(latent_dim, hidden, "relu", init="torch"),
                                     nn.Dense(hidden, original_dim, "sigmoid", init="torch"))

    def forward(self, x, epsilon):
        h = self.encoder(x)
        mu, log_sigma = self.z_mean(h), self.z_log_sigma(h)
        return self.decoder(mu + ops.exp(log_sigma) * epsilon), mu, log_sigma


def lifetime_sparse(h, rate=WTA_RATE):
    """Winner-take-all over the batch: unit j keeps its k = round(rate * batch) (at least 1) largest
    activations (the k-th largest of column j, from ta.topk along axis 0, is its threshold) and is 0
    on the other examples. dL/dh = dL/dy where kept, 0 elsewhere. (Ties at the threshold keep all equal values.)"""
    k = max(1, round(rate * len(h)))
    values, _ = ta.topk(h, k, axis=0)
    kept = h >= values.data[k - 1]                    # a boolean array (no gradient through the choice)
    return h * ta.tensor(kept, dtype=h.dtype)


def conv_autoencoder():
    """002's convolutional autoencoder (Keras layers, 'same' padding but the 16-filter 'valid' one)."""
    return nn.Sequential(
        nn.Conv2D(1, 16, 3, padding="same", activation="relu"), nn.MaxPool2D(2, padding="same"),
        nn.Conv2D(16, 8, 3, padding="same", activation="relu"), nn.MaxPool2D(2, padding="same"),
        nn.Conv2D(8, 8, 3, padding="same", activation="relu"), nn.MaxPool2D(2, padding="same"),
        nn.Conv2D(8, 8, 3, padding="same", activation="relu"), nn.UpSampling2D(2),
        nn.Conv2D(8, 8, 3, padding="same", activation="relu"), nn.UpSampling2D(2),
        nn.Conv2D(8, 16, 3, padding="valid", activation="relu"), nn.UpSampling2D(2),
        nn.Conv2D(16, 1, 3, padding="same", activation="sigmoid"))


def build(name):
    """(model, step) for the case called `name`."""
    if name == "mlp3":
        model = mirrored([784, 128, 64, 12, 3], "tanh", None, "sigmoid", init="torch")
        return model, _trainer(model, optim.Adam(model.parameters(), lr=0.005), losses.mse)
    if name == "deep2":
        model = mirrored([784, 392, 28, 10, 2], "sigmoid", "tanh", "sigmoid", init="glorot_uniform")
        return model, _trainer(model, optim.Adam.keras(model.parameters()), losses.binary_crossentropy)
    if name == "vanilla32":
        model = nn.Sequential(nn.Dense(784, 32, "relu"), nn.Dense(32, 784, "sigmoid"))
        return model, _trainer(model, optim.Adadelta.keras(model.parameters()), losses.binary_crossentropy)
    if name == "conv":
        model = conv_autoencoder()
        return model, _trainer(model, optim.Adadelta.keras(model.parameters()), losses.binary_crossentropy)
    if name == "vae2":
        model = VAE()
        optimizer = optim.RMSprop.keras(model.parameters())

        def step(x, epsilon):
            reconstruction, mu, log_var = model(x, epsilon)
            loss = 784 * losses.binary_crossentropy(reconstruction, x) + losses.gaussian_kl(mu, log_var)
            return descend(optimizer, loss)
        return model, step
    if name == "stacked":
        l2 = regularizers.tf_l2(1e-4)
        model = nn.Sequential(*(nn.Dense(a, b, act, init="variance_scaling", kernel_regularizer=l2)
                                for a, b, act in ((784, 300, "elu"), (300, 150, "elu"), (150, 300, "elu"),
                                                  (300, 784, None))))
        optimizer = optim.Adam.keras(model.parameters(), lr=0.01, epsilon=1e-8)

        def step(x, _noise):
            return descend(optimizer, losses.mse(model(x), x) + model.regularization_loss())
        return model, step
    if name == "vae_sum":
        model = SummedVAE()
        optimizer = optim.Adam(model.parameters(), lr=1e-4)

        def step(x, epsilon):
            reconstruction, mu, log_sigma = model(x, epsilon)
            loss = (losses.mse(reconstruction, x, reduction="sum") / len(x)
                    + losses.gaussian_kl(mu, 2 * log_sigma))      # per-example sums, mean over the batch
            return descend(optimizer, loss)
        return model, step
    if name == "wta":
        encoder, decoder = nn.Dense(784, 1000, "relu"), nn.Dense(1000, 784)
        model = nn.Sequential(encoder, decoder)
        optimizer = optim.Adam(model.parameters(), lr=1e-3)

        def step(x, _noise):
            return descend(optimizer, losses.mse(decoder(lifetime_sparse(encoder(x))), x))
        return model, step
    raise ValueError(f"unknown case {name!r}; known: {sorted(CASES)}")


def descend(optimizer, loss):
    """One step down the gradient: clear the old gradients, backpropagate `loss`, update; returns loss."""
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def _trainer(model, optimizer, loss_fn):
    def step(x, _noise):
        return descend(optimizer, loss_fn(model(x), x))
    return step
