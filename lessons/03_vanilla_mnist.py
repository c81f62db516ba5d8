# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The vanilla MNIST autoencoder (使用自编码器重构 MNIST 图像)
#
# **Source:** `002_7785c493a83a93d4.txt`, 第十章：使用自编码器重建输入, section
# **使用自编码器重构 MNIST 图像** (with 准备数据集, 定义编码器, 定义解码器, 构建模型, 重构图像 and
# 绘制重构图像). The chapter writes it in Keras; here it is the same network, line by line, on tinyae.
#
# Run it: `python -m lessons 03` (50 epochs, as in the chapter) or `python -m lessons 03 --quick`
# (the same code on 12,000 training and 1,000 test images for 25 epochs: a few seconds); in
# Jupyter, run the cells one by one (`QUICK = True` in the first cell, or `TINYAE_QUICK=1`).
#
# An autoencoder has two halves. The **encoder** $f_\theta$ maps an input $x$ to a code (the
# bottleneck) $h$, the **decoder** $g_\phi$ maps the code back to a reconstruction $x'$:
#
# $$h = f_\theta(x), \qquad x' = g_\phi(h) = g_\phi(f_\theta(x)).$$
#
# Training looks for the $\theta, \phi$ that make $x'$ close to $x$. The chapter writes the
# reconstruction loss as the mean squared error over the $N$ training examples,
#
# $$L(\theta, \phi) = \frac{1}{N} \sum_{i=1}^{N} \lVert x_i - g_\phi(f_\theta(x_i)) \rVert^2,$$
#
# but its code for this example uses binary cross-entropy, which suits pixels in $[0, 1]$.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/03_vanilla_mnist")   # figures and files

# %%
import tinyae as ta
from tinyae import datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## 准备数据集 (preparing the data set)
#
# We only need the images: an autoencoder's target is its own input, so the labels are dropped.
# `datasets.load_mnist(normalize=None)` returns the raw uint8 pixels like Keras's
# `mnist.load_data()`; dividing by the largest pixel value 255 puts them in $[0, 1]$, and each
# 28 x 28 image becomes a row of 784 numbers.
#
# (The chapter prints `((60000, 28, 28), (10000, 28, 28))`: that is Python 2's `print` of a
# tuple. Python 3 prints the two shapes without the outer brackets.)

# %%
(x_train, _), (x_test, _) = datasets.load_mnist(normalize=None)
if QUICK:                                     # the same code on a subset
    x_train, x_test = x_train[:12000], x_test[:1000]
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
print(x_train.shape, x_test.shape)

x_train = x_train.reshape((len(x_train), -1))
x_test = x_test.reshape((len(x_test), -1))
print(x_train.shape, x_test.shape)

# %% [markdown]
# ## 定义编码器 / 定义解码器 / 构建模型 (encoder, decoder, model)
#
# The encoder is one Dense layer from 784 pixels to `encoding_dim = 32` units with a ReLU, the
# decoder one Dense layer back to 784 units with a sigmoid, so that every output pixel lies in
# $(0, 1)$:
#
# $$h = \mathrm{ReLU}(x W_1 + b_1), \qquad x' = \sigma(h W_2 + b_2), \qquad
#   W_1 \in \mathbb{R}^{784 \times 32},\ W_2 \in \mathbb{R}^{32 \times 784}.$$
#
# Keras's `Dense` starts $W$ with Glorot-uniform values and $b$ at zero; so does `nn.Dense`.
# The encoder has $784 \cdot 32 + 32 = 25{,}120$ parameters, the decoder
# $32 \cdot 784 + 784 = 25{,}872$: 50,992 in all, as the chapter's `model.summary()` prints.

# %%
encoding_dim = 32
autoencoder = nn.Sequential(
    nn.Dense(784, encoding_dim, activation="relu"),     # encoder
    nn.Dense(encoding_dim, 784, activation="sigmoid"),  # decoder
)
model = ta.Model(autoencoder, input_shape=(784,))
model.summary()

# %% [markdown]
# ## Compiling: binary cross-entropy and Adadelta
#
# `model.compile(optimizer='adadelta', loss='binary_crossentropy')`. Keras's binary
# cross-entropy is the mean over the batch and the 784 pixels,
#
# $$L = -\frac{1}{784\,N} \sum_{i=1}^{N} \sum_{k=1}^{784}
#       \big[ x_{ik} \ln x'_{ik} + (1 - x_{ik}) \ln (1 - x'_{ik}) \big].$$
#
# Adadelta keeps running averages of the squared gradients and of the squared updates and steps
# by their ratio ($\rho = 0.95$, $\epsilon = 10^{-7}$, learning rate 1.0):
#
# $$E[g^2] \leftarrow \rho E[g^2] + (1 - \rho) g^2, \quad
#   \Delta = \frac{\sqrt{E[\Delta^2] + \epsilon}}{\sqrt{E[g^2] + \epsilon}}\, g, \quad
#   E[\Delta^2] \leftarrow \rho E[\Delta^2] + (1 - \rho) \Delta^2, \quad
#   \theta \leftarrow \theta - \Delta.$$
#
# **A trap in the chapter's code:** the string `'adadelta'` meant these Keras 2 defaults when the
# chapter was written (TensorFlow 1, as its `tf.logging` line shows). In TensorFlow 2's tf.keras
# the same string gives a learning rate of 0.001, a thousand times smaller, and 50 epochs would
# leave the network far from trained. So we name the optimizer and its flavour explicitly:
# `optim.Adadelta.keras` (tinyae's `compile("adadelta", ...)` means the same thing).
# The update above is `adadelta_keras` in `tinyae/plain/optimizers.py` (the four lines of `adadelta`
# with Keras's defaults), and the loss `binary_crossentropy_after_sigmoid` in `tinyae/plain/losses.py`.
# tinyae trains with the fast versions in `tinyae/optim/` and `tinyae/losses/`: the same numbers.


# %%
model.compile(optimizer=optim.Adadelta.keras(model.parameters()), loss=losses.binary_crossentropy)

# %% [markdown]
# ## Training
#
# An autoencoder's target is its input: `model.fit(x_train, x_train, ...)`, 50 epochs of
# batches of 256 shuffled images, with the test images as validation data. Each epoch prints
# Keras's line: the training loss (the mean over the epoch's batches, weighted by batch size) and
# the validation loss after the epoch.


# %%
history = model.fit(x_train, x_train, epochs=25 if QUICK else 50, batch_size=256, shuffle=True,
                    validation_data=(x_test, x_test))

# %% [markdown]
# ## How good is good? A baseline
#
# A loss number means little on its own. The laziest "autoencoder" ignores its input and outputs
# the average training image $\bar x$ for every digit. Its loss on the test set is the bar that a
# network with a 32-number code must clear by a wide margin.


# %%
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
baseline = losses.binary_crossentropy(ta.tensor(mean_image), ta.tensor(x_test)).item()
val_loss = history.history["val_loss"]
print(f"test loss: autoencoder {val_loss[-1]:.4f}, mean image {baseline:.4f}")

# %% [markdown]
# ## Beside the companion repository's run
#
# The chapter prints no losses for this example, but 002 names its companion repository
# (PacktPublishing/Hands-On-Deep-Learning-Algorithms-with-Python, `Chapter10`), whose notebook
# `10.03 Reconstructing MNIST images using Autoencoder.ipynb` trains **this exact model** (the same
# code, TensorFlow 1's Keras) and keeps its 50-epoch log under cell [32] (counting all its cells from 0).
# Some of its lines are **quoted** below, not computed here, beside ours. Its log also settles the
# optimizer trap above: a loss of 0.36 after one epoch and 0.10 after fifty is Adadelta with
# learning rate 1.0.


# %%
COMPANION_LOG = {   # quoted from 10.03 ... Autoencoder.ipynb, cell [32]: epoch -> (loss, val_loss)
    1: (0.3566, 0.2724), 2: (0.2668, 0.2580), 3: (0.2468, 0.2327), 5: (0.2078, 0.2001),
    10: (0.1704, 0.1666), 20: (0.1367, 0.1341), 30: (0.1179, 0.1156), 40: (0.1082, 0.1062),
    50: (0.1033, 0.1015),
}
print("epoch | companion repo (quoted) loss / val_loss | tinyae loss / val_loss")
for epoch, (quoted_loss, quoted_val_loss) in COMPANION_LOG.items():
    if epoch <= len(val_loss):
        print(f"{epoch:5d} | {quoted_loss:.4f} / {quoted_val_loss:.4f}{'':<22}| "
              f"{history.history['loss'][epoch - 1]:.4f} / {val_loss[epoch - 1]:.4f}")


# %% [markdown]
# ## 重构图像 / 绘制重构图像 (reconstructing and plotting)
#
# `model.predict(x_test)` gives the reconstructions. We draw the first 7 test digits over their
# reconstructions in one figure. (The chapter's plotting code puts the originals in one figure
# and the reconstructions in the bottom row of a second, two-row figure whose top row stays
# empty, and `plt.imshow` stretches each image to its own contrast; here both rows share one
# figure and one grey scale, black = 0, white = 1.)


# %%
n = 7
reconstructed_images = model.predict(x_test)
fig = plot.image_grid([x_test[:n], reconstructed_images[:n]], row_titles=["original", "reconstructed"],
                      figsize=(14, 4.4), path=out / "reconstructions.png")

# %% [markdown]
# The loss per epoch, training and validation:

# %%
fig = plot.loss_curves(history, title="Binary cross-entropy per epoch", path=out / "loss.png")

# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 03` prints at the end (and `lessons.run("03")` returns).

# %%
results = {
    "epochs": len(val_loss),
    "loss": history.history["loss"][-1],
    "val_loss": val_loss[-1],
    "first_val_loss": val_loss[0],
    "mean_image_val_loss": baseline,
    "companion_val_loss": COMPANION_LOG[50][1],   # quoted, epoch 50
    "total_params": sum(p.size for p in model.parameters()),
    "figures": [str(out / "reconstructions.png"), str(out / "loss.png")],
}
results
