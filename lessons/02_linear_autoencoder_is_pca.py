# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown]
# # A linear autoencoder is PCA (用不完整的线性自编码器执行 PCA)
#
# **Source:** `001_87a57b6fafe523e2.txt` (the slides; `000_c436e5a38361a603.txt` is the same deck),
# section **用不完整的线性自编码器执行 PCA**, and the notes `003_64f298b3fff70d7b.txt`, section
# 不完全自编码器. The slides state it in one line:
#
# > 如果自编码器仅使用线性激活并且损失函数是均方误差（MSE），它会最终执行主成分分析。
# > (If an autoencoder uses only linear activations and the MSE loss, it ends up performing PCA.)
#
# and the 003 notes say the same: 如果我们要构建一个线性网络（即在每一层不使用非线性激活函数），
# 我们将观察到与 PCA 中观察到的类似的降维 (a network without nonlinear activations reduces
# dimension like PCA), while a nonlinear autoencoder can learn curved manifolds that PCA's
# hyperplanes cannot. This lesson checks the claim, and makes it precise.
#
# Run it: `python -m lessons 02` (all 60,000 MNIST training images) or `python -m lessons 02 --quick`
# (the same code on 10,000 training and 2,000 test images: a few seconds); in Jupyter, run the
# cells one by one (`QUICK = True` in the first cell, or `TINYAE_QUICK=1`).
#
# Two parts: **(a)** the slides' picture, 3-D points near a plane coded in 2-D by a 3-2-3 linear
# autoencoder; **(b)** MNIST, where a 784-16-784 linear autoencoder is compared with PCA computed
# by the SVD: the same subspace, (almost) the same error, but not the same basis.

# %% tags=["parameters"]
import os

QUICK = os.environ.get("TINYAE_QUICK", "0") == "1"    # the same code on a subset, in seconds
BACKEND = os.environ.get("TINYAE_BACKEND", "numpy")   # "numpy" or "cupy"
OUT = os.environ.get("TINYAE_OUT", "lesson_output/02_linear_autoencoder_is_pca")   # figures and files

# %%
import tinyae as ta
from tinyae import backend, datasets, losses, nn, optim, plot

import lessons

out = lessons.prepare(BACKEND, OUT, seed=0)

# %% [markdown]
# ## The model: an undercomplete linear autoencoder (不完整的线性自编码器)
#
# "Undercomplete" means the code is smaller than the input ($k < n$), "linear" means no activation
# at all. Encoder and decoder are one Dense layer each:
#
# $$h = x W_1 + b_1 \in \mathbb{R}^k, \qquad \hat x = h W_2 + b_2 \in \mathbb{R}^n, \qquad
#   W_1 \in \mathbb{R}^{n \times k},\ W_2 \in \mathbb{R}^{k \times n},$$
#
# trained on the mean squared error $\frac{1}{Nn} \sum_{i=1}^{N} \lVert x_i - \hat x_i \rVert^2$.
# Whatever the weights, $\hat x = x\,W_1 W_2 + (b_1 W_2 + b_2)$ is an affine map of rank at most
# $k$: the reconstructions all lie in a $k$-dimensional (affine) subspace, spanned by the $k$
# rows of $W_2$. The weights start as Keras's (Glorot-uniform $W$, zero $b$).


# %%
def build_linear_autoencoder(n_inputs, n_codings):
    return nn.Sequential(
        nn.Dense(n_inputs, n_codings),    # encoder: h = x W1 + b1, no activation
        nn.Dense(n_codings, n_inputs),    # decoder: x_hat = h W2 + b2, no activation
    )


# %% [markdown]
# ## (a) The slides' picture: 3-D points near a plane, coded in 2-D
#
# The slides show the picture but no code. Their text is a translation of the autoencoder chapter
# of Géron's *Hands-On Machine Learning* (1st edition, chapter 15), whose code for this picture
# is: 200 points near the plane $x_3 = 0.1 x_1 + 0.3 x_2$ (`datasets.points_near_plane`; Géron
# seeds NumPy's legacy generator with 4, we seed tinyae's generator with 4, so the points differ
# but the cloud is the same), the first 100 standardised with scikit-learn's `StandardScaler`
# (mean 0 and population standard deviation 1 per coordinate, fitted on the training half), a
# 3-2-3 linear autoencoder, MSE, TensorFlow 1's `AdamOptimizer(0.01)` and 1000 iterations on the
# whole training half at once; then the codes of the other 100 points.
#
# TensorFlow 1's Adam is the Keras-flavour update with $\epsilon = 10^{-8}$:
# $\theta \leftarrow \theta - \eta \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}
# \frac{m_t}{\sqrt{v_t} + \epsilon}$, $\eta = 0.01$, $\beta_1 = 0.9$, $\beta_2 = 0.999$.


# %%
data = datasets.points_near_plane(m=200, w1=0.1, w2=0.3, noise=0.1, rng=backend.new_rng(4))
x3_train, x3_test = data[:100], data[100:]
scaler_mean, scaler_std = x3_train.mean(axis=0), x3_train.std(axis=0)   # StandardScaler().fit(x3_train)
x3_train, x3_test = (x3_train - scaler_mean) / scaler_std, (x3_test - scaler_mean) / scaler_std

model_3d = ta.Model(build_linear_autoencoder(3, 2))
model_3d.compile(optim.Adam.keras(model_3d.parameters(), lr=0.01, epsilon=1e-8), losses.mse)
history_3d = model_3d.fit(x3_train, x3_train, epochs=1000, batch_size=len(x3_train), shuffle=False, verbose=0)
print(f"3-D points: training MSE {history_3d.history['loss'][0]:.4f} before the first iteration, "
      f"{history_3d.history['loss'][-1]:.6f} before the last")

# %% [markdown]
# ## PCA by the SVD, and how to compare two subspaces
#
# PCA centres the data, $X_c = X - \mathbf{1}\mu^\top$ (one example per row), and takes its
# singular value decomposition $X_c = U \Sigma V^\top$, $\sigma_1 \ge \sigma_2 \ge \dots$. The
# principal components are the columns $v_1, v_2, \dots$ of $V$ (the rows of `vt`), the variance
# along $v_i$ is $\lambda_i = \sigma_i^2 / N$, and PCA with $k$ components reconstructs
# $\hat x = \mu + (x - \mu) V_k V_k^\top$.
#
# Two $k$-dimensional subspaces are compared by their **principal angles**
# $0 \le \theta_1 \le \dots \le \theta_k \le 90°$: take orthonormal bases $Q_a$, $Q_b$ (the QR
# decomposition of any spanning vectors gives one), then the singular values of $Q_a^\top Q_b$
# are $\cos\theta_1 \ge \dots \ge \cos\theta_k$. All angles are 0 exactly when the subspaces are
# equal; a 90° angle means some direction of one is orthogonal to all of the other. We compute them
# in float64, because the arccos of a float32 cosine near 1 cannot resolve angles much below
# 0.02°.


# %%
def pca(x, k):
    """mean (n,), the first k principal components as rows (k, n), and all singular values of the
    centred data, from the SVD X - mean = U S V^T."""
    x = backend.as_array(x)
    mean = x.mean(axis=0)
    _, singular_values, vt = backend.xp.linalg.svd(x - mean, full_matrices=False)
    return mean, vt[:k], singular_values


def pca_reconstruct(x, mean, components):
    """x_hat = mean + (x - mean) V_k V_k^T."""
    x = backend.as_array(x)
    return mean + ((x - mean) @ components.T) @ components


def principal_angles(a, b):
    """The principal angles in degrees, smallest first, between the span of the rows of `a` and
    the span of the rows of `b` (each (k, n)): cos(theta_i) are the singular values of Q_a^T Q_b,
    Q from the QR decomposition, in float64."""
    xp = backend.xp
    q_a, _ = xp.linalg.qr(backend.as_array(a).T.astype("float64"))
    q_b, _ = xp.linalg.qr(backend.as_array(b).T.astype("float64"))
    cosines = xp.linalg.svd(q_a.T @ q_b, compute_uv=False)
    return [float(v) for v in backend.to_numpy(xp.degrees(xp.arccos(xp.clip(cosines, -1.0, 1.0))))]


def mse(x, x_hat):
    return float(((backend.as_array(x) - backend.as_array(x_hat)) ** 2).mean())


# %% [markdown]
# The autoencoder's subspace is spanned by the rows of the decoder's weight $W_2$: the
# `decoder_basis`.


# %%
def decoder_basis(autoencoder):
    return autoencoder[1].W.data          # (k, n): row j is what code unit j adds to the output


mean_3d, components_3d, _ = pca(x3_train, 2)
angles_3d = principal_angles(decoder_basis(model_3d.module), components_3d)
ae_3d_mse = model_3d.evaluate(x3_train, x3_train, batch_size=len(x3_train))
pca_3d_mse = mse(x3_train, pca_reconstruct(x3_train, mean_3d, components_3d))
print(f"3-D points: autoencoder MSE {ae_3d_mse:.6f}, PCA (2 components) MSE {pca_3d_mse:.6f}")
print(f"principal angles between the decoder's plane and PCA's plane: "
      f"{angles_3d[0]:.3f}°, {angles_3d[1]:.3f}°")

# %% [markdown]
# The figure: the standardised training points in 3-D with their reconstructions, which all lie
# on one plane (drawn as the surface through them), and the 2-D codes of the 100 test points
# (Géron's `plt.plot(codings_val[:, 0], codings_val[:, 1], "b.")`). The code is the position of
# a point *within* that plane, in the decoder's own coordinates.


# %%
reconstructions = model_3d.predict(x3_train)
codes_test = ta.Model(model_3d.module[:1]).predict(x3_test)
fig = plot.new_figure(figsize=(12, 5))
fig.subplots_adjust(left=0.02, right=0.97, wspace=0.3)
ax = fig.add_subplot(1, 2, 1, projection="3d")
ax.scatter(x3_train[:, 0], x3_train[:, 1], x3_train[:, 2], s=8, color="tab:blue", label="training points")
ax.plot_trisurf(reconstructions[:, 0], reconstructions[:, 1], reconstructions[:, 2], alpha=0.3,
                color="tab:orange")
ax.set_xlabel("$x_1$")
ax.set_ylabel("$x_2$")
ax.set_zlabel("$x_3$")
ax.set_title("3-D points and the plane of their reconstructions")
ax = fig.add_subplot(1, 2, 2)
ax.plot(codes_test[:, 0], codes_test[:, 1], "b.")
ax.set_xlabel("$z_1$")
ax.set_ylabel("$z_2$", rotation=0)
ax.set_title("2-D codes of the test points")
ax.grid(True)
fig = plot.finish(fig, out / "points_3d.png")

# %% [markdown]
# ## (b) MNIST: why the answer is PCA's subspace (Eckart–Young)
#
# Now $n = 784$ pixels in $[0, 1]$ and $k = 16$. Why should the trained autoencoder have anything
# to do with PCA?
#
# **The best possible error.** The **Eckart–Young theorem**: among all matrices of rank at most
# $k$, the one closest to $X_c$ in the Frobenius norm is the truncated SVD $X_c V_k V_k^\top$, and
# its squared error is the sum of the discarded squared singular values,
#
# $$\min_{\operatorname{rank} M \le k} \lVert X_c - M \rVert_F^2 = \sum_{i > k} \sigma_i^2 .$$
#
# The autoencoder's reconstruction $X W_1 W_2 + \mathbf{1} c^\top$ (with $c = b_1 W_2 + b_2$) is
# a rank-$k$ matrix plus a constant row. The best constant row is the mean (**this is what the
# biases are for**: at the optimum $c = \mu - \mu W_1 W_2$, so the network centres the data
# itself), which leaves a rank-$k$ approximation of $X_c$. So no linear autoencoder can beat
#
# $$\mathrm{MSE}_\text{PCA} = \frac{1}{N n} \sum_{i > k} \sigma_i^2 ,$$
#
# and it reaches it exactly when $X_c W_1 W_2 = X_c V_k V_k^\top$: when the decoder's rows span
# $\operatorname{span}(v_1, \dots, v_k)$ (unique when $\sigma_k > \sigma_{k+1}$). Baldi and Hornik
# (1989) showed more: the linear autoencoder has no other local minima (the other critical points
# are saddles), so gradient descent has a fair chance to get there.
#
# **Why it is not PCA's basis.** For any invertible $k \times k$ matrix $A$, the weights
# $(W_1 A, A^{-1} W_2)$ give exactly the same output as $(W_1, W_2)$. The loss only sees the
# subspace; nothing in it asks the decoder's rows to be orthogonal, of unit length, or ordered by
# variance. So the autoencoder finds *the* PCA subspace in *some* basis. The slide's "它会最终执行
# 主成分分析" is true in that sense: same subspace, same error, not the same components.
#
# **Without biases** (or on uncentred data) the same argument gives the top-$k$ singular subspace
# of the *uncentred* $X$, whose first direction points roughly at the mean image: a different
# subspace from PCA's. Centring (by hand, or by the biases) is part of PCA.
#
# **How fast the angles close.** Tilting the subspace by an angle $\theta$ from a kept component
# $v_i$ towards a dropped one $v_j$ raises the squared error per example by
# $(\lambda_i - \lambda_j) \sin^2\theta$. So the loss holds the subspace firmly where the variances
# differ a lot and hardly at all where $\lambda_k \approx \lambda_{k+1}$; there the last angle
# closes slowly and minibatch noise moves it most. We keep $k = 16$ components: for MNIST
# $\lambda_{16} / \lambda_{17}$ is about 1.1 (the lesson prints it), a clear gap next to, say,
# $\lambda_{13} / \lambda_{14} \approx 1.01$.


# %%
(x_train, _), (x_test, _) = datasets.load_mnist(normalize="01", flatten=True)
if QUICK:                                     # the same code on a subset
    x_train, x_test = x_train[:10000], x_test[:2000]
print(x_train.shape, x_test.shape)

k = 16
mean, all_components, singular_values = pca(x_train, 784)
components = all_components[:k]
gap = float(singular_values[k - 1] ** 2 / singular_values[k] ** 2)
print(f"eigenvalue gap lambda_{k} / lambda_{k + 1} = {gap:.3f}")

# %% [markdown]
# ## Training, and watching the angles
#
# The same optimizer as in part (a), TensorFlow 1's Adam with $\eta = 0.01$, on batches of 256.
# Large steps find the subspace quickly, but minibatch noise keeps the weights jittering around
# it by a few degrees; so after 20 epochs we lower the learning rate to $10^{-3}$ for 10 epochs and
# to $10^{-4}$ for 5 (a step schedule, what Keras's `LearningRateScheduler` would do). After each
# stage we print the loss and the principal angles between the decoder's rows and the first 16
# principal components.


# %%
SCHEDULE = [(20, 1e-2), (10, 1e-3), (5, 1e-4)]     # (epochs, learning rate)


def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


autoencoder = build_linear_autoencoder(784, k)
model = ta.Model(autoencoder)
model.compile(optim.Adam.keras(autoencoder.parameters(), lr=SCHEDULE[0][1], epsilon=1e-8), losses.mse)
total, done, loss_per_epoch = sum(e for e, _ in SCHEDULE), 0, []
for epochs, learning_rate in SCHEDULE:
    model.optimizer.lr = learning_rate
    history = model.fit(x_train, x_train, epochs=epochs, batch_size=256, shuffle=True, verbose=0)
    done += epochs
    loss_per_epoch += history.history["loss"]
    angles = principal_angles(decoder_basis(autoencoder), components)
    print(f"Epoch {done:2d}/{total} | lr {learning_rate:g} | train loss: {loss_per_epoch[-1]:.5f} | "
          f"principal angles: median {median(angles):.2f}°, largest {angles[-1]:.2f}°")
print("principal angles (degrees):", " ".join(f"{a:.2f}" for a in angles))

# %% [markdown]
# ## The errors: autoencoder, PCA, and the mean image
#
# Three reconstructions of the same images: the autoencoder's, PCA's with the same $k$, and the
# laziest one, the mean training image for every digit (PCA with $k = 0$). On the training set
# PCA's error is the Eckart–Young bound, which we also compute straight from the discarded
# singular values; the autoencoder can only approach it from above. On the test set nothing is
# guaranteed, but the two should still agree.


# %%
errors = {
    "ae_train_mse": model.evaluate(x_train, x_train, batch_size=1000),
    "pca_train_mse": mse(x_train, pca_reconstruct(x_train, mean, components)),
    "eckart_young_mse": float((singular_values[k:] ** 2).sum()) / (len(x_train) * x_train.shape[1]),
    "mean_image_train_mse": mse(x_train, mean),
    "ae_test_mse": model.evaluate(x_test, x_test, batch_size=1000),
    "pca_test_mse": mse(x_test, pca_reconstruct(x_test, mean, components)),
    "mean_image_test_mse": mse(x_test, mean),
}
print(f"MSE with k = {k}      train     test")
print(f"  autoencoder     {errors['ae_train_mse']:.6f}  {errors['ae_test_mse']:.6f}")
print(f"  PCA             {errors['pca_train_mse']:.6f}  {errors['pca_test_mse']:.6f}")
print(f"  mean image      {errors['mean_image_train_mse']:.6f}  {errors['mean_image_test_mse']:.6f}")
print(f"  Eckart-Young: sum of the discarded sigma_i^2 / (N n) = {errors['eckart_young_mse']:.6f}")
print(f"  autoencoder / PCA on the training set: {errors['ae_train_mse'] / errors['pca_train_mse']:.5f}")

# %% [markdown]
# ## Same subspace, different basis
#
# Each decoder row $w_j$ lies (almost) entirely inside PCA's subspace: the share of its squared
# length there, $\sum_i (v_i \cdot w_j)^2 / \lVert w_j \rVert^2$, is close to 1. Yet it is not any
# single principal component: its largest $|\cos|$ with one $v_i$ is far below 1. The decoder
# rows are mixtures of the principal components.
#
# **And the encoder?** One might expect the encoder's columns to span the same subspace too. They
# do not, and for a reason worth knowing: MNIST's border pixels are 0 in (almost) every image, so
# the weights that read them get no (or almost no) gradient and keep their random starting
# values. Only the part of $W_1$ that sees the data matters; projected onto the first 100
# principal directions (where the data actually vary), the encoder's columns do span PCA's
# subspace.


# %%
xp = backend.xp
rows = decoder_basis(autoencoder).astype("float64")
rows = rows / xp.linalg.norm(rows, axis=1, keepdims=True)
cosines = rows @ components.astype("float64").T                    # (k decoder rows, k PCs)
best_single = backend.to_numpy(abs(cosines).max(axis=1))
share_inside = backend.to_numpy((cosines ** 2).sum(axis=1))
encoder_columns = autoencoder[0].W.data.T                          # (k, n)
top_100 = all_components[:100]
encoder_seen = (encoder_columns @ top_100.T) @ top_100             # the part that meets the data
encoder_angles = principal_angles(encoder_columns, components)
encoder_seen_angles = principal_angles(encoder_seen, components)
print(f"decoder rows: largest |cos| with a single principal component: mean {best_single.mean():.3f} "
      f"(from {best_single.min():.3f} to {best_single.max():.3f})")
print(f"decoder rows: share of squared length inside PCA's subspace: at least {share_inside.min():.5f}")
print(f"pixels that are 0 in every training image: {int((x_train.max(axis=0) == 0).sum())} of 784")
print(f"encoder columns: largest principal angle {encoder_angles[-1]:.2f}°; "
      f"projected onto the first 100 principal directions: {encoder_seen_angles[-1]:.2f}°")

# %% [markdown]
# ## Pictures
#
# The first 8 principal components, the first 8 decoder rows, and the first 8 principal
# components projected onto the decoder's subspace (blue negative, red positive). The projections
# look exactly like the components: the subspace is the same. The decoder rows look like blends of
# them: the basis is not. Then the first 8 test digits with their PCA and autoencoder
# reconstructions, and the training loss against PCA's optimum.


# %%
n = 8
rows = decoder_basis(autoencoder)
rows = rows / xp.linalg.norm(rows, axis=1, keepdims=True)
q, _ = xp.linalg.qr(rows.T)                                        # orthonormal basis of the span
projected = (components[:n] @ q) @ q.T
scale = float(abs(backend.as_array(components[:n])).max())
fig = plot.image_grid([components[:n], rows[:n], projected],
                      row_titles=["PCA $v_i$", "decoder rows", "$v_i$ projected"],
                      value_range=(-scale, scale), cmap="RdBu_r", path=out / "components.png")

# %%
fig = plot.image_grid([x_test[:n], pca_reconstruct(x_test[:n], mean, components), model.predict(x_test[:n])],
                      row_titles=["original", "PCA", "autoencoder"], path=out / "reconstructions.png")

# %%
fig = plot.loss_curves(loss_per_epoch, title="Linear autoencoder, 784-16-784", ylabel="MSE", log_scale=True)
fig.axes[0].axhline(errors["pca_train_mse"], color="grey", linestyle=":", label="PCA optimum (Eckart-Young)")
fig.axes[0].legend()
fig.tight_layout()
fig = plot.finish(fig, out / "loss.png")

# %% [markdown]
# ## What the lesson reports
#
# The numbers `python -m lessons 02` prints at the end (and `lessons.run("02")` returns).

# %%
results = {
    "angles_3d": [round(a, 6) for a in angles_3d], "ae_3d_mse": ae_3d_mse, "pca_3d_mse": pca_3d_mse,
    "k": k, "eigenvalue_gap": gap, "train_images": len(x_train), "epochs": len(loss_per_epoch),
    "first_loss": loss_per_epoch[0], "loss": loss_per_epoch[-1],
    "angles": [round(a, 4) for a in angles], "angle_median": median(angles), "angle_max": angles[-1],
    **errors,
    "best_single_cos_mean": float(best_single.mean()), "best_single_cos_max": float(best_single.max()),
    "share_inside_min": float(share_inside.min()), "encoder_angle_max": encoder_angles[-1],
    "encoder_seen_angle_max": encoder_seen_angles[-1],
    "figures": [str(out / name) for name in ("points_3d.png", "components.png", "reconstructions.png",
                                             "loss.png")],
}
results
