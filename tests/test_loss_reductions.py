"""reduction="mean" | "sum" | "none" on every loss: values against PyTorch 2.13 (CPU, float64),
written here as numbers, and a float64 gradient check of each reduction. Also issue 10's loss
items: binary_crossentropy gives the same number with and without a graph on a saturated model,
the KL losses stay finite (values and gradients) at rho_hat = 0 and 1 exactly in float32, and a
target that requires grad keeps its gradient (also when it is cast to the prediction's dtype).

How the reference numbers were computed (torch.nn.functional as F, dtype float64, the inputs below):
  F.mse_loss(P, T, reduction=r), F.binary_cross_entropy(P, T, reduction=r),
  F.binary_cross_entropy_with_logits(Z, T, reduction=r), F.cross_entropy(L, Y, reduction=r),
  gaussian_kl: kl_divergence(Normal(MU, exp(LV / 2)), Normal(0, 1)).sum(-1) (torch.distributions),
  kl_bernoulli: kl_divergence(Bernoulli(probs=0.05), Bernoulli(probs=RHO_HAT)).
"""
import warnings

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, ops

to_np = backend.to_numpy

P = [[0.2, 0.9, 0.5], [0.7, 0.1, 0.35]]
T = [[0.0, 1.0, 0.3], [1.0, 0.25, 0.0]]
Z = [[-1.5, 2.0, 0.3], [0.8, -0.4, 3.1]]
L = [[1.0, -0.5, 2.0, 0.1], [0.3, 0.3, -1.0, 0.0], [2.5, 1.5, 0.5, -0.5]]
Y = [2, 0, 1]
MU = [[0.5, -1.0], [0.0, 2.0], [1.5, 0.25]]
LV = [[0.1, -0.7], [0.0, 0.4], [-1.2, 0.9]]
RHO_HAT = [0.02, 0.3, 0.05, 0.8]

TORCH = {
    "mse": {"none": [[0.04000000000000001, 0.009999999999999995, 0.04000000000000001],
                     [0.09000000000000002, 0.0225, 0.12249999999999998]],
            "sum": 0.32500000000000007, "mean": 0.054166666666666675},
    "binary_crossentropy": {"none": [[0.22314355131420976, 0.10536051565782628, 0.6931471805599453],
                                     [0.35667494393873245, 0.6546666599918811, 0.4307829160924542]],
                            "sum": 2.4637757675550493, "mean": 0.41062929459250824},
    "binary_crossentropy_with_logits": {"none": [[0.20141327798275244, 0.1269280110429725, 0.7643552444685271],
                                                 [0.3711006659477777, 0.6130152523999526, 3.144063967938574]],
                                        "sum": 5.220876419780557, "mean": 0.8701460699634261},
    "softmax_cross_entropy": {"none": [0.46971174853894126, 1.1030524212457862, 1.4401896985611953],
                              "sum": 3.0129538683459227, "mean": 1.0043179561153075},
    "gaussian_kl": {"none": [0.7258781109335285, 2.045912348820635, 1.686648661534576],
                    "sum": 4.458439121288739, "mean": 1.486146373762913},
    "kl_bernoulli": {"none": [0.01627847887717822, 0.20052459361221997, 0.0, 1.3416079510322332],
                     "sum": 1.5584110235216313, "mean": 0.3896027558804078},
}


def f64(values):
    return ta.tensor(values, dtype="float64")


# each loss as f(*inputs, reduction) with its float64 inputs (all differentiable inputs first)
LOSSES = {
    "mse": (lambda p, t, r: losses.mse(p, t, reduction=r), lambda: (f64(P), f64(T))),
    "binary_crossentropy": (lambda p, t, r: losses.binary_crossentropy(p, t, reduction=r), lambda: (f64(P), f64(T))),
    "binary_crossentropy_with_logits": (lambda z, t, r: losses.binary_crossentropy_with_logits(z, t, reduction=r),
                                        lambda: (f64(Z), f64(T))),
    "softmax_cross_entropy": (lambda z, r: losses.softmax_cross_entropy(z, Y, reduction=r), lambda: (f64(L),)),
    "gaussian_kl": (lambda m, v, r: losses.gaussian_kl(m, v, reduction=r), lambda: (f64(MU), f64(LV))),
    "kl_bernoulli": (lambda q, r: losses.kl_bernoulli(0.05, q, reduction=r), lambda: (f64(RHO_HAT),)),
}
REDUCTIONS = ["none", "sum", "mean"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", list(TORCH))
def test_values_match_pytorch(xp, name, reduction):
    loss, inputs = LOSSES[name]
    value = loss(*inputs(), reduction)
    np.testing.assert_allclose(to_np(value.data), TORCH[name][reduction], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", list(LOSSES))
def test_gradcheck_each_reduction(xp, name, reduction):
    loss, inputs = LOSSES[name]
    inputs = inputs()
    if "crossentropy" in name:          # T has targets 0 and 1, which a finite difference would push out
        inputs = (inputs[0], ta.tensor(np.asarray(T) * 0.5 + 0.25, dtype="float64"))   # of [0, 1] (refused)
    assert ta.gradcheck(lambda *t: loss(*t, reduction), *inputs)


def h_and_W(rng):
    h = ta.tensor(rng.uniform(-1, 1, size=(4, 3)), dtype="float64")
    return h, ta.tensor(rng.normal(size=(5, 3)), dtype="float64")


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_per_example_losses_without_a_torch_twin(xp, rng, reduction):
    """l1_activity and sparsity_kl: the per-example / per-unit values written out in NumPy, their
    sum and mean, and gradchecks."""
    h, _ = h_and_W(rng)
    per_example = np.abs(h.numpy()).sum(axis=1)
    expected = {"none": per_example, "sum": per_example.sum(), "mean": per_example.mean()}[reduction]
    np.testing.assert_allclose(to_np(losses.l1_activity(h, reduction=reduction).data), expected, rtol=1e-12)
    assert ta.gradcheck(lambda t: losses.l1_activity(t, reduction=reduction), h)
    a = ta.tensor(rng.uniform(0.05, 0.95, size=(6, 4)), dtype="float64")
    rho_hat = a.numpy().mean(axis=0)
    per_unit = 0.1 * np.log(0.1 / rho_hat) + 0.9 * np.log(0.9 / (1 - rho_hat))
    expected = {"none": per_unit, "sum": per_unit.sum(), "mean": per_unit.mean()}[reduction]
    np.testing.assert_allclose(to_np(losses.sparsity_kl(a, 0.1, reduction=reduction).data), expected, rtol=1e-12)
    assert ta.gradcheck(lambda t: losses.sparsity_kl(t, 0.1, reduction=reduction), a)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_per_example_losses_sum_every_axis_but_the_batch(xp, rng, reduction):
    """Review finding 1: a conv code (N, C, H, W) is N examples. l1_activity sums |h| over C, H and W
    (not only the last axis), and gaussian_kl of MU, LV reshaped to (3, 1, 2, 1) gives PyTorch's
    per-example values of the (3, 2) case; a tensor without a batch axis is refused, naming its shape."""
    h = ta.tensor(rng.normal(size=(2, 3, 4, 5)), dtype="float64")
    per_example = np.abs(h.numpy()).reshape(2, -1).sum(axis=1)
    expected = {"none": per_example, "sum": per_example.sum(), "mean": per_example.mean()}[reduction]
    np.testing.assert_allclose(to_np(losses.l1_activity(h, reduction=reduction).data), expected, rtol=1e-12)
    assert ta.gradcheck(lambda t: losses.l1_activity(t, reduction=reduction), h)
    mu, lv = (ta.tensor(np.reshape(a, (3, 1, 2, 1)), dtype="float64") for a in (MU, LV))
    torch_kl = TORCH["gaussian_kl"][reduction]
    np.testing.assert_allclose(to_np(losses.gaussian_kl(mu, lv, reduction=reduction).data), torch_kl, rtol=1e-12)
    assert ta.gradcheck(lambda m, v: losses.gaussian_kl(m, v, reduction=reduction), mu, lv)
    with pytest.raises(ValueError, match=r"l1_activity: activations must have a batch axis.*got shape \(3,\)"):
        losses.l1_activity(ta.tensor(np.ones(3)), reduction=reduction)
    with pytest.raises(ValueError, match=r"gaussian_kl: mu and log_var must have a batch axis.*got shape \(3,\)"):
        losses.gaussian_kl(ta.tensor(np.zeros(3)), ta.tensor(np.zeros(3)), reduction=reduction)


def test_defaults_are_unchanged(xp):
    """mean for the per-element and per-example losses, sum over the units for the KL of Eq. 15-2."""
    assert losses.mse(f64(P), f64(T)).item() == pytest.approx(TORCH["mse"]["mean"])
    assert losses.softmax_cross_entropy(f64(L), Y).item() == pytest.approx(TORCH["softmax_cross_entropy"]["mean"])
    assert losses.gaussian_kl(f64(MU), f64(LV)).item() == pytest.approx(TORCH["gaussian_kl"]["mean"])
    assert losses.kl_bernoulli(0.05, f64(RHO_HAT)).item() == pytest.approx(TORCH["kl_bernoulli"]["sum"])


@pytest.mark.parametrize("call", [lambda: losses.mse(f64(P), f64(T), reduction="avg"),
                                  lambda: losses.gaussian_kl(f64(MU), f64(LV), reduction=None),
                                  lambda: losses.contractive_penalty(f64(P), f64(T), reduction="batchmean")],
                         ids=["mse", "gaussian_kl", "contractive_penalty"])
def test_bad_reduction_is_named(call):
    with pytest.raises(ValueError, match=r"reduction must be one of \('mean', 'sum', 'none'\), got"):
        call()


# ----- issue 10.3: binary_crossentropy, one formula with and without a graph ---------------------
def test_bce_train_and_eval_values_agree_on_a_saturated_model(xp, rng):
    """A sigmoid decoder with huge weights: most outputs are exactly 0 or 1 in float32. The loss
    computed while training (graph recorded) and under no_grad (evaluation, val_loss) must be the
    same number: the exact logits form, which for these wrong, saturated units is far above
    Keras's clip ceiling of -ln(1e-7) = 16.1 per unit."""
    ta.seed(0)
    layer = nn.Dense(20, 30, activation="sigmoid")
    layer.W.data *= 200
    x = ta.tensor(rng.uniform(0, 1, size=(16, 20)))
    target = ta.tensor((rng.uniform(size=(16, 30)) > 0.5).astype(np.float64))
    prob = layer(x)
    assert np.mean((to_np(prob.data) == 0) | (to_np(prob.data) == 1)) > 0.5   # saturated in float32
    train = losses.binary_crossentropy(prob, target)
    with ta.no_grad():
        evaluated = losses.binary_crossentropy(layer(x), target)
    assert train.item() == evaluated.item()
    z = to_np(x.data).astype(np.float64) @ to_np(layer.W.data).astype(np.float64) + to_np(layer.b.data)
    t = to_np(target.data)
    exact = np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))))
    assert train.item() == pytest.approx(exact, rel=1e-4)
    assert exact > 20                                   # beyond what the clipped form can report
    assert losses.binary_crossentropy(prob.detach(), target).item() < exact - 1   # the clipped form is another number
    for reduction in ("sum", "none"):
        a = losses.binary_crossentropy(layer(x), target, reduction=reduction)
        with ta.no_grad():
            b = losses.binary_crossentropy(layer(x), target, reduction=reduction)
        np.testing.assert_array_equal(to_np(a.data), to_np(b.data))


# ----- issue 10.4: KL losses at saturation ------------------------------------------------------
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_kl_losses_are_finite_at_saturation_in_float32(xp, reduction):
    rho_hat = ta.tensor([0.0, 1.0, 0.5, 1.0], requires_grad=True)            # dead, saturated, fine, saturated
    with warnings.catch_warnings(), np.errstate(divide="raise", invalid="raise", over="raise"):
        warnings.simplefilter("error")
        loss = losses.kl_bernoulli(0.05, rho_hat, reduction=reduction)
        loss.sum().backward()
    assert loss.dtype == np.float32
    values = to_np(loss.data)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(to_np(rho_hat.grad)))
    if reduction == "none":
        # rho_hat = 0 is clipped to 1e-7: 0.05 ln(0.05 / 1e-7) + 0.95 ln(0.95 / (1 - 1e-7))
        assert values[0] == pytest.approx(0.05 * np.log(0.05 / 1e-7) + 0.95 * np.log(0.95), rel=1e-5)
        # rho_hat = 1 is clipped to float32(1 - 1e-7) = 1 - 2^-23
        assert values[1] == pytest.approx(0.05 * np.log(0.05) + 0.95 * np.log(0.95 / 2.0 ** -23), rel=1e-5)
    a = ta.tensor([[-200.0, 200.0, 0.0], [-300.0, 100.0, 0.1]], requires_grad=True)   # sigmoid gives 0 and 1
    h = ops.sigmoid(a)
    assert to_np(h.data)[0, 0] == 0 and to_np(h.data)[0, 1] == 1
    with warnings.catch_warnings(), np.errstate(divide="raise", invalid="raise", over="raise"):
        warnings.simplefilter("error")
        penalty = losses.sparsity_kl(h, 0.05, reduction=reduction)
        penalty.sum().backward()
    assert np.all(np.isfinite(to_np(penalty.data))) and np.all(np.isfinite(to_np(a.grad)))
    relu_code = ops.relu(ta.tensor([[-1.0, 0.2], [-3.0, 0.5]]))              # a dead ReLU unit: rho_hat = 0
    assert np.all(np.isfinite(to_np(losses.sparsity_kl(relu_code, 0.05, reduction=reduction).data)))


def test_kl_bernoulli_refuses_mean_activations_outside_0_1(xp):
    """Clipped to [eps, 1 - eps], a ReLU unit's mean activation of 1.25 would give a constant penalty
    of about 15 with zero gradient: a penalty that is reported and never acts."""
    relu_code = ops.relu(ta.tensor([[-1.0, 2.0], [-3.0, 0.5]], requires_grad=True))
    with pytest.raises(ValueError, match=r"^kl_bernoulli: rho_hat .* in \[0, 1\], got values from 0 to 1.25; .* "
                                         r"give the code a sigmoid, or penalise a ReLU code with losses.l1_activity"):
        losses.sparsity_kl(relu_code, 0.05)
    with pytest.raises(ValueError, match="got values from -0.5 to 0.5"):
        losses.kl_bernoulli(0.05, ta.tensor([-0.5, 0.5]))


# ----- issue 10.9: a target that requires grad keeps it ---------------------------------------
@pytest.mark.parametrize("loss", [losses.mse, losses.binary_crossentropy, losses.binary_crossentropy_with_logits],
                         ids=["mse", "binary_crossentropy", "binary_crossentropy_with_logits"])
def test_target_that_requires_grad_keeps_its_gradient(xp, rng, loss):
    pred = ta.tensor(rng.uniform(0.1, 0.9, size=(3, 4)), dtype="float64")
    target = ta.tensor(rng.uniform(0.1, 0.9, size=(3, 4)), dtype="float64")
    assert ta.gradcheck(loss, pred, target)                       # both arguments differentiated
    # a float32 target (another network's output) against a float64 prediction: cast, graph kept
    # (the prediction in a graph too: a cross-entropy with only its target in one is refused as
    # swapped arguments, tests/test_losses.py)
    pred.requires_grad = True
    target32 = ta.tensor(target.numpy(), dtype="float32", requires_grad=True)
    loss(pred, target32).backward()
    assert target32.grad is not None and target32.grad.dtype == np.float32
    target.requires_grad = True
    loss(pred, target).backward()
    np.testing.assert_allclose(to_np(target32.grad), to_np(target.grad), rtol=1e-5)
    # and through a sigmoid output as the prediction (the logits path of binary_crossentropy;
    # binary_crossentropy_with_logits takes the logits themselves: a sigmoid output is refused there)
    z = ta.tensor(rng.normal(size=(3, 4)), dtype="float64")
    prediction = (lambda a: a) if loss is losses.binary_crossentropy_with_logits else ops.sigmoid
    assert ta.gradcheck(lambda a, b: loss(prediction(a), b), z, target)
