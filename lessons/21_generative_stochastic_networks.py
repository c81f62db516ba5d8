# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Generative stochastic networks: a denoising autoencoder as a sampler (生成随机网络)
#
# **Source:** `001_87a57b6fafe523e2.txt`, section **其他自编码器**, the bullet **生成随机网络（GSN）**.
# The slide has one line and no code:
#
# > 消除自编码器的泛化，增加了生成数据的能力。
#
# The slides translate chapter 15 of Géron's *Hands-On Machine Learning* (1st ed.), whose list of
# "other autoencoders" says of GSNs: *a generalization of denoising autoencoders, with the added
# capability to generate data*. The slide's "消除自编码器" ("eliminating autoencoder") is "denoising
# autoencoder" with the word for noise (噪) lost; the slides themselves call it 降噪自编码器 a few
# pages earlier. The line should read:
#
# > **降噪自编码器的推广（泛化），并增加了生成数据的能力。**
#
# ("a generalisation of *denoising* autoencoders that can also generate data".) Neither the slide
# nor Géron gives a model or settings, so this lesson builds the idea from the two papers that
# introduced it, and says where each setting comes from:
#
# * Y. Bengio, L. Yao, G. Alain, P. Vincent, *Generalized Denoising Auto-Encoders as Generative
#   Models*, NIPS 2013 (arXiv:1305.6663): a denoising autoencoder (DAE) trained on any corruption
#   $\mathcal{C}(\tilde X \mid X)$ estimates $P(X \mid \tilde X)$, and alternating corruption and
#   reconstruction is a Markov chain whose stationary distribution estimates the data distribution
#   $P(X)$. It also introduces **walkback** training.
# * Y. Bengio, É. Thibodeau-Laufer, G. Alain, J. Yosinski, *Deep Generative Stochastic Networks
#   Trainable by Backprop*, ICML 2014 (arXiv:1306.1091): the GSN, a chain with a latent state $h$;
#   the DAE chain is its simplest case.
#
# Their companion code is the public repository `yaoli/GSN` (its README names both papers); its
# run scripts hold the settings we use. We looked them up with the project's search tool; the
# search tool gave us the papers' abstracts but not their experiment sections, so every setting
# below is the companion scripts', not a quotation of the papers' text. (`run_dae_no_walkback.py`
# says of itself that it trains a *better* model than the 2013 paper's, whose Parzen-window
# log-likelihood it quotes as -152: the script's settings may differ from the paper's. We compute
# no Parzen estimate, so that number is not compared with anything here.)
#
# | setting | `run_dae_no_walkback.py` / `run_dae_walkback.py` (paper 2013, one layer) | `run_dsn.py` (paper 2014, two layers) | this lesson (full run) |
# | --- | --- | --- | --- |
# | data | MNIST binarised at 0.5, train + valid (60,000) | MNIST in $[0, 1]$ | MNIST binarised at 0.5 (60,000 training images) |
# | network | 784-2000-784 sigmoid, tied weights $W^\top$, uniform $\pm\sqrt{6/(784+2000)}$ | 784-1500-1500 tanh | **784-500-784** sigmoid, tied, Glorot uniform (the same formula) |
# | corruption | salt-and-pepper, 40 % of the pixels | salt-and-pepper 40 %, Gaussian $\sigma = 2$ before and after the hidden activations (not the first layer) | salt-and-pepper 40 % |
# | loss | BCE, mean over pixels and batch, summed over the walkback steps | same | same |
# | walkback | 1 step (none) / 5 steps | 4 | 1 step / 5 steps |
# | optimiser | SGD, lr 10, no momentum, batch 100 | SGD lr 0.25 (times 0.995 each epoch), momentum 0.5, batch 100 | SGD lr 10, batch 100 |
# | epochs | 1000 / 500 | 1000 | **13** in all (see below) |
# | chain | $x_{t+1} \sim \mathrm{Bernoulli}(p_t)$, then salt-and-pepper; shows $p_t$ | same | same |
#
# What we change to fit a busy CPU core, and why: a 784-2000 step takes about 0.12 s on one busy
# core here (five times that with 5 walkback steps), so the companion's hundreds of epochs are out
# of reach; 500 hidden units take 0.035 s a step. Both models start from the same 10 epochs of
# plain DAE training; then one trains 3 more epochs as a plain DAE, the other 3 more epochs with
# 5-step walkback. So both have made the same number of parameter updates, and the only
# difference is the walkback. (Quick mode: 3,000 images, 3 + 1 epochs, chains of 30 steps.)
#
# Run it: `python -m lessons 21` (about 2 minutes of CPU: 2:12 wall on a quiet development machine,
# 5.6 to 9.8 minutes on a shared, busy one) or `python -m lessons 21 --quick` (seconds).

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/21_generative_stochastic_networks")   # figures and files

# %%
import time

import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## The idea: the denoising autoencoder learns a conditional distribution
#
# A denoising autoencoder sees a corrupted input $\tilde x \sim \mathcal{C}(\tilde X \mid X = x)$
# and is trained to give back $x$. With sigmoid outputs $p = g(f(\tilde x)) \in (0, 1)^{784}$ and
# binary cross-entropy, its loss is exactly a negative log-likelihood: read $p_k$ as the
# probability that pixel $k$ is on,
#
# $$-\log P_\theta(X = x \mid \tilde x) = -\sum_{k=1}^{784} \big[x_k \log p_k + (1 - x_k)\log(1 - p_k)\big]$$
#
# (`losses.binary_crossentropy` returns the mean over the pixels and the batch: this divided by 784).
#
# So training the DAE fits a model $P_\theta(X \mid \tilde X)$ of *which clean images could have
# produced this corrupted one*. Bengio et al. (2013) show: if $P_\theta(X \mid \tilde X)$ is a
# consistent estimator of the true $P(X \mid \tilde X)$, then the Markov chain
#
# $$\tilde X_t \sim \mathcal{C}(\tilde X \mid X_t), \qquad X_{t+1} \sim P_\theta(X \mid \tilde X_t)$$
#
# (corrupt, then sample a reconstruction, and again) has a stationary distribution $\pi_\theta(X)$
# that is a consistent estimator of the data distribution $P(X)$, for *any* corruption that makes
# the chain ergodic, not only small Gaussian noise. The DAE becomes a generative model: run the
# chain and read off samples.
#
# A **GSN** (Bengio et al. 2014) generalises the chain with a latent state: $H_{t+1} \sim
# P_{\theta_1}(H \mid H_t, X_t)$, $X_{t+1} \sim P_{\theta_2}(X \mid H_{t+1})$; the DAE chain is
# the case $H_{t+1} = \tilde X_t$. Its deep version injects noise in the hidden layers too; with one
# hidden layer the companion code keeps that layer noiseless, as we do.
#
# **Walkback.** Far from the data, the chain can wander into regions the DAE never saw in training
# (the corruption of a training image rarely lands there) and so never learned to leave: *spurious
# modes*. Walkback training lets the chain walk from a training image $x$ for a few steps and asks
# every step to return to $x$:
#
# $$x \to \tilde x_1 \to x_1 \sim P_\theta(X \mid \tilde x_1) \to \tilde x_2 \to \dots, \qquad
#   L_{\text{walkback}} = -\sum_{s=1}^{S} \log P_\theta(X = x \mid \tilde x_s),$$
#
# which trains the DAE where its own chain goes. (The sampled $x_s$ is a
# constant: no gradient flows through the Bernoulli draw, as in the companion code.)

# %% [markdown]
# ## Data: binarised MNIST
#
# The one-layer experiments use MNIST binarised at 0.5, so that each pixel is a true Bernoulli
# variable and sampling $x_{t+1} \sim \mathrm{Bernoulli}(p_t)$ stays in the data's space.

# %%
(x_train, y_train), (x_test, y_test) = datasets.load_mnist(normalize="01", flatten=True)
if QUICK:                                     # the same code on a subset
    x_train, y_train, x_test, y_test = x_train[:3000], y_train[:3000], x_test[:500], y_test[:500]
x_train = (x_train > 0.5).astype("float32")
x_test = (x_test > 0.5).astype("float32")
print(x_train.shape, x_test.shape, "share of pixels on:", round(float(x_train.mean()), 4))

# %% [markdown]
# ## Salt-and-pepper corruption
#
# $\mathcal{C}$: each pixel is chosen with probability $p = 0.4$; a chosen pixel is set to 0 or 1
# with equal probability, the others are kept:
#
# $$\tilde x = x \odot m + (1 - m) \odot s, \qquad m_k \sim \mathrm{Bernoulli}(1 - p),\quad
#   s_k \sim \mathrm{Bernoulli}(\tfrac12).$$
#
# It is drawn fresh for every batch and every chain step (`ta.bernoulli_like`), so it is a function.

# %%
corruption = 0.4


def salt_and_pepper(x, p=corruption):
    keep = ta.bernoulli_like(x, 1 - p)
    salt = ta.bernoulli_like(x, 0.5)
    return x * keep + (1 - keep) * salt


examples = ta.tensor(x_test[:8])
fig = plot.image_grid([examples, salt_and_pepper(examples)], row_titles=["clean", "salt & pepper 0.4"],
                      figsize=(12, 3.6), path=out / "corruption.png")
clean = ta.tensor(x_test)
changed = ta.abs(salt_and_pepper(clean) - clean).mean().item()     # binary pixels: |difference| is 0 or 1
print(f"share of test pixels changed: {changed:.3f} (expected {corruption / 2})")

# %% [markdown]
# Half of the chosen pixels already had the value drawn, so 20 % of the pixels change.
#
# ## The denoising autoencoder: 784-500-784, tied weights
#
# $$h = \sigma(\tilde x W + b), \qquad p = \sigma(h W^\top + c),$$
#
# the decoder's weights the transpose of the encoder's (`nn.TiedDense`), as in the companion code.

# %%
hidden = 500
encoder = nn.Dense(784, hidden, activation="sigmoid", name="encoder")
decoder = nn.TiedDense(encoder, activation="sigmoid", name="decoder")
dae = nn.Sequential(encoder, decoder)
ta.Model(dae, input_shape=(784,)).summary()

# %% [markdown]
# ## Training, with or without walkback
#
# One function trains both ways: `walkback=1` is the plain DAE (one corrupt-reconstruct step),
# `walkback=5` sums the loss of five chain steps. The log prints, per epoch, the first step's
# BCE on the training batches (the DAE's own denoising loss, comparable between the two) and on the
# test images, in Géron's notebook style. (The companion code prints the *last* walkback step's
# cost instead, and shuffles the training set once rather than every epoch.)

# %%
batch_size = 100
learning_rate = 10.0
walkback_steps = 5
warmup_epochs, final_epochs = (3, 1) if QUICK else (10, 3)


def denoising_bce(model, x):
    """The first chain step's BCE on images x (fresh corruption), in batches, without gradient."""
    total = 0.0
    with ta.no_grad():
        for batch in datasets.batches(x, batch_size=1000, shuffle=False):
            batch = ta.tensor(batch)
            total += losses.binary_crossentropy(model(salt_and_pepper(batch)), batch).item() * len(batch)
    return total / len(x)


def train(model, optimizer, epochs, walkback=1, label=""):
    log = []
    for epoch in range(epochs):
        start, first_steps, seen = time.perf_counter(), 0.0, 0
        for batch in datasets.batches(x_train, batch_size=batch_size, shuffle=True):
            x = ta.tensor(batch)
            x_chain, loss = x, 0.0
            for step in range(walkback):
                p = model(salt_and_pepper(x_chain))
                step_loss = losses.binary_crossentropy(p, x)        # every step reconstructs x
                loss = loss + step_loss
                if step == 0:
                    first_steps += step_loss.item() * len(batch)
                with ta.no_grad():                                  # x_{s+1} ~ Bernoulli(p_s)
                    x_chain = ta.tensor(ta.rand_like(p) < p, dtype="float32")
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            seen += len(batch)
        train_bce, test_bce = first_steps / seen, denoising_bce(model, x_test)
        log.append(test_bce)
        print(f"{label}{epoch} Train BCE: {train_bce:.6f} Test BCE: {test_bce:.6f} "
              f"({time.perf_counter() - start:.0f} s)")
    return log


optimizer = optim.SGD(dae.parameters(), lr=learning_rate)
warmup_log = train(dae, optimizer, warmup_epochs)

# %% [markdown]
# Now the two branches from the same weights (`get_weights` / `set_weights`): the plain DAE goes on
# as before, a copy goes on with 5 walkback steps. Plain SGD has no state to copy, so each
# branch has its own optimiser with the same learning rate.

# %%
weights = dae.get_weights()
walkback_encoder = nn.Dense(784, hidden, activation="sigmoid", name="encoder")
walkback_dae = nn.Sequential(walkback_encoder, nn.TiedDense(walkback_encoder, activation="sigmoid", name="decoder"))
walkback_dae.set_weights(weights)

plain_log = train(dae, optimizer, final_epochs, label="plain    ")
walkback_log = train(walkback_dae, optim.SGD(walkback_dae.parameters(), lr=learning_rate), final_epochs,
                     walkback=walkback_steps, label="walkback ")
models = {"plain": dae, "walkback": walkback_dae}

# %% [markdown]
# Walkback costs five forward and backward passes a batch. Its first-step loss is what the plain
# DAE is trained on alone, so it need not be lower there: walkback spends capacity on the places
# the chain visits.
#
# ## Running the chain
#
# $x_0$ is either pure noise (each pixel on with probability 1/2) or a test digit. Each step
# corrupts $x_t$, reconstructs $p_t = g(f(\tilde x_t))$, and samples $x_{t+1} \sim
# \mathrm{Bernoulli}(p_t)$. We keep the means $p_t$ (what the papers' figures show) and the
# samples. One function, used for both models and both starts.

# %%
chain_steps = 30 if QUICK else 200
n_chains = 10


def run_chain(model, x0, steps=chain_steps):
    """The chain from x0: (means p_1..p_steps, samples x_0..x_steps), lists of tensors."""
    means, samples, x = [], [x0], x0
    with ta.no_grad():
        for _ in range(steps):
            p = model(salt_and_pepper(x))
            x = ta.tensor(ta.rand_like(p) < p, dtype="float32")
            means.append(p)
            samples.append(x)
    return means, samples


noise_start = ta.bernoulli_like(ta.tensor(x_test[:n_chains]), 0.5)
digit_start = ta.tensor(x_test[:1])
chains = {name: {"noise": run_chain(model, noise_start), "digit": run_chain(model, digit_start)}
          for name, model in models.items()}
shown_steps = [1, 2, 3, 5, 10, 20, 30] if QUICK else [1, 2, 3, 5, 10, 20, 50, 100, 150, 200]
print("steps shown:", shown_steps)

# %% [markdown]
# The chains from noise: one row per chain, the noise $x_0$ first, then $p_t$ at the steps shown.

# %%
for name in models:
    means, _ = chains[name]["noise"]
    fig = plot.new_figure(figsize=(1.1 * (len(shown_steps) + 1), 1.15 * n_chains + 0.5))
    columns = [noise_start] + [means[t - 1] for t in shown_steps]
    titles = ["x0 (noise)"] + [f"t={t}" for t in shown_steps]
    for j, (images, title) in enumerate(zip(columns, titles)):
        images = backend.to_numpy(images.data).reshape(-1, 28, 28)
        for i in range(n_chains):
            ax = fig.add_subplot(n_chains, len(columns), i * len(columns) + j + 1)
            ax.imshow(images[i], cmap="gray", vmin=0, vmax=1)
            ax.set_xticks(())
            ax.set_yticks(())
            if i == 0:
                ax.set_title(title, fontsize=8)
    fig.suptitle(f"{name} DAE: chains from noise, p_t")
    plot.finish(fig, out / f"chains_from_noise_{name}.png")

# %% [markdown]
# And the chain from one test digit, the companion code's figure: every step for the first 20,
# in two rows per model.

# %%
rows, titles = [], []
for name in models:
    means, _ = chains[name]["digit"]
    consecutive = ta.concatenate([digit_start] + means[:19], axis=0)
    rows += [consecutive[:10], consecutive[10:20]]
    titles += [f"{name} 0-9", f"{name} 10-19"]
fig = plot.image_grid(rows, row_titles=titles, figsize=(12, 5.6),
                      title="chain from a test digit (x0, then p_1 ... p_19)", path=out / "chain_from_digit.png")

# %% [markdown]
# ## How close to a digit? The nearest training image
#
# To put a number on "looks like a digit", we measure each image's mean squared distance to its
# nearest *training* image, $d(a) = \min_i \frac{1}{784}\lVert a - x_i \rVert^2$, computed as
# $\lVert a\rVert^2 + \lVert x_i\rVert^2 - 2 a \cdot x_i$ with one matrix product and `ta.topk`.
# References: real test digits (what a perfect sampler would score) and the start noise. On the
# binary samples $x_t$ the same number is the share of pixels that differ from the nearest
# training digit. The nearest image's label is a 1-nearest-neighbour guess of which digit a sample
# is, which shows whether a chain moves between digits (mixing).

# %%
train_images = ta.tensor(x_train)
train_norms = (train_images * train_images).sum(axis=1)


def nearest(images):
    """(distance to the nearest training image, that image's label) for each row of images."""
    distances = []
    labels = []
    for batch in datasets.batches(images.numpy(), batch_size=500, shuffle=False):
        a = ta.tensor(batch)
        squared = (a * a).sum(axis=1, keepdims=True) + train_norms - 2 * (a @ train_images.T)
        values, indices = ta.topk(-squared, 1, axis=1)
        distances += list((-values.numpy()[:, 0] / 784).clip(0))
        labels += list(y_train[backend.to_numpy(indices)[:, 0]])
    return distances, labels


def mean(values):
    return float(sum(values) / len(values))


late = [t for t in shown_steps if t >= 10]
mean_image = ta.tensor(x_train.mean(axis=0, keepdims=True))
mean_image_samples = ta.tensor(ta.rand_like(ta.tensor(x_test[:100])) < mean_image, dtype="float32")
scores = {"mean image samples": mean(nearest(mean_image_samples)[0]),
          "noise x0": mean(nearest(noise_start)[0]),
          "test digits": mean(nearest(ta.tensor(x_test[:100]))[0]),
          "mean image": mean(nearest(mean_image)[0])}
print(f"{'images':<38} {'nearest-digit distance':>22}")
print(f"{'start noise (x0)':<38} {scores['noise x0']:>22.4f}")
for name in models:
    means, samples = chains[name]["noise"]
    for kind, images in (("means p_t", means), ("samples x_t", samples[1:])):
        distances = [mean(nearest(images[t - 1])[0]) for t in late]
        scores[f"{name} {kind}"] = mean(distances)
        print(f"{name + ' chain, ' + kind + ', t >= 10':<38} {scores[f'{name} {kind}']:>22.4f}")
    # how sure the model is of its pixels: the share with 0.1 < p < 0.9 (a Bernoulli draw there is a coin toss)
    scores[f"{name} unsure"] = mean([float(((means[t - 1] > 0.1) & (means[t - 1] < 0.9)).mean()) for t in late])
print(f"{'real test digits (100)':<38} {scores['test digits']:>22.4f}")
print(f"{'the mean training image (a grey blur)':<38} {scores['mean image']:>22.4f}")
print(f"{'Bernoulli samples of the mean image':<38} {scores['mean image samples']:>22.4f}")
print("share of pixels with 0.1 < p_t < 0.9, t >= 10:",
      ", ".join(f"{name} {scores[name + ' unsure']:.4f}" for name in models))

# %% [markdown]
# ## Mixing: which digits does the chain from a test digit visit?

# %%
visited = {}
for name in models:
    means, _ = chains[name]["digit"]
    _, labels = nearest(ta.concatenate(means, axis=0))
    visited[name] = sorted({int(label) for label in labels})
    changes = sum(int(a != b) for a, b in zip(labels, labels[1:]))
    print(f"{name:<9} started from a {int(y_test[0])}: nearest-digit labels along {len(labels)} steps visit "
          f"{visited[name]} ({changes} changes)")
    print("          first 40:", "".join(str(int(label)) for label in labels[:40]))

# %% [markdown]
# ## What the full run shows (`python -m lessons 21`, seed 0; lessons/RESULTS.md has the whole log)
#
# * **The chain generates digits from noise.** After 10 to 20 steps every chain from pure noise
#   shows digit-like strokes, and then keeps moving. On the binary samples $x_t$ ($t \ge 10$), the
#   share of pixels that differ from the nearest training digit falls from 0.457 for the start
#   noise to 0.063 (plain DAE) and 0.078 (walkback); real test digits score 0.044, and Bernoulli
#   samples of the blurred mean image 0.118.
# * **The chain mixes.** From the test digit 7, the nearest-digit label changes about 50 times in
#   200 steps and visits 9 of the 10 digits, for both models: the chain is a sampler, not a
#   denoiser that returns to its start.
# * **The distance of the means $p_t$ cannot rank the models:** the mean training image, a grey
#   blur, scores 0.048, almost as well as real test digits (0.044), and the chains' smooth means
#   score better than real digits (0.035 plain, 0.032 walkback). A squared distance rewards blur;
#   the binary samples $x_t$ are the fairer measure.
# * **Walkback, 3 epochs of it after 10 plain ones,** makes the first step worse at denoising
#   (test BCE 0.127 against the plain DAE's 0.103) and its $p_t$ smoother. In the figures its
#   chains from noise show fewer of the plain chains' broken strokes and fragments and more whole,
#   rounder digits (0, 3, 5, 6, 8), which is what the papers claim for walkback: fewer spurious
#   modes. That is our reading of one figure, not a measurement. What we measured goes the other
#   way: its samples are *farther* from training digits (0.078 against 0.063), and its $p_t$ are
#   less sure of their pixels (22.5 % of them between 0.1 and 0.9, against 12.1 % for the plain
#   DAE), so more of its sampled pixels are coin tosses. Three walkback epochs against the
#   companion's 500 are far too few to claim the papers' result either way.

# %% [markdown]
# ## What the lesson reports

# %%
results = {
    "hidden_units": hidden,
    "epochs": warmup_epochs + final_epochs,
    "walkback_steps": walkback_steps,
    "chain_steps": chain_steps,
    "warmup_test_bce": warmup_log,
    "plain_test_bce": plain_log,
    "walkback_test_bce": walkback_log,
    "noise_distance": scores["noise x0"],
    "test_digit_distance": scores["test digits"],
    "mean_image_distance": scores["mean image"],
    "mean_image_sample_distance": scores["mean image samples"],
    "plain_chain_mean_distance": scores["plain means p_t"],
    "plain_chain_sample_distance": scores["plain samples x_t"],
    "walkback_chain_mean_distance": scores["walkback means p_t"],
    "walkback_chain_sample_distance": scores["walkback samples x_t"],
    "plain_unsure_pixels": scores["plain unsure"],
    "walkback_unsure_pixels": scores["walkback unsure"],
    "plain_digits_visited": visited["plain"],
    "walkback_digits_visited": visited["walkback"],
    "figures": [str(out / name) for name in ("corruption.png", "chains_from_noise_plain.png",
                                             "chains_from_noise_walkback.png", "chain_from_digit.png")],
}
results
