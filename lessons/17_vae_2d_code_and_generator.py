# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The Keras VAE with a 2-D code and its generator (使用 VAE 生成图像)
#
# **Source:** `002_7785c493a83a93d4.txt`, 第十章：使用自编码器重建输入, the theory sections
# **解剖变分自编码器**, **变分推断**, **损失函数** and **重参数化技巧**, then the code of **使用 VAE 生成图像**
# (准备数据集, 定义编码器, 定义采样操作, 定义解码器, 构建模型, 定义生成器, 绘制生成的图像). The chapter
# writes it in Keras; here it is the same network, line by line, on tinyae.
#
# **Provenance of the numbers.** The chapter prints no output for this section. Its companion notebook
# (`PacktPublishing/Hands-On-Deep-Learning-Algorithms-with-Python`, `Chapter10`, notebook 10.13, text
# dump in `/work/refs/packt_ch10_10.13.txt`) runs the same code with one change, `epochs = 10` instead
# of the chapter's 50, and logs its ten epochs; those are the numbers we put ours beside (quoted, and
# marked as quoted). Its log format (`Train on 60000 samples`, ` - 7s - loss: ...`) and its
# `tf.logging` line date it to TensorFlow 1's tf.keras.
#
# Run it: `python -m lessons 17` (50 epochs on all 60,000 training images, as in the chapter: several
# minutes on two CPU cores) or `python -m lessons 17 --quick` (the same code on 6,000 training and
# 1,000 test images for 10 epochs: seconds); in Jupyter, run the cells one by one (`QUICK = True`
# in the first cell, or `TINYAE_QUICK=1`).
#
# What the lesson shows: a VAE whose code has only two numbers learns a **map** of the digits (the
# test codes, coloured by digit, form regions), and its decoder alone is a **generator**: any point
# of the plane decodes to a digit, and walking across the plane morphs one digit smoothly into the
# next. We measure both claims instead of judging them by eye, and we point out four flaws of the
# chapter's code and text (their fixes are below, each where it happens).

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/17_vae_2d_code_and_generator")   # figures and files

# %%
import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot, probes

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## 解剖变分自编码器 / 变分推断 (what makes an autoencoder generative)
#
# The autoencoders of the earlier lessons map each image to **one point** $z$. A VAE's encoder maps it
# to a **distribution** over codes, a Gaussian with a mean vector and a standard-deviation vector;
# a code is *sampled* from it and decoded. The chapter calls the encoder the **recognition model** and
# the decoder the **generative model**.
#
# The chapter's equations are images in the text we have; here they are written out in the
# notation its text uses. $\theta$ are the decoder's parameters, $\phi$ the encoder's, $z$ the latent
# variable, $p(z)$ its prior and $p_\theta(x)$ the distribution of the data. Bayes' rule gives the
# posterior $p_\theta(z \mid x) = p_\theta(x \mid z)\, p(z) / p_\theta(x)$, but
# $p_\theta(x) = \int p_\theta(x \mid z)\, p(z)\, dz$ cannot be computed. **Variational inference**
# approximates the posterior by a distribution we can handle, $q_\phi(z \mid x)$, computed by a
# network: the probabilistic encoder; $p_\theta(x \mid z)$ is the probabilistic decoder.
#
# ## 损失函数 (the loss)
#
# Measure how far $q_\phi$ is from the true posterior with the KL divergence and expand
# $\log p_\theta(z \mid x) = \log p_\theta(x \mid z) + \log p(z) - \log p_\theta(x)$:
#
# $$\mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p_\theta(z \mid x)\big)
#   = \mathbb{E}_{q_\phi}\big[\log q_\phi(z \mid x) - \log p_\theta(x \mid z) - \log p(z)\big] + \log p_\theta(x).$$
#
# $\log p_\theta(x)$ left the expectation because it does not depend on $z$. Rearranged:
#
# $$\log p_\theta(x) - \mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p_\theta(z \mid x)\big)
#   = \mathbb{E}_{q_\phi(z \mid x)}\big[\log p_\theta(x \mid z)\big]
#   - \mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p(z)\big).$$
#
# The right-hand side is the **evidence lower bound (ELBO)**: a KL divergence is never negative, so
# it is at most $\log p_\theta(x)$. Maximising it pushes $\log p_\theta(x)$ up and the approximation
# error down at once. Its negative is the loss the chapter minimises:
#
# $$L(\theta, \phi; x) = -\mathbb{E}_{q_\phi(z \mid x)}\big[\log p_\theta(x \mid z)\big]
#   + \mathrm{KL}\big(q_\phi(z \mid x) \,\|\, p(z)\big),$$
#
# a **reconstruction loss** (decode a sampled $z$, compare with $x$) plus a **regulariser** that keeps
# every $q_\phi(z \mid x)$ close to the prior. With $q_\phi(z \mid x) = \mathcal{N}(\mu, \mathrm{diag}\,\sigma^2)$
# and $p(z) = \mathcal{N}(0, I)$ the KL term has the closed form the chapter calls "simplified", one
# term per latent dimension $j$:
#
# $$\mathrm{KL} = -\frac{1}{2} \sum_{j} \big(1 + \log \sigma_j^2 - \mu_j^2 - \sigma_j^2\big).$$
#
# ## 重参数化技巧 (the reparameterisation trick)
#
# Sampling $z \sim \mathcal{N}(\mu, \sigma^2)$ is not a differentiable function of $\mu$ and $\sigma$,
# so the gradient cannot flow from the decoder back into the encoder. The trick moves the randomness
# into an input: draw $\epsilon \sim \mathcal{N}(0, I)$ and set
#
# $$z = \mu + \sigma \odot \epsilon, \qquad \frac{\partial z}{\partial \mu} = 1, \quad
#   \frac{\partial z}{\partial \sigma} = \epsilon.$$
#
# $z$ has the same distribution as before, and is now an ordinary differentiable function of the
# encoder's outputs.

# %% [markdown]
# ## 准备数据集 (preparing the data set)
#
# As in lesson 03: pixels divided by 255, each image flattened to 784 numbers. The chapter drops the
# labels (`(x_train, _), (x_test, _)`); we keep the **test** labels, used only after training, to
# colour the codes of the test digits and to score how well the codes separate them.

# %%
(x_train, _), (x_test, y_test) = datasets.load_mnist(normalize=None)
if QUICK:                                     # the same code on a subset
    x_train, x_test, y_test = x_train[:6000], x_test[:1000], y_test[:1000]
x_train = x_train.astype("float32") / 255.
x_test = x_test.astype("float32") / 255.

x_train = x_train.reshape((len(x_train), -1))
x_test = x_test.reshape((len(x_test), -1))
print(x_train.shape, x_test.shape)

# %% [markdown]
# The chapter's settings. `epsilon_std = 1.0` is the standard deviation of $\epsilon$: with 1 the
# sampling layer draws $z \sim \mathcal{N}(\mu, \sigma^2)$ exactly, which is what the KL term assumes
# (any other value would scale the noise without telling the loss). `nn.Sampling` always uses 1.

# %%
batch_size = 100
original_dim = 784
latent_dim = 2
intermediate_dim = 256
epochs = 10 if QUICK else 50
epsilon_std = 1.0

# %% [markdown]
# ## 定义编码器 (the encoder)
#
# One hidden layer of 256 ReLU units, then two **linear** heads of 2 units each:
#
# $$h = \mathrm{ReLU}(x W_h + b_h), \qquad \mu = h W_\mu + b_\mu, \qquad \log \sigma^2 = h W_\sigma + b_\sigma.$$
#
# **The text says variance, the layer is the log-variance.** The chapter (and its notebook) calls this
# step "计算均值和方差" (compute the mean and the variance) and later samples "from the mean and
# variance", but the second head is named `z_log_var`, and the sampling uses `K.exp(z_log_var / 2)`:
# it outputs $\log \sigma^2$. That is the right design: a linear layer outputs any real number, a
# variance must be positive, and $\sigma^2 = e^{\log \sigma^2}$ is positive whatever the layer says.
# After training we count how many of these outputs are negative, which no variance could be.

# %%
encoder_hidden = nn.Dense(original_dim, intermediate_dim, activation="relu")   # h = Dense(256, relu)(x)
z_mean_layer = nn.Dense(intermediate_dim, latent_dim)                          # z_mean = Dense(2)(h)
z_log_var_layer = nn.Dense(intermediate_dim, latent_dim)                       # z_log_var = Dense(2)(h)

# %% [markdown]
# ## 定义采样操作 (the sampling operation)
#
# The chapter writes the trick as a Keras `Lambda` layer, `z_mean + K.exp(z_log_var / 2) * epsilon`;
# $e^{\log \sigma^2 / 2} = \sigma$. tinyae has it as a layer, `nn.Sampling()`, with the same formula and
# its gradient: $\partial z / \partial \mu = 1$, $\partial z / \partial \log\sigma^2 = \tfrac12 \sigma \epsilon$.
# A fresh $\epsilon$ is drawn at every call, in training and in evaluation (as the chapter's layer
# does, so its `val_loss` is a sampled loss too).
#
# A check that it samples what it should: 10,000 draws with $\mu = (1, -2)$ and
# $\log \sigma^2 = (0, \ln 0.25)$, i.e. $\sigma = (1, 0.5)$.

# %%
sampling = nn.Sampling()

mu_check = ta.tensor([[1.0, -2.0]] * 10000)
log_var_check = ta.tensor([[0.0, -1.3862944]] * 10000)         # ln 0.25
draws = sampling(mu_check, log_var_check).numpy()
print("mean", draws.mean(axis=0), "std", draws.std(axis=0))

# %% [markdown]
# ## 定义解码器 (the decoder)
#
# Two layers, 2 -> 256 (ReLU) -> 784 (sigmoid), kept as **named layer objects** (`decoder_hidden`,
# `decoder_reconstruct`) because the generator below reuses the very same layers, weights included.

# %%
decoder_hidden = nn.Dense(latent_dim, intermediate_dim, activation="relu")
decoder_reconstruct = nn.Dense(intermediate_dim, original_dim, activation="sigmoid")

# %% [markdown]
# ## 构建模型 (the model)
#
# Keras wires the layers into a graph by calling them on symbolic tensors, `vae = Model(x, reconstructed)`.
# In tinyae the wiring is a module's `forward`: the same calls, in the same order. It returns the
# reconstruction and also $\mu$ and $\log \sigma^2$, which the loss needs.
#
# `summary()` counts $784 \cdot 256 + 256 = 200{,}960$ (encoder hidden), $256 \cdot 2 + 2 = 514$ for each
# head, $2 \cdot 256 + 256 = 768$ and $256 \cdot 784 + 784 = 201{,}488$ (decoder): 404,244 parameters.
# The sampling layer has none.


# %%
class VAE(nn.Module):
    """The chapter's graph: x -> h -> (z_mean, z_log_var) -> z -> decoded -> reconstructed."""

    def __init__(self):
        self.encoder_hidden = encoder_hidden
        self.z_mean = z_mean_layer
        self.z_log_var = z_log_var_layer
        self.sampling = sampling
        self.decoder_hidden = decoder_hidden
        self.decoder_reconstruct = decoder_reconstruct

    def forward(self, x):
        h = self.encoder_hidden(x)
        z_mean, z_log_var = self.z_mean(h), self.z_log_var(h)
        z = self.sampling(z_mean, z_log_var)
        reconstructed = self.decoder_reconstruct(self.decoder_hidden(z))
        return reconstructed, z_mean, z_log_var


vae = ta.Model(VAE(), input_shape=(original_dim,))
vae.summary()

# %% [markdown]
# ## The loss: $784 \cdot \mathrm{BCE} + \mathrm{KL}$, added with `add_loss`
#
# The decoder's sigmoid outputs $x'_k$, read as the probabilities of Bernoulli pixels; then
# $-\log p_\theta(x \mid z) = -\sum_{k=1}^{784} [x_k \ln x'_k + (1 - x_k) \ln (1 - x'_k)]$, a **sum** over the
# pixels. Keras's `metrics.binary_crossentropy` is the **mean** over the pixels, so the chapter multiplies
# it by `original_dim = 784`. That factor matters: without it the reconstruction term would be 784
# times too weak next to the KL term (a sum over the latent dimensions), and the KL term would win,
# pushing every $q_\phi(z \mid x)$ onto the prior and the code towards carrying nothing (seed 001's
# PyTorch VAE makes that mistake: INVENTORY.md, item V1). `K.mean(...)` then averages over the batch.
#
# In tinyae: `losses.binary_crossentropy` is the mean over all elements of the batch, so
# `784 * binary_crossentropy(...)` is exactly the batch mean of the per-image sums, and
# `losses.gaussian_kl(mu, log_var)` is the closed form above, summed over $j$ and averaged over the
# batch. We return the two terms by name (`recon`, `kl`), so that fit prints them beside their sum
# `loss`, which is the chapter's `total_loss`.
#
# The loss is not `loss(prediction, target)`: it needs $x$, $\mu$ and $\log \sigma^2$. The chapter
# builds it from symbolic tensors and attaches it with `vae.add_loss(total_loss)`, then compiles
# without a loss. tinyae's `Model.add_loss(fn)` takes a function of the batch and the outputs.

# %%
def vae_loss(x, outputs):
    reconstructed, z_mean, z_log_var = outputs
    reconstruction_loss = original_dim * losses.binary_crossentropy(reconstructed, x)
    kl_divergence_loss = losses.gaussian_kl(z_mean, z_log_var)
    return {"recon": reconstruction_loss, "kl": kl_divergence_loss}   # total_loss = their sum


vae.add_loss(vae_loss)

# %% [markdown]
# ## The optimizer: Keras's RMSprop
#
# `vae.compile(optimizer='rmsprop')`. Keras 2's RMSprop, with its defaults (learning rate
# $\eta = 10^{-3}$, $\rho = 0.9$, and `epsilon=None`, which means `K.epsilon()` $= 10^{-7}$):
#
# $$v \leftarrow \rho v + (1 - \rho) g^2, \qquad \theta \leftarrow \theta - \eta \frac{g}{\sqrt{v} + \epsilon},
#   \qquad v \text{ starting at } 0.$$
#
# This is what TensorFlow 1's tf.keras ran (`tensorflow/python/keras/optimizers.py`,
# `RMSprop.get_updates`: `p - lr * g / (K.sqrt(new_a) + self.epsilon)`), and TensorFlow 2's
# OptimizerV2 RMSprop without momentum computes the same expression. `optim.RMSprop.keras` is this
# update (lr 1e-3, rho 0.9, eps 1e-7, $\epsilon$ outside the root), and `compile("rmsprop")` means the
# same in tinyae. Two look-alikes differ: PyTorch's `torch.optim.RMSprop` has the same formula but
# other defaults (lr $10^{-2}$, $\alpha = 0.99$, eps $10^{-8}$; tinyae's `optim.RMSprop(params)`), and
# Keras 3 moved $\epsilon$ **inside** the root, $g / \sqrt{v + \epsilon}$ (`keras/src/optimizers/rmsprop.py`),
# which floors the denominator at $\sqrt{10^{-7}} \approx 3 \cdot 10^{-4}$ instead of $10^{-7}$.

# %%
vae.compile(optimizer=optim.RMSprop.keras(vae.parameters()))

# %% [markdown]
# ## Training: `fit(x_train, None)`
#
# The targets are `None`: the loss already knows $x$. The chapter writes `vae.fit(x_train, shuffle=True,
# ..., validation_data=(x_test, None))`, 50 epochs of 600 batches of 100, printing one line per epoch
# (`verbose=2`).
#
# **Keras 2 / TensorFlow 1 only.** `add_loss` of a tensor built from the model's symbolic inputs and
# outputs, then `fit` without targets, is a graph-mode idiom of the chapter's time. The chapter's code
# does not run as printed on a current TensorFlow: its first cell already stops at
# `tf.logging.set_verbosity` (TensorFlow 2 moved it to `tf.compat.v1.logging`); under TensorFlow 2's
# eager training, losses built from a functional model's symbolic tensors often failed with
# "Inputs to eager execution function cannot be Keras symbolic tensors" (for example
# rstudio/keras3#1058, TensorFlow 2.2, on the Keras VAE example); and Keras 3 removed symbolic
# `add_loss()` altogether (keras.io's guide "Migrating Keras 2 code to multi-backend Keras 3",
# section "Removed features"; code that relied on it moved the KL term into a layer's `call` or a
# custom `train_step`). tinyae's `add_loss(fn)` is the portable form: a plain function of the batch
# and the model's outputs, called on every batch.

# %%
history = vae.fit(x_train, None, shuffle=True, epochs=epochs, batch_size=batch_size, verbose=2,
                  validation_data=(x_test, None))

# %% [markdown]
# ## Beside the companion notebook
#
# The companion notebook trained the same model for 10 epochs and logged each one; here are those
# numbers (**quoted** from its log, `/work/refs/packt_ch10_10.13.txt`) beside ours. Keras's `loss` is
# the mean of the batch losses *during* the epoch (the weights change under it); `val_loss` is
# computed after the epoch, with freshly sampled $z$. In quick mode we train on a tenth of the data,
# so our first epochs have a tenth of the steps and are not comparable; the full run is.

# %%
companion = {   # quoted: notebook 10.13's log, epochs 1-10 (TensorFlow 1 tf.keras, 60,000 images, batch 100)
    "loss": [189.6828, 169.0377, 166.3774, 164.3107, 162.7984, 161.6029, 160.5524, 159.5963, 158.7382, 157.9101],
    "val_loss": [171.2307, 167.7445, 165.3534, 164.0418, 162.3211, 161.3738, 160.5113, 159.8307, 158.5780, 157.8535],
}
loss, val_loss = history.history["loss"], history.history["val_loss"]
print("epoch   loss: tinyae / notebook (quoted)   val_loss: tinyae / notebook (quoted)")
for e in range(min(epochs, len(companion["loss"]))):
    print(f"{e + 1:>5}   {loss[e]:>14.4f} / {companion['loss'][e]:.4f}   "
          f"{val_loss[e]:>18.4f} / {companion['val_loss'][e]:.4f}")
print(f"after epoch {epochs}: loss {loss[-1]:.4f}, val_loss {val_loss[-1]:.4f} "
      f"= recon {history.history['val_recon'][-1]:.4f} + kl {history.history['val_kl'][-1]:.4f}")

# %% [markdown]
# **A yardstick for the loss.** A VAE whose code carries nothing has $q_\phi(z \mid x) = p(z)$ for
# every image: its KL term is 0, and the best its decoder can then do is output the mean training
# image for every digit. Its loss is $784 \cdot \mathrm{BCE}$ of the mean image. Everything the trained
# VAE gains below that line it gains by using its code, and the KL term (in nats per image) is what
# it pays for it: averaged over the images, it is an upper bound on the mutual information between an
# image and its sampled 2-number code.

# %%
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
collapsed_loss = original_dim * losses.binary_crossentropy(ta.tensor(mean_image), ta.tensor(x_test)).item()
print(f"a code that carries nothing (KL 0, the mean image): val_loss {collapsed_loss:.4f}")
print(f"the trained VAE: val_loss {val_loss[-1]:.4f}, of which KL {history.history['val_kl'][-1]:.4f} nats")

fig = plot.new_figure(figsize=(6.5, 4))
ax = fig.add_subplot()
ax.plot(range(1, epochs + 1), loss, label="train (tinyae)")
ax.plot(range(1, epochs + 1), val_loss, label="validation (tinyae)")
ax.plot(range(1, 11), companion["loss"], "o", mfc="none", label="train (notebook 10.13, quoted)")
ax.plot(range(1, 11), companion["val_loss"], "s", mfc="none", label="validation (notebook 10.13, quoted)")
ax.axhline(collapsed_loss, color="grey", linestyle=":", label="code carries nothing")
ax.set_xlabel("Epoch")
ax.set_ylabel("784 BCE + KL (nats per image)")
ax.set_title("VAE loss per epoch")
ax.legend()
fig = plot.finish(fig, out / "loss.png")

# %% [markdown]
# ## The 2-D code of the test digits
#
# The chapter stops at the generator. The Keras 2 example its code closely follows (keras-team/keras,
# `examples/variational_autoencoder.py`: the same settings and most of the names) also draws the **codes** of the
# test set. The encoder is the first two layers, $x \mapsto \mu$ (the mean of $q_\phi(z \mid x)$,
# a deterministic code; a sample would add $\sigma \epsilon$). `nn.Sequential(encoder_hidden, z_mean_layer)`
# reuses the trained layers, it copies nothing.

# %%
encoder = ta.Model(nn.Sequential(encoder_hidden, z_mean_layer))
x_test_encoded = encoder.predict(x_test, batch_size=batch_size)
print("codes:", x_test_encoded.shape, "mean", x_test_encoded.mean(axis=0), "std", x_test_encoded.std(axis=0))

# %% [markdown]
# **Is it really log-variance?** The second head's outputs on the test set: a variance could not be
# negative, a log-variance is negative whenever $\sigma < 1$. And $\sigma$ itself says how wide each
# image's Gaussian is, next to the spread of the codes.

# %%
_, _, z_log_var_test = vae.predict(x_test, batch_size=batch_size)
negative_share = float((z_log_var_test < 0).mean())
sigma = ta.exp(0.5 * ta.tensor(z_log_var_test)).numpy()
print(f"z_log_var < 0 for {100 * negative_share:.1f} % of the test outputs "
      f"(min {z_log_var_test.min():.2f}, max {z_log_var_test.max():.2f})")
print(f"sigma = exp(z_log_var / 2): mean {sigma.mean(axis=0)} per dimension; the codes' spread (std of mu): "
      f"{x_test_encoded.std(axis=0)}")

# %% [markdown]
# The picture: each test digit's code, coloured by its label, with the generator's 7 x 7 grid below
# (the crosses) on top. The grid covers the central 90 % of the prior $\mathcal{N}(0, 1)$ along each
# axis; where the codes leave gaps or crowd, the grid's images will show it.

# %%
q7 = plot.normal_quantiles(7)
fig = plot.latent_scatter_2d(x_test_encoded, y_test, title="VAE: 2-D codes (mu) of the test digits")
ax = fig.axes[0]
ax.scatter([a for a in q7 for _ in q7], [b for _ in q7 for b in q7], marker="+", color="black", s=40,
           label="7 x 7 grid")
ax.legend(title="label", markerscale=2, loc="best")
fig = plot.finish(fig, out / "latent.png")

# %% [markdown]
# **Do the codes separate the digits? A number instead of a picture.** As in lesson 06: the share of
# test digits whose 5 nearest neighbours in the code plane (leaving the digit itself out) carry its
# own label by majority vote (`probes.knn_accuracy`). Chance, always guessing the most frequent digit, is about 11 %; the
# best *linear* 2-D view, the projection on the first two principal components, is the yardstick
# (lesson 06 measured about 43 % for it on the full test set).


# %%
xp = backend.xp
chance = probes.chance_accuracy(y_test)
train_pixels, test_pixels = backend.to_backend(x_train), backend.to_backend(x_test)
pixel_mean = train_pixels.mean(axis=0)
centred = train_pixels - pixel_mean
_, vectors = xp.linalg.eigh(centred.T @ centred / len(train_pixels))   # eigenvalues in ascending order
pca_codes = (test_pixels - pixel_mean) @ vectors[:, -2:][:, ::-1]
vae_accuracy, pca_accuracy = probes.knn_accuracy(x_test_encoded, y_test), probes.knn_accuracy(pca_codes, y_test)
print(f"5-NN accuracy of the 2-D test codes: VAE {vae_accuracy:.3f}, PCA {pca_accuracy:.3f}, chance {chance:.3f}")

# %% [markdown]
# ## 定义生成器 (the generator)
#
# "The decoder is basically our generator." The chapter builds it from a new input and the two
# decoder layers it kept, `generator = Model(decoder_input, decoder_reconstruct(decoder_hidden(decoder_input)))`:
# the **same layer objects**, so the generator has the trained weights without any copy. In tinyae,
# `nn.Sequential(decoder_hidden, decoder_reconstruct)`: $768 + 201{,}488 = 202{,}256$ parameters, the same
# arrays as the VAE's last four.

# %%
generator = ta.Model(nn.Sequential(decoder_hidden, decoder_reconstruct), input_shape=(latent_dim,))
generator.summary()
shared = all(a is b for a, b in zip(generator.parameters(), vae.parameters()[-4:]))
print("the generator's weights are the VAE's:", shared)

# %% [markdown]
# The generator at work on codes we know: the first 8 test digits, their mean codes $\mu$ decoded by
# the generator (a reconstruction without the sampling noise), and decoded codes
# $z \sim \mathcal{N}(0, I)$ drawn from the prior, which is how a VAE makes new digits:
# "通过从学习到的分布中抽样来生成新的手写数字" (generate new handwritten digits by sampling from the
# learned distribution).

# %%
z_prior = ta.randn(8, latent_dim).numpy()
fig = plot.image_grid([x_test[:8], generator.predict(x_test_encoded[:8]), generator.predict(z_prior)],
                      row_titles=["original", "generator(mu)", "z ~ N(0, I)"], path=out / "generated_samples.png")

# %% [markdown]
# ## 绘制生成的图像 (plotting the generated images)
#
# The chapter decodes a 7 x 7 grid of codes. Along each axis it takes
# `norm.ppf(np.linspace(0.05, 0.95, 7))`, the quantiles of $\mathcal{N}(0, 1)$ at 5 %, 20 %, ..., 95 %:
# $\Phi^{-1}(p) = -1.64, -0.84, -0.39, 0, 0.39, 0.84, 1.64$, points that the prior makes equally likely to
# fall between. SciPy is not needed: Python's `statistics.NormalDist().inv_cdf(p)` is $\Phi^{-1}(p)$, and
# `plot.normal_quantiles(n)` uses it.
#
# Its loop, `for i, yi in enumerate(grid_x): for j, xi in enumerate(grid_y): z_sample = [[xi, yi]]`, puts
# $z = (x_i, y_i)$ into row `i`, column `j` of the canvas. Two slips:
#
# - **The names are swapped**: `yi` runs over `grid_x` and `xi` over `grid_y`. Harmless here, because
#   the two grids are equal; with different ranges per axis it would silently transpose the picture.
# - **$z_2$ grows downwards**: row 0 is drawn at the top by `imshow`, and holds $z_2 = -1.64$. The
#   canvas is the code plane upside down, compared with the scatter plot above (where $z_2$ grows
#   upwards). Reading one beside the other, the digits seem to sit in the wrong places.
#
# (It also calls `generator.predict` once per point, 49 calls; one call on the 49 codes is the same.)
# `plot.manifold_grid` draws the chapter's canvas as the chapter's code does, with the code values on
# the axes, so that the flip is visible:

# %%
fig_chapter = plot.manifold_grid(generator.predict, n=7, figsize=(4, 4), path=out / "generated_7x7_chapter.png")

# %% [markdown]
# Done right, with $z_2$ growing upwards like the scatter plot (`z2_up=True`), on the finer 15 x 15
# grid of that Keras example:

# %%
n = 15
fig_grid = plot.manifold_grid(generator.predict, n=n, figsize=(7, 7), z2_up=True,
                              path=out / "generated_15x15.png")

# %% [markdown]
# **Does the generator vary smoothly?** The claim behind these pictures is that nearby codes decode to
# similar images, so that walking across the plane morphs one digit into the next. Measured on the
# 15 x 15 grid: the squared distance between the images of neighbouring grid points (left-right and
# up-down), against the mean over all pairs of grid images,
# $\frac{2N}{N-1} \cdot \frac1N \sum_i \lVert a_i - \bar a \rVert^2$ for $N = 225$ images $a_i$.

# %%
q = plot.normal_quantiles(n)
z_grid = ta.tensor([[float(q[j]), float(q[n - 1 - i])] for i in range(n) for j in range(n)]).numpy()
grid_images = generator.predict(z_grid).reshape(n, n, original_dim)
across = ((grid_images[:, 1:] - grid_images[:, :-1]) ** 2).sum(axis=-1)
down = ((grid_images[1:] - grid_images[:-1]) ** 2).sum(axis=-1)
neighbour_distance = (across.sum() + down.sum()) / (across.size + down.size)
largest_step = max(across.max(), down.max())
flat = grid_images.reshape(n * n, original_dim)
pair_distance = 2 * len(flat) / (len(flat) - 1) * ((flat - flat.mean(axis=0)) ** 2).sum(axis=1).mean()
print(f"squared distance between images: neighbours {neighbour_distance:.2f} (largest {largest_step:.2f}), "
      f"all pairs {pair_distance:.2f}, ratio {neighbour_distance / pair_distance:.3f}")

# %% [markdown]
# ## What the full run shows
#
# `lessons/RESULTS.md` has the numbers of our full run (seed 0, 50 epochs); in short:
#
# - **The same training as the notebook's.** Over the ten epochs the notebook logged, our loss and
#   val_loss are up to 1.8 above its numbers in the first two epochs and within 0.65 of them from
#   epoch 3 on (epoch 10: loss 157.68 against its 157.91); with other seeds our epoch-10 loss ranged
#   from 156.9 to 160.1, so the closeness of this one run is partly luck. After the chapter's 50 epochs: val_loss 151.5,
#   of which 145.4 is reconstruction and 6.1 nats KL, against 205.8 for a code that carries nothing.
# - **A map of the digits.** The 5-NN accuracy of the 2-D codes is 0.71, against 0.43 for PCA's
#   best linear 2-D view and 0.11 for chance (lesson 06's deterministic 784-392-28-10-2 autoencoder
#   reached 0.73 with three hidden layers; this VAE has one). 0 and 1 sit at opposite ends, 4 and 9
#   share one region, 3, 5 and 8 overlap, as the grid shows too.
# - **Small Gaussians in a wide cloud.** $\sigma \approx 0.06$ per image while the codes spread over a
#   standard deviation of 1.1-1.2: the KL term keeps the cloud near $\mathcal{N}(0, I)$, not each image's
#   Gaussian. The cloud is wider than the prior, so the grid's square $[-1.64, 1.64]^2$ misses most of the
#   0s, 1s and 7s, which show only at its edges.
# - **Smooth.** Neighbouring grid images differ by 2.8 (squared distance over the pixels), random pairs
#   of grid images by 32.1: about 1/12. Even the largest step between neighbours (8.9) is well under
#   a random pair's distance: the digits morph, they do not jump.

# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 17` prints at the end (and `lessons.run("17")` returns);
# `lessons/RESULTS.md` puts the full run's beside the notebook's.

# %%
results = {
    "epochs": epochs,
    "loss": loss[-1],
    "val_loss": val_loss[-1],
    "first_val_loss": val_loss[0],
    "val_recon": history.history["val_recon"][-1],
    "val_kl": history.history["val_kl"][-1],
    "collapsed_val_loss": collapsed_loss,
    "total_params": sum(p.size for p in vae.parameters()),
    "generator_params": sum(p.size for p in generator.parameters()),
    "knn_accuracy": vae_accuracy,
    "pca_knn_accuracy": pca_accuracy,
    "chance_accuracy": chance,
    "negative_log_var_share": negative_share,
    "mean_sigma": float(sigma.mean()),
    "code_std": [float(s) for s in x_test_encoded.std(axis=0)],
    "neighbour_distance": float(neighbour_distance),
    "largest_neighbour_distance": float(largest_step),
    "pair_distance": float(pair_distance),
    "figures": [str(out / name) for name in ("loss.png", "latent.png", "generated_samples.png",
                                             "generated_7x7_chapter.png", "generated_15x15.png")],
}
results
