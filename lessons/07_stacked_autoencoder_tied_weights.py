# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The stacked autoencoder and tied weights (栈式自编码器（SAE） / 关联权重)
#
# **Source:** `001_87a57b6fafe523e2.txt` (the slides; `000_c436e5a38361a603.txt` is the same deck),
# sections **栈式自编码器（SAE）** (three slides) and **关联权重** (one slide). The slides give the
# network's sizes:
#
# > 栈式自编码器的架构关于中央隐藏层（编码层）通常是对称的。简单来说，它看起来像一个三明治。例如，一个用于
# > MNIST 的自编码器可能有 784 个输入，其次是一个隐藏层，有 300 个神经元，然后是一个中央隐藏层，有 150 个
# > 神经元，然后是另一个隐藏层，有 300 个神经元，输出层有 784 神经元。
#
# (A stacked autoencoder is usually symmetric about its central, coding layer: it looks like a
# sandwich. For MNIST: 784 inputs, a hidden layer of 300, a central layer of 150, another hidden
# layer of 300 and 784 outputs.) They warn against a network that is too powerful:
#
# > 设想一个编码器非常强大，只需学习将每个输入映射到一个任意数字（并且解码器学习反向映射）即可。很明显，这样的
# > 自编码器将完美地重构训练数据，但它不会在过程中学习到任何有用的数据表示（并且它不可能很好地推广到新的实例）。
#
# (An encoder so powerful that it maps each input to an arbitrary number, with a decoder that learns
# the reverse mapping, would reconstruct the training data perfectly but learn no useful
# representation, and would not generalise to new instances.) And they introduce **tied weights**
# (关联权重): for a symmetric autoencoder with $N$ layers (not counting the input), $W_L$ being the
# weights of layer $L$,
#
# $$W_{N-L+1} = W_L^T \qquad (L = 1, 2, \dots, N/2),$$
#
# which 减少了模型中的权重数量，加快了训练速度，并限制了过度拟合的风险 (reduces the number of weights,
# speeds up training and limits the risk of overfitting).
#
# Run it: `python -m lessons 07` (the book's settings: 55,000 training images, 5 epochs per model)
# or `python -m lessons 07 --quick` (the same code on 5,500 training and 1,000 test images, with a
# smaller "too powerful" experiment at the end: seconds).
#
# ## Where the settings come from
#
# The slides give only the layer sizes. They translate chapter 15 of Aurélien Géron's *Hands-On
# Machine Learning with Scikit-Learn and TensorFlow* (1st edition), whose public notebook
# (`ageron/handson-ml`, `15_autoencoders.ipynb`, cells 23 to 37) trains exactly this network in
# TensorFlow 1. Everything the slides do not say is taken from there:
#
# | setting | Géron's notebook | here |
# | --- | --- | --- |
# | data | `input_data.read_data_sets(...)`: `mnist.train` holds the last 55,000 of the 60,000 training images (the first 5,000 are its validation set); pixels in [0, 1] | the same 55,000 images; the 10,000 test images for the test error |
# | hidden layers | ELU | `activation="elu"` |
# | output layer | linear (`activation=None`) | linear |
# | weights | `variance_scaling_initializer()` (He); biases 0 | `init="variance_scaling"` (the same draw) |
# | loss | `reduce_mean(square(outputs - X))` plus the L2 terms | `losses.mse` plus `regularization_loss()` |
# | L2, untied | `l2_regularizer(0.0001)` on the four kernels (not the biases) | `regularizers.tf_l2(1e-4)` |
# | L2, tied | `l2_regularizer(0.0005)` on $W_1$ and $W_2$ only | `regularizers.tf_l2(5e-4)` on the two encoder layers |
# | optimizer | TF1 `AdamOptimizer(0.01)` | `optim.Adam.keras(lr=0.01, epsilon=1e-8)`: the same update |
# | training | 5 epochs of `55000 // 150 = 366` batches of 150 (`mnist.train.next_batch`) | 5 epochs of 366 batches of 150, reshuffled every epoch |
# | printed | `0 Train MSE: 0.0204011`: the reconstruction MSE of the epoch's **last batch**, after its update, without the L2 terms | the same line |
#
# Two details of TF1 matter for matching the book. `l2_regularizer(scale)` adds
# $\text{scale} \cdot \tfrac12 \sum w^2$ (`tf.nn.l2_loss` halves the sum), while Keras's `l2(c)` adds
# $c \sum w^2$: the same number means twice the penalty in Keras, so the TF1 scale goes to
# `regularizers.tf_l2`. And `variance_scaling_initializer()` draws from a normal truncated at two
# standard deviations with $\sigma = \sqrt{1.3 \cdot 2 / \text{fan\_in}}$: truncation shrinks the
# variance by a factor 0.774 and the 1.3 undoes it, so $\mathrm{Var}(w) \approx 2 / \text{fan\_in}$
# (He et al., 2015). The notebook's comment "Equivalent to: truncated_normal(shape, 0.,
# stddev=np.sqrt(2/shape[0]))" forgets the 1.3.
#
# TF's `next_batch` reshuffles the 55,000 images each time it has gone through them, while the loop
# takes 366 batches (54,900 images) per "epoch", so the book's epochs drift by 100 images a time. We
# reshuffle at every epoch and leave the last 100 images of each order out. The book's second log
# line reads `19% Train MSE: 0.0114192`: a leftover of its `\r`-progress counter; it is epoch 1.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/07_stacked_autoencoder_tied_weights")   # figures and files

# %%
import itertools
import time

import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot, probes, regularizers

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## The data: MNIST as TensorFlow 1's `input_data` serves it
#
# Pixels in $[0, 1]$, each image a row of 784 numbers. `mnist.train` is images 5,000 to 59,999 of
# the training file. The labels play no part in training; they are used only at the end, to ask what
# the codes know.

# %%
(x_all, y_all), (x_test, y_test) = datasets.load_mnist(normalize="01", flatten=True)
x_train, y_train = x_all[5000:], y_all[5000:]          # mnist.train; x_all[:5000] is mnist.validation
if QUICK:                                              # the same code on a subset
    x_train, y_train, x_test, y_test = x_train[:5500], y_train[:5500], x_test[:1000], y_test[:1000]
print(x_train.shape, x_test.shape)

# %% [markdown]
# ## 栈式自编码器（SAE）: the sandwich 784-300-150-300-784
#
# Three hidden layers and a linear output layer (two stacked autoencoders, in Géron's words):
#
# $$h_1 = \mathrm{ELU}(x W_1 + b_1) \in \mathbb{R}^{300},\quad
#   h_2 = \mathrm{ELU}(h_1 W_2 + b_2) \in \mathbb{R}^{150}\ \text{(the code)},\quad
#   h_3 = \mathrm{ELU}(h_2 W_3 + b_3) \in \mathbb{R}^{300},\quad
#   \hat x = h_3 W_4 + b_4 \in \mathbb{R}^{784},$$
#
# with $\mathrm{ELU}(z) = z$ for $z > 0$ and $e^z - 1$ for $z \le 0$ (smooth, and unlike ReLU it
# never switches a unit off for good: its slope is $e^z > 0$). Training minimises the mean squared
# error over the batch of $B$ images and the 784 pixels plus an L2 penalty on the four weight matrices:
#
# $$J = \frac{1}{784\,B} \sum_{i=1}^{B} \lVert \hat x_i - x_i \rVert^2
#       + \lambda \sum_{L=1}^{4} \tfrac12 \lVert W_L \rVert_F^2, \qquad \lambda = 10^{-4}.$$
#
# Parameters: $784 \cdot 300 + 300 + 300 \cdot 150 + 150 + 150 \cdot 300 + 300 + 300 \cdot 784 + 784
# = 561{,}934$. The layers carry the names of Géron's tensors.

# %%
he = "variance_scaling"                     # TF1's variance_scaling_initializer(): Géron's He init
l2_reg = regularizers.tf_l2(1e-4)
stacked = nn.Sequential(
    nn.Dense(784, 300, "elu", init=he, kernel_regularizer=l2_reg, name="hidden1"),
    nn.Dense(300, 150, "elu", init=he, kernel_regularizer=l2_reg, name="hidden2"),   # the code
    nn.Dense(150, 300, "elu", init=he, kernel_regularizer=l2_reg, name="hidden3"),
    nn.Dense(300, 784, None, init=he, kernel_regularizer=l2_reg, name="outputs"),
)
ta.Model(stacked, input_shape=(784,)).summary()

# %% [markdown]
# ## Training, as the notebook does it
#
# Géron writes the loop by hand: 366 batches of 150 an epoch, one Adam step per batch, and after each
# epoch the reconstruction MSE of the last batch. TF1's Adam is the Keras-flavour update with
# $\epsilon = 10^{-8}$, $t$ counting the optimizer's steps:
#
# $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
#   \theta \leftarrow \theta - \eta \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t} \frac{m}{\sqrt v + \epsilon},
#   \qquad \eta = 0.01.$$
#
# We use the same loop for every network of this lesson, so it is a function. It returns the printed
# numbers and the training time, measured as the CPU time of this process (`time.process_time`),
# which other jobs on a busy machine do not inflate as they do the wall-clock time. (On the GPU the
# work runs outside the process's CPU time: time it with the wall clock there.)


# %%
def train(autoencoder, x, n_epochs, batch_size=150, learning_rate=0.01, print_every=1):
    optimizer = optim.Adam.keras(autoencoder.parameters(), lr=learning_rate, epsilon=1e-8)
    n_batches = len(x) // batch_size
    train_mse = []
    start = time.process_time()
    for epoch in range(n_epochs):
        for x_batch in itertools.islice(datasets.batches(x, batch_size=batch_size), n_batches):
            x_batch = ta.tensor(x_batch)
            reconstruction_loss = losses.mse(autoencoder(x_batch), x_batch)
            loss = reconstruction_loss + autoencoder.regularization_loss()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with ta.no_grad():                     # the notebook's reconstruction_loss.eval(feed_dict={X: X_batch})
            train_mse.append(losses.mse(autoencoder(x_batch), x_batch).item())
        if epoch % print_every == 0 or epoch == n_epochs - 1:
            print(epoch, "Train MSE:", f"{train_mse[-1]:.6g}")
    return train_mse, time.process_time() - start


def test_mse(autoencoder, x):
    with ta.no_grad():
        x = ta.tensor(x)
        return losses.mse(autoencoder(x), x).item()


# %%
untied_log, untied_seconds = train(stacked, x_train, n_epochs=5)
untied_test = test_mse(stacked, x_test)
print(f"Test MSE: {untied_test:.6g}   ({untied_seconds:.1f} s, {untied_seconds / 5:.1f} s an epoch)")

# %% [markdown]
# The book's run printed (cell 27 of the notebook, quoted): 0.0204011, 0.0114192, 0.0102221,
# 0.00989991, 0.0103724. One batch of 150 images is a noisy sample, so the epoch-to-epoch wiggles
# (the book's rise in epoch 4) are noise; the level is what compares. The notebook does not report a
# test error; ours is printed above, and a yardstick for it is the error of outputting the mean
# training image for every digit:

# %%
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
mean_image_mse = losses.mse(ta.tensor(mean_image), ta.tensor(x_test)).item()
book_untied = [0.0204011, 0.0114192, 0.0102221, 0.00989991, 0.0103724]
print(f"{'epoch':>5} {'ours':>10} {'book':>10}")
for epoch, (ours, book) in enumerate(zip(untied_log, book_untied)):
    print(f"{epoch:>5} {ours:>10.6g} {book:>10.6g}")
print(f"test MSE {untied_test:.5f}; the mean image scores {mean_image_mse:.5f}")

# %% [markdown]
# ## 关联权重 (tied weights)
#
# With $N = 4$ layers the rule $W_{N-L+1} = W_L^T$ gives $W_4 = W_1^T$ and $W_3 = W_2^T$; each layer
# keeps its own bias:
#
# $$h_3 = \mathrm{ELU}(h_2 W_2^T + b_3), \qquad \hat x = h_3 W_1^T + b_4.$$
#
# `nn.TiedDense(encoder_layer)` is such a decoder layer: it uses the encoder layer's $W$ itself (the
# same parameter, not a copy). Its gradient has two parts, one from each use,
#
# $$\frac{\partial J}{\partial W_1} = x^T \delta_1 + \big(h_3^T \delta_4\big)^T
#   \qquad (\delta_1, \delta_4 = \text{the gradients at the pre-activations of layers 1 and 4}),$$
#
# and autograd adds them up. Parameters: $784 \cdot 300 + 300 \cdot 150 + 300 + 150 + 300 + 784 =
# 281{,}734$: half the weights, the four biases stay. Géron's tied network (cells 33 to 36) penalises
# only $W_1$ and $W_2$, with $\lambda = 5 \cdot 10^{-4}$, five times the untied network's.

# %%
tied_l2 = regularizers.tf_l2(5e-4)
hidden1 = nn.Dense(784, 300, "elu", init=he, kernel_regularizer=tied_l2, name="hidden1")
hidden2 = nn.Dense(300, 150, "elu", init=he, kernel_regularizer=tied_l2, name="hidden2")
tied = nn.Sequential(hidden1, hidden2,
                     nn.TiedDense(hidden2, "elu", name="hidden3"),     # W3 = W2^T
                     nn.TiedDense(hidden1, None, name="outputs"))      # W4 = W1^T
ta.Model(tied, input_shape=(784,)).summary()

# %%
tied_log, tied_seconds = train(tied, x_train, n_epochs=5)
tied_test = test_mse(tied, x_test)
print(f"Test MSE: {tied_test:.6g}   ({tied_seconds:.1f} s, {tied_seconds / 5:.1f} s an epoch)")

# %% [markdown]
# The book's tied run printed (cell 36, quoted): 0.0150667, 0.0164884, 0.0173757, 0.0168781,
# 0.0155875: above the untied network's 0.010. Is that the tying, or the five times stronger L2
# penalty? The notebook changes both at once. Training the tied network once more with the untied
# network's $\lambda = 10^{-4}$ separates the two:

# %%
weak_l2 = regularizers.tf_l2(1e-4)
hidden1 = nn.Dense(784, 300, "elu", init=he, kernel_regularizer=weak_l2, name="hidden1")
hidden2 = nn.Dense(300, 150, "elu", init=he, kernel_regularizer=weak_l2, name="hidden2")
tied_weak = nn.Sequential(hidden1, hidden2, nn.TiedDense(hidden2, "elu", name="hidden3"),
                          nn.TiedDense(hidden1, None, name="outputs"))
tied_weak_log, tied_weak_seconds = train(tied_weak, x_train, n_epochs=5)
tied_weak_test = test_mse(tied_weak, x_test)
print(f"Test MSE: {tied_weak_test:.6g}   ({tied_weak_seconds:.1f} s)")

# %%
book_tied = [0.0150667, 0.0164884, 0.0173757, 0.0168781, 0.0155875]
params = {name: sum(p.size for p in model.parameters())
          for name, model in (("untied", stacked), ("tied", tied), ("tied_weak", tied_weak))}
print(f"{'network':<28} {'params':>8} {'last-batch MSE, epochs 0-4':<46} {'test MSE':>9} {'s/epoch':>8}")
for label, name, log, test, seconds in (
        ("untied, L2 1e-4", "untied", untied_log, untied_test, untied_seconds),
        ("tied, L2 5e-4 (the book's)", "tied", tied_log, tied_test, tied_seconds),
        ("tied, L2 1e-4", "tied_weak", tied_weak_log, tied_weak_test, tied_weak_seconds)):
    print(f"{label:<28} {params[name]:>8,} {' '.join(f'{v:.4f}' for v in log):<46} {test:>9.5f} {seconds / 5:>8.2f}")
print(f"{'book: untied':<28} {561934:>8,} {' '.join(f'{v:.4f}' for v in book_untied):<46}")
print(f"{'book: tied':<28} {281734:>8,} {' '.join(f'{v:.4f}' for v in book_tied):<46}")

# %% [markdown]
# **What the table says** (the full run's numbers are in `lessons/RESULTS.md`). Tying halves the
# weights (561,934 to 281,734 parameters). With the book's settings our logs follow the book's
# closely, the tied network's included: its error stays around 0.016 to 0.017 instead of falling,
# as the book's does. That is the L2 penalty, not the tying: with the untied network's
# $\lambda = 10^{-4}$ the same tied network reconstructs *better* than the untied one. The penalty
# $\lambda \tfrac12 \lVert W \rVert^2$ with $\lambda = 5 \cdot 10^{-4}$ pulls the weights towards
# zero hard enough to cost reconstruction. (In quick mode, on 5,500 images, the two tied runs come
# out the other way round: five short epochs are too few for the stronger penalty's cost to show.)
#
# "加快了训练速度" (faster training): a tied layer still multiplies by a 784 x 300 matrix ($W_1^T$),
# so the forward and backward passes cost the same as untied; only the optimizer updates half as many
# weights. The s/epoch column measures it; to compare more finely we also time single training steps
# of both networks in turn (freshly built, since the weights' values do not change the time), 5
# rounds of 10 steps, and take the median per step:

# %%
def step_seconds(model, x_batch, n_steps=10):
    optimizer = optim.Adam.keras(model.parameters(), lr=0.01, epsilon=1e-8)
    start = time.process_time()
    for _ in range(n_steps):
        loss = losses.mse(model(x_batch), x_batch) + model.regularization_loss()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return (time.process_time() - start) / n_steps


def fresh(tie):
    hidden1 = nn.Dense(784, 300, "elu", init=he, kernel_regularizer=l2_reg, name="hidden1")
    hidden2 = nn.Dense(300, 150, "elu", init=he, kernel_regularizer=l2_reg, name="hidden2")
    if tie:
        return nn.Sequential(hidden1, hidden2, nn.TiedDense(hidden2, "elu"), nn.TiedDense(hidden1, None))
    return nn.Sequential(hidden1, hidden2, nn.Dense(150, 300, "elu", init=he, kernel_regularizer=l2_reg),
                         nn.Dense(300, 784, None, init=he, kernel_regularizer=l2_reg))


timing_models = {"untied": fresh(False), "tied": fresh(True)}
x_batch = ta.tensor(x_train[:150])
step_times = {name: [] for name in timing_models}
for _ in range(5):
    for name, model in timing_models.items():
        step_times[name].append(step_seconds(model, x_batch))
step_ms = {name: 1000 * sorted(times)[2] for name, times in step_times.items()}
print(f"one training step on a batch of 150 (median of 5 rounds): untied {step_ms['untied']:.1f} ms, "
      f"tied {step_ms['tied']:.1f} ms")

# %% [markdown]
# ## The reconstructions, side by side
#
# Géron draws two test digits beside their reconstructions; here are the first eight, through both
# networks, on one grey scale (black 0, white 1; the linear output can leave $[0, 1]$ a little, and
# is clipped for display).

# %%
with ta.no_grad():
    x_show = ta.tensor(x_test[:8])
    rows = [x_test[:8], stacked(x_show).numpy(), tied(x_show).numpy()]
fig = plot.image_grid(rows, row_titles=["original", "untied", "tied"], path=out / "reconstructions.png")

# %% [markdown]
# ## The features of the first layer
#
# Each hidden unit $j$ of layer 1 computes $\mathrm{ELU}(x \cdot W_1[:, j] + b_{1,j})$: it responds
# most to an image shaped like its weight column $W_1[:, j]$, a 784-vector we can draw as a 28 x 28
# picture (Géron's cell 58 draws five). Each picture is stretched to its own range (white = the
# largest weight). In the tied network the same column is also the template the decoder paints with:
# $\hat x = h_3 W_1^T + b_4$ adds $h_{3,j} W_1[:, j]$ to the image. In both networks the features are
# patterns of strokes and blobs spread over the area where digits are drawn, not whole digits; the
# border, where MNIST has no ink, stays grey (weights near zero, kept there by the L2 penalty).

# %%
w_untied = backend.to_numpy(stacked.get_layer("hidden1").W.data).T[:8]
w_tied = backend.to_numpy(tied.get_layer("hidden1").W.data).T[:8]
fig = plot.image_grid([w_untied, w_tied], row_titles=["untied W1", "tied W1"], value_range=None,
                      path=out / "features.png")

# %% [markdown]
# ## The slides' warning, for real: an encoder that is too powerful
#
# The slides' extreme case, a code that is just an arbitrary number per training image, is a thought
# experiment: gradient descent does not find such a lookup table in any reasonable time (in a trial
# outside this lesson, in PyTorch, a 784-1024-1024-1-1024-1024-784 network on 100 images still had a
# training error of 0.054 after 1,000 epochs, far from perfect). What *does* happen when the pair is too powerful for the data is the milder, real version
# of the same failure: the network spends its capacity on the training images themselves. We show it
# on a small training set, where it happens quickly: 300 images (100 in quick mode) and a code of 10
# numbers, two autoencoders trained the same way (ELU, He init, no L2, Adam $\eta = 10^{-3}$, batches
# of 100) for 600 epochs:
#
# - **small**: 784-300-10-300-784, the sandwich of this lesson with a 10-number code;
# - **powerful**: 784-512-512-512-10-512-512-512-784, three wide layers on each side.
#
# Then we ask what the codes know. Two standard probes, both using the labels only here: **k-NN**,
# the share of test digits whose 5 nearest test codes (leaving the digit itself out) vote for the
# right label, and a **linear probe**, a softmax regression trained on the training codes (standardised)
# and scored on the test codes. A useful representation makes both high.


# %%
def autoencoder(hidden, code=10):
    sizes = (784, *hidden, code)
    encoder = [nn.Dense(a, b, "elu", init=he) for a, b in zip(sizes[:-1], sizes[1:-1])]
    encoder.append(nn.Dense(sizes[-2], code, None, init=he, name="code"))   # a linear code, as in the sandwich
    back = sizes[::-1]
    decoder = [nn.Dense(a, b, "elu", init=he) for a, b in zip(back[:-2], back[1:-1])]
    decoder.append(nn.Dense(back[-2], 784, None, init=he))
    return nn.Sequential(*encoder, *decoder), len(encoder)


def linear_probe(train_codes, train_labels, test_codes, test_labels, steps=500):
    """Softmax regression on standardised codes: trained on the training codes, scored on the test codes."""
    mean, std = train_codes.mean(axis=0), train_codes.std(axis=0) + 1e-6
    probe = nn.Dense(train_codes.shape[1], 10)
    optimizer = optim.Adam(probe.parameters(), lr=0.01)
    inputs = ta.tensor((train_codes - mean) / std)
    for _ in range(steps):
        loss = losses.softmax_cross_entropy(probe(inputs), train_labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with ta.no_grad():
        predicted = probe(ta.tensor((test_codes - mean) / std)).numpy().argmax(axis=1)
    return float((predicted == test_labels).mean())


n_small = 100 if QUICK else 300
epochs_small = 150 if QUICK else 600
width = 256 if QUICK else 512
x_few, y_few = x_train[:n_small], y_train[:n_small].astype("int64")
y_test_int = y_test.astype("int64")

# %%
warning = {}
for name, hidden in (("small", (300,)), ("powerful", (width, width, width))):
    model, n_encoder = autoencoder(hidden)
    print(f"{name}: 784-{'-'.join(map(str, hidden))}-10-{'-'.join(map(str, hidden[::-1]))}-784, "
          f"{sum(p.size for p in model.parameters()):,} parameters")
    log, seconds = train(model, x_few, epochs_small, batch_size=100, learning_rate=1e-3,
                         print_every=epochs_small // 4)
    encoder = model[:n_encoder]
    with ta.no_grad():
        train_codes = encoder(ta.tensor(x_few)).numpy()
        test_codes = encoder(ta.tensor(x_test)).numpy()
    warning[name] = {
        "train_mse": test_mse(model, x_few), "test_mse": test_mse(model, x_test),
        "knn": probes.knn_accuracy(test_codes, y_test_int),
        "probe": linear_probe(train_codes, y_few, test_codes, y_test_int),
        "seconds": seconds,
    }
    print({key: round(value, 4) for key, value in warning[name].items()})

# %%
print(f"{n_small} training images, 10-number codes, {epochs_small} epochs:")
print(f"{'model':<9} {'train MSE':>10} {'test MSE':>9} {'5-NN':>6} {'probe':>6}")
for name, row in warning.items():
    print(f"{name:<9} {row['train_mse']:>10.4f} {row['test_mse']:>9.4f} {row['knn']:>6.3f} {row['probe']:>6.3f}")
print(f"{'mean img':<9} {'':>10} {mean_image_mse:>9.4f}")

# %% [markdown]
# **What it shows** (the full run's numbers are in `lessons/RESULTS.md`). In the full run the
# powerful pair reconstructs its 300 training images better than the small one, yet on new images its
# error is higher and its codes know less: both the k-NN vote and the linear probe recognise fewer
# test digits from its codes than from the small network's. (Quick mode's 100 images and 150 epochs
# are too few for the powerful pair to overtake the small one even on its training images; its codes
# are still the worse ones.) Reconstruction error on the training
# data cannot tell a useful code from a memorised one; the two remedies the slides go on to teach are
# to keep the encoder modest (or tie its weights, which removes half of the freedom) and to regularise
# (noise, sparsity, contraction: lessons to come).

# %%
results = {
    "untied_params": params["untied"],
    "tied_params": params["tied"],
    "untied_train_mse": untied_log,
    "tied_train_mse": tied_log,
    "tied_weak_l2_train_mse": tied_weak_log,
    "untied_test_mse": untied_test,
    "tied_test_mse": tied_test,
    "tied_weak_l2_test_mse": tied_weak_test,
    "mean_image_test_mse": mean_image_mse,
    "untied_seconds_per_epoch": untied_seconds / 5,
    "tied_seconds_per_epoch": tied_seconds / 5,
    "untied_step_ms": step_ms["untied"],
    "tied_step_ms": step_ms["tied"],
    "small_train_mse": warning["small"]["train_mse"],
    "small_test_mse": warning["small"]["test_mse"],
    "small_knn": warning["small"]["knn"],
    "small_probe": warning["small"]["probe"],
    "powerful_train_mse": warning["powerful"]["train_mse"],
    "powerful_test_mse": warning["powerful"]["test_mse"],
    "powerful_knn": warning["powerful"]["knn"],
    "powerful_probe": warning["powerful"]["probe"],
    "figures": [str(out / "reconstructions.png"), str(out / "features.png")],
}
results
