# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # Normalised to [-1, 1]: a ReLU autoencoder with a Tanh output (自动编码器)
#
# **Source:** `003_64f298b3fff70d7b.txt`, the notebook **自动编码器** (its code follows
# L1aoXingyu/pytorch-beginner), with its theory section **不完全自编码器** and the closing **总结**.
# The notebook writes it in PyTorch; here it is the same network and loop, line by line, on tinyae.
#
# Run it: `python -m lessons 05` (100 epochs over the 60,000 training images, as in the notebook)
# or `python -m lessons 05 --quick` (the same code on 6,000 images for 11 epochs: seconds); in
# Jupyter, run the cells one by one (`QUICK = True` in the first cell, or `TINYAE_QUICK=1`).
#
# An autoencoder is trained to output $\hat x$, a reconstruction of its own input $x$, by
# minimising a reconstruction error $\mathcal{L}(x, \hat x)$. What makes it learn something is a
# **bottleneck**: the information has to pass through a layer much narrower than the input.
# Without one the network could simply pass the pixels through and memorise them. With one it
# has to find the structure of the data, the correlations between pixels; if the 784 pixels were
# independent of each other, no compression would be possible.
#
# The notebook asks a good autoencoder to be sensitive enough to the input to rebuild it
# accurately, yet insensitive enough not to memorise or overfit the training data. Most
# autoencoders strike this balance with a loss of two parts, a reconstruction term and a
# regulariser scaled by a penalty coefficient:
#
# $$\mathcal{L}(x, \hat x) + \text{regularizer}.$$
#
# (With linear layers and no activations, the network would find the same subspace as PCA:
# lesson 02.)

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/05_normalised_minus_one_to_one")   # figures and files

# %%
import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## Data normalised to [-1, 1]
#
# `transforms.ToTensor()` scales the pixels to $[0, 1]$; `transforms.Normalize([0.5], [0.5])`
# then subtracts the mean 0.5 and divides by the standard deviation 0.5:
#
# $$x = \frac{\text{pixel}/255 - 0.5}{0.5} \in [-1, 1].$$
#
# Black is now $-1$ and white $+1$. `datasets.load_mnist(normalize="-11", flatten=True)` gives the
# same numbers as rows of 784 (the loop's `img.view(img.size(0), -1)`). The notebook trains on the
# 60,000 training images (`MNIST('./data')` is the training set) and never looks at the test set;
# we keep the test images only for the checks at the end.
#
# `to_img` undoes the normalisation for saving pictures: $\frac{1}{2}(x + 1)$ maps $[-1, 1]$ back to
# $[0, 1]$, clipped, as a batch of 1 x 28 x 28 images.

# %%
num_epochs = 100
batch_size = 128
learning_rate = 1e-3

(x_train, _), (x_test, _) = datasets.load_mnist(normalize="-11", flatten=True)
if QUICK:                                     # the same code on a subset
    x_train, x_test = x_train[:6000], x_test[:1000]
print(x_train.shape, float(x_train.min()), float(x_train.max()))


def to_img(x):
    xp = backend.array_module(x)
    x = 0.5 * (x + 1)
    x = xp.clip(x, 0, 1)
    x = x.reshape(len(x), 1, 28, 28)
    return x

# %% [markdown]
# ## The network (class autoencoder)
#
# Encoder 784 → 128 → 64 → 12 → 3 with a ReLU, $\max(0, z)$, after each of the first three layers
# and **none** on the 3-number code (the encoder ends with `nn.Linear(12, 3)`). The decoder mirrors
# it, 3 → 12 → 64 → 128 → 784, with ReLUs between the layers and a $\tanh$ at the end, because the
# pixels it has to rebuild now lie in $[-1, 1]$, the range of $\tanh$ (a sigmoid could never output
# the black $-1$):
#
# $$h = W_4^\top r(W_3^\top r(W_2^\top r(W_1^\top x + b_1) + b_2) + b_3) + b_4, \qquad
#   \hat x = \tanh\big(V_4^\top r(V_3^\top r(V_2^\top r(V_1^\top h + c_1) + c_2) + c_3) + c_4\big),$$
#
# with $r(z) = \max(0, z)$. `nn.Dense(..., init="torch")` starts like PyTorch's `nn.Linear`:
# weights and biases uniform in $\pm 1/\sqrt{n_\text{in}}$. (`nn.ReLU(True)` in the notebook
# overwrites its input in place to save memory; it computes the same thing as `nn.ReLU()`.)


# %%
def linear(n_in, n_out):
    return nn.Dense(n_in, n_out, init="torch")       # PyTorch's nn.Linear


class Autoencoder(nn.Module):
    def __init__(self):
        self.encoder = nn.Sequential(
            linear(28 * 28, 128),
            nn.ReLU(),
            linear(128, 64),
            nn.ReLU(), linear(64, 12), nn.ReLU(), linear(12, 3))
        self.decoder = nn.Sequential(
            linear(3, 12),
            nn.ReLU(),
            linear(12, 64),
            nn.ReLU(),
            linear(64, 128),
            nn.ReLU(), linear(128, 28 * 28), nn.Tanh())

    def forward(self, x):
        x = self.encoder(x)
        x = self.decoder(x)
        return x


model = Autoencoder()
print(model)

# %% [markdown]
# ## Loss and optimizer: MSE, and Adam with weight decay
#
# `nn.MSELoss()` is the mean over the batch of $B$ images and their 784 pixels,
# $L = \frac{1}{784 B} \sum_{i,k} (\hat x_{ik} - x_{ik})^2$. Measured in $[-1, 1]$ units it is four
# times what the same error would be in $[0, 1]$ units, because every difference is twice as large.
#
# `torch.optim.Adam(lr=1e-3, weight_decay=1e-5)` is Adam with PyTorch's **L2** form of weight decay:
# before the Adam update, $\lambda\theta$ is added to each gradient (biases included),
#
# $$g \leftarrow \nabla_\theta L + \lambda \theta, \qquad \lambda = 10^{-5},$$
#
# the gradient of $L + \frac{\lambda}{2} \lVert \theta \rVert^2$. (AdamW, by contrast, shrinks the
# weights outside the Adam step.) Then, with $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
#   \theta \leftarrow \theta - \text{lr}\,\frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}.$$


# %%
criterion = losses.mse
optimizer = optim.Adam(model.parameters(), lr=learning_rate, weight_decay=1e-5)

# %% [markdown]
# ## Training
#
# The notebook's loop: forward, loss, `zero_grad`, `backward`, `step` for every batch of 128
# shuffled images; after each epoch one line `epoch [1/100], loss:0.1912`; after epochs 0, 10,
# 20, ... (counted from 0) the batch it has just reconstructed saved as a picture with
# `save_image(to_img(output), './mlp_img/image_{epoch}.png')`, here `plot.save_image_grid`
# (8 images a row, 2 pixels of padding, like torchvision's).
#
# **A trap in the chapter's code:** the printed number is not the epoch's loss. `loss` still holds
# the value from the **last batch** of the epoch when the `print` runs, and that batch is the 96
# images left over after 468 full batches ($60{,}000 = 468 \cdot 128 + 96$). One small batch is a
# noisy sample: that is why the notebook's printed losses go up and down (0.1613, 0.1641, 0.1461,
# ...) while the network keeps improving. We print exactly what the notebook prints, and also
# keep the mean loss over each epoch's batches (weighted by batch size, as Keras reports it) for
# the loss curve.
#
# Two smaller quirks of the pictures: they show that same last batch, so each picture holds 96
# different random digits and no originals to compare with; and since `epoch` counts from 0
# while the print counts from 1, `image_0.png` comes after the first epoch, `image_90.png` after the
# 91st, and the finished network is never drawn. We keep the notebook's pictures and names, and
# draw fixed test digits with their reconstructions at the end.


# %%
epochs = 11 if QUICK else num_epochs
first_step_loss, printed, epoch_means, pictures = None, [], [], []

for epoch in range(epochs):
    total, seen = 0.0, 0
    for data in datasets.batches(x_train, batch_size=batch_size, shuffle=True):
        img = ta.tensor(data)
        # ===================forward=====================
        output = model(img)
        loss = criterion(output, img)
        # ===================backward====================
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total, seen = total + loss.item() * len(data), seen + len(data)
        if first_step_loss is None:
            first_step_loss = loss.item()
    # ===================log========================
    print("epoch [{}/{}], loss:{:.4f}".format(epoch + 1, epochs, loss.item()))
    printed.append(loss.item())
    epoch_means.append(total / seen)
    if epoch % 10 == 0:
        pic = to_img(output.data)
        pictures.append(out / "mlp_img" / "image_{}.png".format(epoch))
        plot.save_image_grid(pic, pictures[-1])

# %% [markdown]
# ## Saving the weights
#
# The notebook ends with `torch.save(model.state_dict(), './data/sim_autoencoder.pth')`. tinyae
# writes an `.npz` file instead of PyTorch's `.pth`: NumPy's zip of named arrays, one per parameter
# (`encoder.0.W`, ...), written to a temporary file and renamed so that a crash never leaves half a
# file. Reading it never unpickles anything, unlike a `.pth`, so a weights file cannot run code.
# Note that tinyae's `W` has shape (in, out), the transpose of PyTorch's `weight`.
#
# To check the file, we load it into a fresh, untrained network and compare its reconstructions
# with the trained network's.


# %%
weights = ta.save_weights(model, out / "sim_autoencoder.npz")
fresh = Autoencoder()
ta.load_weights(fresh, weights)
with ta.no_grad():
    x = ta.tensor(x_test[:100])
    reload_difference = float(backend.xp.abs(fresh(x).data - model(x).data).max())
print(f"saved {weights.name}; a fresh network loaded from it differs from the trained one by at most "
      f"{reload_difference:.1g}")

# %% [markdown]
# ## How good is good? A baseline, and pictures of fixed digits
#
# The laziest "autoencoder" outputs the average training image $\bar x$ for every digit. On the
# $[-1, 1]$ scale its mean squared error on the test images is the bar to clear. Then the first 8
# test digits over their reconstructions, both mapped back with $\frac{1}{2}(x + 1)$.


# %%
with ta.no_grad():
    test_loss = losses.mse(model(ta.tensor(x_test)), ta.tensor(x_test)).item()
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
baseline = losses.mse(ta.tensor(mean_image), ta.tensor(x_test)).item()
print(f"test MSE: autoencoder {test_loss:.4f}, mean image {baseline:.4f}")

# %%
n = 8
with ta.no_grad():
    reconstructed = model(ta.tensor(x_test[:n])).data
fig = plot.image_grid([to_img(x_test[:n]), to_img(reconstructed)], row_titles=["original", "reconstructed"],
                      path=out / "reconstructions.png")

# %% [markdown]
# The mean loss of each epoch (over its batches, weighted by batch size), the curve the printed
# last-batch losses hide:

# %%
fig = plot.loss_curves(epoch_means, title="MSE per epoch (mean over the epoch's batches)", path=out / "loss.png")

# %% [markdown]
# ## 不完全自编码器 (the undercomplete autoencoder)
#
# This network is an **undercomplete** autoencoder: the simplest way to build the bottleneck is to
# give a hidden layer few nodes, here 3. It has no explicit regulariser; it is trained on the
# reconstruction loss alone, and the narrow code is the only thing that stops it from copying.
# Penalised for bad reconstructions, it learns the most important attributes of the data and how
# to rebuild the input from them.
#
# Because its layers are nonlinear, it is a more powerful, **nonlinear generalisation of PCA**:
# PCA looks for a low-dimensional hyperplane that describes the data, while an autoencoder can
# learn a curved **manifold** (a continuous surface) through it, and decode a point of that
# manifold back to the input space.
#
# A caution from the notebook: a deep autoencoder's capacity matters too. Even with a
# bottleneck of a single node, an encoder and decoder powerful enough could learn an arbitrary
# mapping of each training example to an index and back, memorising instead of generalising.
#
# The notebook's other theory sections belong to later lessons: the **sparse** autoencoder (an L1
# penalty $\lambda \sum_i |a_i^{(h)}|$ or a KL penalty $\sum_j KL(\rho \Vert \hat\rho_j)$ on the
# activations, with its curve for $\rho = 0.2$), the **denoising** autoencoder (corrupt the input,
# keep the clean target) and the **contractive** autoencoder (penalise
# $\lVert \nabla_x a^{(h)}(x) \rVert_F^2$).
#
# ## 总结 (summary): what undercomplete autoencoders are for
#
# The notebook lists dimensionality reduction (what this network does: 784 numbers to 3, and
# nonlinearly, unlike PCA), denoising (a later lesson), and **anomaly detection**: an autoencoder
# trained on one kind of data rebuilds images of that kind well and others badly, so a
# reconstruction error above a chosen threshold flags an anomaly. The notebook describes that idea
# in words only, with no code or numbers, so this lesson leaves it at this pointer.


# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 05` prints at the end (and `lessons.run("05")` returns).

# %%
results = {
    "epochs": len(printed),
    "first_step_loss": first_step_loss,
    "first_printed_loss": printed[0],
    "last_printed_loss": printed[-1],
    "last_epoch_mean_loss": epoch_means[-1],
    "test_loss": test_loss,
    "mean_image_test_loss": baseline,
    "reload_max_abs_difference": reload_difference,
    "weights": str(weights),
    "figures": [str(p) for p in pictures] + [str(out / "reconstructions.png"), str(out / "loss.png")],
}
results
