# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The 3-feature autoencoder with a live view (简单自编码器实现)
#
# **Source:** `001_87a57b6fafe523e2.txt` (slides; `000_c436e5a38361a603.txt` is a rougher text
# extraction of the same deck), section **简单自编码器实现**. The slides write it in PyTorch; here it
# is the same network and the same training loop, line by line, on tinyae.
#
# Run it: `python -m lessons 04` (10 epochs over the 60,000 training images, as in the slides) or
# `python -m lessons 04 --quick` (the same code on 8,000 training images for 5 epochs: seconds);
# in Jupyter, run the cells one by one (`QUICK = True` in the first cell, or `TINYAE_QUICK=1`).
#
# The slides squeeze each 784-pixel digit through a code of only **three** numbers, so that the
# codes can be drawn as points in 3-D. The encoder $f_\theta$ and the decoder $g_\phi$ are small
# stacks of fully connected layers,
#
# $$h = f_\theta(x) \in \mathbb{R}^3, \qquad x' = g_\phi(h) \in (0, 1)^{784},$$
#
# trained to make the reconstruction $x'$ close to the input $x$ in mean squared error.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/04_three_feature_live_view")   # figures and files

# %%
import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## Hyper-parameters and the data (Mnist digits dataset)
#
# The slides' settings: `EPOCH = 10`, `BATCH_SIZE = 64`, `LR = 0.005`, `N_TEST_IMG = 5`.
#
# `torchvision.datasets.MNIST(..., transform=ToTensor())` hands out each image as floats
# $x = \text{pixel} / 255 \in [0, 1]$; `datasets.load_mnist(normalize="01", flatten=True)` gives the
# same numbers, already flattened to rows of 784 (the loop's `x.view(-1, 28*28)`). The
# `DataLoader(..., batch_size=64, shuffle=True)` becomes `datasets.batches(x_train, batch_size=64)`,
# which visits the images in a fresh random order on every pass.
#
# The slides' `train_data.train_data` and `train_data.train_labels` are the raw uint8 images and
# the labels (today's torchvision calls them `.data` and `.targets`); they print
# `(60000, 28, 28)` and `(60000)`, and the slides draw image number 2 titled with its label.

# %%
EPOCH = 10
BATCH_SIZE = 64
LR = 0.005          # learning rate
N_TEST_IMG = 5

(x_train, y_train), (x_test, y_test) = datasets.load_mnist(normalize="01", flatten=True)
if QUICK:                                     # the same code on a subset
    x_train, y_train, x_test, y_test = x_train[:8000], y_train[:8000], x_test[:2000], y_test[:2000]
print(x_train.reshape(-1, 28, 28).shape)      # (60000, 28, 28)
print(y_train.shape)                          # (60000,)

# %%
fig = plot.image_grid([x_train[2:3]], title="%i" % y_train[2], figsize=(3, 3.3), path=out / "example.png")

# %% [markdown]
# ## The network (class AutoEncoder)
#
# Encoder 784 → 128 → 64 → 12 → 3 with $\tanh$ between the layers and **no** activation on the
# 3-number code ("compress to 3 features which can be visualized in plt"); decoder 3 → 12 → 64 →
# 128 → 784 with $\tanh$ between the layers and a sigmoid at the end, so that every output pixel
# lies in $(0, 1)$ like the input pixels:
#
# $$h = W_4^\top \tanh(W_3^\top \tanh(W_2^\top \tanh(W_1^\top x + b_1) + b_2) + b_3) + b_4,$$
# $$x' = \sigma\big(V_4^\top \tanh(V_3^\top \tanh(V_2^\top \tanh(V_1^\top h + c_1) + c_2) + c_3) + c_4\big).$$
#
# PyTorch's `nn.Linear(n_in, n_out)` starts both its weights and its biases uniform in
# $\pm 1/\sqrt{n_\text{in}}$; `nn.Dense(..., init="torch")` does the same. Like the slides'
# `forward`, ours returns both the code and the reconstruction.


# %%
def linear(n_in, n_out):
    return nn.Dense(n_in, n_out, init="torch")       # PyTorch's nn.Linear


class AutoEncoder(nn.Module):
    def __init__(self):
        self.encoder = nn.Sequential(
            linear(28 * 28, 128),
            nn.Tanh(),
            linear(128, 64),
            nn.Tanh(),
            linear(64, 12),
            nn.Tanh(),
            linear(12, 3),      # compress to 3 features which can be visualized in plt
        )
        self.decoder = nn.Sequential(
            linear(3, 12),
            nn.Tanh(),
            linear(12, 64),
            nn.Tanh(),
            linear(64, 128),
            nn.Tanh(),
            linear(128, 28 * 28),
            nn.Sigmoid(),       # compress to a range (0, 1)
        )

    def forward(self, x):
        encoded = self.encoder(x)
        decoded = self.decoder(encoded)
        return encoded, decoded


autoencoder = AutoEncoder()
print(autoencoder)

# %% [markdown]
# ## Loss and optimizer
#
# `nn.MSELoss()` is the mean over the batch of $B$ images and their 784 pixels,
#
# $$L = \frac{1}{784\,B} \sum_{i=1}^{B} \sum_{k=1}^{784} (x'_{ik} - x_{ik})^2,$$
#
# and `torch.optim.Adam(lr=0.005)` keeps running means of the gradient $g$ and of its square
# ($\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon = 10^{-8}$) and steps each weight by their
# bias-corrected ratio:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
#   \theta \leftarrow \theta - \text{lr}\,\frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon}.$$
#
# `optim.Adam` is PyTorch's Adam with PyTorch's defaults.

# %%
optimizer = optim.Adam(autoencoder.parameters(), lr=LR)
loss_func = losses.mse

# %% [markdown]
# ## Training, with a live view
#
# The loop is the slides' PyTorch loop. Every 100 steps it prints the loss of the current batch,
# in the slides' format `Epoch:  0 | train loss: 0.2317`, and redraws the reconstructions of the
# first 5 training images (`view_data`) under the originals. With a screen the figure updates in
# place without stopping training (the slides' `plt.ion()` ... `plt.pause(0.05)`); without one
# (a server, the tests) each update is saved to `live_reconstructions.png`.
#
# **A trap in the chapter's code:** in `001` the lines from `if step % 100 == 0:` on are printed
# at the indentation of the epoch loop, after the step loop. Run like that, the test would see
# only each epoch's last step, 937 (60,000 / 64 = 938 steps), which is not a multiple of 100:
# nothing would ever be printed or redrawn. The rougher extraction `000` shows the `if` inside the
# step loop, and the slides' output (several lines per epoch) confirms it; so it belongs inside.
#
# Three smaller quirks: the printed number is the loss of **one batch** of 64 images, so it jumps
# up and down (the slides' epoch 9 shows 0.0373, 0.0429, 0.0405); the slides draw the
# reconstructions with `imshow`'s default colour map (viridis, each image stretched to its own
# range) under grey originals, where we draw both rows in grey on the same 0..1 scale; and
# `autoencoder(view_data)` records a graph for a backward pass that never comes, where we wrap it
# in `ta.no_grad()`.
#
# The slides' `view_data` is the first 5 **training** images, scaled by hand
# (`train_data.train_data[:N_TEST_IMG] ... / 255.`): the same numbers `ToTensor` gives, here
# `x_train[:N_TEST_IMG]`.

# %%
view_data = x_train[:N_TEST_IMG]                # original data (first row) for viewing
view = plot.LiveReconstructions(view_data, path=out / "live_reconstructions.png")
printed = []                                    # (epoch, step, loss) of every printed line

for epoch in range(5 if QUICK else EPOCH):
    for step, x in enumerate(datasets.batches(x_train, batch_size=BATCH_SIZE, shuffle=True)):
        b_x = ta.tensor(x)                      # batch x, shape (batch, 28*28)
        b_y = ta.tensor(x)                      # batch y, shape (batch, 28*28)

        encoded, decoded = autoencoder(b_x)
        loss = loss_func(decoded, b_y)          # mean square error
        optimizer.zero_grad()                   # clear gradients for this training step
        loss.backward()                         # backpropagation, compute gradients
        optimizer.step()                        # apply gradients

        if step % 100 == 0:
            print('Epoch: ', epoch, '| train loss: %.4f' % loss.item())
            printed.append((epoch, step, loss.item()))
            with ta.no_grad():                  # plotting decoded image (second row)
                _, decoded_data = autoencoder(ta.tensor(view_data))
            view.update(decoded_data, title=f"epoch {epoch} | step {step} | train loss {loss.item():.4f}")

# %% [markdown]
# ## How good is good? A baseline
#
# The laziest "autoencoder" ignores its input and outputs the average training image $\bar x$
# for every digit. Its mean squared error on the test images is the bar that a 3-number code has
# to clear.
#
# It also explains the slides' second and third printed losses, 0.0671 and 0.0660. On the 60,000
# training images the mean image scores $\frac{1}{784 N}\sum_i \lVert x_i - \bar x \rVert^2 = 0.0673$:
# after a hundred steps the network has learnt the average digit and nothing else, whatever the
# code says (we checked: at step 100 its outputs for 1,000 test images were all the same image,
# within a mean squared difference of 0.001 of $\bar x$). It sits on this plateau for a few
# hundred steps before the code starts to matter and the loss falls further. How long it sits
# there depends on the random start: with this lesson's seed the quick run leaves it within its
# 625 steps, while with `ta.seed(1)` the same quick run still had a test loss near 0.065 after 800
# steps when we tried.


# %%
with ta.no_grad():
    _, decoded = autoencoder(ta.tensor(x_test))
    test_loss = losses.mse(decoded, ta.tensor(x_test)).item()
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
baseline = losses.mse(ta.tensor(mean_image), ta.tensor(x_test)).item()
print(f"test MSE: autoencoder {test_loss:.4f}, mean image {baseline:.4f}")

# %% [markdown]
# ## visualize in 3D plot
#
# The slides encode the first 200 training images and write each one's digit at its code
# $(h_1, h_2, h_3)$, on a background colour `cm.rainbow(int(255*s/9))` for digit $s$. Nobody told
# the network about digits, yet images of the same digit land near each other.
#
# **A trap in the chapter's code:** `fig = plt.figure(2); ax = Axes3D(fig)`. Since Matplotlib
# 3.4 an `Axes3D` created this way no longer adds itself to the figure (deprecated in 3.4, gone
# in 3.6), so on a current Matplotlib the slides' figure 2 stays empty. The way that works is
# `fig.add_subplot(projection="3d")`, which `plot.latent_scatter_3d` uses.


# %%
def encode(autoencoder, x, batch_size=10000):
    """The 3-number codes of the images x, as one backend array."""
    with ta.no_grad():
        codes = [autoencoder(ta.tensor(x[i:i + batch_size]))[0].data for i in range(0, len(x), batch_size)]
    return backend.xp.concatenate(codes)


encoded_data = encode(autoencoder, x_train[:200])
fig = plot.latent_scatter_3d(encoded_data, y_train[:200], title="codes of the first 200 training images",
                             path=out / "latent_3d.png")

# %% [markdown]
# ## How well do three numbers separate ten digits?
#
# The picture shows 200 training images the network has trained on. A check on images it has
# never seen: take the mean code $\mu_d$ of each digit $d$ over the training images, then label
# every **test** image with the digit whose mean code is nearest to its own code,
#
# $$\hat y(x) = \arg\min_d \lVert f_\theta(x) - \mu_d \rVert^2 .$$
#
# Guessing gives about 10 % right. The labels were never used in training, so what this classifier
# gets right, the autoencoder found on its own.


# %%
xp = backend.xp
train_codes, test_codes = encode(autoencoder, x_train), encode(autoencoder, x_test)
train_labels, test_labels = xp.asarray(y_train), xp.asarray(y_test)
centroids = xp.stack([train_codes[train_labels == d].mean(axis=0) for d in range(10)])
distances = ((test_codes[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
accuracy = float((distances.argmin(axis=1) == test_labels).mean())
print(f"nearest mean code labels {accuracy:.1%} of the test digits right (guessing: 10%)")

# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 04` prints at the end (and `lessons.run("04")` returns).

# %%
last_epoch = printed[-1][0]
results = {
    "epochs": last_epoch + 1,
    "first_loss": printed[0][2],
    "last_epoch_losses": [round(loss_value, 4) for epoch, _, loss_value in printed if epoch == last_epoch],
    "printed_lines": len(printed),
    "live_updates": view.updates,
    "test_loss": test_loss,
    "mean_image_test_loss": baseline,
    "centroid_accuracy": accuracy,
    "figures": [str(out / name) for name in ("example.png", "live_reconstructions.png", "latent_3d.png")],
}
results
