# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Depth decides the latent space (在降维和可视化中的应用)
#
# **Source:** `004_27598574ce47aa8c.txt` (the book chapter on autoencoders, Keras), section
# **在降维和可视化中的应用** with its parts MNIST 数据准备, MNIST 的自编码器 and 训练与可视化
# (figures 7.4 to 7.11). The chapter writes it in Keras; here it is the same network, line by line,
# on tinyae.
#
# Run it: `python -m lessons 06` (four autoencoders, 100 epochs each on all 60,000 training images, as
# in the chapter: 405 s, about 7 minutes, on two otherwise idle CPU cores; 11 minutes while other jobs
# shared them: see lessons/RESULTS.md) or `python -m lessons 06 --quick` (the same code
# on 6,000 training and 2,000 test images for 5 epochs: about ten seconds, far too short for the
# models to get past the plateau described below, so its pictures show barely trained models). In
# Jupyter, run the cells one by one (`QUICK = True` in the first cell, or `TINYAE_QUICK=1`).
#
# The chapter squeezes every MNIST digit into a **two-number code** $z = (z_1, z_2)$, so that the
# whole test set can be drawn as dots in a plane, one colour per digit. It then asks: how much does
# the depth of the encoder matter? It trains four autoencoders that all end in the same 2-d code but
# reach it through 3, 2, 1 or no hidden layers, and compares their reconstructions and their
# pictures of the latent space.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/06_depth_decides_the_latent_space")   # figures and files

# %%
import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot, probes

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## MNIST 数据准备 (preparing MNIST)
#
# Pixels are scaled to $[0, 1]$ and each 28 x 28 image becomes a vector of 784 numbers. The training
# labels `y_train` play no part (this is unsupervised learning); the test labels `y_test` only colour
# the dots of the latent space and, after training, score how well the codes separate the digits.


# %%
(x_train, _), (x_test, y_test) = datasets.load_mnist(normalize=None)
if QUICK:                                     # the same code on a subset
    x_train, x_test, y_test = x_train[:6000], x_test[:2000], y_test[:2000]
x_train = x_train.astype("float32") / 255.
x_test = x_test.astype("float32") / 255.

x_train = x_train.reshape((len(x_train), 28 * 28))
x_test = x_test.reshape((len(x_test), 28 * 28))
print(x_train.shape, x_test.shape)

# %% [markdown]
# ## MNIST 的自编码器 (the autoencoder for MNIST)
#
# The chapter's deepest model has four encoding layers of 392, 28, 10 and 2 units and mirrors them in
# the decoder (10, 28, 392, 784). Every hidden layer is a sigmoid, the code layer a **hyperbolic
# tangent**, and the output a sigmoid so that each reconstructed pixel lies in $(0, 1)$:
#
# $$h_1 = \sigma(x W_1 + b_1),\quad h_2 = \sigma(h_1 W_2 + b_2),\quad h_3 = \sigma(h_2 W_3 + b_3),\quad
#   z = \tanh(h_3 W_4 + b_4) \in (-1, 1)^2,$$
#
# and the decoder runs the same sizes backwards, ending in $x' = \sigma(\cdot)$. The chapter introduces
# the tanh and its derivative,
#
# $$\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}, \qquad \frac{d}{dx}\tanh(x) = 1 - \tanh^2(x),$$
#
# for its symmetric output range $[-1, 1]$ (handy for plotting the codes, not essential).
#
# **Figure 7.5** lists the four configurations. Each one is the previous one "with the same layers,
# only the pair of 392-unit layers removed, and so on": the encoder keeps 28, 10, 2 (figure 7.9), then
# 10, 2 (figure 7.10), and finally the code layer alone, "one encoding layer (two neurons) and one
# decoding layer (784 neurons)" (figure 7.11). Figure 7.7 counts all Dense layers (a: eight, b: six,
# c: four, d: two layers); figures 7.8 to 7.11 count the encoder's (four, three, two, one).

# %%
DEPTHS = [   # (figure 7.7 panel, number of Dense layers, hidden sizes of the encoder before the 2-d code)
    ("a", 8, (392, 28, 10)),
    ("b", 6, (28, 10)),
    ("c", 4, (10,)),
    ("d", 2, ()),
]
INPUT_DIM, LATENT_DIM = 28 * 28, 2


def encoder_name(hidden):
    """"784-392-28-10-2": the encoder's layer sizes (the decoder mirrors them)."""
    return "-".join(str(size) for size in (INPUT_DIM, *hidden, LATENT_DIM))


# %% [markdown]
# Keras's functional code (`elayer1 = Dense(392, activation='sigmoid')(inpt_vec)` and so on) becomes a
# list of `nn.Dense` layers. `nn.Dense` starts like Keras's `Dense` (Glorot-uniform weights, zero
# biases). The encoder, the chapter's `latent_ncdr = Model(inpt_vec, encoder)`, is the first half of
# the same layers (`autoencoder[:k]` shares them, it copies nothing).


# %%
def build_autoencoder(hidden):
    sizes = (INPUT_DIM, *hidden, LATENT_DIM)
    encoder_layers = [nn.Dense(n_in, n_out, activation="sigmoid")
                      for n_in, n_out in zip(sizes[:-2], sizes[1:-1])]
    encoder_layers.append(nn.Dense(sizes[-2], LATENT_DIM, activation="tanh"))            # the 2-d code
    back = sizes[::-1]
    decoder_layers = [nn.Dense(n_in, n_out, activation="sigmoid") for n_in, n_out in zip(back[:-1], back[1:])]
    autoencoder = nn.Sequential(*encoder_layers, *decoder_layers)
    latent_ncdr = autoencoder[:len(encoder_layers)]
    return ta.Model(autoencoder, input_shape=(INPUT_DIM,)), latent_ncdr


# %% [markdown]
# ## Loss and optimizer: binary cross-entropy and Adam
#
# `autoencoder.compile(loss='binary_crossentropy', optimizer='adam')`. The binary cross-entropy
# measures the "surprise" of seeing pixel $x_k$ when the network predicted $x'_k$; Keras takes its mean
# over the batch and the 784 pixels:
#
# $$L = -\frac{1}{784\,N} \sum_{i=1}^{N} \sum_{k=1}^{784}
#       \big[ x_{ik} \ln x'_{ik} + (1 - x_{ik}) \ln (1 - x'_{ik}) \big].$$
#
# It is zero only when every pixel is reconstructed exactly and a pure black or white pixel is
# predicted with full confidence; for grey pixels even a perfect reconstruction leaves a positive
# loss, so the numbers below never approach 0.
#
# Adam (Kingma and Ba, 2014) keeps running means of the gradient $g$ and of its square, and steps
# each weight by their ratio. Keras's version, with its defaults $\eta = 10^{-3}$, $\beta_1 = 0.9$,
# $\beta_2 = 0.999$, $\epsilon = 10^{-7}$ and $t$ the number of steps so far:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
#   \theta \leftarrow \theta - \eta \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t} \frac{m}{\sqrt{v} + \epsilon}.$$
#
# `optim.Adam.keras` is that flavour (`compile(optimizer="adam")` means the same in tinyae).
# PyTorch's Adam differs in where $\epsilon$ goes and in its default $\epsilon = 10^{-8}$.


# %% [markdown]
# ## 训练与可视化 (training and visualising)
#
# `autoencoder.fit(x_train, x_train, epochs=100, batch_size=256, shuffle=True,
# validation_data=(x_test, x_test))`: the two new arguments of the chapter are `shuffle=True` (a new
# order of the training images every epoch) and `validation_data`, images the model never trains on,
# whose loss is printed after every epoch as `val_loss`. The `compile` and `fit` lines are in
# `run_depth` below, which trains each of the four depths the same way.


# %% [markdown]
# ## Do the codes separate the digits? A number instead of a picture
#
# The chapter judges each latent space by eye (figures 7.8 to 7.11). To check its claims with a
# number, we ask how often a test digit's **5 nearest neighbours** in the 2-d code space (among the
# other test codes, leaving the digit itself out) carry its own label, by majority vote. If the codes
# of one digit form their own cluster, this accuracy is high; if the codes were random, it would be
# about the share of the most frequent digit (chance, 11%). The labels are used only here, after
# training.
#
# `probes.knn_accuracy(codes, labels)` computes it (tinyae/probes.py: the distances come from
# $\lVert a - b \rVert^2 = \lVert a \rVert^2 - 2\, a \cdot b + \lVert b \rVert^2$, a block of test codes
# at a time, on whichever backend is in use), and `probes.chance_accuracy(labels)` the chance level.


# %% [markdown]
# Two yardsticks. For the loss: the laziest "autoencoder" ignores its input and outputs the mean
# training image for every digit; a model whose validation loss sits near this number has not yet
# learned to use its code at all.


# %%
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
mean_loss = losses.binary_crossentropy(ta.tensor(mean_image), ta.tensor(x_test)).item()
chance = probes.chance_accuracy(y_test)      # always guess the most frequent digit
print(f"mean image: val_loss {mean_loss:.4f}; chance: 5-NN accuracy {chance:.3f}")

# %% [markdown]
# For the separation: the best **linear** 2-d view of the digits, their projection onto the first two
# principal components of the training images (lesson 02 shows that a linear autoencoder finds the
# same plane). An encoder without hidden layers, $z = \tanh(x W + b)$, is a squashed linear
# projection, so it *could* separate the digits about as well as PCA does; a model with hidden layers
# can bend the plane and do better.


# %%
xp = backend.xp
train_pixels, test_pixels = backend.to_backend(x_train), backend.to_backend(x_test)
pixel_mean = train_pixels.mean(axis=0)
centred = train_pixels - pixel_mean
covariance = centred.T @ centred / len(train_pixels)
_, vectors = xp.linalg.eigh(covariance)                     # eigenvalues in ascending order
pca_codes = (test_pixels - pixel_mean) @ vectors[:, -2:][:, ::-1]   # the top two principal directions
pca_accuracy = probes.knn_accuracy(pca_codes, y_test)
print(f"PCA, 784-2 (linear): 5-NN accuracy {pca_accuracy:.3f}")

# %% [markdown]
# ## One depth from start to finish
#
# For one configuration of figure 7.5: build, compile, train, then `encdd = latent_ncdr.predict(x_test)`
# (the 2-d codes, inside $[-1, 1]$ because of the tanh) and `x_hat = autoencoder.predict(x_test)`.
# We draw the loss curves (figure 7.6 shows them for the deepest model) and the test codes coloured by
# their digit (figures 7.8 to 7.11). The four models run the same code, so it is one function, called
# once per depth below.

# %%
def run_depth(panel, layers, hidden, x_train, x_test, y_test, epochs, out):
    name = encoder_name(hidden)
    print(f"{panel}) {layers}-layer autoencoder, encoder {name}")
    autoencoder, latent_ncdr = build_autoencoder(hidden)
    autoencoder.compile(optimizer=optim.Adam.keras(autoencoder.parameters()), loss=losses.binary_crossentropy)
    hist = autoencoder.fit(x_train, x_train, epochs=epochs, batch_size=256, shuffle=True,
                           validation_data=(x_test, x_test))

    encdd = ta.Model(latent_ncdr).predict(x_test, batch_size=256)
    x_hat = autoencoder.predict(x_test, batch_size=256)
    tag = name.replace("-", "_")
    plot.loss_curves(hist, title=f"{panel}) {name}: reconstruction loss", ylabel="binary cross-entropy",
                     path=out / f"loss_{tag}.png")
    plot.latent_scatter_2d(encdd, y_test, title=f"{panel}) encoder {name}: MNIST test codes",
                           path=out / f"latent_{tag}.png")
    run = {
        "panel": panel, "layers": layers, "encoder": name,
        "loss": hist.history["loss"][-1], "val_loss": hist.history["val_loss"][-1],
        "first_val_loss": hist.history["val_loss"][0],
        "val_losses": hist.history["val_loss"],
        "knn_accuracy": probes.knn_accuracy(encdd, y_test),
        "code_std": float(encdd.std(axis=0).mean()),
        "x_hat": x_hat[:8],
        "figures": [str(out / f"loss_{tag}.png"), str(out / f"latent_{tag}.png")],
    }
    print(f"5-NN accuracy of the 2-d test codes: {run['knn_accuracy']:.3f}")
    return run


epochs = 5 if QUICK else 100

# %% [markdown]
# ### a) Eight layers, encoder 784-392-28-10-2 (figures 7.6, 7.7.a and 7.8)

# %%
runs = [run_depth(*DEPTHS[0], x_train, x_test, y_test, epochs, out)]

# %% [markdown]
# ### b) Six layers, encoder 784-28-10-2 (figures 7.7.b and 7.9)

# %%
runs.append(run_depth(*DEPTHS[1], x_train, x_test, y_test, epochs, out))

# %% [markdown]
# ### c) Four layers, encoder 784-10-2 (figures 7.7.c and 7.10)

# %%
runs.append(run_depth(*DEPTHS[2], x_train, x_test, y_test, epochs, out))

# %% [markdown]
# ### d) Two layers, encoder 784-2 (figures 7.7.d and 7.11)

# %%
runs.append(run_depth(*DEPTHS[3], x_train, x_test, y_test, epochs, out))

# %% [markdown]
# ## Figure 7.7: the first eight test digits through each model
#
# Figure 7.4 shows the first eight test digits (7, 2, 1, 0, 4, 1, 4, 9); figure 7.7 shows what each
# of the four models makes of them. We draw the originals and the four rows of reconstructions in one
# figure, one grey scale (black 0, white 1).


# %%
rows = [x_test[:8]] + [run["x_hat"] for run in runs]
titles = ["original"] + [f"{run['panel']}) {run['layers']} layers" for run in runs]
fig = plot.image_grid(rows, row_titles=titles, path=out / "reconstructions.png")

# %% [markdown]
# ## The table: deepest to shallowest


# %%
print(f"After {epochs} epochs (binary cross-entropy; 5-NN: leave-one-out 5-nearest-neighbour "
      f"accuracy of the 2-d test codes; z std: their standard deviation, mean of z1 and z2):")
print(f"{'model':<12} {'encoder':<17} {'loss':>7} {'val_loss':>9} {'5-NN':>6} {'z std':>9}")
for run in runs:
    print(f"{run['panel'] + ') ' + str(run['layers']) + ' layers':<12} {run['encoder']:<17} "
          f"{run['loss']:>7.4f} {run['val_loss']:>9.4f} {run['knn_accuracy']:>6.3f} {run['code_std']:>9.2e}")
print(f"{'mean image':<12} {'(no code)':<17} {'':>7} {mean_loss:>9.4f}")
print(f"{'PCA':<12} {'784-2 (linear)':<17} {'':>7} {'':>9} {pca_accuracy:>6.3f}")
print(f"{'chance':<12} {'most frequent':<17} {'':>7} {'':>9} {chance:>6.3f}")

# %% [markdown]
# ## Beside the book's own run
#
# The chapter's text prints no numbers for this section, but the book's notebook
# (PacktPublishing/Deep-Learning-for-Beginners, `Chapter07/Chapter_7.ipynb`, a Keras run on Colab with
# the same code) keeps the full 100-epoch training log of **all four depths**, and their figures. The
# numbers below are **quoted from that notebook** (the last lines of the logs under its cells [16], [21],
# [24] and [27], counting all its cells from 0), not computed here. "Leaves the plateau" is the first
# epoch whose val_loss is more than 0.005 below the mean image's (0.2625 on the full test set).


# %%
BOOK_NOTEBOOK = {   # quoted from Chapter_7.ipynb (cells [16], [21], [24], [27]): Keras's printed log, one run per depth
    "784-392-28-10-2": {"first_val_loss": 0.2629, "loss": 0.1671, "val_loss": 0.1741, "leaves_plateau": 3},
    "784-28-10-2": {"first_val_loss": 0.2774, "loss": 0.1893, "val_loss": 0.1905, "leaves_plateau": 11},
    "784-10-2": {"first_val_loss": 0.3509, "loss": 0.2059, "val_loss": 0.2055, "leaves_plateau": 45},
    "784-2": {"first_val_loss": 0.4974, "loss": 0.2628, "val_loss": 0.2625, "leaves_plateau": None},
}


def leaves_plateau(val_losses, plateau, margin=0.005):
    """The first epoch (from 1) whose val_loss is below plateau - margin, or None."""
    return next((epoch for epoch, value in enumerate(val_losses, 1) if value < plateau - margin), None)


print(f"{'encoder':<17} {'epoch 1 val_loss':>17} {'final loss':>15} {'final val_loss':>15} {'leaves plateau':>15}")
print(f"{'':<17} {'book / ours':>17} {'book / ours':>15} {'book / ours':>15} {'book / ours':>15}")
for run in runs:
    book = BOOK_NOTEBOOK[run["encoder"]]
    ours_exit = leaves_plateau(run["val_losses"], mean_loss)
    print(f"{run['encoder']:<17} {book['first_val_loss']:>8.4f} / {run['first_val_loss']:.4f} "
          f"{book['loss']:>6.4f} / {run['loss']:.4f} {book['val_loss']:>6.4f} / {run['val_loss']:.4f} "
          f"{str(book['leaves_plateau'] or 'never'):>6} / {str(ours_exit or 'never'):<6}")
print(f"(book: quoted from Chapter_7.ipynb, 100 epochs; ours: {epochs} epochs, seed 0)")

# %% [markdown]
# In full mode the two runs agree closely at every depth (our numbers are in `lessons/RESULTS.md`):
# the same final val_loss to the fourth decimal for the 8- and 6-layer models (0.1741, 0.1905), 0.2080
# against 0.2055 for the 4-layer one, and the 784-2 model stuck at the mean image's 0.2625 in both.
# The one thing that differs is *when* a model leaves the plateau (the 4-layer model: epoch 45 in the
# book, 54 in ours), and that is exactly what changes from seed to seed.
#
# **The book's figure 7.11.** The notebook's "One-Layer Encoder" scatter (saved as
# `ch.7.minist.1l.png`) shows all 10,000 test codes as a single dot at $(-1.000, 1.000)$, with both
# axes spanning only $\pm 0.002$ around it (ticks -1.0020 ... -0.9980 and 0.998 ... 1.002); its
# reconstructions (figure 7.7.d, `ch.7.mnist.1l.reconstructed.png`) are one and the same blurred
# average digit eight times. That is the collapse our 784-2 model shows: saturated tanh codes in one
# corner (in our full run at $(1, -1)$, the opposite corner: which one is a matter of the random
# start). The chapter's "the axes change
# scale slightly differently" is this: matplotlib zooms in on a cloud a few $10^{-4}$ wide. The
# figure shows no spread-out overlapping clusters at all, so it supports the saturation reading below,
# not the chapter's "two neurons cannot separate ten digits".


# %% [markdown]
# ## What the chapter says, and what we see
#
# The chapter's claims (its figures carry no numbers, so the checks below are ours):
#
# - **7.7.a / 7.8**: the eight-layer model reconstructs well except for 4 and 9, which overlap in the
#   latent space; the other digits form fairly separate clusters, with look-alikes next to each other
#   (1 and 7, 0 and 6, 3 and 8) and unlike digits (0 and 1) on opposite sides.
# - **7.9**: removing the 392-unit pair makes the latent space "significantly" worse, with more
#   overlap, though the main structure stays; reconstructions are worse (7.7.b).
# - **7.10**: with 10 and 2 units the digits overlap still more; reconstructions are poor (7.7.c).
# - **7.11**: a single 2-unit encoding layer is "a bad idea": it cannot pull the digits apart.
#
# So the chapter predicts that both the validation loss and the separation of the codes get worse at
# every step from (a) to (d). The table above measures both; `lessons/RESULTS.md` has the numbers of
# our full runs. What they show:
#
# - **Every depth matches the book's run.** The book's own notebook (its Keras run, printed epoch by
#   epoch; quoted in the cell above) ends the deepest model at loss 0.1671 / val_loss 0.1741; with the
#   lesson's seed ours ends at 0.1667 / 0.1741 and follows it all the way (val_loss after epoch 10:
#   0.2215 in the book, 0.2203 here; after epoch 50: 0.1792 and 0.1783). The shallower models end
#   at 0.1905, 0.2055 and 0.2625 in the book, 0.1905, 0.2080 and 0.2625 here.
# - **Depth helps, but not every time.** With the lesson's seed (0) and with seed 1, the validation
#   loss rises and the 5-NN accuracy of the codes falls at each step from (a) to (c) (0.73, 0.63, 0.49
#   with seed 0, against 0.11 for chance). 4 and 9 share one cloud, 3, 5 and 8 overlap, 0 sits next
#   to 6, and 0 and 1 are far apart, as the chapter says; 1 and 7 are *not* neighbours in our runs
#   (7 lies beside 9), nor in the book notebook's own four-layer scatter (`ch.7.minist.4l.png`: the
#   7s sit at the top beside the 9s and 4s, the 1s in a cluster of their own on the right). But with seeds 2 and 3 the deepest model ended *worse* than the six-layer one
#   (val_loss about 0.195 against 0.190, 5-NN about 0.61 against 0.65): its codes crowded onto thin
#   curves. The six-layer model was the steadiest (val_loss 0.1895 to 0.1908 over four seeds). One
#   run per depth, as in the chapter, cannot rank neighbouring depths.
# - **A plateau first.** Every model starts by learning the mean image (validation loss 0.2625, the
#   "mean image" row) and only later learns to use its code. The deepest model leaves the plateau in
#   its second epoch; the shallower ones stay on it much longer, and how long depends on the seed: in
#   our runs the 784-10-2 model left it after 54, 19 and 36 epochs, and with a fourth seed not within
#   100 epochs (its codes then collapse like those of the 784-2 model below). Quick mode is far too
#   short to leave it.
# - **The 784-2 model never leaves it.** Its validation loss ends exactly at the mean image's and
#   every reconstruction in figure 7.7.d is the same blurred average digit.
#
# **What figure 7.11 really shows.** The chapter blames the single layer: two neurons "cannot" map the
# digits apart. But the PCA row shows that a plain linear 2-d projection separates them far better
# than chance (5-NN about 0.43), and $\tanh(x W + b)$ with small weights is nearly that projection.
# What happens instead is **saturation**: at the start the quickest way to lower the loss is to darken
# every pixel, and a code unit that is about the same for every image (as it is at the start) works as
# a second bias. Training drives its pre-activation $x W + b$ to large values for *all* images (about
# $\pm 6$ after one epoch), the tanh saturates at $\pm 1$, its slope $1 - \tanh^2$ becomes tiny, and
# the encoder stops learning. All 10,000 codes end within about $10^{-4}$ of one corner (the "z std"
# column), the decoder can only output the mean image, and the scatter plot of such codes is drawn by
# matplotlib with an offset on each axis ("1e-5 + 9.999e-1"): the chapter's remark that the axes of
# figure 7.11 "change scale slightly differently" fits this collapse. The same network in PyTorch
# collapses in the same way, so this is the model and optimiser, not tinyae. The moral stands (do not
# squeeze 784 numbers into 2 with one layer), but the reason is optimisation, not capacity.


# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 06` prints at the end (and `lessons.run("06")` returns), one entry
# per depth in each list, deepest first.

# %%
results = {
    "epochs": epochs,
    "encoders": [run["encoder"] for run in runs],
    "loss": [run["loss"] for run in runs],
    "val_loss": [run["val_loss"] for run in runs],
    "first_val_loss": [run["first_val_loss"] for run in runs],
    "leaves_plateau": [leaves_plateau(run["val_losses"], mean_loss) for run in runs],
    "book_notebook_val_loss": [BOOK_NOTEBOOK[run["encoder"]]["val_loss"] for run in runs],   # quoted
    "knn_accuracy": [run["knn_accuracy"] for run in runs],
    "code_std": [run["code_std"] for run in runs],
    "mean_image_val_loss": mean_loss,
    "pca_knn_accuracy": pca_accuracy,
    "chance_accuracy": chance,
    "figures": [figure for run in runs for figure in run["figures"]] + [str(out / "reconstructions.png")],
}
results
