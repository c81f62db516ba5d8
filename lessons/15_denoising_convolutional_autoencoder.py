# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Denoising with the convolutional autoencoder (使用 DAE 进行图像去噪)
#
# **Source:** `002_7785c493a83a93d4.txt`, 第十章, sections **探索去噪自编码器** and **使用 DAE 进行图像去噪**.
# The chapter writes it in Keras and shows only the lines that differ from the convolutional
# autoencoder of lesson 14; its companion notebook (PacktPublishing,
# Hands-On-Deep-Learning-Algorithms-with-Python, `Chapter10`, notebook 10.07) has the whole code and
# a training log, which `lessons/RESULTS.md` sets beside our run.
#
# Run it: `python -m lessons 15` (the chapter's settings: 50 epochs of batch 128 on all 60,000
# images, then two more models for the noise-level curve: 150 epochs, about 17 s each on a quiet
# 2-core machine and minutes each on a busy one (the full run: 46 minutes of CPU time, 69 minutes of
# wall time beside other jobs); lower `EPOCHS` in the parameters cell, or use `--backend cupy`) or
# `python -m lessons 15 --quick` (the same code on 6,400 training and 500 test images, 2 epochs: too
# short to get far past the mean image at noise level 1).
#
# **探索去噪自编码器.** A denoising autoencoder (DAE) is fed a corrupted image $\tilde x$ and trained to
# output the *clean* image $x$. Copying its input is then no longer the answer: to undo the noise it
# must learn what digits look like. In the chapter's notation (its equations are images in the seed
# file; this is what they say): corrupt the input, encode it, decode the code,
#
# $$\tilde x = x + \text{noise}, \qquad z = f_\theta(\tilde x), \qquad x' = g_\phi(z),$$
#
# and compare $x'$ with the clean $x$, here with the binary cross-entropy of lesson 14:
# $L = -\frac{1}{784 N}\sum_n \sum_{i,j} [x \ln x' + (1 - x)\ln(1 - x')]$.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/15_denoising_convolutional_autoencoder")   # figures and files
EPOCHS = 50                         # the chapter's, for every model; lower it to fit your machine
NOISE_LEVELS = (0.25, 0.5, 1.0)     # the noise-level curve; 1.0 is the chapter's noise_factor

# %%
import tinyae as ta
from tinyae import datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)
if QUICK:                                     # the same code, fewer epochs
    EPOCHS = 2

# %% [markdown]
# ## The data (as in lesson 14)
#
# Pixels in $[0, 1]$, one channel of 28 x 28 per image, channels first (NCHW; Keras: NHWC).

# %%
(x_train, _), (x_test, _) = datasets.load_mnist(normalize=None)
if QUICK:                                     # the same code on a subset
    x_train, x_test = x_train[:6400], x_test[:500]
x_train = x_train.astype("float32").reshape((len(x_train), 1, 28, 28)) / 255.
x_test = x_test.astype("float32").reshape((len(x_test), 1, 28, 28)) / 255.
print(x_train.shape, x_test.shape)

# %% [markdown]
# ## 设置噪声因子 / 向训练和测试图像添加噪声 / 裁剪 (the noise)
#
# `noise_factor = 1`, then `x + noise_factor * np.random.normal(0, 1, size)` and `np.clip(..., 0., 1.)`
# on the training and the test images:
#
# $$\tilde x = \operatorname{clip}(x + \lambda \varepsilon,\ 0,\ 1), \qquad \varepsilon \sim N(0, 1)
#   \text{ per pixel}, \quad \lambda = 1.$$
#
# This is heavy noise. A standard deviation of 1 on pixels that range from 0 to 1: on the black
# background (82 % of the test pixels are below 0.1) half of the draws are negative and clip back to
# 0, the other half turn the pixel grey, and one draw in six ($\varepsilon > 1$, probability 0.16)
# turns it white; a white stroke pixel turns black just as often. Over all test pixels, about 45 %
# end at exactly 0 and 20 % at exactly 1 (printed below). The chapter draws its noise unseeded with
# NumPy; here it comes from tinyae's seeded generator (`ta.randn_like`, `ta.clip`), so every run sees the
# same noise. The draws $\varepsilon$ are kept: the noise-level curve below scales the same draws.

# %%
noise_factor = 1
eps_train, eps_test = ta.randn_like(x_train), ta.randn_like(x_test)
x_train_noisy = ta.clip(ta.tensor(x_train) + noise_factor * eps_train, 0., 1.).numpy()
x_test_noisy = ta.clip(ta.tensor(x_test) + noise_factor * eps_test, 0., 1.).numpy()
print(x_train_noisy.shape, x_test_noisy.shape)
print(f"test pixels: {(x_test < 0.1).mean():.1%} background; noisy: {(x_test_noisy == 1).mean():.1%} "
      f"pushed to 1, {(x_test_noisy == 0).mean():.1%} clipped at 0")
fig = plot.image_grid([x_test[:7], x_test_noisy[:7]], row_titles=["clean", "noisy"], figsize=(14, 4.4),
                      path=out / "noisy_inputs.png")

# %% [markdown]
# ## The model: the convolutional autoencoder of lesson 14
#
# "DAE 的代码与 CAE 完全相同": the same 4,385-parameter convolutional autoencoder (with the fix of lesson
# 14: the model ends at `decoded`; the companion notebook 10.07 already writes
# `Model(input_image, decoded)`). It is built by a function because the noise-level curve trains it
# again, from scratch, for each level.

# %%
def conv_autoencoder():
    """002's convolutional autoencoder (lesson 14): code 8 x 4 x 4, 4,385 parameters, NCHW."""
    return nn.Sequential(
        nn.Conv2D(1, 16, (3, 3), activation="relu", padding="same"), nn.MaxPool2D((2, 2), padding="same"),
        nn.Conv2D(16, 8, (3, 3), activation="relu", padding="same"), nn.MaxPool2D((2, 2), padding="same"),
        nn.Conv2D(8, 8, (3, 3), activation="relu", padding="same"), nn.MaxPool2D((2, 2), padding="same"),
        nn.Conv2D(8, 8, (3, 3), activation="relu", padding="same"), nn.UpSampling2D((2, 2)),
        nn.Conv2D(8, 8, (3, 3), activation="relu", padding="same"), nn.UpSampling2D((2, 2)),
        nn.Conv2D(8, 16, (3, 3), activation="relu"), nn.UpSampling2D((2, 2)),
        nn.Conv2D(16, 1, (3, 3), activation="sigmoid", padding="same"),
    )


model = ta.Model(conv_autoencoder(), input_shape=(1, 28, 28))
model.summary()

# %% [markdown]
# ## 训练 (training): noisy in, clean out
#
# Keras 2's Adadelta (`optim.Adadelta.keras`: learning rate 1.0, $\rho = 0.95$) and the binary
# cross-entropy, then `model.fit(x_train_noisy, x_train, epochs=50, batch_size=128, shuffle=True,
# validation_data=(x_test_noisy, x_test))`: the input is the noisy image, the target the clean one.

# %%
model.compile(optimizer=optim.Adadelta.keras(model.parameters()), loss="binary_crossentropy")
history = model.fit(x_train_noisy, x_train, epochs=EPOCHS, batch_size=128, shuffle=True,
                    validation_data=(x_test_noisy, x_test))

# %% [markdown]
# ## 重建图像 (denoising the test images)
#
# `model.predict(x_test_noisy)`: the first 7 noisy test digits, what the network makes of them, and
# the clean digits they came from (which the chapter does not draw).

# %%
n = 7
reconstructed_images = model.predict(x_test_noisy)
fig = plot.image_grid([x_test_noisy[:n], reconstructed_images[:n], x_test[:n]],
                      row_titles=["noisy input", "denoised", "clean"], figsize=(14, 6.2),
                      path=out / "denoised.png")

# %% [markdown]
# ## How much noise did it remove?
#
# The binary cross-entropy of the noisy input itself against the clean image is infinite (clipping
# puts exact 0s and 1s where the clean pixel is the opposite), so we measure both with the mean
# squared error per pixel against the clean test images: the noisy input, the denoised output, and
# the mean training image (the output of a network that ignores its input).

# %%
def mse_to_clean(images):
    return losses.mse(ta.tensor(images), ta.tensor(x_test)).item()


mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
noisy_mse, denoised_mse, mean_image_mse = (mse_to_clean(x_test_noisy), mse_to_clean(reconstructed_images),
                                           mse_to_clean(mean_image))
mean_image_bce = losses.binary_crossentropy(ta.tensor(mean_image), ta.tensor(x_test)).item()
print(f"MSE against the clean test images: noisy input {noisy_mse:.4f}, denoised {denoised_mse:.4f}, "
      f"mean image {mean_image_mse:.4f}")
print(f"test BCE: denoised {history.history['val_loss'][-1]:.4f}, mean image {mean_image_bce:.4f}")

# %% [markdown]
# ## What the noise level does (0.25, 0.5, 1.0)
#
# The chapter uses one level, $\lambda = 1$. How does the result depend on it? We train the same
# model from scratch for $\lambda = 0.25$ and $0.5$ with the same settings and the *same* draws
# $\varepsilon$ scaled by $\lambda$ (so the levels differ only in their size), and reuse the model
# above for $\lambda = 1$. For each level: the MSE of the noisy input and of the denoised output
# against the clean test images.

# %%
curve = {}
examples = []
for level in NOISE_LEVELS:
    train_noisy = ta.clip(ta.tensor(x_train) + level * eps_train, 0., 1.).numpy()
    test_noisy = ta.clip(ta.tensor(x_test) + level * eps_test, 0., 1.).numpy()
    if level == noise_factor:
        level_model = model                           # trained above
    else:
        print(f"noise level {level}:")
        level_model = ta.Model(conv_autoencoder(), input_shape=(1, 28, 28))
        level_model.compile(optimizer=optim.Adadelta.keras(level_model.parameters()), loss="binary_crossentropy")
        level_model.fit(train_noisy, x_train, epochs=EPOCHS, batch_size=128, shuffle=True,
                        validation_data=(test_noisy, x_test), verbose=2)
    denoised = level_model.predict(test_noisy)
    curve[level] = {"noisy": mse_to_clean(test_noisy), "denoised": mse_to_clean(denoised),
                    "bce": level_model.evaluate(test_noisy, x_test, batch_size=500)}
    examples += [test_noisy[:n], denoised[:n]]
    print(f"noise level {level}: MSE noisy input {curve[level]['noisy']:.4f}, denoised "
          f"{curve[level]['denoised']:.4f}, test BCE {curve[level]['bce']:.4f}")

# %%
fig = plot.image_grid(examples, row_titles=[f"{kind} {level}" for level in NOISE_LEVELS
                                            for kind in ("noisy", "denoised")],
                      figsize=(14, 2.1 * len(examples)), path=out / "noise_levels.png")

# %%
fig = plot.new_figure(figsize=(6, 4))
ax = fig.add_subplot(1, 1, 1)
levels = list(NOISE_LEVELS)
ax.plot(levels, [curve[v]["noisy"] for v in levels], "o-", label="noisy input")
ax.plot(levels, [curve[v]["denoised"] for v in levels], "o-", label="denoised output")
ax.axhline(mean_image_mse, color="grey", linestyle="--", label="mean training image")
ax.set_xlabel("noise level $\\lambda$ (std of the added noise)")
ax.set_ylabel("MSE against the clean test images")
ax.set_title(f"Denoising conv AE, {EPOCHS} epochs per level")
ax.legend()
fig = plot.finish(fig, out / "noise_curve.png")

# %% [markdown]
# ## What a run shows
#
# `lessons/RESULTS.md` records the full run (50 epochs per model; 36 minutes of CPU time). At the
# chapter's level the denoised test images are 6.8 times closer to the clean ones than the noisy
# inputs (MSE 0.0371 against 0.2525; the mean image: 0.0675): blurred digits, with a stroke broken or
# added where the noise hid it. By level (0.25, 0.5, 1.0) the error left is 0.0148, 0.0191,
# 0.0371 against 0.0328, 0.1156, 0.2525 for the noisy inputs: it grows with the noise, far less
# steeply. At 0.25 the model removes more than half of the error; after only 2 epochs (a run with
# `EPOCHS = 2`) it barely beat the noisy input itself (0.0319 against 0.0328): with little noise,
# copying the input is nearly right, and a half-trained 128-number bottleneck costs about as much
# as the noise it removes.

# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 15` prints at the end (and `lessons.run("15")` returns).

# %%
results = {
    "epochs": len(history.history["val_loss"]),
    "noise_factor": noise_factor,
    "total_params": sum(p.size for p in model.parameters()),
    "loss": history.history["loss"][-1],
    "val_loss": history.history["val_loss"][-1],
    "val_losses": history.history["val_loss"],
    "mean_image_val_loss": mean_image_bce,
    "noisy_mse": noisy_mse,
    "denoised_mse": denoised_mse,
    "mean_image_mse": mean_image_mse,
    "noise_levels": [float(v) for v in levels],
    "noisy_mse_by_level": [curve[v]["noisy"] for v in levels],
    "denoised_mse_by_level": [curve[v]["denoised"] for v in levels],
    "val_loss_by_level": [curve[v]["bce"] for v in levels],
    "figures": [str(out / name) for name in ("noisy_inputs.png", "denoised.png", "noise_levels.png",
                                             "noise_curve.png")],
}
results
