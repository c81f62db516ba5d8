# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # The contractive autoencoder and its gradient (学习使用收缩自编码器 / 压缩自编码器)
#
# **Sources:** `002_7785c493a83a93d4.txt` (Keras book chapter), sections **学习使用收缩自编码器**,
# **实现收缩自编码器** and **定义收缩损失**, with its companion notebook
# (`PacktPublishing/Hands-On-Deep-Learning-Algorithms-with-Python`, `Chapter10/10.11`, an exercise
# that defines the loss and trains nothing); `001_87a57b6fafe523e2.txt` (slides), **其他自编码器 -
# 压缩自编码器 (CAE, contractive autoencoder)** with its two objectives $\mathcal{J}_{AE+wd}$ and
# $\mathcal{J}_{CAE}$ and the sigmoid closed form; `003_64f298b3fff70d7b.txt` (notes),
# **收缩自编码器**.
#
# Run it: `python -m lessons 12` (seven autoencoders of 50 epochs each on all of MNIST, plus the
# checks: 15 minutes on a busy two-core machine) or `python -m lessons 12 --quick` (the same code on 6,000
# training and 1,000 test images for 8 epochs, without the two extra penalty strengths: seconds; far
# too short to train the networks well, so its numbers show the mechanics, not the results).
#
# The lesson has two halves. First the penalty itself: its closed form for a sigmoid code and its
# gradient, derived step by step, the engine's backward read against the derivation, both checked
# against finite differences, and what the same numbers cost through generic autograd. Then the
# chapter's model: its code and what is wrong with it, the settings it leaves out, and a contractive
# autoencoder trained beside a plain one and one with weight decay, to measure what the penalty buys.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/12_contractive_autoencoder")   # figures and files

# %%
import inspect
import time

import tinyae as ta
from tinyae import backend, datasets, losses, nn, ops, optim, plot, regularizers
from tinyae.losses import contractive

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## What the penalty is (学习使用收缩自编码器)
#
# 002: "类似于稀疏自编码器，收缩自编码器在自编码器的损失函数中添加了新的正则化项" — like the sparse
# autoencoder, the contractive autoencoder adds a regularisation term to the loss, one that
# "penalises representations that are too sensitive to the input". Its loss (an image in the
# chapter; the companion notebook writes it out) is
#
# $$L = \lVert X - \hat X \rVert_2^2 + \lambda \lVert J_f(X) \rVert_F^2 ,$$
#
# the reconstruction error plus $\lambda$ times the squared **Frobenius norm** (the square root of the
# sum of the squared entries of a matrix: "Hilbert-Schmidt 范数" in the chapter) of the **Jacobian**
# (雅可比矩阵) of the encoder $h = f(x)$, the matrix of all partial derivatives of the code with
# respect to the input:
#
# $$\lVert J_f(x) \rVert_F^2 = \sum_{i,j} \Big( \frac{\partial h_i(x)}{\partial x_j} \Big)^2 .$$
#
# If moving the input by a small $\delta$ moves the code by $J_f(x)\,\delta$, a small
# $\lVert J_f \rVert_F$ means similar inputs get similar codes ("两个类似的输入必须具有相似的编码", the
# slides). For Gaussian noise on every pixel, $\delta \sim \mathcal{N}(0, \varepsilon^2 I)$, the code
# moves on average by $\mathbb{E}\lVert J\delta \rVert^2 = \varepsilon^2 \lVert J \rVert_F^2$: the
# Frobenius norm is the encoder's sensitivity to small noise, all directions at once. 003 puts the
# contrast with denoising in one sentence: a denoising autoencoder makes the *reconstruction* (the
# decoder) resist small but finite perturbations, a contractive one makes the *feature extractor*
# (the encoder) resist infinitesimal ones.
#
# 003 writes the same penalty row by row, $\lambda \sum_i \lVert \nabla_x a_i^{(h)}(x) \rVert^2$: the
# gradient of hidden activation $i$ with respect to the input is row $i$ of $J_f(x)$, so the sum of
# their squared lengths is $\lVert J_f(x) \rVert_F^2$. (Its text says the sum runs "over all $i$
# training samples"; in its own formula $i$ numbers the hidden units. The sum over examples is the
# outer one, in $\sum_{x \in D_n}$ below.)
#
# The slides set the CAE objective beside a plain autoencoder with weight decay,
#
# $$\mathcal{J}_{AE+wd}(\theta) = \Big( \sum_{x \in D_n} L(x, g(f(x))) \Big) + \lambda \sum_{ij} W_{ij}^2,
#   \qquad
#   \mathcal{J}_{CAE}(\theta) = \sum_{x \in D_n} \Big( L(x, g(f(x))) + \lambda \lVert J_f(x) \rVert_F^2 \Big),$$
#
# (these are Rifai et al. 2011, the paper that introduced the CAE). For a *linear* encoder
# $h = Wx + b$ the Jacobian is $W$ itself and the two penalties are the same (the CAE's counted once
# per example); the difference lies in the nonlinearity, which the derivation below makes explicit.

# %% [markdown]
# ## The penalty for a sigmoid code, step by step
#
# The slides write the encoder as Rifai et al. do, with a column vector $x \in \mathbb{R}^{d_x}$ and
# $W \in \mathbb{R}^{d_h \times d_x}$ indexed $W_{ij}$ = (hidden unit $i$, input $j$):
#
# $$a_i = \sum_{j=1}^{d_x} W_{ij} x_j + b_i, \qquad h_i = \sigma(a_i), \qquad
#   \sigma'(a) = \sigma(a)\,(1 - \sigma(a)) .$$
#
# 1. One entry of the Jacobian, by the chain rule through $a_i$ (only $a_i$ depends on $x_j$ among the
#    pre-activations that reach $h_i$):
#    $$J_f(x)_{ij} = \frac{\partial h_i}{\partial x_j} = \sigma'(a_i)\,\frac{\partial a_i}{\partial x_j}
#      = h_i (1 - h_i)\, W_{ij}, \qquad\text{i.e.}\qquad J_f(x) = \mathrm{diag}\big(h \odot (1 - h)\big)\, W .$$
# 2. Square and sum every entry. The factor $h_i(1-h_i)$ does not depend on $j$, so it leaves the inner
#    sum:
#    $$\lVert J_f(x) \rVert_F^2 = \sum_{i=1}^{d_h} \sum_{j=1}^{d_x} \big(h_i(1-h_i)\big)^2 W_{ij}^2
#      = \sum_{i=1}^{d_h} \big(h_i (1 - h_i)\big)^2 \sum_{j=1}^{d_x} W_{ij}^2 ,$$
#    the slides' last line. (The line before it writes $\partial h_j / \partial x_i$, with the two
#    indices the other way round; the double sum does not care.)
#
# Why this matters for the cost: the Jacobian has $d_h d_x$ entries per example (32 x 784 = 25,088
# here), but the closed form needs only the $d_h$ numbers $s_i = \sum_j W_{ij}^2$, computed once per
# batch, and the $d_h$ numbers $h_i(1-h_i)$ that the forward pass has anyway.
#
# **Our layout is the transpose.** Keras and tinyae store a Dense layer's kernel as (inputs, units),
# $W \in \mathbb{R}^{784 \times 32}$, and compute a row of codes as $a = xW + b$. So the slides'
# $W_{ij}$ is our `W[j, i]`, written $W_{ji}$ below, and the slides' row sum $\sum_j W_{ij}^2$ is a
# *column* sum for us: `s = (W * W).sum(axis=0)`, one number per code unit. 002's code reaches the
# same $s$ by transposing first (`weights = K.transpose(weights)`, then `K.sum(weights**2, axis=1)`),
# and the companion notebook writes it $\sum_i (W^T_{ji})^2$. In our indices the penalty reads
#
# $$\lVert J_f(x) \rVert_F^2 = \sum_i \big(h_i(1-h_i)\big)^2 \sum_j W_{ji}^2 .$$

# %% [markdown]
# ## Its gradient, step by step
#
# Over a batch of $N$ examples $x_n$ (the rows of $X$) we use the mean,
#
# $$P = \frac{1}{N} \sum_{n=1}^{N} \sum_i g_{ni}^2\, s_i, \qquad g_{ni} = h_{ni}(1 - h_{ni}), \qquad
#   s_i = \sum_j W_{ji}^2 .$$
#
# $W$ enters $P$ **twice**: directly through $s_i$, and through the code, since
# $a_{ni} = \sum_j x_{nj} W_{ji} + b_i$. Treat $a$ and $W$ as two separate inputs of $P$; the chain
# rule then adds the two paths:
#
# $$\frac{dP}{dW_{ji}} = \underbrace{\frac{\partial P}{\partial W_{ji}}\Big|_{a}}_{\text{direct}}
#   + \sum_n \frac{\partial P}{\partial a_{ni}}\, \frac{\partial a_{ni}}{\partial W_{ji}} ,
#   \qquad \frac{\partial a_{ni}}{\partial W_{ji}} = x_{nj}, \qquad
#   \frac{dP}{db_i} = \sum_n \frac{\partial P}{\partial a_{ni}} .$$
#
# 1. The direct path: $\partial s_i / \partial W_{ji} = 2 W_{ji}$, so
#    $$\frac{\partial P}{\partial W_{ji}}\Big|_{a} = \frac{2}{N}\, W_{ji} \sum_n g_{ni}^2 .$$
#    This is weight decay on code unit $i$'s weights, at a rate $\frac{2}{N}\sum_n g_{ni}^2$ set by
#    how unsaturated the unit is on the batch: a unit that sits at 0 or 1 on the data ($g \approx 0$)
#    keeps its weights.
# 2. The path through the code, for one example and one unit. With $\partial h/\partial a = h(1-h) = g$
#    and $\partial g/\partial h = 1 - 2h$:
#    $$\frac{\partial g}{\partial a} = (1 - 2h)\, g, \qquad
#      \frac{\partial (g^2)}{\partial a} = 2 g \,\frac{\partial g}{\partial a} = 2 g^2 (1 - 2h), \qquad
#      \frac{\partial P}{\partial a_{ni}} = \frac{2}{N}\, g_{ni}^2\, (1 - 2 h_{ni})\, s_i .$$
#    Its sign is the sign of $1 - 2h$: gradient descent lowers $a$ where $h < \tfrac12$ and raises it
#    where $h > \tfrac12$, pushing each code unit **towards saturation** on the training points,
#    where its slope, and with it that row of the Jacobian, vanishes.
# 3. The dense layer's own backward carries $\partial P / \partial a$ on to $W$ and $b$ (the sums over
#    $n$ above: $X^\top\, \partial P/\partial A$ and the column sums), exactly as it does for the
#    reconstruction loss. In full,
#    $$\frac{dP}{dW_{ji}} = \frac{2}{N} \sum_n g_{ni}^2 \big( W_{ji} + (1 - 2h_{ni})\, s_i\, x_{nj} \big).$$
#
# With matrices ($H$ the $N \times d_h$ codes, $\odot$ elementwise, broadcasting over rows):
# $G_2 = (H \odot (1 - H))^{\odot 2}$, $s = \mathbf{1}^\top (W \odot W)$,
# $\partial P/\partial A = \frac{2}{N}\, G_2 \odot (1 - 2H) \odot s$ and
# $\partial P/\partial W|_A = \frac{2}{N}\, W \odot (\mathbf{1}^\top G_2)$.

# %% [markdown]
# ## The engine's code, line by line against the derivation
#
# `losses.contractive_penalty(h, W)` builds one graph node, a `ContractivePenalty` (a `Function`), whose
# two inputs are the code's pre-activation $a$ and the kernel $W$: given the code `h` of a sigmoid
# layer, it reaches back to the sigmoid's input
# (`h.creator.inputs[0]`), so that its backward can hand $\partial P / \partial a$ to the dense layer's
# own backward (path 3). Here are its forward and backward, and the two lines that give $g$ and
# $\partial g / \partial a$ for a sigmoid code:

# %%
print(inspect.getsource(contractive._sigmoid_terms))
print(inspect.getsource(contractive.ContractivePenalty.forward))
print(inspect.getsource(contractive.ContractivePenalty.backward))

# %% [markdown]
# Read against the derivation:
#
# | line | is |
# | --- | --- |
# | `g = h * (1 - h)`, `(1 - 2 * h) * g` | $g = \partial h / \partial a = h(1-h)$ and $\partial g / \partial a = (1 - 2h)\,g$ (gradient, step 2) |
# | `self.g2 = self.g * self.g` | $g_{ni}^2$, an $N \times d_h$ array |
# | `self.s = (W * W).sum(axis=0)` | $s_i = \sum_j W_{ji}^2$: a **column** sum, because our $W$ is (inputs, units) |
# | `reduce((self.g2 * self.s).sum(axis=1), ...)` | $P_n = \sum_i g_{ni}^2 s_i$ per example, then the mean over the batch: $P$ |
# | `w = upstream(gy, self.reduction, N)` | $w_n = \partial L / \partial P_n$: the incoming gradient times $1/N$ for the mean |
# | `ga = (2 * w_col) * self.g * self.dg_da * self.s` | $\frac{2}{N} g\,(1-2h)\,g\,s = \frac{2}{N} g^2 (1-2h)\, s$: $\partial P / \partial a$ (step 2) |
# | `weighted_g2 = self.g2.sum(axis=0) * w` | $\frac{1}{N}\sum_n g_{ni}^2$, one number per unit |
# | `gW = (2 * self.W) * weighted_g2` | $\frac{2}{N} W_{ji} \sum_n g_{ni}^2$: the direct path (step 1) |
#
# Nothing in it computes the $x_{nj}$ term of the full $dP/dW$: that is path 3, done by the dense
# layer's backward ($X^\top\, \partial P / \partial A$), which autograd adds to `gW` because $W$ is
# an input of both nodes. The forward costs $O(d_x d_h + N d_h)$; the Jacobian is never formed.

# %% [markdown]
# ## Checking the value and the gradient
#
# Three checks on a small encoder in float64 (12 inputs, 5 code units, 4 examples, random weights),
# where finite differences are accurate to about $10^{-9}$:
#
# 1. the value against the definition: `ta.jacobian` builds $J_f(x_n)$ column by column by central
#    differences, $J_{:,j} \approx (f(x + \epsilon e_j) - f(x - \epsilon e_j)) / 2\epsilon$, and we sum
#    its squared entries, example by example (`reduction="none"` gives the penalty per example);
# 2. the gradient with respect to everything the penalty depends on ($x$, $W$, $b$), through the
#    whole encoder, against central differences: `ta.gradcheck`;
# 3. the last line of the derivation, $\frac{dP}{dW_{ji}} = \frac{2}{N} \sum_n g_{ni}^2 (W_{ji} + (1 -
#    2h_{ni})\, s_i\, x_{nj})$, written out with arrays, against the gradient autograd assembles from
#    the two paths.

# %%
def float64(*shape, scale=1.0):
    return ta.tensor(scale * ta.randn(*shape).numpy(), dtype="float64")


x_small, W_small, b_small = float64(4, 12), float64(12, 5, scale=0.5), float64(5, scale=0.5)


def small_encoder(x):
    return ops.sigmoid(ops.linear(x, W_small, b_small))


closed_form = losses.contractive_penalty(small_encoder(x_small), W_small, reduction="none").numpy()
by_differences = [float((ta.jacobian(small_encoder, x_small[n:n + 1]) ** 2).sum()) for n in range(4)]
print("||J_f(x_n)||_F^2, closed form:        ", " ".join(f"{v:.10f}" for v in closed_form))
print("||J_f(x_n)||_F^2, finite differences: ", " ".join(f"{v:.10f}" for v in by_differences))
value_error = max(abs(c - d) / d for c, d in zip(closed_form, by_differences))
print(f"largest relative difference: {value_error:.1e}")

# %%
gradcheck_passed = ta.gradcheck(
    lambda x, W, b: losses.contractive_penalty(ops.sigmoid(ops.linear(x, W, b)), W), x_small, W_small, b_small)
print(f"ta.gradcheck of the penalty with respect to x, W and b: {'passed' if gradcheck_passed else 'FAILED'}")

# %%
W_small.requires_grad = True
losses.contractive_penalty(small_encoder(x_small), W_small).backward()
with ta.no_grad():
    h = small_encoder(x_small)
    g2 = (h * (1 - h)) ** 2
    s = (W_small * W_small).sum(axis=0)
    dP_dW = 2 / len(h) * (W_small * g2.sum(axis=0) + x_small.T @ (g2 * (1 - 2 * h) * s))
formula_error = float(abs(W_small.grad - dP_dW.data).max())
W_small.requires_grad, W_small.grad = False, None
print(f"dP/dW written out vs autograd's two paths: largest difference {formula_error:.1e}")

# %% [markdown]
# ## What generic autograd would cost
#
# The engine could have left the gradient to autograd: write the closed form with elementary
# operations (`*`, `-`, `.sum`) and let every node differentiate itself. Or, more generically still,
# form the Jacobian of every example, $J = \mathrm{diag}(g)\, W^\top$ of shape $N \times d_h \times
# d_x$, and sum its squares, as the definition reads. (The most generic way of all, differentiating
# autograd's own backward pass to get the Jacobian and then differentiating that again, needs
# higher-order gradients, which tinyae does not have.) All three give the same number and the same
# gradient; we time one forward and backward pass of the encoder with each penalty, on a batch of 256
# training images with the chapter's 784-32 sigmoid encoder, and the encoder alone for reference.
#
# First the data, as in the vanilla autoencoder (lesson 03): pixels scaled to $[0, 1]$, images
# flattened to rows of 784.

# %%
(x_train, _), (x_test, _) = datasets.load_mnist(normalize=None)
if QUICK:                                     # the same code on a subset
    x_train, x_test = x_train[:6000], x_test[:1000]
x_train = x_train.astype("float32") / 255
x_test = x_test.astype("float32") / 255
x_train = x_train.reshape((len(x_train), -1))
x_test = x_test.reshape((len(x_test), -1))
print(x_train.shape, x_test.shape)

# %%
encoder = nn.Dense(784, 32, activation="sigmoid")
x_batch = ta.tensor(x_train[:256])


def hand_derived():                  # the engine's Function, backward by hand
    return losses.contractive_penalty(encoder(x_batch), encoder.W)


def elementary_ops():                # the same closed form, differentiated by autograd
    h = encoder(x_batch)
    g = h * (1 - h)
    return ((g * g) * (encoder.W * encoder.W).sum(axis=0)).sum() / len(h)


def whole_jacobian():                # J = diag(g) W^T for every example, (N, 32, 784), then its squares
    h = encoder(x_batch)
    g = h * (1 - h)
    J = g.reshape(len(h), 32, 1) * encoder.W.T.reshape(1, 32, 784)
    return (J * J).sum() / len(h)


def encoder_alone():                 # for reference: no penalty at all
    return encoder(x_batch).sum()


routes = {"hand-derived backward": hand_derived, "elementary ops + autograd": elementary_ops,
          "whole Jacobian + autograd": whole_jacobian, "(the encoder alone)": encoder_alone}
repeats = 3 if QUICK else 20
timings, values, gradients = {}, {}, {}
for name, route in routes.items():
    encoder.zero_grad()
    penalty = route()
    penalty.backward()
    values[name], gradients[name] = penalty.item(), (encoder.W.grad.copy(), encoder.b.grad.copy())
    start = time.perf_counter()
    for _ in range(repeats):
        encoder.zero_grad()
        route().backward()
    timings[name] = (time.perf_counter() - start) / repeats * 1000

reference = gradients["hand-derived backward"]
print(f"{'route':<27} {'penalty':>10} {'max |dW - dW_hand|':>19} {'max |db - db_hand|':>19} {'ms per step':>12}")
for name in routes:
    dW, db = gradients[name]
    if name == "(the encoder alone)":
        penalty, diff_W, diff_b = "-", "-", "-"
    else:
        penalty = f"{values[name]:.6f}"
        diff_W, diff_b = f"{float(abs(dW - reference[0]).max()):.1e}", f"{float(abs(db - reference[1]).max()):.1e}"
    print(f"{name:<27} {penalty:>10} {diff_W:>19} {diff_b:>19} {timings[name]:>12.2f}")
print(f"largest gradient entry (hand-derived): dW {float(abs(reference[0]).max()):.2e}, db {float(abs(reference[1]).max()):.2e}")
print(f"the whole Jacobian of the batch holds {256 * 32 * 784:,} numbers ({256 * 32 * 784 * 4 / 2**20:.1f} MiB in float32)")

# %% [markdown]
# The closed form is what makes the penalty cheap: with it, the penalty costs a few element-wise
# operations on $N \times 32$ arrays, next to the matrix product of the encoder itself; forming the
# Jacobian multiplies the work and the memory by $d_x = 784$ (about a hundred times the encoder's own
# step in our runs). Elementary ops plus autograd cost more than the hand-derived node (in our runs
# they added 60% to 120% to the encoder's step, the hand-derived penalty 10% to 20%): the
# hand-written `Function` is one node instead of about ten, and keeps two $N \times 32$ arrays
# instead of every intermediate. Both are cheap next to the whole Jacobian; the other gain of deriving
# the gradient by hand is that you know what it does (the two paths above). (The gradients agree to
# float32 rounding, about $10^{-7}$ of their size; the times are on whatever machine runs the lesson,
# and `lessons/RESULTS.md` says what they were on ours.)

# %% [markdown]
# ## 定义收缩损失: the chapter's code, and what is wrong with it
#
# 002 builds the loss in five lines and then prints the whole function:
#
# ```python
# def contractive_loss(y_pred, y_true):
#     lamda = 1e-4
#     MSE = K.mean(K.square(y_true - y_pred), axis=1)
#     weights = K.variable(value=model.get_layer('encoder_layer').get_weights()[0])
#     weights = K.transpose(weights)
#     h = model.get_layer('encoder_layer').output
#     penalty_term = K.sum(((h * (1 - h))**2) * K.sum(weights**2, axis=1), axis=1)
#     Loss = MSE + (lambda * penalty_term)
#     return Loss
# ```
#
# The formula in `penalty_term` is right (it is the closed form above, per example, with the
# transpose taking care of the layout). The code around it has five problems:
#
# 1. **`lambda` is a Python keyword.** The constant is spelled `lamda` where it is set and `lambda`
#    where it is used; `lambda * penalty_term` does not parse, so the file is a `SyntaxError` before
#    anything runs. (The companion notebook calls it `lm` and runs.) The cell below hands the
#    chapter's function to Python's parser to show it.
# 2. **The arguments are reversed.** Keras calls a loss as `loss(y_true, y_pred)`; the chapter's
#    signature `(y_pred, y_true)` names them the other way round. The mean squared error is symmetric,
#    so here it does no harm, but the same mistake with the cross-entropy of the vanilla autoencoder
#    (which 10.11 says this loss replaces) would take the logarithm of the *input* pixels.
# 3. **`K.variable(value=...get_weights()[0])` freezes a copy of the initial weights.** `get_weights()`
#    returns a NumPy copy of the kernel at the moment the loss is built, i.e. at `compile()`, before
#    training; `K.variable` makes a new variable of it that is not the layer's kernel and is not
#    trained. The penalty then measures the code's slope with the *initial* $W$ forever: its
#    gradient reaches the encoder only through $h$ (path 2 above), never through $s_i$ (path 1), and
#    the number it reports is not $\lVert J_f \rVert_F^2$ of the network being trained. We train this
#    version too and measure what it does.
# 4. **It needs TensorFlow 1's graph mode.** `model.get_layer('encoder_layer').output` is a symbolic
#    tensor of the model's graph; inside a loss function that only works when the whole model is one
#    static graph (TF1, or `tf.compat.v1` with eager execution off). Under TensorFlow 2 the loss gets
#    concrete batches, the symbolic `h` cannot be evaluated with them, and the recipe fails. The
#    Keras 2/TF 2 way is `add_loss` (or a custom `train_step`); in tinyae the penalty reads the code
#    of the very forward pass that produced the reconstruction.
# 5. **The formula holds for a sigmoid code only.** $h(1-h)$ is the sigmoid's slope. 002 says so
#    ("假设我们使用 sigmoid 激活函数"), but a learner who swaps in the vanilla autoencoder's ReLU code
#    (or a tanh) gets a number that is not the Jacobian norm at all. The forms for tanh and ReLU are
#    derived near the end.
#
# A smaller point: the penalty is summed over the 32 code units per example while `MSE` is a *mean*
# over the 784 pixels, so $\lambda = 10^{-4}$ is relative to a per-pixel error. With the companion
# notebook's $\lVert X - \hat X \rVert_2^2$ (a sum over pixels) the same $\lambda$ would weigh the
# penalty 784 times less. We keep the code's version: `losses.mse` is the mean over pixels and batch,
# `losses.contractive_penalty` the mean over the batch of the per-example sum.

# %% [markdown]
# **Problem 1**, shown: Python's own parser on the chapter's function, then on the companion notebook's
# version (`lm`).

# %%
chapter_code = '''
def contractive_loss(y_pred, y_true):
    lamda = 1e-4
    MSE = K.mean(K.square(y_true - y_pred), axis=1)
    weights = K.variable(value=model.get_layer('encoder_layer').get_weights()[0])
    weights = K.transpose(weights)
    h = model.get_layer('encoder_layer').output
    penalty_term = K.sum(((h * (1 - h))**2) * K.sum(weights**2, axis=1), axis=1)
    Loss = MSE + (lambda * penalty_term)
    return Loss
'''
try:
    compile(chapter_code, "002_contractive_loss", "exec")
    syntax_error = None
except SyntaxError as error:
    syntax_error = f"{error.msg} (line {error.lineno}: {error.text.strip()})"
    print(f"the chapter's code: SyntaxError: {syntax_error}")
companion_code = chapter_code.replace("lamda = ", "lm = ").replace("(lambda * ", "(lm * ")
compile(companion_code, "10.11_contractive_loss", "exec")
print("the companion notebook's code (lm): parses")

# %% [markdown]
# **Problem 2**, measured: with a stand-in prediction (the mean training image for every test digit),
# the mean squared error does not care which argument is which; the cross-entropy does.

# %%
x_true = ta.tensor(x_test[:256])
x_pred = ta.tensor(x_train.mean(axis=0, keepdims=True).repeat(256, axis=0))
print(f"mean squared error:   {losses.mse(x_pred, x_true).item():.6f} in the right order, "
      f"{losses.mse(x_true, x_pred).item():.6f} with the arguments swapped")
print(f"binary cross-entropy: {losses.binary_crossentropy(x_pred, x_true).item():.6f} in the right order, "
      f"{losses.binary_crossentropy(x_true, x_pred).item():.6f} with the arguments swapped")

# %% [markdown]
# ## 实现收缩自编码器: the settings, and where each one comes from
#
# 002: "建立收缩自编码器与建立普通自编码器几乎相同，只是在模型中使用了收缩损失正则化器" — building it is
# almost the same as building the vanilla autoencoder, only with the contractive loss; the companion
# notebook 10.11 says the same ("essentially same as vanilla autoencoders given in 10.03 except replace
# the binary cross entropy with the contractive loss") and leaves the training as an exercise. So
# nobody has printed a number for this model; this lesson reports its own. What the chapter fixes:
#
# | setting | value | from |
# | --- | --- | --- |
# | code | Dense(784 -> 32), **sigmoid**, named `encoder_layer` | 002 ("假设我们使用 sigmoid 激活函数", `get_layer('encoder_layer')`), 32 as in 10.03 |
# | decoder | Dense(32 -> 784), sigmoid | 10.03 |
# | loss | mean over pixels of $(x - \hat x)^2$ + $\lambda \lVert J_f \rVert_F^2$, mean over the batch | 002's `contractive_loss` |
# | $\lambda$ | $10^{-4}$ | 002 (`lamda = 1e-4`) |
# | initialisation | Glorot-uniform kernels, zero biases | Keras's Dense defaults (10.03) |
# | optimizer, epochs, batch | Adadelta (Keras 2: lr 1.0), 50 epochs, batch 256, shuffled, test set as validation | 10.03 |
#
# **Completed literally, this recipe does not train.** The first training below is exactly that
# table. In the full run it stays on the plateau where the network outputs the average training image
# for every input: its test error ends equal to the mean image's, its code units sit at 0 or 1, and its
# Jacobian norm is tiny for the wrong reason (a code that ignores its input is perfectly
# "contractive"). Two settings are to blame, each measured by changing it alone (same code, seed 1,
# 50 epochs; the runs are in `lessons/RESULTS.md`):
#
# - *The zero output bias.* Every output starts near $\sigma(0) = 0.5$ while most pixels are 0. The
#   code units then drift to 0 or 1 and stay there: a saturated sigmoid has almost no slope, and the
#   slope carries every gradient that reaches the encoder (lesson 06 met the same trap with a tanh
#   code). Even with Adam, the zero-bias network ends with 77% of its code values saturated and a
#   test MSE of 0.035. The remedy used below: start the decoder's output bias at the logit of the
#   mean training image, $b_k = \ln(\bar x_k / (1 - \bar x_k))$ (with $\bar x_k$ clipped to
#   $[10^{-3}, 1 - 10^{-3}]$), so that the untrained network already outputs the mean image and the
#   code is left to carry the differences (Keras: `bias_initializer=Constant(...)`).
# - *Adadelta on this loss.* With the mean-image bias but Keras's Adadelta, the plain network gets
#   from 0.068 to only 0.053 in 50 epochs. The vanilla autoencoder of lesson 03 trains well with
#   Adadelta, but with a ReLU code and the cross-entropy, whose gradient at a sigmoid output's
#   pre-activation is $\hat x - x$ rather than the squared error's $2(\hat x - x)\,\hat x(1 - \hat x)$
#   (per pixel, before the mean).
#
# So the comparison below uses **Adam with Keras's defaults** (lr $10^{-3}$, $\beta$ 0.9 / 0.999,
# $\epsilon = 10^{-7}$) and the **mean-image output bias**, and keeps everything else in the table:
# 784-32-784, sigmoid code and output, Glorot kernels, MSE, $\lambda = 10^{-4}$, 50 epochs, batch
# 256. These two are our choices, not the chapter's.
#
# Beside the CAE we train, from the same initial weights and on the same batches:
#
# - the **plain autoencoder** (the same network and loss without the penalty);
# - the slides' **$\mathcal{J}_{AE+wd}$**: weight decay $\lambda \sum W^2$ on the encoder's kernel, the
#   matrix whose columns make up $s_i$, first with the same $\lambda = 10^{-4}$;
# - **002's code as written** (point 3 above): the penalty computed with a frozen copy of the initial
#   kernel;
# - in full mode also a larger $\lambda = 10^{-3}$ for the CAE and a smaller $\lambda = 10^{-5}$ for
#   weight decay, so that each penalty is seen at two strengths.

# %% [markdown]
# ## The model, and the chapter's loss fixed
#
# The network returns its reconstruction **and its code**, so that the loss can read the code of the
# very batch it reconstructs: that is what 002's `model.get_layer('encoder_layer').output` was for,
# without a symbolic graph (problem 4). The loss is Keras's `model.add_loss`, a function of the
# inputs and the outputs, returning its named terms (each is reported on the progress line, and their
# sum is minimised); `fit(x_train, None)` needs no targets. The penalty uses the encoder's **live**
# kernel `encoder.W`, the parameter being trained (problem 3), unless we ask for 002's frozen copy,
# `ta.tensor(encoder.get_weights()[0])`, which is exactly what `K.variable(value=get_weights()[0])`
# made. Weight decay is Keras's `kernel_regularizer=regularizers.l2(lam)` on the encoder, $\lambda
# \sum_{ji} W_{ji}^2$.

# %%
class Autoencoder(nn.Module):
    """784-32-784 with a sigmoid code and a sigmoid output; forward returns (reconstruction, code)."""

    def __init__(self, kernel_regularizer=None):
        self.encoder = nn.Dense(784, 32, activation="sigmoid", name="encoder_layer",
                                kernel_regularizer=kernel_regularizer)
        self.decoder = nn.Dense(32, 784, activation="sigmoid", name="decoder_layer")

    def forward(self, x):
        h = self.encoder(x)
        return self.decoder(h), h


mean_pixel = ta.tensor(x_train.mean(axis=0)).clip(1e-3, 1 - 1e-3)
mean_logit = ops.log(mean_pixel / (1 - mean_pixel)).numpy()     # sigmoid(mean_logit) = the mean image
epochs = 8 if QUICK else 50


def train(title, contractive_lam=0.0, weight_decay=0.0, frozen_kernel=False, chapter_recipe=False):
    """Build, compile and fit one autoencoder; every call starts from the same weights and batches."""
    print(title)
    ta.seed(1)
    autoencoder = Autoencoder(regularizers.l2(weight_decay) if weight_decay else None)
    model = ta.Model(autoencoder, input_shape=(784,))
    if not chapter_recipe:                                     # our choice: start at the mean image
        decoder = model.get_layer("decoder_layer")
        decoder.set_weights([decoder.get_weights()[0], mean_logit])
    encoder = model.get_layer("encoder_layer")
    kernel = ta.tensor(encoder.get_weights()[0]) if frozen_kernel else encoder.W   # 002's copy / the live W

    def contractive_loss(x, outputs):
        x_hat, h = outputs
        terms = {"mse": losses.mse(x_hat, x)}
        if contractive_lam:
            terms["contractive"] = contractive_lam * losses.contractive_penalty(h, kernel)
        return terms

    model.add_loss(contractive_loss)
    if chapter_recipe:
        model.compile(optimizer=optim.Adadelta.keras(model.parameters()))   # Keras 2: lr 1.0, rho 0.95
    else:
        model.compile(optimizer=optim.Adam.keras(model.parameters()))       # lr 1e-3, 0.9, 0.999, 1e-7
    history = model.fit(x_train, None, epochs=epochs, batch_size=256, shuffle=True,
                        validation_data=(x_test, None))
    return model, history


# %% [markdown]
# Two yardsticks for the reconstruction error: the mean training image output for every test digit
# (what a network that ignores its input can do), and the model summary (the chapter's 50,992
# parameters of lesson 03; the sigmoid code changes nothing in the count).

# %%
mean_image = x_train.mean(axis=0, keepdims=True).repeat(len(x_test), axis=0)
mean_image_mse = losses.mse(ta.tensor(mean_image), ta.tensor(x_test)).item()
print(f"test MSE of the mean training image: {mean_image_mse:.5f}")
ta.Model(Autoencoder(), input_shape=(784,)).summary()

# %% [markdown]
# ### The chapter's recipe, completed literally
#
# The CAE of 002 with the settings of the vanilla autoencoder: Glorot kernels, zero biases, Keras's
# Adadelta. Watch `val_mse` against the mean image's error above.

# %%
runs = {}
runs["002 recipe (Adadelta)"] = train("CAE, lambda 1e-4, the chapter's recipe (Adadelta, zero output bias)",
                                      contractive_lam=1e-4, chapter_recipe=True)

# %% [markdown]
# ### The plain autoencoder
#
# Adam and the mean-image output bias from here on; no penalty.

# %%
runs["plain AE"] = train("plain autoencoder (no penalty)")

# %% [markdown]
# ### The contractive autoencoder, $\lambda = 10^{-4}$ (002's value)
#
# The progress line shows the two terms: `mse` and `contractive` ($\lambda$ times the mean of
# $\lVert J_f(x) \rVert_F^2$ over the batch), and `loss`, their sum.

# %%
runs["CAE 1e-4"] = train("contractive autoencoder, lambda 1e-4", contractive_lam=1e-4)

# %% [markdown]
# ### 002's code as written: the penalty with a frozen copy of the initial kernel

# %%
runs["CAE 1e-4, frozen W (002)"] = train("contractive autoencoder, lambda 1e-4, penalty with 002's frozen copy of W",
                                         contractive_lam=1e-4, frozen_kernel=True)

# %% [markdown]
# ### The slides' $\mathcal{J}_{AE+wd}$: weight decay on the encoder, $\lambda = 10^{-4}$

# %%
runs["AE+wd 1e-4"] = train("autoencoder with weight decay on the encoder, lambda 1e-4", weight_decay=1e-4)

# %% [markdown]
# ### Each penalty at a second strength (full mode only)
#
# A stronger contractive penalty, $\lambda = 10^{-3}$, and a weaker weight decay, $\lambda = 10^{-5}$.

# %%
if not QUICK:
    runs["CAE 1e-3"] = train("contractive autoencoder, lambda 1e-3", contractive_lam=1e-3)
    runs["AE+wd 1e-5"] = train("autoencoder with weight decay on the encoder, lambda 1e-5", weight_decay=1e-5)

# %% [markdown]
# ## What the penalty buys
#
# For every model, on the test images:
#
# - **test MSE**: the reconstruction error (the penalty's price, if any);
# - **$\lVert J \rVert_F^2$**: the mean over the test images of $\lVert J_f(x) \rVert_F^2$, the
#   penalty itself, measured whether or not the model was trained with it (for 002's frozen version
#   this is the norm of its *real* Jacobian, not the number its loss saw);
# - **code change**: add Gaussian noise $\delta \sim \mathcal{N}(0, \sigma^2 I)$ to every pixel (no
#   clipping) and measure the root-mean-square change of the code,
#   $\sqrt{\mathbb{E}\lVert f(x + \delta) - f(x) \rVert^2}$, divided by $\sigma$. For small $\sigma$ it
#   should equal $\sqrt{\mathbb{E}\lVert J_f(x) \rVert_F^2}$ (the linear prediction, "pred." below);
#   for larger $\sigma$ the sigmoid's curvature takes over;
# - **code spread**: how far the codes of different test images lie from their mean,
#   $\sqrt{\mathbb{E}\lVert h - \bar h \rVert^2}$. A code can be insensitive to noise just because it
#   hardly varies at all; the ratio of noise sensitivity to spread says whether the signal shrank
#   with it;
# - **saturated**: the share of code values below 0.05 or above 0.95.

# %%
noise_levels = [0.01, 0.03, 0.1, 0.3]


def measure(model):
    x_hat, h = model.predict(x_test, batch_size=1000)
    encoder = model.get_layer("encoder_layer")
    x = ta.tensor(x_test)
    with ta.no_grad():
        codes = ta.tensor(h)
        jacobian_norms = losses.contractive_penalty(codes, encoder.W, reduction="none")
        changes = []
        for sigma in noise_levels:
            moved = encoder(x + sigma * ta.randn(*x_test.shape)) - codes
            changes.append(((moved * moved).sum(axis=1).mean().item()) ** 0.5 / sigma)
        centred = codes - codes.mean(axis=0)
        return {
            "test_mse": losses.mse(ta.tensor(x_hat), x).item(),
            "jacobian_norm": jacobian_norms.mean().item(),
            "code_change": changes,
            "code_spread": (centred * centred).sum(axis=1).mean().item() ** 0.5,
            "saturated": float(((h < 0.05) | (h > 0.95)).mean()),
            "x_hat": x_hat[:8],
            "codes": h,
        }


ta.seed(2)
measured = {name: measure(model) for name, (model, _) in runs.items()}
print(f"{'model':<26} {'test MSE':>9} {'||J||^2':>8} {'code change / sigma at sigma =':>36} {'pred.':>6} "
      f"{'spread':>7} {'change/spread':>13} {'saturated':>9}")
print(f"{'':<26} {'':>9} {'':>8} " + " ".join(f"{s:>8}" for s in noise_levels) + f" {'':>6} {'':>7} {'':>13}")
for name, m in measured.items():
    print(f"{name:<26} {m['test_mse']:>9.5f} {m['jacobian_norm']:>8.3f} "
          + " ".join(f"{c:>8.3f}" for c in m["code_change"])
          + f" {m['jacobian_norm'] ** 0.5:>6.3f} {m['code_spread']:>7.3f} {m['code_change'][0] / m['code_spread']:>13.3f}"
          + f" {100 * m['saturated']:>8.1f}%")
print(f"{'mean image':<26} {mean_image_mse:>9.5f}")

# %% [markdown]
# The closed form on the trained contractive autoencoder, against `ta.jacobian` on three test images
# (its weights copied to float64):

# %%
cae = runs["CAE 1e-4"][0].get_layer("encoder_layer")
W64, b64 = (ta.tensor(w, dtype="float64") for w in cae.get_weights())


def cae_encoder(x):
    return ops.sigmoid(ops.linear(x, W64, b64))


trained_error = 0.0
for n in range(3):
    x_n = ta.tensor(x_test[n:n + 1], dtype="float64")
    closed = losses.contractive_penalty(cae_encoder(x_n), W64).item()
    numeric = float((ta.jacobian(cae_encoder, x_n) ** 2).sum())
    trained_error = max(trained_error, abs(closed - numeric) / numeric)
    print(f"test image {n}: closed form {closed:.8f}, finite differences {numeric:.8f}")
print(f"largest relative difference: {trained_error:.1e}")

# %% [markdown]
# ### Which directions stay sensitive: the singular values of $J_f(x)$
#
# $\lVert J \rVert_F^2$ is the sum of the squared singular values of $J_f(x) = \mathrm{diag}(g)\,
# W^\top$ (32 of them). Rifai et al.'s picture of a contractive code is a Jacobian that keeps a few
# large singular values (directions along the data, which the code must follow to reconstruct) and
# shrinks the rest. We compute them from $J J^\top = \mathrm{diag}(g)\, W^\top W\, \mathrm{diag}(g)$,
# a $32 \times 32$ matrix per image, and average the sorted values over the test images.

# %%
xp = backend.xp
spectra = {}
for name, (model, _) in runs.items():
    W = model.get_layer("encoder_layer").W.data
    g = backend.to_backend(measured[name]["codes"])
    g = g * (1 - g)
    JJt = g[:, :, None] * (W.T @ W)[None, :, :] * g[:, None, :]
    singular = xp.sqrt(xp.clip(xp.linalg.eigvalsh(JJt), 0, None))[:, ::-1]      # largest first
    spectra[name] = backend.to_numpy(singular.mean(axis=0))

fig = plot.new_figure(figsize=(7, 4.5))
ax = fig.add_subplot(1, 1, 1)
for name, singular_values in spectra.items():
    ax.semilogy(range(1, 33), singular_values, marker=".", label=name)
ax.set_xlabel("singular value number (largest first)")
ax.set_ylabel("mean singular value of J_f(x), test images")
ax.set_title("Sensitivity of the code, direction by direction")
ax.legend(fontsize=8)
fig = plot.finish(fig, out / "jacobian_spectrum.png")

# %% [markdown]
# ### Code change against noise level, and reconstruction against contraction

# %%
fig = plot.new_figure(figsize=(12, 4.5))
ax = fig.add_subplot(1, 2, 1)
for name, m in measured.items():
    line, = ax.loglog(noise_levels, m["code_change"], marker="o", label=name)
    ax.axhline(m["jacobian_norm"] ** 0.5, color=line.get_color(), linestyle=":", linewidth=1)
ax.set_xlabel("noise sigma per pixel")
ax.set_ylabel("RMS code change / sigma")
ax.set_title("Code change per unit of noise (dotted: sqrt(mean ||J||^2))")
ax.legend(fontsize=7)
ax = fig.add_subplot(1, 2, 2)
for name, m in measured.items():
    ax.scatter(m["jacobian_norm"], m["test_mse"], label=name)
ax.axhline(mean_image_mse, color="grey", linestyle="--", linewidth=1)
ax.text(1, mean_image_mse, "mean image", fontsize=7, va="bottom", transform=ax.get_yaxis_transform(), ha="right")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("mean ||J_f(x)||_F^2 on the test images")
ax.set_ylabel("test MSE")
ax.set_title("Reconstruction against contraction")
ax.legend(fontsize=7)
fig = plot.finish(fig, out / "noise_and_tradeoff.png")

# %% [markdown]
# The first eight test digits through the chapter's recipe, the plain autoencoder, the CAE and the
# weight-decay autoencoder (one grey scale, black 0, white 1):

# %%
shown = ["002 recipe (Adadelta)", "plain AE", "CAE 1e-4", "AE+wd 1e-4"]
fig = plot.image_grid([x_test[:8]] + [measured[name]["x_hat"] for name in shown],
                      row_titles=["original"] + shown, path=out / "reconstructions.png")

# %% [markdown]
# ## What the full run shows
#
# The numbers quoted here are those the full run printed (`lessons/RESULTS.md` has the whole table
# and the run's details; quick mode trains far too briefly for them).
#
# - **The chapter's recipe, completed literally, learns nothing.** Its test MSE ends at 0.0678,
#   the mean image's 0.0675; 98% of its code values sit below 0.05 or above 0.95, and its codes
#   barely differ between digits (spread 0.08 against 1.0 to 1.5 for the trained models). Its
#   Jacobian norm (0.02) is the smallest of all: a code that ignores its input is perfectly
#   contractive, which is why the penalty alone says nothing about a model.
# - **The CAE buys a 3.6 times smaller Jacobian norm for free.** Plain autoencoder: test MSE
#   0.01145, $\lVert J \rVert_F^2$ 9.68; CAE with 002's $\lambda = 10^{-4}$: 0.01139 and 2.66. The
#   code moves about half as much under small noise (1.64 against 3.10 per unit of $\sigma$) while
#   it varies between digits almost as much as before (spread 1.44 against 1.49), so the noise
#   sensitivity *relative to the signal* halves (1.13 against 2.08). The plain network's extra
#   sensitivity was doing nothing for its reconstructions.
# - **The measured code change is the Jacobian's prediction.** For every model the root-mean-square
#   change of the code per unit of $\sigma$ equals $\sqrt{\mathbb{E}\lVert J \rVert_F^2}$ to within
#   2% for $\sigma$ up to 0.1; at $\sigma = 0.3$ the sigmoids' curvature starts to count (the trained
#   models' codes move up to 6% less than predicted): the penalty is a statement about small
#   perturbations, as 003 says.
# - **002's code as written contracts nothing.** With the frozen copy of the initial kernel, the
#   trained network's Jacobian norm (9.82) is the plain one's (9.68), while the penalty its loss
#   reported at the end was $10^{-4} \times 2.21$: the copy's column norms $s_i$ stay at their Glorot
#   start while the real ones grow, so the loss watched a number four times smaller than the real
#   one and pushed only through $h$.
# - **Weight decay does much the same here.** The slides set $\mathcal{J}_{CAE}$ beside
#   $\mathcal{J}_{AE+wd}$ for a reason: with $\lambda = 10^{-5}$, weight decay on the encoder reaches
#   $\lVert J \rVert_F^2$ 2.13 at test MSE 0.01130, as good a pair as the CAE's (2.66, 0.01139); with
#   $\lambda = 10^{-4}$ it contracts further (1.03) at a 5% higher error (0.01198) and with codes that
#   vary less (spread 1.05), and the CAE at $\lambda = 10^{-3}$ lies between (1.53, 0.01143). The
#   differences in test MSE are small: with seeds 2 and 3 the plain autoencoder ended at 0.01140 and
#   0.01142 and the CAE at 0.01132 and 0.01135 (`lessons/RESULTS.md`), so the CAE's 0.5% lower error
#   held in all three seeds, and its Jacobian norm was 3.5 to 3.6 times smaller each time. The
#   singular values of $J$ tell the same story: both penalties lower the whole spectrum, and the CAE's
#   falls off no more sharply than weight decay's. One reading of why they behave alike here is in the
#   derivation: the contractive penalty is itself a weight decay on each unit's column, weighted by how
#   unsaturated that unit is on the data ($\frac{1}{N}\sum_n g_{ni}^2$); its own mechanism, pushing
#   units into saturation where the data does not need them (path 2), has little room in a 32-unit
#   code that must carry the whole digit, and indeed only 1.8% of the CAE's code values are
#   saturated (2.7% for the plain autoencoder). Rifai et al.'s experiments used much wider codes than 32 units.

# %% [markdown]
# ## Other codes: tanh and ReLU
#
# Step 1 of the derivation used only $\partial h_i / \partial x_j = \phi'(a_i) W_{ji}$ for the code's
# activation $\phi$; the sigmoid came in through $\phi' = h(1-h)$. In general
#
# $$\lVert J_f(x) \rVert_F^2 = \sum_i \phi'(a_i)^2\, s_i, \qquad
#   \frac{\partial P}{\partial a_{ni}} = \frac{2}{N}\, \phi'(a_{ni})\, \phi''(a_{ni})\, s_i, \qquad
#   \frac{\partial P}{\partial W_{ji}}\Big|_a = \frac{2}{N}\, W_{ji} \sum_n \phi'(a_{ni})^2 .$$
#
# | code | $\phi'(a)$ from the output $h$ | $\lVert J_f \rVert_F^2$ | $\partial P / \partial a$ (one example) |
# | --- | --- | --- | --- |
# | sigmoid | $h(1-h)$ | $\sum_i (h_i(1-h_i))^2 s_i$ | $2\,(h(1-h))^2 (1-2h)\, s$ |
# | tanh | $1-h^2$ | $\sum_i (1-h_i^2)^2 s_i$ | $-4h\,(1-h^2)^2\, s$ |
# | ReLU | $\mathbb{1}[a > 0]$ | $\sum_{i:\,a_i > 0} s_i$ | $0$ (almost everywhere) |
#
# (tanh: $\phi'' = -2h(1-h^2)$. ReLU: $\phi'' = 0$ away from 0.) The ReLU row is worth a second look:
# for a ReLU code the contractive penalty is **weight decay restricted to the units that fire** for
# this input, and it has no way to push a unit towards a flat region except by switching it off.
# Putting a tanh or ReLU code into the sigmoid formula gives a different number, and the cell below
# measures how different against the finite-difference Jacobian.

# %%
codes_by_activation = {"sigmoid": ops.sigmoid, "tanh": ops.tanh, "relu": ops.relu}
form_errors, sigmoid_formula_errors = {}, {}
print(f"{'code':<8} {'finite differences':>19} {'its own formula':>16} {'the sigmoid formula':>20}  gradcheck")
for activation, act in codes_by_activation.items():
    def code_layer(x, W=W_small, b=b_small, act=act):
        return act(ops.linear(x, W, b))

    numeric = sum(float((ta.jacobian(code_layer, x_small[n:n + 1]) ** 2).sum()) for n in range(4)) / 4
    own = losses.contractive_penalty(code_layer(x_small), W_small, activation=activation).item()
    with ta.no_grad():           # the sigmoid formula applied to whatever code this is
        as_if_sigmoid = losses.contractive_penalty(code_layer(x_small), W_small, activation="sigmoid").item()
    passed = ta.gradcheck(lambda x, W, b: losses.contractive_penalty(code_layer(x, W, b), W, activation=activation),
                          x_small, W_small, b_small)
    form_errors[activation] = abs(own - numeric) / numeric
    sigmoid_formula_errors[activation] = abs(as_if_sigmoid - numeric) / numeric
    print(f"{activation:<8} {numeric:>19.8f} {own:>16.8f} {as_if_sigmoid:>20.8f}  {'passed' if passed else 'FAILED'}")

# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 12` prints at the end (and `lessons.run("12")` returns); the lists
# follow `models`.

# %%
names = list(measured)
results = {
    "value_vs_jacobian_rel_error": value_error,
    "gradcheck_passed": gradcheck_passed,
    "dP_dW_formula_max_error": formula_error,
    "generic_value_max_diff": max(abs(values[name] - values["hand-derived backward"]) for name in list(routes)[:3]),
    "generic_grad_max_diff": max(float(abs(gradients[name][0] - reference[0]).max()) for name in list(routes)[:3]),
    "ms_hand_derived": timings["hand-derived backward"],
    "ms_elementary_ops": timings["elementary ops + autograd"],
    "ms_whole_jacobian": timings["whole Jacobian + autograd"],
    "ms_encoder_alone": timings["(the encoder alone)"],
    "chapter_syntax_error": syntax_error,
    "epochs": epochs,
    "mean_image_mse": mean_image_mse,
    "models": names,
    "first_val_mse": [runs[name][1].history["val_mse"][0] for name in names],
    "test_mse": [measured[name]["test_mse"] for name in names],
    "jacobian_norm": [measured[name]["jacobian_norm"] for name in names],
    "code_change_small_noise": [measured[name]["code_change"][0] for name in names],
    "code_change_sigma_0.1": [measured[name]["code_change"][2] for name in names],
    "code_spread": [measured[name]["code_spread"] for name in names],
    "saturated": [measured[name]["saturated"] for name in names],
    "trained_cae_vs_jacobian_rel_error": trained_error,
    "activation_forms_rel_error": [form_errors[a] for a in codes_by_activation],
    "sigmoid_formula_on_other_codes_rel_error": [sigmoid_formula_errors[a] for a in ("tanh", "relu")],
    "figures": [str(out / name) for name in ("jacobian_spectrum.png", "noise_and_tradeoff.png", "reconstructions.png")],
}
results
