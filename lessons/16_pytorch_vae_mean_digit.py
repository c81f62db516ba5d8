# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The slides' PyTorch VAE, and why it outputs the mean digit (变分编码器的实现)
#
# **Source:** the slides `001_87a57b6fafe523e2.txt`, sections **变分自编码器（VAE）**, **变分编码器的工作原理**
# and **变分编码器的实现** (the PyTorch code, the derivation of the Gaussian KL divergence and the
# training log); the other deck `000_c436e5a38361a603.txt` has the same slides. Here is the slides' code
# line by line on tinyae, then the measurement that explains its log, and the fix.
#
# Run it: `python -m lessons 16` or `python -m lessons 16 --quick` (the same code on 6,000 training and
# 1,000 test images, 2 epochs per model: about 3 s of CPU time, up to half a minute on a busy machine).
# The full run trains both models for the slides' **100 epochs** of batches of 32 (187,500 steps
# each): 560 s of CPU time in all (about 2.8 s per epoch on one core), 18 minutes of wall time on the
# shared 2-core development machine. Lower `EPOCHS_AS_PRINTED` and `EPOCHS_FIXED` in their cells for a
# shorter run: the model as printed is flat from its first epoch on, as the slides' log is.
#
# A variational autoencoder (VAE) is "a probabilistic and a generative autoencoder" (概率自编码器,
# 生成自编码器): the encoder maps an input $x$ to the two parameters `z_mean` $= \mu$ and `z_log_sigma`
# $= \log \sigma$ of a normal distribution, a code $z$ is *sampled* from it,
#
# $$z = \mu + \exp(\log \sigma) \odot \epsilon, \qquad \epsilon \sim N(0, I)
#   \qquad \text{(the reparameterisation trick)},$$
#
# and the decoder maps $z$ back to the input space. It is trained with two losses (两个损失函数): the
# reconstruction loss, as for every autoencoder, and the KL divergence between the learned latent
# distribution $N(\mu, \sigma^2)$ and the prior $N(0, I)$, "as a regulariser" (作为一个正则). After
# training, decoding samples $z \sim N(0, I)$ should give new digits.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/16_pytorch_vae_mean_digit")   # figures and files

# %%
import tinyae as ta
from tinyae import backend, datasets, losses, nn, ops, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## The data
#
# The slides' loop reads `for i, data in enumerate(dataloader, 0)`, but `dataloader` is never defined
# on the slides. Their log starts with "Number of samples: 60000", so it is the MNIST training set;
# we assume the usual `transforms.ToTensor()` (pixels in $[0, 1]$) and `shuffle=True`, and say so.
# `inputs.resize_(batch_size, input_dim)` flattens each batch of 32 images of 1 x 28 x 28 into
# 32 x 784; it works only because 60,000 is a multiple of 32: on a last, smaller batch `resize_` would
# either raise (storage that cannot grow) or pad the batch with uninitialised memory, silently.
# `datasets.batches` and `reshape` have no such trap.

# %%
(x_train, _), (x_test, _) = datasets.load_mnist(normalize="01", flatten=True)
if QUICK:                                     # the same code on a subset
    x_train, x_test = x_train[:6000], x_test[:1000]
input_dim = 28 * 28
batch_size = 32
print("Number of samples:", len(x_train))
print(x_train.shape, x_test.shape, x_train.dtype)

# %% [markdown]
# ## The network, as printed
#
# `Encoder(784, 100, 100)`: two Linear layers, **each followed by a ReLU** (so the 100 features that
# feed the two heads are non-negative). Two heads `Linear(100, 8)` give $\mu$ and $\log \sigma$ of an
# 8-dimensional code. `Decoder(8, 100, 784)`: two Linear layers, each followed by a ReLU, **the output
# too**. PyTorch's `nn.Linear` starts weights and biases uniform in $\pm 1/\sqrt{n_\text{in}}$:
# `nn.Dense(..., init="torch")`. The decoder takes its output activation as an argument because the
# fix below changes it; the printed model uses ReLU. The noise $\epsilon$ comes from `ta.randn_like`
# (the slides draw it with NumPy's unseeded generator and wrap it in a `Variable`).


# %%
def linear(n_in, n_out):
    return nn.Dense(n_in, n_out, init="torch")       # PyTorch's nn.Linear


class Encoder(nn.Module):
    def __init__(self, D_in, H, D_out):
        self.linear1 = linear(D_in, H)
        self.linear2 = linear(H, D_out)

    def forward(self, x):
        x = ops.relu(self.linear1(x))
        return ops.relu(self.linear2(x))


class Decoder(nn.Module):
    def __init__(self, D_in, H, D_out, output=ops.relu):
        self.linear1 = linear(D_in, H)
        self.linear2 = linear(H, D_out)
        self.output = output                          # the slides: F.relu

    def forward(self, x):
        x = ops.relu(self.linear1(x))
        return self.output(self.linear2(x))


class VAE(nn.Module):
    latent_dim = 8

    def __init__(self, encoder, decoder):
        self.encoder = encoder
        self.decoder = decoder
        self._enc_mu = linear(100, 8)
        self._enc_log_sigma = linear(100, 8)

    def _sample_latent(self, h_enc):
        """Return the latent normal sample z ~ N(mu, sigma^2)"""
        mu = self._enc_mu(h_enc)
        log_sigma = self._enc_log_sigma(h_enc)
        sigma = ta.exp(log_sigma)
        std_z = ta.randn_like(sigma)
        self.z_mean = mu
        self.z_sigma = sigma
        self.z_log_sigma = log_sigma                  # kept for the fix below (log sigma^2 = 2 log sigma)
        return mu + sigma * std_z                     # reparameterization trick

    def forward(self, state):
        h_enc = self.encoder(state)
        z = self._sample_latent(h_enc)
        return self.decoder(z)


ta.seed(0)
vae = VAE(Encoder(input_dim, 100, 100), Decoder(8, 100, input_dim))
print(vae)
print("parameters:", sum(p.size for p in vae.parameters()))

# %% [markdown]
# ## The latent loss, and the KL divergence of two normal distributions
#
# The slides derive the KL divergence of two one-dimensional normal distributions
# $p_1 = N(\mu_1, \sigma_1^2)$ and $p_2 = N(\mu_2, \sigma_2^2)$:
#
# $$\int p_1(x) \log \frac{p_1(x)}{p_2(x)}\, dx
#   = \int p_1(x) \Big( \log \frac{\sigma_2}{\sigma_1} + \frac{(x - \mu_2)^2}{2 \sigma_2^2}
#     - \frac{(x - \mu_1)^2}{2 \sigma_1^2} \Big) dx
#   = \log \frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2 \sigma_2^2} - \frac{1}{2},$$
#
# using $\int (x - \mu_1)^2 p_1\, dx = \sigma_1^2$, $\int (x - \mu_1)(\mu_1 - \mu_2)\, p_1\, dx = 0$ and
# $(x - \mu_2)^2 = ((x - \mu_1) + (\mu_1 - \mu_2))^2$. With the prior $\mu_2 = 0$, $\sigma_2 = 1$:
#
# $$KL(\mu_1, \sigma_1) = -\log \sigma_1 + \frac{\sigma_1^2 + \mu_1^2}{2} - \frac{1}{2}
#   = \frac{1}{2} \big( \mu_1^2 + \sigma_1^2 - \log \sigma_1^2 - 1 \big),$$
#
# the term inside the slides' `latent_loss`. The result is right; the typesetting on the way has slips:
#
# - both decks write the second line as $\int p_1(x) (\log p_1(x)\, dx - \log p_2(x))\, dx$: a stray
#   $dx$ inside the brackets;
# - 000 writes the normal densities as $\frac{1}{\sqrt{2\pi\sigma^2}} e^{\frac{(x-\mu)^2}{2\sigma^2}}$, **without
#   the minus sign** in the exponent (a function that grows without bound, no density at all); its next
#   line has the right signs again;
# - 000 closes a bracket too early in $\frac{1}{2\sigma_2^2}[\ldots + 2\int (x - \mu_1)(\mu_1 - \mu_2)]\, p_1(x)\, dx$
#   (001 has $[\ldots + 2 \int (x - \mu_1)(\mu_1 - \mu_2)\, p_1(x)\, dx]$);
# - the step from $-\frac{1}{2\sigma_1^2}\int (x - \mu_1)^2 p_1\, dx$ to $-\frac{1}{2}$ is taken without a word
#   (it is the variance $\sigma_1^2$ again).
#
# A numerical check: draw a million $x \sim p_1$ and average $\log p_1(x) - \log p_2(x)$ (a Monte Carlo
# estimate of the integral, with its standard error), against the closed form.

# %%
LOG_2PI = 1.8378770664093453                           # log(2 pi)


def log_normal(x, mu, sigma):
    return -0.5 * LOG_2PI - ta.log(ta.tensor(sigma, dtype="float64")) - (x - mu) ** 2 / (2 * sigma ** 2)


def kl_closed_form(mu1, sigma1, mu2, sigma2):
    return (ta.log(ta.tensor(sigma2 / sigma1, dtype="float64"))
            + (sigma1 ** 2 + (mu1 - mu2) ** 2) / (2 * sigma2 ** 2) - 0.5).item()


kl_check = []
for mu1, sigma1, mu2, sigma2 in [(0.0, 1.0, 0.0, 1.0), (1.0, 1.0, 0.0, 1.0), (0.5, 0.3, 0.0, 1.0),
                                 (-1.0, 2.0, 0.5, 0.7), (2.0, 0.1, -1.0, 3.0)]:
    x = mu1 + sigma1 * ta.randn(1_000_000, dtype="float64")
    log_ratio = log_normal(x, mu1, sigma1) - log_normal(x, mu2, sigma2)
    estimate = log_ratio.mean().item()
    error = (log_ratio.numpy().std() / 1000.0).item()      # standard error of the mean of 10^6 draws
    exact = kl_closed_form(mu1, sigma1, mu2, sigma2)
    kl_check.append((mu1, sigma1, mu2, sigma2, estimate, error, exact))
    print(f"KL(N({mu1}, {sigma1}^2) || N({mu2}, {sigma2}^2)): Monte Carlo {estimate:.4f} +- {error:.4f}, "
          f"closed form {exact:.4f}")

# %% [markdown]
# The slides' `latent_loss` applies this to every one of the 8 code units of every example, and takes
# the **mean** over the batch *and the 8 units*; `nn.MSELoss()` is the mean over the batch and the 784
# pixels. tinyae's `losses.gaussian_kl(mu, log_var)` sums the KL over the code units of each example
# (and averages over the batch by default), so the slides' latent loss is `gaussian_kl / 8`:

# %%
def latent_loss(z_mean, z_stddev):
    mean_sq = z_mean * z_mean
    stddev_sq = z_stddev * z_stddev
    return 0.5 * (mean_sq + stddev_sq - ta.log(stddev_sq) - 1).mean()


criterion = losses.mse                                 # nn.MSELoss(): the mean over batch and pixels

with ta.no_grad():
    dec = vae(ta.tensor(x_train[:batch_size]))
    printed = latent_loss(vae.z_mean, vae.z_sigma).item()
    per_example_sum = losses.gaussian_kl(vae.z_mean, 2 * vae.z_log_sigma).item()
print(f"at the start: latent_loss {printed:.6f}; gaussian_kl (sum over units, mean over batch) / 8 "
      f"{per_example_sum / 8:.6f}; MSELoss {criterion(dec, ta.tensor(x_train[:batch_size])).item():.6f}")

# %% [markdown]
# ## Training, as printed
#
# `optim.Adam(vae.parameters(), lr=0.0001)` (PyTorch's Adam, its other defaults), batches of 32, the
# loss `criterion(dec, inputs) + latent_loss(...)`, and after each epoch `print(epoch, l)`: the loss of
# the **last batch** of the epoch, as the slides print it. The same loop trains the fixed model below,
# so it is a function; besides the slides' line it records the epoch's mean reconstruction loss and
# mean KL (summed over the 8 units, in nats per example).


# %%
def train(vae, loss_terms, epochs):
    """The slides' loop; loss_terms(dec, inputs, vae) -> (loss, reconstruction, KL per example)."""
    optimizer = optim.Adam(vae.parameters(), lr=0.0001)
    history = {"last_batch_loss": [], "reconstruction": [], "kl": []}
    l = None
    for epoch in range(epochs):
        sums = {"reconstruction": 0.0, "kl": 0.0}
        for inputs in datasets.batches(x_train, batch_size=batch_size):
            inputs = ta.tensor(inputs)
            optimizer.zero_grad()
            dec = vae(inputs)
            loss, reconstruction, kl = loss_terms(dec, inputs, vae)
            loss.backward()
            optimizer.step()
            l = loss.item()
            sums["reconstruction"] += reconstruction.item() * len(inputs)
            sums["kl"] += kl.item() * len(inputs)
        print(epoch, l)
        history["last_batch_loss"].append(l)
        for key in sums:
            history[key].append(sums[key] / len(x_train))
    return history


def as_printed(dec, inputs, vae):
    ll = latent_loss(vae.z_mean, vae.z_sigma)
    reconstruction = criterion(dec, inputs)
    loss = reconstruction + ll                         # the slides: criterion(dec, inputs) + ll
    return loss, reconstruction, 8 * ll                # 8 * latent_loss: the KL summed over the units


EPOCHS_AS_PRINTED = 2 if QUICK else 100                 # the slides' 100
history_printed = train(vae, as_printed, EPOCHS_AS_PRINTED)

# %% [markdown]
# The slides' log: `0 0.06824935227632523`, `1 0.06462123245000839`, `2 0.0682353526353836`,
# `3 0.06655789166688919`, `4 0.06659097224473953`, ..., `93 0.06475096195936203`, ...,
# `95 0.072048120200634`, ..., `99 0.06808134913444519` (quoted from 001). Ours is the same kind of
# line. Two things stand out in both: the loss is already at its final level after the **first** epoch
# and does not fall in 100 epochs, and it moves up and down by ±0.005, the noise of one batch of 32.
# What is 0.065? Here is what each model achieves per epoch (means over the epoch):

# %%
for epoch, (r, k) in enumerate(zip(history_printed["reconstruction"], history_printed["kl"])):
    print(f"epoch {epoch}: MSELoss {r:.5f}, KL {k:.5f} nats per example (latent_loss {k / 8:.5f})")

# %% [markdown]
# ## The measurement that explains the log
#
# 1. **The mean image.** The laziest model outputs the mean training image for every input. Its
#    `MSELoss` on the test set, and in the slides' loss (its KL can be 0: a code that ignores the
#    input can equal the prior exactly):
# 2. **The KL of each code unit**, averaged over the test images: 0 means that unit carries no
#    information about the input ($\mu \approx 0$, $\sigma \approx 1$ for every image: the posterior has
#    *collapsed* onto the prior).
# 3. **The spread of the reconstructions across images**: decode the mean code $\mu(x)$ of each test
#    image (no sampling) and take each pixel's standard deviation over the test images, averaged over
#    the pixels (the same number for the test images themselves is printed beside it).
# 4. **Samples from the prior**: decode $z \sim N(0, I)$.


# %%
xp = backend.xp
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
mean_image_mse = losses.mse(ta.tensor(mean_image), ta.tensor(x_test)).item()
data_spread = float(x_test.std(axis=0).mean())


def measure(vae):
    """Test-set numbers: MSE of the (sampled) reconstructions, MSE and spread of decode(mu), the KL per
    unit (mean over images), and the distance of decode(mu) to the mean image."""
    x = ta.tensor(x_test)
    with ta.no_grad():
        dec = vae(x)
        mu, log_sigma = vae.z_mean, vae.z_log_sigma
        from_mean = vae.decoder(mu)
        kl_units = (0.5 * (mu * mu + ta.exp(2 * log_sigma) - 2 * log_sigma - 1)).mean(axis=0)
    return {"mse": criterion(dec, x).item(),
            "mse_of_mean_code": criterion(from_mean, x).item(),
            "kl_per_unit": [float(v) for v in kl_units.numpy()],
            "kl": float(kl_units.numpy().sum()),
            "spread": float(from_mean.numpy().std(axis=0).mean()),
            "distance_to_mean_image": float(xp.sqrt(((backend.to_backend(from_mean.numpy())
                                                      - backend.to_backend(mean_image)) ** 2).mean()))}


printed_model = measure(vae)
print(f"always the mean training image: MSELoss {mean_image_mse:.4f}, slides' loss {mean_image_mse:.4f} + 0")
print(f"the VAE as printed: MSELoss {printed_model['mse']:.4f} (decoding mu: {printed_model['mse_of_mean_code']:.4f}); "
      f"its slides' loss on the test set {printed_model['mse'] + printed_model['kl'] / 8:.4f}")
print("KL per code unit (nats, mean over test images):", " ".join(f"{v:.4f}" for v in printed_model["kl_per_unit"]))
print(f"spread of decode(mu) across test images {printed_model['spread']:.4f} (the test images: {data_spread:.4f}); "
      f"root-mean-square distance of decode(mu) to the mean image {printed_model['distance_to_mean_image']:.4f}")

# %% [markdown]
# The slides' 0.063 to 0.072 **is the loss of the mean image** (0.067 on the full test set): every code
# unit has a KL of about zero, the codes of all images are the same distribution $N(0, I)$, and the
# decoder, receiving nothing about the input, outputs the one image that minimises the squared error
# over all inputs: the mean digit. (The slides' final `plt.imshow(vae(inputs).data[0]...)` shows it.)

# %%
with ta.no_grad():
    prior_printed = vae.decoder(ta.randn(8, 8)).numpy()
    recon_printed = vae.decoder(vae._enc_mu(vae.encoder(ta.tensor(x_test[:8])))).numpy()

# %% [markdown]
# ## The cause: the two means
#
# The ELBO, the quantity a VAE maximises, is per example $\mathbb{E}_{q(z|x)}[\log p(x \mid z)] -
# KL(q(z \mid x) \,\|\, p(z))$: a **sum** over the 784 pixels (the log-likelihood of the image) minus a
# **sum** over the 8 code units. With a Gaussian decoder $p(x \mid z) = N(\hat x, s^2 I)$ its negative is
# $\frac{1}{2 s^2}\|x - \hat x\|^2 + \sum_{j=1}^{8} KL_j$ + const. The slides' loss for a batch of $N$ is
#
# $$\frac{1}{784 N} \sum_n \|x_n - \hat x_n\|^2 + \frac{1}{8 N} \sum_n \sum_j KL_{nj}
#   = \frac{1}{784} \cdot \frac{1}{N} \sum_n \Big( \|x_n - \hat x_n\|^2 + 98 \sum_j KL_{nj} \Big):$$
#
# up to a constant factor, an ELBO whose KL is weighted **98 times** ($784 / 8$) more than the ELBO with
# $s^2 = 1/2$ weighs it (a "$\beta$-VAE" with $\beta = 98$). In the slides' units: each nat of
# information the code carries about an image costs $1/8 = 0.125$, while the whole reconstruction term
# can fall at most from the mean image's 0.067 to 0. Even a perfect reconstruction could not pay for
# one nat of code, and real codes buy far less: the working VAE below (full run) spends 9.3 nats per
# image to bring the MSE from 0.0675 down to 0.029, about 0.004 per nat, a thirtieth of the price. So
# the optimum of the slides' loss is the collapsed posterior: KL 0 and the mean image. The ReLU output
# is a second, smaller fault: a pixel whose pre-activation is negative outputs 0 with zero gradient.
#
# **The fix**, with the same architecture: per-example **sums** averaged over the batch,
# `losses.mse(dec, x, reduction="sum") / N` and `losses.gaussian_kl(mu, 2 log sigma)` (summed over the
# code units, averaged over the batch), and a **sigmoid** output, so that pixels lie in $(0, 1)$. Same
# optimizer, learning rate, batch size and initialisation seed.


# %%
def per_example_sums(dec, inputs, vae):
    reconstruction = losses.mse(dec, inputs, reduction="sum") / len(inputs)     # sum over pixels, mean over batch
    kl = losses.gaussian_kl(vae.z_mean, 2 * vae.z_log_sigma)                  # sum over units, mean over batch
    return reconstruction + kl, reconstruction, kl


ta.seed(0)
vae_fixed = VAE(Encoder(input_dim, 100, 100), Decoder(8, 100, input_dim, output=ops.sigmoid))
EPOCHS_FIXED = 2 if QUICK else 100                      # the slides' 100
history_fixed = train(vae_fixed, per_example_sums, EPOCHS_FIXED)

# %%
for epoch, (r, k) in enumerate(zip(history_fixed["reconstruction"], history_fixed["kl"])):
    print(f"epoch {epoch}: squared error {r:.3f} per image (MSELoss {r / 784:.5f}), KL {k:.3f} nats per example")

fixed_model = measure(vae_fixed)
print(f"the fixed VAE: MSELoss {fixed_model['mse']:.4f} (decoding mu: {fixed_model['mse_of_mean_code']:.4f}), "
      f"mean image {mean_image_mse:.4f}")
print("KL per code unit (nats, mean over test images):", " ".join(f"{v:.4f}" for v in fixed_model["kl_per_unit"]))
print(f"spread of decode(mu) across test images {fixed_model['spread']:.4f} (the test images: {data_spread:.4f})")
print(f"the fixed VAE measured with the slides' loss: {fixed_model['mse'] + fixed_model['kl'] / 8:.4f} "
      f"(the collapsed model: {printed_model['mse'] + printed_model['kl'] / 8:.4f})")

# %% [markdown]
# The last line is the cause once more, measured: the working VAE, scored by the slides' loss, is
# *worse* than the collapsed one, because its KL, divided by 8, costs more than all the reconstruction
# error it saves. An optimizer that minimises the slides' loss is right to collapse.
#
# ## The figure: reconstructions, samples from the prior, KL per unit

# %%
with ta.no_grad():
    prior_fixed = vae_fixed.decoder(ta.randn(8, 8)).numpy()
    recon_fixed = vae_fixed.decoder(vae_fixed._enc_mu(vae_fixed.encoder(ta.tensor(x_test[:8])))).numpy()
fig = plot.image_grid([x_test[:8], recon_printed, recon_fixed, prior_printed, prior_fixed],
                      row_titles=["test images", "as printed", "fixed", "prior, printed", "prior, fixed"],
                      path=out / "reconstructions_and_samples.png")

# %%
fig = plot.new_figure(figsize=(7, 3.5))
ax = fig.add_subplot(1, 1, 1)
units = list(range(8))
ax.bar([u - 0.2 for u in units], printed_model["kl_per_unit"], width=0.4, label="as printed")
ax.bar([u + 0.2 for u in units], fixed_model["kl_per_unit"], width=0.4, label="fixed")
ax.set(xlabel="code unit", ylabel="KL (nats, mean over test images)", title="KL per code unit")
ax.legend()
fig = plot.finish(fig, out / "kl_per_unit.png")

# %% [markdown]
# ## What the full run shows
#
# (`python -m lessons 16`, the slides' 100 epochs for both models; `lessons/RESULTS.md` has the log.)
#
# | | the slides (quoted from 001) | as printed, ours | fixed, ours |
# | --- | --- | --- | --- |
# | last-batch loss per epoch | 0.068, 0.065, 0.068, 0.067, 0.067, ..., 0.063 to 0.072 (epochs 93-99) | 0.068, 0.066, 0.067, 0.062, 0.073, ..., 0.063 to 0.070 (epochs 93-99) | another loss (per-example sums): squared error 62.0 -> 20.6 per image, KL 5.8 -> 10.1 nats (epoch means, epochs 1 and 100) |
# | test MSELoss | | 0.0675 (mean image: 0.0675) | 0.0261 (decoding $\mu$: 0.0213) |
# | KL per example, nats | | 0.0000018 (every unit below 5e-7) | 10.09 (every unit 0.93 to 1.73) |
# | spread of decode($\mu$) across images | | 0.000008 (the test images: 0.19) | 0.144 |
# | the slides' loss on the test set | | 0.0675 | 1.287 |
#
# - Our log of the model as printed has the slides' level and the slides' jitter from the first epoch
#   to the hundredth (its last seven: 0.063 to 0.070, the slides' 0.063 to 0.072), and its MSE
#   converges to the mean image's (0.06743 in the tenth epoch, 0.06733 in the hundredth; the mean
#   image: 0.0675 on the test set). Its 8 code units carry no information, its outputs for all test
#   images are one image (pixel standard deviation 8e-6 across images), and its samples from
#   the prior are the same blurred average digit as its "reconstructions" (the figure's rows 2 and 4).
#   That is what the slides' closing `plt.imshow(vae(inputs).data[0]...)` shows.
# - The fixed VAE, with the same layers, optimizer, learning rate and batch size, uses all 8 code units
#   (0.9 to 1.7 nats each), reconstructs each digit as itself (row 3; blurred, the 9 least well), and
#   its samples from the prior are mostly recognisable, varied digits (row 5: a 4, an 8, a 0, a 7 and
#   others), some of them smeared. A Gaussian decoder with variance 1/2 (our sum of
#   squared errors) is still a generous noise model for pixels in $[0, 1]$; a Bernoulli decoder (binary
#   cross-entropy summed over pixels) would weigh reconstruction more. We kept the squared error so that
#   only the reductions and the output activation change.
# - By the slides' own loss the working VAE scores 1.287 and the collapsed one 0.0675: the slides'
#   optimizer did its job; the loss asked for the mean digit.

# %% [markdown]
# ## What the lesson reports

# %%
results = {
    "epochs_as_printed": EPOCHS_AS_PRINTED,
    "epochs_fixed": EPOCHS_FIXED,
    "n_train": len(x_train),
    "history_as_printed": history_printed,
    "history_fixed": history_fixed,
    "mean_image_mse": mean_image_mse,
    "data_spread": data_spread,
    "as_printed": printed_model,
    "fixed": fixed_model,
    "kl_check": kl_check,
    "latent_loss_at_start": printed,
    "gaussian_kl_over_8_at_start": per_example_sum / 8,
    "figures": [str(out / "reconstructions_and_samples.png"), str(out / "kl_per_unit.png")],
}
results
