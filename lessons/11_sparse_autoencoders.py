# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Sparse autoencoders: KL and L1, and 002's broken sparse_regularizer (稀疏自编码器)
#
# **Sources:**
# - `001_87a57b6fafe523e2.txt` (slides), **稀疏自编码器** and **稀疏损失**: why sparsity, the mean
#   activation $\hat\rho_j$ over the batch, the "0.3 against a target of 0.1" example, Eq. 15-1 and
#   Eq. 15-2. The slides translate chapter 15 of Géron's *Hands-On Machine Learning* (1st edition)
#   and give no settings; they come from the book's public notebook `ageron/handson-ml`,
#   `15_autoencoders.ipynb`, cells 79-89 (784-1000 sigmoid code, linear output, MSE, sparsity target
#   0.1, sparsity weight 0.2, Adam 0.01, 100 epochs, batches of 1000), whose training log we compare
#   against.
# - `002_7785c493a83a93d4.txt` (book chapter, Keras), **理解稀疏自编码器**, **构建稀疏自编码器** and
#   **定义稀疏正则化器**: the loss with a sparsity penalty, and the function `sparse_regularizer`, which
#   is wrong in three ways. The chapter shows only that function; the rest of its code is in its
#   companion repository (`PacktPublishing/Hands-On-Deep-Learning-Algorithms-with-Python`,
#   `Chapter10/10.09`), which we follow for the model and the training settings, and whose log we
#   compare against.
# - `003_64f298b3fff70d7b.txt` (notes), **稀疏自编码器**: the two ways to impose sparsity, an L1
#   penalty on the activations and the KL divergence, with the KL curve for $\rho = 0.2$.
#
# Run it: `python -m lessons 11` (see "How long" below for what the full run trains), or
# `python -m lessons 11 --quick` (the same code on a few thousand images, in seconds).

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/11_sparse_autoencoders")   # figures and files

# %%
import time

import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot, regularizers

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## 稀疏自编码器 (001): sparsity is a constraint on the code, not on its size
#
# The slides: "另一种能提取良好特征的约束是稀疏性" — another constraint that yields good features is
# sparsity. A term added to the loss pushes the autoencoder to have few active neurons in the coding
# layer, for example only 5% of them clearly active on average. Each input must then be described
# by a combination of a few active units, so each unit tends to stand for a useful feature ("if you
# could speak only a few words a month, you would make them count"). The code may then be *larger*
# than the input (here 1000 units for 784 pixels) without the network learning to copy.
#
# To penalise activity we first have to measure it. The slides: measure the actual sparsity of the
# coding layer at each training iteration, as the mean activation of each neuron **over the
# training batch** ("批量大小不能太小，否则平均数不准确": the batch must not be too small, or the mean
# is inaccurate):
#
# $$\hat{\rho}_j = \frac{1}{m} \sum_{i=1}^m \left[a_j^{(2)}(x^{(i)})\right]$$
#
# with $a_j^{(2)}(x^{(i)})$ the activation of code unit $j$ for the $i$-th of the $m$ examples of the
# batch. There is **one $\hat\rho_j$ per unit**: the mean runs down a column of the batch's
# activation matrix (axis 0), not over the whole matrix. A tiny batch of 4 images and 3 code units
# shows the difference; keep it in mind for 002's code below, which takes the mean of everything.
# (How inaccurate a small batch is: a unit that fires with probability 0.1 has a batch mean with
# standard deviation $\sqrt{0.1 \cdot 0.9 / m}$, 0.095 for $m = 10$ and 0.0095 for Géron's $m = 1000$.)

# %%
a = ta.tensor([[0.9, 0.0, 0.1],        # rows: the 4 images of the batch
               [0.8, 0.1, 0.0],        # columns: the 3 code units
               [0.9, 0.0, 0.2],
               [0.7, 0.1, 0.1]])
rho_hat = a.mean(axis=0)               # Eq. above: one mean activation per unit
print("rho_hat per unit (axis 0):", rho_hat.numpy())
print("mean of the whole matrix: ", a.mean().item(), "(one number: unit 0's constant activity is averaged away)")

# %% [markdown]
# ## "0.3 against a target of 0.1": squared error or KL divergence?
#
# Once we have each neuron's mean activation, we penalise the neurons that are too active. The
# slides' example: a neuron's mean activation is $q = 0.3$ but the target sparsity is $p = 0.1$. One
# could add the squared error $(0.3 - 0.1)^2$ to the loss, "but in practice a better approach is the
# Kullback-Leibler divergence, which has much stronger gradients than the mean squared error". Both
# numbers and both gradients, by autograd:

# %%
p = 0.1
q = ta.tensor([0.3], requires_grad=True)
squared_error = ((q - p) ** 2).sum()
squared_error.backward()
print(f"squared error (0.3 - 0.1)^2 = {squared_error.item():.4f}   d/dq = {q.grad[0]:.4f}")

q = ta.tensor([0.3], requires_grad=True)
kl = losses.kl_bernoulli(p, q)
kl.backward()
print(f"KL(0.1 || 0.3)              = {kl.item():.4f}   d/dq = {q.grad[0]:.4f}")

# %% [markdown]
# The KL divergence is 2.9 times the squared error here and its gradient 2.4 times larger. In general
# (Eq. 15-2 below, differentiated in $q$):
#
# $$\frac{\partial}{\partial q}(q - p)^2 = 2 (q - p), \qquad
#   \frac{\partial}{\partial q} D_{KL}(p \parallel q) = -\frac{p}{q} + \frac{1 - p}{1 - q}
#   = \frac{q - p}{q (1 - q)},$$
#
# so the KL gradient is the squared error's times $1 / (2 q (1 - q)) \ge 2$: at least twice as
# strong everywhere, and without bound as $q$ nears 0 or 1. The second half matters as much as the
# first: KL also pushes a unit whose mean activation falls *below* the target back up (its gradient
# is $-\infty$ at $q = 0$), so a KL-penalised unit cannot die. We will see what happens without it.
#
# ## 稀疏损失 (001): Eq. 15-1 and Eq. 15-2
#
# For two discrete distributions $P$ and $Q$ the slides define (Eq. 15-1)
#
# $$D_{KL}(P \parallel Q) = \sum_i P(i) \log \frac{P(i)}{Q(i)}.$$
#
# Treat a code unit as a coin that is "on" with probability $q$ (its actual mean activation) and
# compare it with the coin we want, "on" with probability $p$ (the target sparsity). The sum then
# has two terms, $i$ = on and $i$ = off, and Eq. 15-1 becomes Eq. 15-2:
#
# $$D_{KL}(p \parallel q) = p \log \frac{p}{q} + (1 - p) \log \frac{1 - p}{1 - q}.$$
#
# The sparsity loss adds this over the code units, with $q = \hat\rho_j$. `losses.kl_bernoulli` is
# Eq. 15-2 (summed over units) and `losses.sparsity_kl(a, p)` takes $\hat\rho_j$ over the batch
# first. Eq. 15-1 written out with the two outcomes gives the same numbers:

# %%
q = ta.tensor([0.05, 0.1, 0.3, 0.9])
P = [p, 1 - p]
Q = [q, 1 - q]
eq_15_1 = sum(P[i] * (P[i] / Q[i]).log() for i in range(2))            # one value per unit
eq_15_2 = losses.kl_bernoulli(p, q, reduction="none")
print("q:                     ", q.numpy())
print("Eq. 15-1, two outcomes:", eq_15_1.numpy())
print("Eq. 15-2 (kl_bernoulli):", eq_15_2.numpy())
print("sparsity_kl of a batch whose units have these means:",
      round(losses.sparsity_kl(q.reshape(1, 4), p).item(), 4), "=", round(eq_15_2.sum().item(), 4))

# %% [markdown]
# The slides' figure (Géron's figure 15-10: the sparsity cost against the actual sparsity $q$, for
# the target $p = 0.1$, KL and squared error) and the figure in 003's notes (the KL penalty for the
# target $\rho = 0.2$, zero at $\hat\rho = \rho$). Both curves are computed with `kl_bernoulli`.

# %%
q_grid = ta.tensor(backend.xp.linspace(0.001, 0.999, 500, dtype="float32"))
q_host = backend.to_numpy(q_grid.data)
fig = plot.new_figure(figsize=(12, 4.2))
ax = fig.add_subplot(1, 2, 1)
ax.plot([p, p], [0, 0.3], "k:")
ax.text(0.05, 0.32, "Target\nsparsity", fontsize=12)
ax.plot(q_host, losses.kl_bernoulli(p, q_grid, reduction="none").numpy(), "b-", label="KL divergence")
ax.plot(q_host, ((q_grid - p) ** 2).numpy(), "r--", label="MSE")
ax.legend(loc="upper left")
ax.set_xlabel("Actual sparsity")
ax.set_ylabel("Cost")
ax.axis([0, 1, 0, 0.95])
ax.set_title("001 (Géron fig. 15-10): target p = 0.1")
ax = fig.add_subplot(1, 2, 2)
ax.plot(q_host, losses.kl_bernoulli(0.2, q_grid, reduction="none").numpy())
ax.axvline(0.2, color="grey", linestyle=":", label=r"$\rho$ = 0.2")
ax.set_xlabel(r"$\hat\rho_j$ (mean activation of unit j)")
ax.set_ylabel(r"KL($\rho$ || $\hat\rho_j$)")
ax.set_title("003: the KL penalty for rho = 0.2")
ax.legend()
fig = plot.finish(fig, out / "sparsity_cost.png")

# %% [markdown]
# ## Géron's sparse autoencoder (the settings behind 001)
#
# The slides stop at the equations. Géron's notebook (cells 81-84) trains this, and we rebuild it:
#
# | | Géron, `15_autoencoders.ipynb` | here |
# | --- | --- | --- |
# | data | `input_data.read_data_sets`: `mnist.train`, 55,000 images in [0, 1] | the 60,000 MNIST training images less the first 5,000 (TF1's validation split) |
# | model | 784 -> 1000 sigmoid (`tf.layers.dense`, Glorot-uniform, zero bias) -> 784 linear | `nn.Dense(784, 1000, "sigmoid")`, `nn.Dense(1000, 784)`, same initialisation |
# | loss | `reduce_mean(square(outputs - X))` + 0.2 `reduce_sum(kl_divergence(0.1, hidden1_mean))` | `losses.mse` + 0.2 `losses.sparsity_kl(hidden1, 0.1)` |
# | optimizer | `tf.train.AdamOptimizer(0.01)` (TF1: $\epsilon = 10^{-8}$ on the uncorrected root) | `optim.Adam.keras(..., lr=0.01, epsilon=1e-8)` (the same update) |
# | batches | `mnist.train.next_batch(1000)`, 55 per epoch, reshuffled each epoch | `datasets.batches(x_train, batch_size=1000)` |
# | epochs | 100 | 8 in the full run (see "How long" below) |
# | printed | after each epoch, the three losses **on the epoch's last batch** | the same line |
#
# Note that the sparsity loss here is added as it is: $\hat\rho_j$ is already a mean over the
# batch, and nothing divides it by the batch size again. (Keras does; see 002's part below.)

# %%
(x_all, _), (x_test, _) = datasets.load_mnist(normalize="01", flatten=True)
x_train = x_all[5000:]                    # TF1's mnist.train: the first 5,000 are its validation set
if QUICK:                                 # the same code on a subset
    x_train, x_test = x_train[:5000], x_test[:1000]
print(x_train.shape, x_test.shape)

# %% [markdown]
# ### How long? Measure one step first
#
# One training step of a 784-1000-784 network on a batch of 1000 images is three matrix products per
# layer (forward, and backward to the weights and to the inputs) of $1000 \times 784 \times 1000$
# multiply-adds: $2 \cdot 3 \cdot 2 \cdot 784 \cdot 10^6 \approx 9.4$ GFLOP. We time a few steps of
# the model before training it.

# %%
hidden1 = nn.Dense(784, 1000, activation="sigmoid", name="hidden1")
outputs_layer = nn.Dense(1000, 784, name="outputs")
autoencoder = nn.Sequential(hidden1, outputs_layer)
ta.Model(autoencoder, input_shape=(784,)).summary()

optimizer = optim.Adam.keras(autoencoder.parameters(), lr=0.01, epsilon=1e-8)
X = ta.tensor(x_train[:1000])
steps = 3
start = time.perf_counter()
for _ in range(steps):                         # the training step of the loop below
    hidden = hidden1(X)
    loss = losses.mse(outputs_layer(hidden), X) + 0.2 * losses.sparsity_kl(hidden, 0.1)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
backend.synchronize()
step_seconds = (time.perf_counter() - start) / steps
print(f"one step: {step_seconds:.2f} s; one epoch of 55 steps: {55 * step_seconds:.0f} s; "
      f"Géron's 100 epochs: {100 * 55 * step_seconds / 60:.0f} min per model")

# %% [markdown]
# On the development machine (2 cores shared with other jobs, one BLAS thread) a step took
# 0.2-0.4 s, 11-23 s per epoch depending on the load, so Géron's 100 epochs would take 20-40
# minutes **per model**, and this lesson trains five models of this size. **The full run therefore
# trains 8 epochs per model, not Géron's 100** (the model that shows a collapse, 3), and we compare
# with Géron's log at the same epochs. Set `n_epochs = 100` below to run his full schedule. (Quick
# mode trains the first model for 8 epochs of 5,000 images, 40 steps, and the others for one.)
#
# ### The training loop (Géron's cell 84)
#
# One function trains every model of this part: the same 784-1000-784 network from the same initial
# weights (`ta.seed(0)` first) on the same shuffled batches, with a sparsity loss of our choice
# (or none), printing Géron's line after each epoch: the reconstruction MSE, the sparsity loss and
# the total loss **on the epoch's last batch** (so they jump from epoch to epoch).

# %%
n_epochs = 8                                  # Géron: 100 (see above)
epochs_others = 1 if QUICK else n_epochs      # quick mode trains only the first model for long


def train_sparse_autoencoder(epochs, sparsity_loss=None, sparsity_weight=0.0, learning_rate=0.01):
    ta.seed(0)                                                  # same initial weights, same batches
    hidden1 = nn.Dense(784, 1000, activation="sigmoid", name="hidden1")
    outputs_layer = nn.Dense(1000, 784, name="outputs")         # linear
    autoencoder = nn.Sequential(hidden1, outputs_layer)
    optimizer = optim.Adam.keras(autoencoder.parameters(), lr=learning_rate, epsilon=1e-8)
    log = []
    start = time.perf_counter()
    for epoch in range(epochs):
        for X_batch in datasets.batches(x_train, batch_size=1000):
            X = ta.tensor(X_batch)
            hidden = hidden1(X)
            loss = losses.mse(outputs_layer(hidden), X)
            if sparsity_loss is not None:
                loss = loss + sparsity_weight * sparsity_loss(hidden)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with ta.no_grad():                    # Géron's sess.run(...) on the last batch, after its update
            hidden = hidden1(X)
            line = [losses.mse(outputs_layer(hidden), X).item()]
            if sparsity_loss is not None:
                line += [sparsity_loss(hidden).item()]
                line += [line[0] + sparsity_weight * line[1]]
        log.append(line)
        if sparsity_loss is None:
            print(f"{epoch} Train MSE: {line[0]:.6g}")
        else:
            print(f"{epoch} Train MSE: {line[0]:.6g} \tSparsity loss: {line[1]:.6g} \tTotal loss: {line[2]:.6g}")
    seconds = time.perf_counter() - start
    print(f"({epochs} epochs in {seconds:.0f} s, {seconds / epochs:.1f} s per epoch)")
    return autoencoder, log


# %% [markdown]
# ### The KL-sparse autoencoder, Géron's settings
#
# Target sparsity $p = 0.1$, sparsity weight 0.2, Adam 0.01:
#
# $$L = \frac{1}{784\,m}\sum_{i,k} (x'_{ik} - x_{ik})^2 + 0.2 \sum_{j=1}^{1000} D_{KL}(0.1 \parallel \hat\rho_j).$$

# %%
kl_model, kl_log = train_sparse_autoencoder(n_epochs, lambda hidden: losses.sparsity_kl(hidden, 0.1), sparsity_weight=0.2)

# %% [markdown]
# Géron's notebook logged these lines (quoted from `15_autoencoders.ipynb`, cell 84; the last batch
# of each epoch, so single numbers are noisy, and the sparsity loss jumps: Adam with a step of 0.01
# keeps kicking the mean activations around the target):

# %%
GERON_LOG = [   # quoted: (Train MSE, Sparsity loss, Total loss) after epochs 0-9 of Géron's run
    (0.134832, 0.421739, 0.21918), (0.0587859, 0.0108979, 0.0609655), (0.053738, 0.0201038, 0.0577588),
    (0.0476169, 0.0399679, 0.0556105), (0.0447499, 0.0116199, 0.0470739), (0.0403685, 0.0930409, 0.0589767),
    (0.0388338, 0.0462908, 0.048092), (0.0378196, 0.0758871, 0.052997), (0.0332092, 0.0200693, 0.037223),
    (0.0314318, 0.0965061, 0.050733)]
print("epoch   Train MSE: Géron / tinyae     Sparsity loss: Géron / tinyae")
for epoch, (ours, geron) in enumerate(zip(kl_log, GERON_LOG)):
    print(f"{epoch:5d}   {geron[0]:10.4f} / {ours[0]:.4f}      {geron[1]:14.4f} / {ours[1]:.4f}")

# %% [markdown]
# In the full run the MSE column agrees to within 0.0016 at every epoch (0.1333 against 0.1348 after
# the first, 0.0365 against 0.0378 after the eighth), although our initial weights and batches are
# other random draws. The sparsity loss, a single batch's KL, jumps by up to ten times from epoch to
# epoch in both logs: 0.011 to 0.42 in Géron's first eight lines, 0.020 to 0.71 in ours.

# %% [markdown]
# ### The same network without a sparsity loss
#
# Is the sparsity loss doing the work, or would the network be sparse anyway? Train it again with
# the sparsity weight at 0, everything else Géron's (3 epochs are enough to see it):

# %%
dense_fast, dense_fast_log = train_sparse_autoencoder(1 if QUICK else 3)

# %% [markdown]
# It does not learn: its MSE stays at or above that of a network that outputs the mean training
# image (we compute that bar below). Adam's first steps of 0.01 on every weight at once push all 1000
# sigmoid units into saturation at 0, where their gradient $\sigma'(z) = \sigma(z)(1 - \sigma(z))$
# nearly vanishes: the code switches off and stays off (the statistics below count its silent
# units). PyTorch's `Adam(lr=0.01)` did the same to this network when we tried it while writing the
# lesson (mean activation 0.08 after 5 steps, 0.002 after 30): this is the recipe, not the engine.
# The KL model goes through the same violent first steps (in our trials an MSE of 6.5 after its
# second step; quick mode's 40 steps print MSEs near 1) but comes out alive, because with the KL loss
# a dead code cannot last: as a unit's $\hat\rho_j$ falls below the target, the
# $-p/\hat\rho_j$ part of the KL gradient pushes it back up, without bound as $\hat\rho_j \to 0$.
#
# A dense autoencoder of this size needs a smaller step. With Adam 0.001 it trains well, and gives
# the reconstruction error to measure the cost of sparsity against. For a fair comparison we also
# train the KL-sparse model at 0.001.

# %%
dense, dense_log = train_sparse_autoencoder(epochs_others, learning_rate=0.001)

# %%
kl_slow, kl_slow_log = train_sparse_autoencoder(epochs_others, lambda hidden: losses.sparsity_kl(hidden, 0.1),
                                                sparsity_weight=0.2, learning_rate=0.001)

# %% [markdown]
# ### L1 sparsity (003)
#
# 003's first way: penalise the absolute activations of the code layer, scaled by a tuning
# parameter $\lambda$,
#
# $$\mathcal{L}(x, \hat x) + \lambda \sum_i \lvert a_i^{(h)} \rvert,$$
#
# summed over the code units and (as `losses.l1_activity` does) averaged over the batch. 003 gives no
# $\lambda$. Unlike KL, L1 has no target: it pulls every activation towards 0 with the same force,
# and only the reconstruction loss pulls back. Too large a $\lambda$ switches the whole code off:
# in trials before this lesson was written (not part of its run), $\lambda = 10^{-3}$ left the code
# nearly silent, with an MSE close to the mean image's after 3 epochs, and $\lambda = 10^{-4}$ at
# Adam 0.01 collapsed like the model above (L1 has no floor to stop that). We use
# $\lambda = 10^{-4}$ with Adam 0.001, the dense model's settings, on the same sigmoid code: for a
# sigmoid $\lvert a \rvert = a$, so the penalty is simply the code's total activity.

# %%
l1_model, l1_log = train_sparse_autoencoder(epochs_others, losses.l1_activity, sparsity_weight=1e-4, learning_rate=0.001)

# %% [markdown]
# ## How sparse, and at what cost?
#
# For each model, on the test images: the reconstruction MSE; the mean activation of the code; each
# unit's mean activation $\hat\rho_j$ over the test set and the KL sparsity loss they give; how many
# of the 1000 units are clearly on (above 0.5) for an image; and how many units are **silent**, never
# above 0.5 for any test image. The bar to beat is the "autoencoder" that ignores its input and
# outputs the mean training image.

# %%
models = {"KL, Adam 0.01 (Géron)": kl_model, "no sparsity, Adam 0.01": dense_fast,
          "no sparsity, Adam 0.001": dense, "KL, Adam 0.001": kl_slow, "L1, Adam 0.001": l1_model}
X_test = ta.tensor(x_test)
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
mean_image_mse = losses.mse(ta.tensor(mean_image), X_test).item()
stats = {}
for name, autoencoder in models.items():
    with ta.no_grad():
        codes = autoencoder[0](X_test)
        test_mse = losses.mse(autoencoder[1](codes), X_test).item()
        test_kl = losses.sparsity_kl(codes, 0.1).item()
    codes = backend.to_numpy(codes.data)
    stats[name] = {"test_mse": test_mse, "mean_activation": float(codes.mean()), "kl": test_kl,
                   "unit_means": codes.mean(axis=0), "activations": codes[:1000].ravel(),
                   "on_per_image": float((codes > 0.5).sum(axis=1).mean()),
                   "silent_units": int((codes.max(axis=0) <= 0.5).sum())}
print(f"{'model':26s} {'test MSE':>9s} {'mean a':>7s} {'KL(0.1||rho_hat)':>17s} {'units > 0.5 per image':>22s} "
      f"{'silent units':>13s}")
for name, st in stats.items():
    print(f"{name:26s} {st['test_mse']:9.4f} {st['mean_activation']:7.4f} {st['kl']:17.2f} {st['on_per_image']:22.1f} "
          f"{st['silent_units']:13d}")
print(f"{'mean training image':26s} {mean_image_mse:9.4f}")

# %% [markdown]
# In the full run (8 epochs; the numbers are in `lessons/RESULTS.md`) the table says:
# - **KL, Géron's settings** holds the code's mean activation at 0.105 (target 0.1; the KL loss on
#   the test set is 0.16) with a test MSE of 0.036, half the mean image's 0.068.
# - **No sparsity at Adam 0.01** is dead: mean activation 0.001, all 1000 units silent, test MSE
#   0.071, no better than the mean image.
# - **No sparsity at Adam 0.001** reconstructs best by far (0.0062), with a dense code: mean
#   activation 0.49, 449 of the 1000 units above 0.5 for a typical image.
# - **L1** reaches about the same mean activation as KL (0.108) with a test MSE of 0.015, 2.5 times
#   the dense model's; KL at Géron's settings pays 5.7 times. That is the reconstruction cost of
#   sparsity, after 8 of Géron's 100 epochs.
# - **KL at Adam 0.001** meets its target best of all (mean 0.097, KL 0.04) and reconstructs worst
#   of the living models (0.054): no unit is above 0.5 for any test image.
#
# The last two rows say something the equations hide: **KL constrains each unit's mean, not how
# that mean is made.** A unit that sits at 0.1 for every image satisfies $\hat\rho_j = 0.1$ exactly
# as well as one that is fully on for one image in ten; only the second is sparse in the slides'
# sense ("a few active neurons"). The histograms show which one each model learned. On the left,
# each unit's mean activation $\hat\rho_j$ over the test set, one count per unit; on the right,
# every activation of the first 1000 test images (a million numbers, counted on a log scale; Géron's
# second edition draws the same pair). In the full run, both KL models put every unit's mean in the
# one bin at 0.1 but keep the activations themselves graded and below about 0.5-0.6 (2.8 units
# above 0.5 per image at Adam 0.01, none at 0.001): a faint, spread-out code. L1 has no target: its
# units' means spread from 0 to 0.6, most below 0.1, and its activations run the whole way from 0
# to 1 (38 units above 0.5 per image): closer to the on/off code the slides describe. The dense
# code is busy everywhere.

# %%
fig = plot.new_figure(figsize=(12, 2.3 * len(stats)))
for row, (name, st) in enumerate(stats.items()):
    ax = fig.add_subplot(len(stats), 2, 2 * row + 1)
    ax.hist(st["unit_means"], bins=50, range=(0, 1), color="tab:blue")
    ax.axvline(0.1, color="k", linestyle=":", linewidth=1)
    ax.set_ylabel(name, fontsize=9)
    if row == 0:
        ax.set_title("mean activation of each unit over the test set (dotted: target 0.1)")
    ax = fig.add_subplot(len(stats), 2, 2 * row + 2)
    ax.hist(st["activations"], bins=50, range=(0, 1), color="tab:orange", log=True)
    if row == 0:
        ax.set_title("all activations of 1000 test images (log count)")
ax.set_xlabel("activation")
fig.tight_layout()
fig = plot.finish(fig, out / "activation_histograms.png")

# %% [markdown]
# What the units learned (Géron's "Visualizing the extracted features"): the weights into the
# first 12 code units, $W_1[:, j]$ as a 28 x 28 image, each on its own grey scale. After 8 epochs
# (full run) the dense and L1 models' units show local blobs and pieces of strokes over the noise of
# their initial weights; Géron's KL model's show faint structure; the KL model at Adam 0.001 and the
# dead model still show mostly their random initial weights. Géron's 100 epochs would sharpen them;
# at 8 epochs this figure shows how far each got, not the end state.

# %%
features = [backend.to_numpy(autoencoder[0].W.data).T[:12] for autoencoder in models.values()]
fig = plot.image_grid(features, row_titles=[name.replace(", ", "\n") for name in models], value_range=None,
                      figsize=(14, 1.35 * len(models) + 0.4), path=out / "features.png")

# %% [markdown]
# And the reconstructions of the first 8 test digits (Géron's `show_reconstructed_digits`):

# %%
with ta.no_grad():
    rows = [x_test[:8]] + [backend.to_numpy(autoencoder(ta.tensor(x_test[:8])).data) for autoencoder in models.values()]
fig = plot.image_grid(rows, row_titles=["original"] + [name.replace(", ", "\n") for name in models],
                      figsize=(11, 1.4 * len(rows) + 0.4), path=out / "reconstructions.png")

# %% [markdown]
# ## 理解稀疏自编码器 (002): the same penalty, in the chapter's notation
#
# 002 motivates sparsity by an overcomplete code: with more hidden nodes than inputs an autoencoder
# can learn the identity and "完全模仿输入" (copy its input exactly); the sparsity constraint
# (稀疏约束 / 稀疏惩罚) activates only some neurons for each input. With sigmoid units (values in
# (0, 1)), "active" means near 1 and "inactive" near 0. The KL penalty needs such a code: with ReLU
# units $\hat\rho_j$ can exceed 1, where $\log(1-\hat\rho_j)$ is undefined (NaN). The chapter writes the mean activation of
# hidden neuron $j$ over the training samples as $\hat\rho_j = \frac{1}{m}\sum_i a_j(x_i)$, wants it
# close to a small sparsity parameter $\rho$ ("我们通常将 ρ 的值设为 0.05"), and penalises the gap
# by the KL divergence between two Bernoulli distributions, summed over the hidden layer's $l^{(h)}$
# neurons and weighted by $\beta$:
#
# $$J_{\text{sparse}} = J + \beta \sum_{j=1}^{l^{(h)}} \left[\rho \log \frac{\rho}{\hat\rho_j}
#   + (1 - \rho) \log \frac{1 - \rho}{1 - \hat\rho_j}\right].$$
#
# This is 001's Eq. 15-2 with $p = \rho$, $q = \hat\rho_j$ (the chapter's equations are images in
# our text; the companion notebook writes the same sum in LaTeX).
#
# ## 构建稀疏自编码器 / 定义稀疏正则化器 (002): `sparse_regularizer` as printed
#
# "构建稀疏自编码器与构建常规自编码器相同，只是在编码器和解码器中使用稀疏正则化器": the model is the vanilla
# one with the sparse regulariser in **the encoder and the decoder**. Here is the chapter's
# function, character for character, with Keras's backend `K.mean`, `K.log`, `K.sum` replaced by
# tinyae's tensor methods (`rho = 0.05` in the text's snippets, `p = 0.01` and `beta = 3` in the
# function itself; we use the function):

# %%
def sparse_regularizer(activation_matrix):
    p = 0.01
    beta = 3
    p_hat = activation_matrix.mean()                                  # K.mean(activation_matrix)

    KL_divergence = p*((p/p_hat).log()) + (1-p)*((1-p/1-p_hat).log())  # K.log(...), as printed

    sum = KL_divergence.sum()                                         # K.sum(KL_divergence)

    return beta * sum


# %% [markdown]
# It has three bugs.
#
# 1. **One $\hat\rho$ for the whole layer.** `K.mean(activation_matrix)` averages over the batch *and*
#    the units: a single number, as the 4 x 3 example at the top showed, instead of one $\hat\rho_j$
#    per unit (`K.mean(activation_matrix, axis=0)`). Half the units always on and half always off
#    looks perfectly "sparse at 0.5". The final `K.sum` then sums a single number.
# 2. **Operator precedence.** `1-p/1-p_hat` is $1 - (p / 1) - \hat p = 1 - p - \hat p$, not
#    $(1 - p)/(1 - \hat p)$. The second term becomes $(1 - p)\log(1 - p - \hat p)$, which **falls** as
#    $\hat p$ grows, to $-\infty$ at $\hat p = 1 - p = 0.99$, and is NaN beyond (the log of a negative
#    number). Its derivative $\beta\left[-p/\hat p - (1 - p)/(1 - p - \hat p)\right]$ is negative for
#    every $\hat p$: the "penalty" rewards activity everywhere.
# 3. **Applied to the output layer.** The decoder's sigmoid outputs are pixel intensities, not a
#    code; a sparsity penalty there (even a correct one) asks for dark images, and this one asks for
#    bright ones.
#
# The function against the correct $\beta\, D_{KL}(0.01 \parallel \hat p)$ of one unit, and its
# slope by autograd:

# %%
slopes = {"as printed": [], "correct": []}
for value in [0.001, 0.01, 0.1, 0.5, 0.9, 0.98]:
    a = ta.tensor([[value]], requires_grad=True)               # a 1 x 1 "activation matrix": p_hat = value
    as_printed = sparse_regularizer(a)
    as_printed.backward()
    b = ta.tensor([[value]], requires_grad=True)
    correct = 3 * losses.sparsity_kl(b, 0.01)
    correct.backward()
    slopes["as printed"].append(float(a.grad[0, 0]))
    slopes["correct"].append(float(b.grad[0, 0]))
    print(f"p_hat = {value:5.3f}:  as printed {as_printed.item():8.3f} (slope {slopes['as printed'][-1]:8.2f})   "
          f"correct 3 KL {correct.item():7.3f} (slope {slopes['correct'][-1]:7.2f})")
print("p_hat = 0.995: as printed", sparse_regularizer(ta.tensor([[0.995]])).item(), "(the log of 1 - 0.01 - 0.995 < 0)")

# %%
grid = backend.xp.linspace(0.001, 0.9899, 400, dtype="float32")
as_printed = [sparse_regularizer(ta.tensor(grid[k:k + 1].reshape(1, 1))).item() for k in range(len(grid))]
correct = 3 * losses.kl_bernoulli(0.01, ta.tensor(grid), reduction="none")
fig = plot.new_figure(figsize=(7, 4.2))
ax = fig.add_subplot()
ax.plot(backend.to_numpy(grid), backend.to_numpy(correct.data), "b-", label=r"correct: 3 KL(0.01 || $\hat p$)")
ax.plot(backend.to_numpy(grid), as_printed, "r--", label=r"002's sparse_regularizer: 3 [p log(p/$\hat p$) + (1-p) log(1-p-$\hat p$)]")
ax.axhline(0, color="grey", linewidth=0.5)
ax.axvline(0.01, color="k", linestyle=":", linewidth=1)
ax.set_ylim(-8, 12)
ax.set_xlabel(r"$\hat p$ (the mean activation)")
ax.set_ylabel("penalty")
ax.set_title("002's sparse_regularizer against the KL it meant")
ax.legend(loc="upper right", fontsize=8)
fig = plot.finish(fig, out / "sparse_regularizer_penalty.png")

# %% [markdown]
# ### Training with it: the companion notebook's model
#
# The chapter shows only the regulariser; its companion notebook (`Chapter10/10.09`, the
# repository the chapter names) builds the rest: a 784-200 sigmoid encoder and a 200-784 sigmoid
# decoder, **both** with `activity_regularizer=sparse_regularizer` and `kernel_regularizer=l2(lambda_/2)`
# with `lambda_ = 0.001` (Keras's `l2(c)` adds $c \sum w^2$), `compile(optimizer='sgd', loss='mse')`
# (its text says binary cross-entropy; its code says MSE), and
# `fit(x_train, x_train, epochs=10, batch_size=256, shuffle=True, validation_data=(x_test, x_test))`.
#
# **Which Keras?** An activity regulariser's value $\Omega(y)$ on a batch of $N$ samples reaches the
# loss in one of two ways, and `tinyae.regularizers` makes you choose:
# - tf.keras (TensorFlow 1.x and 2.x, `base_layer.py`'s `_handle_activity_regularization`) adds
#   $\Omega(y) / N$, "to make activity regularization strength batch-agnostic" (Keras 3 does too since
#   January 2026). tinyae's default, `divide_by_batch=True`; a plain function such as
#   `sparse_regularizer` is divided the same way.
# - standalone Keras 2 (`keras/engine/base_layer.py`) adds $\Omega(y)$ itself: `divide_by_batch=False`.
#
# The companion imports `from tensorflow.keras import regularizers` and calls
# `tf.logging.set_verbosity` (TensorFlow 1.x: `tf.logging` is gone in 2.x), so its model ran in
# TF 1's tf.keras, which divides by the batch size. Its printed "Using TensorFlow backend." comes
# from `from keras.datasets import mnist`, the standalone package, used only to load the data. Its
# log settles the question by measurement: below, the divided run reproduces its losses, while the
# undivided convention makes it negative from the first batch on.
#
# One function builds and trains the companion's model from the same initial weights with the
# activity regularisers we give it, and a callback records, after each epoch, the mean activation
# of the code and of the output (the mean pixel intensity of the reconstructions) on the test images.

# %%
class MeanActivations(ta.training.Callback):
    def __init__(self, x):
        self.x, self.code, self.output = ta.tensor(x), [], []

    def on_epoch_end(self, epoch, logs):
        encoder, decoder = self.model.module[0], self.model.module[1]
        with ta.no_grad():
            code = encoder(self.x)
            self.code.append(code.mean().item())
            self.output.append(decoder(code).mean().item())
        print(f"    mean activation on the test images: code {self.code[-1]:.4f}, output {self.output[-1]:.4f}")


lambda_ = 0.001
epochs_002 = 2 if QUICK else 10
x_002 = x_all[:6000] if QUICK else x_all          # the companion trains on all 60,000 training images


def fit_companion(encoder_activity, decoder_activity, summary=False):
    ta.seed(0)
    encoder = nn.Dense(784, 200, activation="sigmoid", kernel_regularizer=regularizers.l2(lambda_ / 2),
                       activity_regularizer=encoder_activity)
    decoder = nn.Dense(200, 784, activation="sigmoid", kernel_regularizer=regularizers.l2(lambda_ / 2),
                       activity_regularizer=decoder_activity)
    model = ta.Model(nn.Sequential(encoder, decoder), input_shape=(784,))
    if summary:
        model.summary()
    model.compile(optimizer=optim.SGD.keras(model.module.parameters(), lr=0.01), loss="mse")
    activations = MeanActivations(x_test)
    with ta.no_grad():                              # before training
        code = encoder(ta.tensor(x_test))
        activations.code.append(code.mean().item())
        activations.output.append(decoder(code).mean().item())
    try:
        model.fit(x_002, x_002, epochs=epochs_002, batch_size=256, shuffle=True, validation_data=(x_test, x_test),
                  callbacks=[activations])
    except FloatingPointError as error:             # tinyae stops at the first NaN loss (Keras would go on)
        print(error)
        activations.on_epoch_end(None, None)        # where the weights stood when it stopped
    return model.history.history, activations


# %% [markdown]
# **(a) As the chapter ran it**: `sparse_regularizer` on both layers, tf.keras's division by $N$.
# The summary is the companion's, line for line.

# %%
runs = {}
runs["as printed, tf.keras (/N)"] = fit_companion(sparse_regularizer, sparse_regularizer, summary=True)

# %% [markdown]
# The companion's log (quoted from `Chapter10/10.09`'s output cell: Keras's `loss` and `val_loss`
# per epoch) beside ours:

# %%
COMPANION_LOG = [(0.5350, 0.5311), (0.5276, 0.5238), (0.5205, 0.5168), (0.5135, 0.5099), (0.5067, 0.5032),
                 (0.5001, 0.4967), (0.4937, 0.4904), (0.4875, 0.4842), (0.4814, 0.4783), (0.4755, 0.4724)]
history = runs["as printed, tf.keras (/N)"][0]
print("epoch   loss: companion / tinyae   val_loss: companion / tinyae")
for epoch, (loss, val_loss) in enumerate(zip(history["loss"], history["val_loss"])):
    print(f"{epoch + 1:5d}   {COMPANION_LOG[epoch][0]:17.4f} / {loss:.4f}   {COMPANION_LOG[epoch][1]:20.4f} / {val_loss:.4f}")

# %% [markdown]
# Most of that loss is not reconstruction: the two L2 terms are about 0.16 each at the start
# (Glorot-uniform weights: $\sum w^2 \approx 784 \cdot 200 \cdot 2/984 \approx 319$, times 0.0005), and
# they shrink slowly as SGD decays the weights; the MSE starts near 0.24. Each "sparsity" term is
# negative, $3 \cdot [0.01 \ln 0.02 + 0.99 \ln 0.49] / 256 \approx -0.0087$ at $\hat p = 0.5$: the
# regulariser *lowers* the loss.
#
# **(b) The control**: the same model without any activity regulariser.

# %%
runs["no activity regulariser"] = fit_companion(None, None)

# %% [markdown]
# **(c) The same function in standalone Keras 2's convention** (not divided by $N$): 256 times
# stronger, it shows where the function leads.

# %%
class Undivided(regularizers.Regularizer):
    """An activity regulariser added as Omega(y), not Omega(y) / N: standalone Keras 2's convention."""

    def __init__(self, function):
        super().__init__(divide_by_batch=False)
        self.function = function

    def penalty(self, x):
        return self.function(x)


runs["as printed, Keras 2 (no /N)"] = fit_companion(Undivided(sparse_regularizer), Undivided(sparse_regularizer))

# %% [markdown]
# **(d), (e) Corrected**: one $\hat\rho_j$ per unit, the KL as written, on the code only (the
# output is not a code), with the function's own $p = 0.01$ and $\beta = 3$:
# `regularizers.sparsity_kl(0.01, 3)`, in both conventions.

# %%
runs["corrected, tf.keras (/N)"] = fit_companion(regularizers.sparsity_kl(0.01, 3), None)

# %%
runs["corrected, Keras 2 (no /N)"] = fit_companion(regularizers.sparsity_kl(0.01, 3, divide_by_batch=False), None)

# %% [markdown]
# Where each leads: the mean activation of the code and of the output on the test images, epoch by
# epoch (epoch 0: before training).

# %%
fig = plot.new_figure(figsize=(12, 4.2))
for column, (key, title) in enumerate([("code", "code: mean activation of the 200 sigmoid units"),
                                       ("output", "output: mean pixel intensity of the reconstructions")]):
    ax = fig.add_subplot(1, 2, column + 1)
    for name, (_, activations) in runs.items():
        values = getattr(activations, key)
        ax.plot(range(len(values)), values, marker="o", markersize=3, label=name)
    ax.set_xlabel("epoch")
    ax.set_ylim(0, 1.02)
    ax.set_title(title, fontsize=10)
ax.legend(fontsize=8)
fig = plot.finish(fig, out / "sparse_regularizer_training.png")

# %%
print(f"{'run':30s} {'epochs':>6s} {'last loss':>10s} {'code mean':>10s} {'output mean':>12s}")
for name, (history, activations) in runs.items():
    print(f"{name:30s} {len(history['loss']):6d} {history['loss'][-1]:10.4f} {activations.code[-1]:10.4f} "
          f"{activations.output[-1]:12.4f}")
print(f"{'mean pixel of the test images':30s} {'':6s} {'':10s} {'':10s} {float(x_test.mean()):12.4f}")

# %% [markdown]
# What the full run showed (10 epochs of 60,000 images; numbers in `lessons/RESULTS.md`):
# - **(a)** reproduces the companion's log: loss 0.5339 against its 0.5350 after epoch 1 and 0.4754
#   against 0.4755 after epoch 10 (val_loss 0.4722 against 0.4724). The control **(b)** is 0.016 to
#   0.017 higher in every epoch (0.5511 after epoch 1): the two negative "penalties" of tf.keras's
#   convention. Undivided, they would have made the companion's loss about $-4.6$ in its first epoch
#   (run (c)). So the chapter's Keras divided by the batch size, as TF 1's tf.keras does.
# - In that convention the bug does little in 10 epochs of SGD at 0.01: the code's mean activation
#   ends at 0.5073 against the control's 0.5020, the output's at 0.4367 against 0.4357. But it
#   points the wrong way: up. And the model itself barely trains in either run: its MSE (the loss
#   less the four printed terms) is still about 0.19 after 10 epochs, almost three times what
#   outputting the mean image gives (0.068). The falling loss in the companion's log is mostly the
#   L2 terms decaying.
# - **(c)** shows where the function leads: the code's mean activation 0.67, 0.84, 0.93 after epochs
#   1-3, the output's 0.58, 0.73, 0.91 (the test images' mean pixel is 0.13: the reconstructions turn
#   white), the loss $-4.6$, $-7.1$, $-11.7$, until in epoch 4 the output's mean passes
#   $1 - p = 0.99$ and the log's argument turns negative: NaN, and tinyae stops (Keras would train on
#   with `loss: nan`).
# - **(d), (e)**: the corrected KL drives the code's mean activation down instead, to 0.124 after 10
#   epochs with tf.keras's division (still falling) and to its target 0.01 within one epoch without
#   it, leaving the output alone.

# %% [markdown]
# ## What to take away
#
# - Sparsity is measured per unit over the batch, $\hat\rho_j$, and penalised by
#   $\sum_j D_{KL}(p \parallel \hat\rho_j)$ (Eq. 15-2), whose gradient is at least twice the squared
#   error's and which pushes back from both sides: too active and too silent.
# - KL fixes each unit's mean, not the shape of its activity; at Géron's settings it keeps a 1000-unit
#   code alive that would otherwise die, at a clear cost in reconstruction. L1 has no target and no
#   floor: its strength $\lambda$ alone decides between a sparse code and a dead one.
# - 002's `sparse_regularizer` computes one mean over everything and, through `1-p/1-p_hat`, a
#   "penalty" that falls as activity rises; on the output layer it asks for white images. In the
#   chapter's own run (tf.keras divides activity penalties by the batch size) it was too weak to do
#   visible harm in 10 epochs of a model that hardly trained; at full strength it drives the network
#   to NaN. Keras versions differ here: say which convention your penalty's strength assumes.
#
# ## What the lesson reports
#
# The numbers `python -m lessons 11` prints at the end (and `lessons.run("11")` returns).

# %%
results = {
    "geron_epochs": n_epochs,
    "step_seconds": step_seconds,
    "kl_train_mse": [line[0] for line in kl_log],
    "kl_sparsity_loss": [line[1] for line in kl_log],
    "mean_image_test_mse": mean_image_mse,
    **{f"{key} [{name}]": st[key] for name, st in stats.items()
       for key in ("test_mse", "mean_activation", "kl", "on_per_image", "silent_units")},
    "slopes_as_printed": slopes["as printed"],
    "slopes_correct": slopes["correct"],
    "companion_loss": runs["as printed, tf.keras (/N)"][0]["loss"],
    "control_loss": runs["no activity regulariser"][0]["loss"],
    "companion_val_loss": runs["as printed, tf.keras (/N)"][0]["val_loss"],
    **{f"code_mean [{name}]": activations.code for name, (_, activations) in runs.items()},
    **{f"output_mean [{name}]": activations.output for name, (_, activations) in runs.items()},
    "figures": [str(out / name) for name in ("sparsity_cost.png", "activation_histograms.png", "features.png",
                                             "reconstructions.png", "sparse_regularizer_penalty.png",
                                             "sparse_regularizer_training.png")],
}
results
