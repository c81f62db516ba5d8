"""Losses and penalties: values against NumPy references written here (Keras's clipped binary
cross-entropy with eps 1e-7, the stable logits form, Eq. 15-2, the VAE's KL, ...), float64
gradient checks (targets included), the fused sigmoid + cross-entropy path, the contractive
penalty's hand-derived gradient against finite differences and its closed form, and shape errors
that name both shapes."""
import warnings

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, ops

to_np = backend.to_numpy


def float64(rng, shape, low=-1.0, high=1.0):
    return ta.tensor(rng.uniform(low, high, size=shape), dtype="float64")


def np_sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))


def np_keras_bce(p, t, eps=1e-7):
    """Keras's binary_crossentropy on probabilities: clip to [eps, 1 - eps], then the mean of
    -(t ln p + (1 - t) ln(1 - p)), computed in p's dtype."""
    p = np.clip(p, p.dtype.type(eps), p.dtype.type(1 - eps))
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


def np_bce_with_logits(z, t):
    return np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))))


# ----- mse --------------------------------------------------------------------------------------
def test_mse(xp, rng):
    pred, target = float64(rng, (4, 3)), float64(rng, (4, 3))
    loss = losses.mse(pred, target)
    assert loss.shape == ()
    assert loss.item() == pytest.approx(np.mean((pred.numpy() - target.numpy()) ** 2), rel=1e-12)
    assert ta.gradcheck(losses.mse, pred, target)


# ----- binary cross-entropy ---------------------------------------------------------------------
def test_binary_crossentropy_on_probabilities(xp, rng):
    prob, target = float64(rng, (4, 3), 0.05, 0.95), float64(rng, (4, 3), 0, 1)
    loss = losses.binary_crossentropy(prob, target)
    assert loss.item() == pytest.approx(np_keras_bce(prob.numpy(), target.numpy()), rel=1e-12)
    assert ta.gradcheck(losses.binary_crossentropy, prob, target)
    prob.requires_grad = True
    losses.binary_crossentropy(prob, target).backward()
    p, t = prob.numpy(), target.numpy()
    np.testing.assert_allclose(to_np(prob.grad), (p - t) / (p * (1 - p) * p.size), rtol=1e-10)



def test_binary_crossentropy_refuses_values_that_are_not_probabilities(xp, rng):
    """A model whose last layer has no sigmoid gives logits; Keras clips them to [eps, 1 - eps]
    and trains on a zero gradient wherever they fall outside (PyTorch's BCELoss refuses them):
    refused, pointing to the logits form. Probabilities at 0 and 1 exactly, and NaN (which fit
    reports as a NaN loss), pass."""
    ta.seed(0)
    decoder = nn.Dense(4, 4)                                    # no activation: logits
    x = ta.tensor(rng.uniform(0, 1, size=(8, 4)))
    logits = decoder(x * 3 - 1)
    with pytest.raises(ValueError, match=r"prob must hold probabilities in \[0, 1\], got values from -?\d.* to .*"
                                         r"binary_crossentropy_with_logits"):
        losses.binary_crossentropy(logits * 10, x)
    with pytest.raises(ValueError, match="got values from 1.5 to 1.5"):
        losses.binary_crossentropy(ta.tensor([[1.5]]), ta.tensor([[1.0]]))
    assert np.isfinite(losses.binary_crossentropy(ta.tensor([[0.0, 1.0]]), ta.tensor([[0.0, 1.0]])).item())
    assert np.isnan(losses.binary_crossentropy(ta.tensor([[float("nan")]]), ta.tensor([[1.0]])).item())
    assert np.isfinite(losses.binary_crossentropy_with_logits(logits * 10, x).item())


@pytest.mark.parametrize("bce", ["after a sigmoid", "clipped", "with logits"])
def test_binary_crossentropy_refuses_targets_outside_zero_one(xp, rng, bce):
    """Pixels left at 0-255: with a target t > 1, l = -t ln p - (1 - t) ln(1 - p) falls without end
    as p -> 1, so training drives every output to 1 while the loss goes negative. Refused, saying to
    scale by 255, as PyTorch 2.13's BCELoss refuses them ("all elements of target should be between 0
    and 1"; its BCEWithLogitsLoss and Keras take them silently: -761.95 for logit 3, target 255)."""
    ta.seed(0)
    decoder = nn.Dense(4, 4, "sigmoid")
    x = rng.uniform(0, 1, size=(8, 4))
    loss = {"after a sigmoid": lambda t: losses.binary_crossentropy(decoder(ta.tensor(x)), t),
            "clipped": lambda t: losses.binary_crossentropy(decoder(ta.tensor(x)).detach(), t),
            "with logits": lambda t: losses.binary_crossentropy_with_logits(ta.tensor(x), t)}[bce]
    name = "binary_crossentropy_with_logits" if bce == "with logits" else "binary_crossentropy"
    with pytest.raises(ValueError, match=rf"^{name}: target must hold values in \[0, 1\], got values from 0 to 255; "
                                         r".*scaled with x / 255"):
        loss(ta.tensor(np.floor(x * 255).clip(0, 255) + np.eye(8, 4) * 255).clip(0, 255))
    with pytest.raises(ValueError, match=r"got values from -1 to 0.5; .*data in \[-1, 1\] take the MSE"):
        loss(ta.tensor(np.full((8, 4), 0.5) - np.eye(8, 4) * 1.5))
    assert np.isfinite(loss(ta.tensor(np.round(x))).item())                     # 0 and 1 exactly pass


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_binary_crossentropy_is_clipped_like_keras(xp, dtype):
    values = np.array([[0.0, 1e-9, 0.3, 1.0], [1.0, 0.999999999, 0.5, 0.0]])
    targets = np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]])
    prob = ta.tensor(values, dtype=dtype, requires_grad=True)
    target = ta.tensor(targets, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = losses.binary_crossentropy(prob, target)
        loss.backward()
    assert loss.dtype == dtype
    expected = np_keras_bce(values.astype(dtype), targets.astype(dtype))
    assert loss.item() == pytest.approx(expected, rel=1e-6 if dtype == "float32" else 1e-12)
    assert np.isfinite(loss.item()) and loss.item() > 10        # -ln(1e-7) = 16.1 per clipped entry
    grad = to_np(prob.grad)
    assert np.all(np.isfinite(grad))
    np.testing.assert_array_equal(grad[0, [0, 1, 3]], 0)        # outside the clip range: no gradient
    assert grad[0, 2] != 0


def test_binary_crossentropy_with_logits(xp, rng):
    z, t = float64(rng, (4, 3), -4, 4), float64(rng, (4, 3), 0, 1)
    loss = losses.binary_crossentropy_with_logits(z, t)
    p = np_sigmoid(z.numpy())
    expected = -np.mean(t.numpy() * np.log(p) + (1 - t.numpy()) * np.log(1 - p))
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    assert ta.gradcheck(losses.binary_crossentropy_with_logits, z, t)


def test_binary_crossentropy_with_logits_does_not_overflow(xp):
    z = ta.tensor([[1000.0, -1000.0, 0.0, 80.0]], requires_grad=True)
    t = ta.tensor([[0.0, 1.0, 0.5, 1.0]])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        loss = losses.binary_crossentropy_with_logits(z, t)
        loss.backward()
    assert loss.dtype == np.float32
    assert loss.item() == pytest.approx((1000 + 1000 + np.log(2) + 0) / 4, rel=1e-6)
    np.testing.assert_allclose(to_np(z.grad), [[0.25, -0.25, 0.0, 0.0]], atol=1e-7)


def test_binary_crossentropy_after_a_sigmoid_uses_the_logits(xp, rng):
    """The fused path: prob = sigmoid(z) goes straight to the logits form, so the gradient wrt z
    is (sigma(z) - t) / N even for a saturated unit, where the clipped form would give 0."""
    z = ta.tensor(np.array([[-3.0, 0.5, 30.0], [2.0, -25.0, 40.0]]), dtype="float64", requires_grad=True)
    t = ta.tensor(np.array([[0.2, 1.0, 0.0], [0.7, 1.0, 1.0]]), dtype="float64")
    loss = losses.binary_crossentropy(ops.sigmoid(z), t)
    assert loss.item() == pytest.approx(np_bce_with_logits(z.numpy(), t.numpy()), rel=1e-12)
    loss.backward()
    expected = (np_sigmoid(z.numpy()) - t.numpy()) / z.size
    np.testing.assert_allclose(to_np(z.grad), expected, rtol=1e-12)
    assert to_np(z.grad)[0, 2] == pytest.approx(1 / 6)               # saturated, not vanished
    z.requires_grad = False
    inside = ta.tensor(t.numpy() * 0.5 + 0.25, dtype="float64")     # finite differences stay in [0, 1]
    assert ta.gradcheck(lambda a, b: losses.binary_crossentropy(ops.sigmoid(a), b), z, inside)


def test_fused_and_clipped_paths_agree_off_saturation(xp, rng):
    z, t = float64(rng, (3, 4), -3, 3), float64(rng, (3, 4), 0, 1)
    fused = losses.binary_crossentropy(ops.sigmoid(z), t).item()
    clipped = losses.binary_crossentropy(ops.sigmoid(z).detach(), t).item()
    assert fused == pytest.approx(clipped, rel=1e-10)


@pytest.mark.parametrize("edit", ["write into p.data (graph)", "assign p.data (no_grad)", "write into z.data (graph)"])
def test_a_sigmoid_output_changed_in_place_is_not_scored_from_its_old_logits(xp, edit):
    """p = sigmoid(z) remembers z for the exact BCE; once p or z has been changed in place, p is no
    longer sigma(z), and the loss must be that of p's values as they are (the clipped form), not
    one computed from z (it was: 0.2201 instead of ln 2 after p.data[...] = 0.5)."""
    z = ta.tensor(np.array([[2.0, -1.0]]), dtype="float64", requires_grad=True)
    t = ta.tensor(np.array([[1.0, 0.0]]), dtype="float64")
    if edit == "assign p.data (no_grad)":
        with ta.no_grad():
            p = ops.sigmoid(z)
        p.data = xp.full((1, 2), 0.5)
    else:
        p = ops.sigmoid(z)
        (p if edit.startswith("write into p") else z).data[...] = 0.5 if edit.startswith("write into p") else 0.0
    expected = np_keras_bce(p.numpy(), t.numpy())
    assert expected != pytest.approx(np_bce_with_logits(z.numpy(), t.numpy()))   # what z would give now
    assert losses.binary_crossentropy(p, t).item() == pytest.approx(expected, rel=1e-12)
    assert ops.activations.logits_of(p) is None
    assert ops.activations.logits_of(ops.sigmoid(z)) is z                     # a new sigmoid output: fused again



@pytest.mark.parametrize("loss", [losses.binary_crossentropy, losses.binary_crossentropy_with_logits])
def test_swapped_cross_entropy_arguments_are_refused_in_a_graph(xp, rng, loss):
    """loss(x, x_hat) (Keras's (y_true, y_pred) order, or 002's reversed contractive loss) would train
    the network through the target's gradient, towards another objective and without a sign of it:
    refused when only the target is part of a graph. No graph (no_grad), both in one (another
    network's output as target), or the right order: computed."""
    with_logits = loss is losses.binary_crossentropy_with_logits
    decoder = nn.Dense(4, 4, activation=None if with_logits else "sigmoid")    # what each loss takes
    as_target = ops.sigmoid if with_logits else (lambda t: t)                   # a target in [0, 1]
    code, x = ta.tensor(rng.normal(size=(3, 4))), ta.tensor(rng.uniform(0.1, 0.9, size=(3, 4)))
    with pytest.raises(ValueError, match=loss.__name__ + r": the target requires grad but the prediction does "
                                         r"not, so the arguments look swapped; .*\(prediction, target\)"):
        loss(x, as_target(decoder(code)))
    assert np.isfinite(loss(decoder(code), x).item())
    assert np.isfinite(loss(decoder(code), as_target(decoder(code))).item())
    with ta.no_grad():
        assert np.isfinite(loss(x, as_target(decoder(code))).item())


def test_probabilities_given_as_logits_are_refused(rng):
    """A sigmoid layer followed by a loss of logits squashes twice (PyTorch takes nn.Sigmoid +
    BCEWithLogitsLoss silently, and a softmax + CrossEntropyLoss): refused, naming the loss to use."""
    from tinyae.training import keras_loss
    x = ta.tensor(rng.uniform(0.1, 0.9, size=(4, 3)))
    labels, one_hot = np.array([0, 1, 2, 0]), np.eye(3, dtype=np.float32)[[0, 1, 2, 0]]
    cases = [(lambda: losses.binary_crossentropy_with_logits(nn.Dense(3, 3, "sigmoid")(x), x), "sigmoid",
              r"use binary_crossentropy\(probabilities, target\)"),
             (lambda: losses.binary_crossentropy_with_logits(nn.Sequential(nn.Dense(3, 3), nn.Sigmoid())(x), x),
              "sigmoid", r"use binary_crossentropy\(probabilities, target\)"),
             (lambda: losses.softmax_cross_entropy(nn.Dense(3, 3, "softmax")(x), labels), "softmax",
              r"use keras_loss\('sparse_categorical_crossentropy'\)"),
             (lambda: keras_loss("categorical_crossentropy", from_logits=True)(nn.Dense(3, 3, "softmax")(x), one_hot),
              "softmax", r"use keras_loss\('categorical_crossentropy'\)")]
    for compute, squash, instead in cases:
        with pytest.raises(ValueError, match=rf"the logits came straight out of a {squash}, so they are probabilities "
                                             rf"and the loss would apply the {squash} twice; {instead}.*, or drop"):
            compute()
    assert np.isfinite(losses.binary_crossentropy_with_logits(nn.Dense(3, 3)(x), x).item())     # logits: fine
    assert np.isfinite(losses.softmax_cross_entropy(nn.Dense(3, 3)(x), labels).item())
    assert np.isfinite(keras_loss("sparse_categorical_crossentropy")(nn.Dense(3, 3, "softmax")(x), labels).item())


def test_a_keras_style_loss_function_in_compile_is_caught_swapping(rng):
    """compile(loss=lambda y_true, y_pred: binary_crossentropy(y_pred, y_true)) is right in Keras and
    swapped here (ta.Model calls fn(prediction, y)): the error says how the function is called."""
    x = rng.uniform(0, 1, size=(16, 4)).astype("float32")
    model = ta.Model(nn.Dense(4, 4, activation="sigmoid"))
    model.compile("adam", loss=lambda y_true, y_pred: losses.binary_crossentropy(y_pred, y_true))
    with pytest.raises(ValueError, match=r"look swapped.*calls a compiled loss function as fn\(prediction, y\)"):
        model.fit(x, x, verbose=0)

# ----- KL divergences ---------------------------------------------------------------------------
def np_kl_bernoulli(rho, rho_hat):
    return np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat)))


def test_kl_bernoulli(xp, rng):
    rho_hat = float64(rng, (5,), 0.05, 0.95)
    loss = losses.kl_bernoulli(0.05, rho_hat)
    assert loss.item() == pytest.approx(np_kl_bernoulli(0.05, rho_hat.numpy()), rel=1e-12)
    assert losses.kl_bernoulli(0.3, ta.tensor([0.3, 0.3], dtype="float64")).item() == pytest.approx(0, abs=1e-15)
    assert ta.gradcheck(lambda r: losses.kl_bernoulli(0.05, r), rho_hat)
    rho_hat.requires_grad = True
    losses.kl_bernoulli(0.05, rho_hat).backward()
    r = rho_hat.numpy()
    np.testing.assert_allclose(to_np(rho_hat.grad), -0.05 / r + 0.95 / (1 - r), rtol=1e-12)


@pytest.mark.parametrize("rho", [0.0, 1.0, -0.1])
def test_kl_bernoulli_rejects_rho_outside_0_1(xp, rho):
    with pytest.raises(ValueError, match="rho"):
        losses.kl_bernoulli(rho, ta.tensor([0.5]))


def test_sparsity_kl(xp, rng):
    activations = float64(rng, (6, 4), 0.05, 0.95)
    loss = losses.sparsity_kl(activations, 0.1)
    expected = np_kl_bernoulli(0.1, activations.numpy().mean(axis=0))
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    assert ta.gradcheck(lambda h: losses.sparsity_kl(h, 0.1), activations)
    a = float64(rng, (6, 4), -2, 2)
    assert ta.gradcheck(lambda t: losses.sparsity_kl(t.sigmoid(), 0.1), a)
    with pytest.raises(ValueError, match=r"\(24,\)"):
        losses.sparsity_kl(activations.reshape(-1), 0.1)


def test_gaussian_kl(xp, rng):
    mu, log_var = float64(rng, (4, 3)), float64(rng, (4, 3))
    loss = losses.gaussian_kl(mu, log_var)
    m, lv = mu.numpy(), log_var.numpy()
    expected = np.mean(-0.5 * np.sum(1 + lv - m ** 2 - np.exp(lv), axis=-1))
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    zeros = ta.tensor(np.zeros((2, 3)), dtype="float64")
    assert losses.gaussian_kl(zeros, zeros).item() == 0.0        # N(0, 1) against itself
    assert ta.gradcheck(losses.gaussian_kl, mu, log_var)


def test_l1_activity(xp, rng):
    h = ta.tensor(rng.uniform(0.1, 1, size=(4, 3)) * rng.choice((-1.0, 1.0), size=(4, 3)), dtype="float64")
    loss = losses.l1_activity(h)
    assert loss.item() == pytest.approx(np.mean(np.sum(np.abs(h.numpy()), axis=-1)), rel=1e-12)
    assert ta.gradcheck(losses.l1_activity, h)


# ----- softmax cross-entropy --------------------------------------------------------------------
def test_softmax_cross_entropy(xp, rng):
    logits = float64(rng, (5, 4), -3, 3)
    labels = xp.asarray([0, 3, 1, 1, 2])
    loss = losses.softmax_cross_entropy(logits, labels)
    z = logits.numpy()
    log_softmax = z - z.max(axis=1, keepdims=True)
    log_softmax -= np.log(np.exp(log_softmax).sum(axis=1, keepdims=True))
    expected = -np.mean(log_softmax[np.arange(5), to_np(labels)])
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    assert ta.gradcheck(lambda t: losses.softmax_cross_entropy(t, labels), logits)


def test_softmax_cross_entropy_is_stable_for_large_logits(xp):
    logits = ta.tensor([[1000.0, -1000.0, 0.0], [1000.0, -1000.0, 0.0]], requires_grad=True)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        loss = losses.softmax_cross_entropy(logits, [0, 1])
        loss.backward()
    assert loss.dtype == np.float32 and loss.item() == pytest.approx(1000.0)
    np.testing.assert_allclose(to_np(logits.grad), [[0, 0, 0], [0.5, -0.5, 0]], atol=1e-7)


def test_softmax_cross_entropy_bad_labels(xp, rng):
    logits = float64(rng, (4, 3))
    with pytest.raises(ValueError) as info:
        losses.softmax_cross_entropy(logits, [0, 1, 2, 0, 1])
    assert "(4, 3)" in str(info.value) and "(5,)" in str(info.value)
    with pytest.raises(TypeError, match="integers"):
        losses.softmax_cross_entropy(logits, xp.asarray([0.0, 1.0, 2.0, 0.0]))
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        losses.softmax_cross_entropy(logits, [0, 1, 3, 0])


# ----- the contractive penalty ------------------------------------------------------------------
def contractive_closed_form(a, W):
    """P, dP/da and dP/dW written out (h = sigma(a), s_i = sum_j W_ji^2, N = batch size):
    P = 1/N sum_n sum_i (h(1-h))^2 s_i;  dP/da = 2/N (h(1-h))^2 (1-2h) s;  dP/dW = 2/N W sum_n (h(1-h))^2."""
    h = np_sigmoid(a)
    g2 = (h * (1 - h)) ** 2
    s = (W ** 2).sum(axis=0)
    n = a.shape[0]
    return (g2 * s).sum() / n, 2 / n * g2 * (1 - 2 * h) * s, 2 / n * W * g2.sum(axis=0)


def test_contractive_penalty_matches_the_closed_form(xp, rng):
    a, W = float64(rng, (4, 3), -2, 2), float64(rng, (5, 3))
    a.requires_grad = W.requires_grad = True
    penalty = losses.contractive_penalty(ops.sigmoid(a), W)
    penalty.backward()
    P, dP_da, dP_dW = contractive_closed_form(a.numpy(), W.numpy())
    assert penalty.item() == pytest.approx(P, rel=1e-12)
    np.testing.assert_allclose(to_np(a.grad), dP_da, rtol=1e-10)
    np.testing.assert_allclose(to_np(W.grad), dP_dW, rtol=1e-10)


def test_contractive_penalty_gradcheck_wrt_a_and_W(xp, rng):
    a, W = float64(rng, (4, 3), -2, 2), float64(rng, (5, 3))
    assert ta.gradcheck(lambda p, q: losses.contractive_penalty(ops.sigmoid(p), q), a, W)


def test_contractive_penalty_is_the_jacobian_norm_of_the_encoder(xp, rng):
    """Against the definition: ||dh/dx||_F^2 by finite differences of h(x) = sigma(x W + b),
    averaged over the batch; and a gradient check through the whole encoder (W is used twice)."""
    x, W, b = float64(rng, (3, 5)), float64(rng, (5, 4)), float64(rng, (4,))
    h = ops.sigmoid(ops.linear(x, W, b))
    penalty = losses.contractive_penalty(h, W).item()
    xs, Ws, bs, eps = x.numpy(), W.numpy(), b.numpy(), 1e-6
    norms = []
    for n in range(3):
        jacobian = np.zeros((4, 5))
        for j in range(5):
            step = np.zeros(5)
            step[j] = eps
            jacobian[:, j] = (np_sigmoid((xs[n] + step) @ Ws + bs) - np_sigmoid((xs[n] - step) @ Ws + bs)) / (2 * eps)
        norms.append(np.sum(jacobian ** 2))
    assert penalty == pytest.approx(np.mean(norms), rel=1e-7)
    assert ta.gradcheck(lambda p, q, c: losses.contractive_penalty(ops.sigmoid(ops.linear(p, q, c)), q), x, W, b)


def test_contractive_penalty_needs_a_sigmoid_code(xp, rng):
    a, W = float64(rng, (4, 3)), float64(rng, (5, 3))
    a.requires_grad = True
    with pytest.raises(ValueError, match="sigmoid"):
        losses.contractive_penalty(ops.tanh(a), W)
    # a code without a graph is data: the penalty still has its value and its gradient wrt W
    h = ops.sigmoid(a).detach()
    W.requires_grad = True
    penalty = losses.contractive_penalty(h, W)
    penalty.backward()
    P, _, dP_dW = contractive_closed_form(a.numpy(), W.numpy())
    assert penalty.item() == pytest.approx(P, rel=1e-12)
    np.testing.assert_allclose(to_np(W.grad), dP_dW, rtol=1e-10)


def test_contractive_penalty_after_backward_says_the_graph_was_released(xp, rng):
    """Review finding 10: after backward() released h's graph, the error used to say "h must come
    straight from a sigmoid ... (got h from SigmoidOp)"; it now says what happened and what to do."""
    layer = nn.Dense(3, 2, "sigmoid")
    h = layer(ta.tensor(rng.uniform(size=(4, 3))))
    h.sum().backward()
    with pytest.raises(ValueError, match=r"the graph of h \(from SigmoidOp\) was released by backward\(\).*"
                                         r"compute the penalty before calling backward\(\)"):
        losses.contractive_penalty(h, layer.W)


# ----- shapes that do not fit -------------------------------------------------------------------
@pytest.mark.parametrize("loss", [losses.mse, losses.binary_crossentropy, losses.binary_crossentropy_with_logits,
                                  losses.gaussian_kl],
                         ids=["mse", "binary_crossentropy", "binary_crossentropy_with_logits", "gaussian_kl"])
def test_shape_mismatch_names_both_shapes(xp, rng, loss):
    with pytest.raises(ValueError) as info:
        loss(float64(rng, (4, 3), 0.1, 0.9), float64(rng, (3, 4), 0.1, 0.9))
    assert "(4, 3)" in str(info.value) and "(3, 4)" in str(info.value)


def test_contractive_penalty_shape_mismatch_names_both_shapes(xp, rng):
    with pytest.raises(ValueError) as info:
        losses.contractive_penalty(ops.sigmoid(float64(rng, (4, 3))), float64(rng, (5, 2)))
    assert "(4, 3)" in str(info.value) and "(5, 2)" in str(info.value)
