"""The same models in PyTorch, started from tinyae's initial weights, for a fair comparison.

tinyae stores a dense weight as W of shape (in, out) (y = x W + b); PyTorch's Linear stores
W^T of shape (out, in). Conv kernels have the same (out, in, kh, kw) layout in both.
"""
import torch
import torch.nn.functional as F

from tinyae import backend, nn as tnn
from tinyae.bench.cases import WTA_RATE

tn = torch.nn


def _copy_dense(layer, linear):
    with torch.no_grad():
        linear.weight.copy_(torch.from_numpy(backend.to_numpy(layer.W.data).T.copy()))
        linear.bias.copy_(torch.from_numpy(backend.to_numpy(layer.b.data)))


def _copy_conv(layer, conv):
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(backend.to_numpy(layer.W.data)))
        conv.bias.copy_(torch.from_numpy(backend.to_numpy(layer.b.data)))


ACTIVATIONS = {"tanh": tn.Tanh, "sigmoid": tn.Sigmoid, "relu": tn.ReLU, "elu": tn.ELU}


def twin_sequential(model):
    """A torch.nn.Sequential equal to a tinyae Sequential of Dense / Conv2D / pooling layers."""
    layers = []
    for layer in model:
        if isinstance(layer, tnn.Dense):
            linear = tn.Linear(layer.in_features, layer.out_features)
            _copy_dense(layer, linear)
            layers.append(linear)
        elif isinstance(layer, tnn.Conv2D):
            # stride-1 'same' with an odd kernel pads symmetrically in Keras too
            conv = tn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size,
                             padding="same" if layer.padding == "same" else 0)
            _copy_conv(layer, conv)
            layers.append(conv)
        elif isinstance(layer, tnn.MaxPool2D):
            # Keras 'same' pooling = ceil_mode: the last window keeps its in-range cells only
            layers.append(tn.MaxPool2d(layer.pool_size, ceil_mode=layer.padding == "same"))
        elif isinstance(layer, tnn.UpSampling2D):
            layers.append(tn.Upsample(scale_factor=layer.size, mode="nearest"))
        else:
            raise TypeError(f"no PyTorch twin for {type(layer).__name__}")
        if getattr(layer, "activation", None):
            layers.append(ACTIVATIONS[layer.activation]())
    return tn.Sequential(*layers)


class TwinVAE(tn.Module):
    def __init__(self, vae):
        super().__init__()
        self.hidden, self.z_mean, self.z_log_var = (tn.Linear(l.in_features, l.out_features)
                                                    for l in (vae.hidden, vae.z_mean, vae.z_log_var))
        self.decoder = twin_sequential(vae.decoder)
        for mine, theirs in ((vae.hidden, self.hidden), (vae.z_mean, self.z_mean), (vae.z_log_var, self.z_log_var)):
            _copy_dense(mine, theirs)

    def forward(self, x, epsilon):
        h = F.relu(self.hidden(x))
        mu, log_var = self.z_mean(h), self.z_log_var(h)
        return self.decoder(mu + torch.exp(log_var / 2) * epsilon), mu, log_var


class TwinSummedVAE(tn.Module):
    def __init__(self, vae):
        super().__init__()
        self.encoder, self.decoder = twin_sequential(vae.encoder), twin_sequential(vae.decoder)
        self.z_mean = tn.Linear(vae.z_mean.in_features, vae.z_mean.out_features)
        self.z_log_sigma = tn.Linear(vae.z_log_sigma.in_features, vae.z_log_sigma.out_features)
        _copy_dense(vae.z_mean, self.z_mean)
        _copy_dense(vae.z_log_sigma, self.z_log_sigma)

    def forward(self, x, epsilon):
        h = self.encoder(x)
        mu, log_sigma = self.z_mean(h), self.z_log_sigma(h)
        return self.decoder(mu + torch.exp(log_sigma) * epsilon), mu, log_sigma


def lifetime_sparse(h, rate):
    """tinyae.bench.cases.lifetime_sparse in PyTorch: each unit keeps its k largest over the batch."""
    k = max(1, round(rate * len(h)))
    threshold = torch.topk(h, k, dim=0).values[k - 1]
    return h * (h >= threshold).to(h.dtype)


def _stepper(optimizer, loss_of):
    def step(x, noise):
        loss = loss_of(x, noise)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss
    return step


def build(name, model, device):
    """step(x, noise) -> loss for the PyTorch twin of the tinyae `model` of case `name`.

    Keras's and TF1's Adam (deep2, stacked) put eps on the uncorrected sqrt(v); torch's Adam puts it
    on the corrected one, so the twin's eps is effectively eps / sqrt(1 - beta2^t): the same update
    except in the first steps' eps term, far below float32 rounding of the losses compared here."""
    if name == "stacked":
        twin = twin_sequential(model).to(device)
        optimizer = torch.optim.Adam(twin.parameters(), lr=0.01, eps=1e-8)
        kernels = [layer.weight for layer in twin if isinstance(layer, tn.Linear)]

        def stacked_loss(x, _noise):          # MSE + TF1's l2_regularizer(1e-4): 1e-4 * sum w^2 / 2 per kernel
            return F.mse_loss(twin(x), x) + sum(1e-4 * (w * w).sum() / 2 for w in kernels)
        return _stepper(optimizer, stacked_loss)
    if name == "vae_sum":
        twin = TwinSummedVAE(model).to(device)
        optimizer = torch.optim.Adam(twin.parameters(), lr=1e-4)

        def summed_loss(x, epsilon):
            reconstruction, mu, log_sigma = twin(x, epsilon)
            kl = -0.5 * (1 + 2 * log_sigma - mu ** 2 - torch.exp(2 * log_sigma)).sum(dim=1)
            return F.mse_loss(reconstruction, x, reduction="sum") / len(x) + kl.mean()
        return _stepper(optimizer, summed_loss)
    if name == "wta":
        twin = twin_sequential(model).to(device)
        encoder, decoder = twin[:2], twin[2:]
        optimizer = torch.optim.Adam(twin.parameters(), lr=1e-3)
        return _stepper(optimizer, lambda x, _noise: F.mse_loss(decoder(lifetime_sparse(encoder(x), WTA_RATE)), x))
    if name == "vae2":
        twin = TwinVAE(model).to(device)
        optimizer = torch.optim.RMSprop(twin.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)   # Keras RMSprop

        def step(x, epsilon):
            reconstruction, mu, log_var = twin(x, epsilon)
            kl = -0.5 * (1 + log_var - mu ** 2 - log_var.exp()).sum(dim=1)
            loss = 784 * F.binary_cross_entropy(reconstruction, x) + kl.mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            return loss
        return step
    twin = twin_sequential(model).to(device)
    if name == "mlp3":
        optimizer, loss_fn = torch.optim.Adam(twin.parameters(), lr=0.005), F.mse_loss
    elif name == "deep2":
        optimizer, loss_fn = torch.optim.Adam(twin.parameters(), lr=1e-3, eps=1e-7), F.binary_cross_entropy
    else:   # vanilla32, conv: Keras Adadelta
        optimizer = torch.optim.Adadelta(twin.parameters(), lr=1.0, rho=0.95, eps=1e-7)
        loss_fn = F.binary_cross_entropy

    def step(x, _noise):
        loss = loss_fn(twin(x), x)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss
    return step
