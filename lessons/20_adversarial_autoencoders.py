# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Adversarial autoencoders (对抗自编码器)
#
# **Source:** `001_87a57b6fafe523e2.txt`, section **其他自编码器**, item **对抗自编码器（AAE）**: one
# sentence, no code, no settings (INVENTORY.md, item A2). The sentence is the wording of Géron's
# *Hands-On Machine Learning* (1st ed., ch. 15, "Other Autoencoders"), which the slides translate. It
# does not describe the model that carries the name, so this lesson is built from the **paper**:
# Makhzani, Shlens, Jaitly, Goodfellow and Frey, *Adversarial Autoencoders* (arXiv:1511.05644, 2015;
# ICLR 2016 workshop). Its settings, and which of them we keep, are in the table below.
#
# Run it: `python -m lessons 20` (a plain autoencoder, three adversarial autoencoders and the VAE of
# lesson 17 on all 60,000 training images, 8 epochs each: about 4 minutes of CPU time, 9 minutes of
# wall time on our shared two-core machine) or `python -m lessons 20 --quick` (the same code on 3,000
# training and 1,000 test images for 5 epochs: about 10 s of CPU time). In Jupyter, run the cells one by one (`QUICK = True` in the first cell, or `TINYAE_QUICK=1`).
#
# What the lesson shows: an autoencoder whose 2-D code is pushed, by a discriminator that sees only
# codes, to be distributed like a prior we choose (a Gaussian; a mixture of ten Gaussians; with the
# labels, one component per digit), so that its decoder turns samples of that prior into digits. We
# measure how close the codes come to the prior (an MMD and the codes' moments, against the same
# autoencoder trained without the adversary), compare with the VAE of lesson 17, decode prior samples, and show the bug that a hand-written AAE loop makes, as the
# error tinyae raises for it.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/20_adversarial_autoencoders")   # figures and files

# %%
import math
import time

import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)
xp = backend.xp

# %% [markdown]
# ## 对抗自编码器: what the slide says, and what an AAE is
#
# The slide: "一个网络被训练来重现它的输入，同时另一个网络被训练去找到第一个网络不能正确重建的输入。这推动了第一个
# 自编码器学习健壮的编码。" (one network is trained to reproduce its inputs while another is trained to
# find inputs that the first cannot reconstruct properly; this pushes the first autoencoder to learn
# robust codes.)
#
# **What that sentence describes** is a min-max game **over inputs**: an adversary searches the input
# space for images with a large reconstruction error, and the autoencoder is trained on them. That is
# adversarial *training* for robustness (the idea of adversarial examples applied to an autoencoder),
# not the adversarial autoencoder. In the AAE of the paper the adversary never sees, proposes or
# changes an input. It sees **codes**. It is a discriminator $D$ that is shown two kinds of 2-D points:
# samples $z \sim p(z)$ of a **prior we choose**, and the encoder's codes $q(x)$ of training images.
# It learns to tell them apart; the encoder, playing the generator of a GAN, learns to make its codes
# indistinguishable from prior samples. Nothing in it is about robustness: it is about the
# **distribution of the codes**.
#
# Write the encoder's distribution of codes over the data, the **aggregated posterior**
#
# $$q(z) = \int q(z \mid x)\, p_d(x)\, dx,$$
#
# where $p_d$ is the data distribution and $q(z \mid x)$ the encoder (here deterministic: $z = q(x)$,
# the paper's first option). The AAE trains the autoencoder to reconstruct, and at the same time
# plays the GAN game of Goodfellow et al. (2014) on codes:
#
# $$\min_{q}\, \max_{D}\; \mathbb{E}_{z \sim p(z)}\big[\log D(z)\big]
#   + \mathbb{E}_{x \sim p_d}\big[\log\big(1 - D(q(x))\big)\big].$$
#
# At the game's equilibrium $q(z) = p(z)$: every region of the prior is covered by codes of real
# images, so the decoder, fed any sample of the prior, outputs a digit. That is what makes the decoder
# a **generative model** $p(x \mid z)$ of the data with prior $p(z)$.
#
# **Beside the VAE of lesson 17.** The VAE gets there with the term
# $\mathrm{KL}(q(z \mid x) \,\|\, p(z))$ **per image**, which needs a prior whose density and KL
# divergence we can write down, and pulls every image's code towards the prior's centre. The AAE
# matches the **aggregate** $q(z)$ to $p(z)$ and only needs **samples** of $p(z)$: any prior we can
# sample from works, a mixture of ten Gaussians as easily as one.
#
# **The training, in two phases per mini-batch** (the paper's section 2):
#
# 1. **Reconstruction phase:** update the encoder and the decoder to reduce the reconstruction error
#    of the batch.
# 2. **Regularisation phase:** first update $D$ to tell prior samples (label 1) from codes (label 0),
#    with the binary cross-entropy
#    $L_D = -\frac1m \sum_i [\log D(z_i) + \log(1 - D(q(x_i)))]$;
#    then update the **encoder** (the generator) to fool the discriminator just updated,
#    $L_G = -\frac1m \sum_i \log D(q(x_i))$ (the non-saturating form that GANs train with).

# %% [markdown]
# ## The data
#
# MNIST, pixels in $[0, 1]$, flattened to 784 numbers. This time we keep the **training labels**
# too: the third model uses them (the paper's "with label information"); the others do not see them.
# The test labels only colour the pictures and score the codes after training.

# %%
(x_train, y_train), (x_test, y_test) = datasets.load_mnist(normalize="01", flatten=True)
if QUICK:                                     # the same code on a subset
    x_train, y_train, x_test, y_test = x_train[:3000], y_train[:3000], x_test[:1000], y_test[:1000]
print(x_train.shape, y_train.shape, x_test.shape, y_test.shape)

# %% [markdown]
# ## The paper's settings, and ours
#
# The paper's MNIST networks, as the brief for this lesson summarises its Appendix A and its 2-D code
# figures: encoder 784-1000-1000-$d$, decoder $d$-1000-1000-784, discriminator $d$-1000-1000-1, ReLU
# hidden layers, a linear code layer, a sigmoid output, batches of 100, gradient descent with
# momentum. **What we could check:** the project's search tool holds stored copies of the paper
# (arXiv:1511.05644) that return only its abstract and introduction, not the appendix; the
# architecture (two layers of 1000 ReLU units in each network) is what the public reproductions
# describe (conan7882/adversarial-autoencoders, which trains with Adam and $\beta_1 = 0.5$ instead);
# the optimiser's learning rates and the initial weights' scale we could not read, so we state them as
# unverified below. What we keep and what we shrink, so that it fits a CPU:
#
# | | paper | here | why |
# | --- | --- | --- | --- |
# | code | 2-D for the figures (8-D for its likelihood table) | 2-D | to draw it, and to compare with lesson 17 |
# | hidden layers | 2 x 1000 ReLU in each net | 2 x 256 ReLU in each net | 1000 units cost about 270 s per epoch on one busy core here (measured); 256 about 30 s |
# | output, loss | sigmoid, squared error | sigmoid, binary cross-entropy (mean over pixels) | the loss of the Keras lessons; it learns faster at this size |
# | optimiser | SGD with momentum (rates not verified) | Adam (PyTorch's): lr $10^{-3}$ for the reconstruction; lr $5 \cdot 10^{-4}$, $\beta_1 = 0.5$ (as in DCGAN) for the discriminator and the generator | SGD, lr 0.01, momentum 0.9 barely moved the reconstruction in 5 epochs on 6,000 images (BCE 0.694 to 0.686, measured); a CPU budget of minutes needs Adam. The adversarial rate decides who wins: measured on full runs, see below and RESULTS.md |
# | batch | 100 | 100 | |
# | epochs | (not verified) | 8 (quick: 5) | about 4 minutes of CPU time for the five models |
# | initial weights | small Gaussian (scale not verified) | Glorot uniform (Keras's default) | tinyae's initialisers are the frameworks' named ones; Glorot trains these ReLU nets |
# | priors | $\mathcal{N}(0, \sigma^2 I)$; mixture of 10 2-D Gaussians; the same with labels | $\mathcal{N}(0, I)$ (the VAE's prior, so the two compare directly); 10 elongated Gaussians on a circle of radius 3 | |

# %%
hidden = 256
latent_dim = 2
batch_size = 100
epochs = 5 if QUICK else 8
reconstruction_lr, adversarial_lr = 1e-3, 5e-4

# %% [markdown]
# ## The priors
#
# **A Gaussian**, $p(z) = \mathcal{N}(0, I)$: `ta.randn`.
#
# **A mixture of ten Gaussians**, as in the paper's figure: component $k$ is an elongated Gaussian
# pointing away from the origin at the angle $\theta_k = 2\pi k / 10$, its centre at radius 3, standard
# deviation 0.5 along its radius and 0.1 across it. A sample: pick $k$, draw $(r, t)$ with
# $r \sim \mathcal{N}(3, 0.5^2)$ and $t \sim \mathcal{N}(0, 0.1^2)$, and rotate:
#
# $$z = \big(r \cos\theta_k - t \sin\theta_k,\; r \sin\theta_k + t \cos\theta_k\big).$$
#
# The mixture takes the component $k$ as an argument: with labels, a digit $y$'s codes are compared
# with samples of component $k = y$; without, $k$ is drawn uniformly.

# %%
angles = 2 * math.pi * xp.arange(10, dtype="float32") / 10


def gaussian_prior(n, k=None):
    """n samples of N(0, I) in 2-D (k is ignored: one component)."""
    return ta.randn(n, latent_dim)


def mixture_prior(n, k=None):
    """n samples of the 10-component mixture; component k[i] for sample i (uniform when k is None)."""
    if k is None:
        k = xp.floor(10 * ta.rand_like(ta.tensor(xp.zeros(n))).data).astype("int64")
    k = backend.to_backend(k).astype("int64")
    radial = 3.0 + 0.5 * ta.randn(n).data
    across = 0.1 * ta.randn(n).data
    cos, sin = xp.cos(angles[k]), xp.sin(angles[k])
    return ta.tensor(xp.stack([radial * cos - across * sin, radial * sin + across * cos], axis=1))


print("N(0, I):\n", gaussian_prior(3).numpy().round(2))
print("mixture, components 0, 2, 5:\n", mixture_prior(3, [0, 2, 5]).numpy().round(2))

# %% [markdown]
# ## The three networks
#
# The encoder $q$ (784-256-256-2, linear code), the decoder $p$ (2-256-256-784, sigmoid) and the
# discriminator $D$ (2-256-256-1). $D$ outputs a **logit** $a$, with $D(z) = \sigma(a)$: its loss is
# `losses.binary_crossentropy_with_logits`, which computes $-\log \sigma(a)$ and $-\log(1 - \sigma(a))$
# stably from $a$. With labels, $D$ also gets the label as a one-hot vector (12 inputs), as in the
# paper's figure 3: it then judges "is this a sample of component $y$?", and the only way for the
# encoder to fool it is to put digit $y$'s codes on component $y$.
#
# We build the three networks with one function, because the lesson trains three AAEs.


# %%
def make_aae(discriminator_inputs=latent_dim):
    encoder = nn.Sequential(nn.Dense(784, hidden, "relu"), nn.Dense(hidden, hidden, "relu"),
                            nn.Dense(hidden, latent_dim, name="code"))
    decoder = nn.Sequential(nn.Dense(latent_dim, hidden, "relu"), nn.Dense(hidden, hidden, "relu"),
                            nn.Dense(hidden, 784, "sigmoid"))
    discriminator = nn.Sequential(nn.Dense(discriminator_inputs, hidden, "relu"), nn.Dense(hidden, hidden, "relu"),
                                  nn.Dense(hidden, 1))
    return encoder, decoder, discriminator


encoder, decoder, discriminator = make_aae()
for name, net, inputs in (("encoder", encoder, 784), ("decoder", decoder, latent_dim),
                          ("discriminator", discriminator, latent_dim)):
    print(name)
    ta.Model(net, input_shape=(inputs,)).summary()

# %% [markdown]
# ## The bug a hand-written AAE loop makes
#
# A natural first loop computes the discriminator's output on the codes **once**, and uses it for both
# updates of the regularisation phase:
#
# ```python
# fake = discriminator(encoder(x))                       # D(q(x)), one forward pass
# d_loss = bce(discriminator(z_prior), 1) + bce(fake, 0)
# d_loss.backward(); d_optimizer.step()                  # D's weights change, in place
# g_loss = bce(fake, 1)                                  # ... but `fake` was computed with the OLD D
# g_loss.backward()
# ```
#
# It fails twice, for two different reasons. Here it is on a fresh AAE, one batch. First as written:

# %%
demo_encoder, demo_decoder, demo_discriminator = make_aae()
demo_optimizer = optim.Adam(demo_discriminator.parameters(), lr=adversarial_lr, betas=(0.5, 0.999))
x = ta.tensor(x_train[:batch_size])
real = ta.tensor(xp.ones((batch_size, 1), dtype="float32"))
not_real = ta.tensor(xp.zeros((batch_size, 1), dtype="float32"))


def hand_written_regularisation_phase(retain_graph):
    """The loop above; returns the message of the error its last backward() raises."""
    fake = demo_discriminator(demo_encoder(x))
    d_loss = (losses.binary_crossentropy_with_logits(demo_discriminator(gaussian_prior(batch_size)), real)
              + losses.binary_crossentropy_with_logits(fake, not_real))
    demo_optimizer.zero_grad()
    d_loss.backward(retain_graph=retain_graph)
    demo_optimizer.step()
    g_loss = losses.binary_crossentropy_with_logits(fake, real)
    try:
        g_loss.backward()
    except RuntimeError as error:
        return str(error)
    return None


released_graph_error = hand_written_regularisation_phase(retain_graph=False)
print("RuntimeError:", released_graph_error)

# %% [markdown]
# `d_loss.backward()` walked the graph through `fake` and released what it kept, as PyTorch does; the
# message suggests `retain_graph=True`, and that is what the learner (and many AAE and GAN examples
# on the web) does next. Then the real problem shows. The backward pass of `g_loss` needs $D$'s
# weights as they were during the forward pass (the gradient of $h W$ with respect to $h$ is
# $g W^T$), and `d_optimizer.step()` has changed them in place: the gradient that reached the encoder
# would belong to neither discriminator. PyTorch raises "one of the variables needed for gradient
# computation has been modified by an inplace operation" here, since its optimizers write through the
# tensors' version counters; code that updates `.data` by hand escapes that check and gets the wrong
# gradient silently. tinyae keeps a **version counter** on every tensor, bumped by each in-place write
# (an optimizer step is one, and so is a write through `.data`), and `backward` compares it with the
# version the forward pass saw:

# %%
stale_graph_error = hand_written_regularisation_phase(retain_graph=True)
print("RuntimeError:", stale_graph_error)

# %% [markdown]
# The fix is the right algorithm anyway: after each optimizer step, **run the forward pass again**
# with the new weights. The generator's update must answer the discriminator *as it is now*; in the
# training loop below, `discriminator(encoder(x))` is computed afresh for $L_G$ after $D$'s step, and
# the codes $D$ is trained on are computed afresh (under `ta.no_grad()`: $D$'s update needs no
# gradient for the encoder) after the reconstruction phase changed the encoder.

# %% [markdown]
# ## How close are the codes to the prior? A number: the MMD
#
# To see the codes move towards the prior we need one number for "how far apart are two sets of
# points". The **maximum mean discrepancy** with a Gaussian kernel $k(a, b) = e^{-\lVert a - b \rVert^2 / 2}$
# compares a set of codes $\{c_i\}$ with a set of prior samples $\{z_j\}$ ($n$ of each):
#
# $$\mathrm{MMD}^2 = \frac{1}{n^2}\sum_{i,i'} k(c_i, c_{i'}) + \frac{1}{n^2}\sum_{j,j'} k(z_j, z_{j'})
#   - \frac{2}{n^2}\sum_{i,j} k(c_i, z_j).$$
#
# It is 0 when the two sets are identical and grows as they separate; with a characteristic kernel
# such as this one, its population value is 0 only when the two distributions are equal. For finite
# sets it is not exactly 0 even for two samples of the same distribution: we print that floor
# beside it. We use the codes of (up to) 2,000 test images and as many prior samples.


# %%
def mmd(codes, samples):
    """Squared MMD (biased V-statistic) between two sets of 2-D points, Gaussian kernel of width 1."""
    a, b = backend.to_backend(codes).astype("float32"), backend.to_backend(samples).astype("float32")

    def kernel_mean(u, v):
        distances = (u * u).sum(axis=1)[:, None] - 2 * u @ v.T + (v * v).sum(axis=1)[None, :]
        return float(xp.exp(-0.5 * xp.maximum(distances, 0)).mean())

    return kernel_mean(a, a) + kernel_mean(b, b) - 2 * kernel_mean(a, b)


n_eval = min(2000, len(x_test))
x_eval, y_eval = x_test[:n_eval], y_test[:n_eval]
floor_gaussian = mmd(gaussian_prior(n_eval).data, gaussian_prior(n_eval).data)
print(f"MMD^2 between two samples of N(0, I) of {n_eval} points: {floor_gaussian:.4f} (the floor)")

# %% [markdown]
# ## The training loop
#
# One function, used for the three AAEs. Per batch: the reconstruction phase (encoder and decoder,
# one Adam), then the regularisation phase (the discriminator, its own Adam; then the encoder, a third
# Adam that holds only the encoder's weights). Each update runs its own forward pass. After every
# epoch it prints the mean losses and the MMD of the test codes to the prior.
#
# Reading the discriminator's loss: a discriminator that cannot tell codes from prior samples outputs
# $D = \tfrac12$ everywhere and has $L_D = 2 \ln 2 \approx 1.386$, and $L_G = \ln 2 \approx 0.693$. A
# discriminator that wins has $L_D \to 0$ and $L_G$ large.


# %%
def one_hot(labels):
    return ta.tensor(xp.eye(10, dtype="float32")[backend.to_backend(labels).astype("int64")])


def encode(encoder, x):
    with ta.no_grad():
        return encoder(ta.tensor(x)).numpy()


def train_aae(prior, use_labels=False, title="", regularise=True):
    """Train an AAE whose codes are matched to `prior`; returns its three nets and its history.
    regularise=False skips the regularisation phase: a plain autoencoder, for comparison."""
    encoder, decoder, discriminator = make_aae(latent_dim + (10 if use_labels else 0))
    reconstruction_optimizer = optim.Adam(encoder.parameters() + decoder.parameters(), lr=reconstruction_lr)
    discriminator_optimizer = optim.Adam(discriminator.parameters(), lr=adversarial_lr, betas=(0.5, 0.999))
    generator_optimizer = optim.Adam(encoder.parameters(), lr=adversarial_lr, betas=(0.5, 0.999))

    def judge(z, labels):               # D's logit, given the label too when it uses labels
        return discriminator(ta.concatenate([z, one_hot(labels)], axis=1) if use_labels else z)

    eval_prior = prior(n_eval, y_eval if use_labels else None).data
    history = {"recon": [], "d_loss": [], "g_loss": [], "mmd": [mmd(encode(encoder, x_eval), eval_prior)]}
    print(f"{title}: MMD^2 of the untrained codes to the prior {history['mmd'][0]:.4f}")
    start = time.time()
    for epoch in range(epochs):
        sums, steps = {"recon": 0.0, "d_loss": 0.0, "g_loss": 0.0}, 0
        for x_batch, y_batch in datasets.batches(x_train, y_train, batch_size=batch_size):
            x, m = ta.tensor(x_batch), len(x_batch)
            ones, zeros = ta.tensor(xp.ones((m, 1), dtype="float32")), ta.tensor(xp.zeros((m, 1), dtype="float32"))
            # 1. reconstruction phase: encoder and decoder
            recon = losses.binary_crossentropy(decoder(encoder(x)), x)
            reconstruction_optimizer.zero_grad()
            recon.backward()
            reconstruction_optimizer.step()
            steps += 1
            sums["recon"] += recon.item()
            if not regularise:
                continue
            # 2a. regularisation phase, the discriminator: prior samples are "real", codes "fake"
            z_prior = prior(m, y_batch if use_labels else None)
            with ta.no_grad():
                codes = encoder(x)          # a fresh forward pass: the encoder has just changed
            d_loss = (losses.binary_crossentropy_with_logits(judge(z_prior, y_batch), ones)
                      + losses.binary_crossentropy_with_logits(judge(codes, y_batch), zeros))
            discriminator_optimizer.zero_grad()
            d_loss.backward()
            discriminator_optimizer.step()
            # 2b. regularisation phase, the generator (the encoder): fool the discriminator as it is NOW
            g_loss = losses.binary_crossentropy_with_logits(judge(encoder(x), y_batch), ones)
            generator_optimizer.zero_grad()
            g_loss.backward()
            generator_optimizer.step()
            sums["d_loss"] += d_loss.item()
            sums["g_loss"] += g_loss.item()
        for key in sums:
            history[key].append(sums[key] / steps)
        history["mmd"].append(mmd(encode(encoder, x_eval), eval_prior))
        adversarial = f" - d_loss: {history['d_loss'][-1]:.4f} - g_loss: {history['g_loss'][-1]:.4f}" if regularise else ""
        print(f"Epoch {epoch + 1}/{epochs} - {time.time() - start:.0f}s - recon: {history['recon'][-1]:.4f}"
              f"{adversarial} - mmd: {history['mmd'][-1]:.4f}")
    return encoder, decoder, discriminator, history


# %% [markdown]
# ## First, without the regularisation phase
#
# The same encoder and decoder, trained by the reconstruction phase alone: a plain autoencoder. Where
# do its codes go, measured against $\mathcal{N}(0, I)$? This is what the regularisation phase has to
# change. (Its MMD is also computed against the mixture below.)

# %%
plain_encoder, plain_decoder, _, plain_history = train_aae(gaussian_prior, title="no regularisation phase",
                                                          regularise=False)

# %% [markdown]
# **A caveat about the number.** A kernel of width 1 only sees distances of a few units: once codes are
# spread far wider than the prior, $k(c_i, z_j) \approx 0$ and $k(c_i, c_{i'}) \approx 0$, and the MMD
# settles near $\frac{1}{n^2}\sum k(z_j, z_{j'})$ (about $1/3$ for $\mathcal{N}(0, I)$ in 2-D) however far
# away the codes are; and codes all at one point score high, since then $k(c_i, c_{i'}) = 1$. So
# "the MMD fell from the untrained network's" alone would also be true of a plain autoencoder. What
# shows the regularisation phase at work is the comparison with this plain autoencoder, and the mean
# and standard deviation of the codes, printed in the table further down.

# %% [markdown]
# ## AAE 1: a Gaussian prior $\mathcal{N}(0, I)$

# %%
gauss_encoder, gauss_decoder, _, gauss_history = train_aae(gaussian_prior, title="AAE, N(0, I) prior")

# %% [markdown]
# ## AAE 2: a mixture of ten Gaussians, no labels
#
# The same loop with the mixture as the prior. Without labels nothing tells the encoder *which*
# digits go to which component: it only has to cover the ten petals as densely as the prior does.

# %%
mixture_encoder, mixture_decoder, _, mixture_history = train_aae(mixture_prior, title="AAE, 10-Gaussian mixture")
floor_mixture = mmd(mixture_prior(n_eval).data, mixture_prior(n_eval).data)
print(f"MMD^2 between two samples of the mixture: {floor_mixture:.4f} (the floor)")

# %% [markdown]
# ## AAE 3: the mixture with label information
#
# Now the discriminator sees the one-hot label beside each point, and its "real" samples of digit $y$
# come from component $y$ (the paper's figure 3 and the right-hand panel of its figure 4; the paper
# also trains with part of the labels, giving unlabelled images an extra "no label" input, which we
# leave out: every training image here has its label). The MMD is measured against samples of each
# test digit's own component.

# %%
labelled_encoder, labelled_decoder, _, labelled_history = train_aae(mixture_prior, use_labels=True,
                                                                    title="AAE, mixture with labels")

# %% [markdown]
# ## The VAE of lesson 17, for comparison
#
# Lesson 17's network and loss exactly (784-256-2 with a $\mu$ and a $\log\sigma^2$ head, $z$ sampled,
# 2-256-784 decoder, $784 \cdot \mathrm{BCE} + \mathrm{KL}$ added with `add_loss`, Keras's RMSprop,
# batches of 100), trained here on the same images for the same number of epochs as the AAEs (lesson
# 17 trains it for 50). Its codes are the means $\mu$.


# %%
class VAE(nn.Module):
    def __init__(self):
        self.hidden = nn.Dense(784, 256, activation="relu")
        self.z_mean = nn.Dense(256, latent_dim)
        self.z_log_var = nn.Dense(256, latent_dim)
        self.sampling = nn.Sampling()
        self.decoder = nn.Sequential(nn.Dense(latent_dim, 256, activation="relu"), nn.Dense(256, 784, activation="sigmoid"))

    def forward(self, x):
        h = self.hidden(x)
        z_mean, z_log_var = self.z_mean(h), self.z_log_var(h)
        return self.decoder(self.sampling(z_mean, z_log_var)), z_mean, z_log_var


vae = ta.Model(VAE(), input_shape=(784,))
vae.add_loss(lambda x, outputs: {"recon": 784 * losses.binary_crossentropy(outputs[0], x),
                                 "kl": losses.gaussian_kl(outputs[1], outputs[2])})
vae.compile(optimizer=optim.RMSprop.keras(vae.parameters()))
vae_history = vae.fit(x_train, None, shuffle=True, epochs=epochs, batch_size=batch_size, verbose=2)

# %% [markdown]
# ## The codes beside their priors
#
# The test codes of the five models, coloured by digit, on grey samples of each model's prior (the plain
# autoencoder's on $\mathcal{N}(0, I)$).

# %%
with ta.no_grad():
    vae_codes = vae.module.z_mean(vae.module.hidden(ta.tensor(x_eval))).numpy()
codes = {
    "plain AE vs N(0, I)": encode(plain_encoder, x_eval),
    "plain AE vs the mixture": encode(plain_encoder, x_eval),
    "VAE (lesson 17), N(0, I) by KL": vae_codes,
    "AAE, N(0, I)": encode(gauss_encoder, x_eval),
    "AAE, 10-Gaussian mixture": encode(mixture_encoder, x_eval),
    "AAE, mixture with labels": encode(labelled_encoder, x_eval),
}
prior_samples = {
    "plain AE vs N(0, I)": gaussian_prior(n_eval).numpy(),
    "plain AE vs the mixture": mixture_prior(n_eval).numpy(),
    "VAE (lesson 17), N(0, I) by KL": gaussian_prior(n_eval).numpy(),
    "AAE, N(0, I)": gaussian_prior(n_eval).numpy(),
    "AAE, 10-Gaussian mixture": mixture_prior(n_eval).numpy(),
    "AAE, mixture with labels": mixture_prior(n_eval, y_eval).numpy(),
}
labels = backend.to_numpy(y_eval)
fig = plot.new_figure(figsize=(13, 18))
for i, (name, c) in enumerate(item for item in codes.items() if item[0] != "plain AE vs the mixture"):
    ax = fig.add_subplot(3, 2, i + 1)
    p = prior_samples[name]
    ax.scatter(p[:, 0], p[:, 1], s=3, color="lightgrey", label="prior")
    for digit in range(10):
        chosen = labels == digit
        ax.scatter(c[chosen, 0], c[chosen, 1], s=3, alpha=0.7, label=str(digit))
    ax.set_title(name)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    if i == 0:
        ax.legend(markerscale=3, fontsize=8, loc="upper right")
plot.finish(fig, out / "codes.png")

# %% [markdown]
# **The same comparison in numbers.** For each model: the MMD of its test codes to its prior (and
# the floor of two prior samples), the mean and standard deviation of the codes (the prior
# $\mathcal{N}(0, I)$ has 0 and 1), the share of test digits whose 5 nearest neighbours in the code
# plane vote for their own label (lesson 17's measure of a map of the digits), and the reconstruction
# BCE per pixel of the test images (the VAE decoding its mean $\mu$).


# %%
def knn_accuracy(codes, labels, k=5):
    """Leave-one-out k-nearest-neighbour accuracy of the labels (0..9) from 2-D codes."""
    c, y = backend.to_backend(codes).astype("float32"), backend.to_backend(labels).astype("int64")
    squared = (c * c).sum(axis=1)
    distances = squared[:, None] - 2 * c @ c.T + squared[None, :]
    distances[xp.arange(len(c)), xp.arange(len(c))] = xp.inf
    nearest = xp.argpartition(distances, k, axis=1)[:, :k]
    votes = xp.eye(10, dtype="float32")[y[nearest]].sum(axis=1)
    return float((votes.argmax(axis=1) == y).mean())


def test_bce(decoder, c):
    with ta.no_grad():
        return losses.binary_crossentropy(decoder(ta.tensor(c)), ta.tensor(x_eval)).item()


decoders = {"plain AE vs N(0, I)": plain_decoder, "plain AE vs the mixture": plain_decoder,
            "VAE (lesson 17), N(0, I) by KL": vae.module.decoder, "AAE, N(0, I)": gauss_decoder,
            "AAE, 10-Gaussian mixture": mixture_decoder, "AAE, mixture with labels": labelled_decoder}
table = {}
print(f"{'model':<32} {'MMD^2':>7} {'floor':>7} {'mean':>15} {'std':>13} {'5-NN':>6} {'BCE':>7}")
for name, c in codes.items():
    floor = floor_gaussian if "N(0, I)" in name else floor_mixture
    table[name] = {"mmd": mmd(c, prior_samples[name]), "mean": c.mean(axis=0).tolist(),
                   "std": c.std(axis=0).tolist(), "knn": knn_accuracy(c, y_eval), "bce": test_bce(decoders[name], c)}
    row = table[name]
    print(f"{name:<32} {row['mmd']:7.4f} {floor:7.4f} {row['mean'][0]:7.2f} {row['mean'][1]:7.2f} "
          f"{row['std'][0]:6.2f} {row['std'][1]:6.2f} {row['knn']:6.3f} {row['bce']:7.4f}")

# %% [markdown]
# **Did the labels put each digit on its own component?** For the third AAE: the share of test codes
# whose nearest component direction (the angle $\theta_k$ closest to the code's angle) is their own
# digit's.

# %%
code_angles = xp.arctan2(backend.to_backend(codes["AAE, mixture with labels"][:, 1]),
                         backend.to_backend(codes["AAE, mixture with labels"][:, 0]))
nearest_component = xp.round(code_angles / (2 * math.pi / 10)).astype("int64") % 10
own_component_share = float((nearest_component == backend.to_backend(y_eval).astype("int64")).mean())
print(f"test codes on their own digit's component: {100 * own_component_share:.1f} % (chance 10 %)")

# %% [markdown]
# ## The MMD during training
#
# The number each training printed after every epoch, epoch 0 being the untrained network: the
# regularisation phase pulls the codes onto the prior, while the reconstruction phase keeps them
# apart enough to tell the digits apart. It does not fall smoothly, as a loss would: the two players
# take turns, and each epoch's number is a snapshot of a game still being played.

# %%
fig = plot.new_figure(figsize=(6.5, 4))
ax = fig.add_subplot()
for name, history in (("AAE, N(0, I)", gauss_history), ("AAE, 10-Gaussian mixture", mixture_history),
                      ("AAE, mixture with labels", labelled_history)):
    ax.plot(range(epochs + 1), history["mmd"], marker="o", label=name)
ax.axhline(floor_gaussian, color="grey", linestyle=":", label="floor (two prior samples)")
ax.set_yscale("log")
ax.set_xlabel("Epoch")
ax.set_ylabel("MMD$^2$ of the test codes to the prior")
ax.legend()
plot.finish(fig, out / "mmd.png")

# %% [markdown]
# ## Sampling from the prior and decoding
#
# The decoder is the generative model: a sample $z \sim p(z)$ goes in, a digit comes out. For the
# Gaussian AAE, a 15 x 15 grid of quantiles of $\mathcal{N}(0, 1)$ along each axis (lesson 17's
# picture, $z_2$ growing upwards), beside the same grid through the VAE's decoder.


# %%
def decode_with(decoder):
    def decode(z):
        with ta.no_grad():
            return decoder(ta.tensor(z)).numpy()
    return decode


fig_aae_grid = plot.manifold_grid(decode_with(gauss_decoder), n=15, figsize=(7, 7), z2_up=True,
                                  path=out / "aae_gaussian_15x15.png")

# %%
fig_vae_grid = plot.manifold_grid(decode_with(vae.module.decoder), n=15, figsize=(7, 7), z2_up=True,
                                  path=out / "vae_15x15.png")

# %% [markdown]
# With labels the mixture AAE generates **a chosen digit**: samples of component $k$ decode to the
# digit $k$. Row $k$: eight samples of component $k$, decoded. Below them, eight samples of each
# prior decoded by the other two AAEs.

# %%
component = xp.repeat(xp.arange(10), 8)
conditional = decode_with(labelled_decoder)(mixture_prior(80, component).data)
fig_conditional = plot.image_grid([conditional[8 * k:8 * k + 8] for k in range(10)],
                                  row_titles=[f"k = {k}" for k in range(10)], figsize=(8, 10.5),
                                  path=out / "mixture_with_labels_samples.png")

# %%
gaussian_samples = decode_with(gauss_decoder)(gaussian_prior(8).data)
mixture_samples = decode_with(mixture_decoder)(mixture_prior(8).data)
fig_samples = plot.image_grid([gaussian_samples, mixture_samples], row_titles=["N(0, I)", "mixture"],
                              path=out / "prior_samples.png")

# %% [markdown]
# **Are the decoded samples digits that differ, or one blurred mean image?** A collapsed generator
# decodes every sample to (nearly) the same image. Measured: the mean squared distance between two
# decoded prior samples (over 784 pixels), beside the same for two test images.


# %%
def mean_pair_distance(images):
    images = backend.to_backend(images)
    return float(2 * len(images) / (len(images) - 1) * ((images - images.mean(axis=0)) ** 2).sum(axis=1).mean())


sample_spread = {
    "AAE, N(0, I)": mean_pair_distance(decode_with(gauss_decoder)(gaussian_prior(500).data)),
    "AAE, 10-Gaussian mixture": mean_pair_distance(decode_with(mixture_decoder)(mixture_prior(500).data)),
    "AAE, mixture with labels": mean_pair_distance(conditional),
}
test_spread = mean_pair_distance(x_eval[:500])
for name, spread in sample_spread.items():
    print(f"{name:<26} squared distance between decoded prior samples: {spread:.2f}")
print(f"{'test images':<26} squared distance between two test images: {test_spread:.2f}")

# %% [markdown]
# ## What the full run shows
#
# `lessons/RESULTS.md` has the numbers of our full run (seed 0, 60,000 images, 8 epochs per model);
# in short:
#
# - **The regularisation phase moves the codes, the reconstruction phase alone does not.** The plain
#   autoencoder's codes spread over a standard deviation of 11 and 9 (mean (-4.5, -3.3)); the
#   Gaussian AAE's over 1.6 and 2.8 (mean (-0.1, -1.3)), the mixture AAEs' over 2.5-5.4 against the
#   mixture's 2.15. MMD$^2$ to $\mathcal{N}(0, I)$: plain 0.253, Gaussian AAE 0.189; to the mixture:
#   plain 0.064, mixture AAE 0.047, with labels 0.048 (floors 0.0007 and 0.0018).
# - **But it is a game, and at this budget it is not won.** The Gaussian AAE's MMD$^2$ reached 0.017
#   after epoch 2 and then rose again to 0.18 as the discriminator pulled ahead ($L_D$ from 1.16 to
#   0.85, $L_G$ from 1.4 to 4.2); with labels the discriminator won throughout ($L_D$ 0.15, $L_G$ 30 at
#   epoch 8). The adversarial learning rate decides who wins: with $10^{-3}$ (measured in an
#   earlier full run) the generator won, and the Gaussian AAE's code carried almost nothing (test BCE
#   0.245 against 0.254 for the mean image; its decoded prior samples all nearly the same image);
#   with $2 \cdot 10^{-4}$ the discriminator won outright ($L_D$ 0.09, $L_G$ 74, MMD$^2$ rising to 0.32).
#   $5 \cdot 10^{-4}$ is between the two, and still drifts.
# - **The VAE matches its prior better here.** After the same 8 epochs, lesson 17's VAE has MMD$^2$
#   0.037 to $\mathcal{N}(0, I)$, codes with mean (-0.25, -0.25) and std 1.33 and 1.31, and a better
#   map of the digits (5-NN 0.585 against 0.423). Its KL term acts on every image at every step, a
#   steady pull; the AAE's pull is only as good as its discriminator at that moment.
# - **Labels help the map, less the generator.** With labels, 40.4 % of the test codes sit on their
#   own digit's component (chance 10 %) and the 5-NN accuracy is 0.600, the best of the three AAEs;
#   but sampling component $k$ decodes to the digit $k$ only for a few $k$ (1, 2 and 8 in the figure; 0 decodes to a 1, 3 to a 5).
# - **The decoders generate varied images.** Decoded prior samples differ by a squared distance of
#   10.2 (Gaussian), 9.8 (mixture), 14.0 (with labels), against 99.0 between two test images: blurry,
#   varied digits, not one mean image.

# %% [markdown]
# ## What the lesson reports

# %%
results = {
    "epochs": epochs,
    "train_images": len(x_train),
    "released_graph_error": released_graph_error,
    "stale_graph_error": stale_graph_error,
    "plain_recon_history": plain_history["recon"],
    "mmd_history": {"plain": plain_history["mmd"], "gaussian": gauss_history["mmd"], "mixture": mixture_history["mmd"],
                    "mixture_labels": labelled_history["mmd"]},
    "recon_history": {"gaussian": gauss_history["recon"], "mixture": mixture_history["recon"],
                      "mixture_labels": labelled_history["recon"]},
    "d_loss_final": {"gaussian": gauss_history["d_loss"][-1], "mixture": mixture_history["d_loss"][-1],
                     "mixture_labels": labelled_history["d_loss"][-1]},
    "mmd_floor_gaussian": floor_gaussian,
    "mmd_floor_mixture": floor_mixture,
    "table": table,
    "own_component_share": own_component_share,
    "sample_spread": sample_spread,
    "test_spread": test_spread,
    "vae_loss": vae_history.history["loss"][-1],
    "figures": [str(out / name) for name in ("codes.png", "mmd.png", "aae_gaussian_15x15.png", "vae_15x15.png",
                                             "mixture_with_labels_samples.png", "prior_samples.png")],
}
results
