"""ta.jacobian (central differences in float64, shape (out.size, x.size)) and the contractive
penalty for sigmoid, tanh and ReLU codes: each equals ||J||_F^2 of its encoder computed with
ta.jacobian on random float64 data, its hand-derived backward passes gradcheck through the
pre-activation path and W for every reduction, and ReLU at exactly 0 counts as slope 0."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, ops

to_np = backend.to_numpy
ACTIVATIONS = {"sigmoid": ops.sigmoid, "tanh": ops.tanh, "relu": ops.relu}


def f64(rng, shape, scale=1.0):
    return ta.tensor(rng.normal(size=shape) * scale, dtype="float64")


# ----- ta.jacobian ------------------------------------------------------------------------------
def test_jacobian_of_a_linear_map_is_its_matrix(xp, rng):
    A = f64(rng, (4, 3))
    x = f64(rng, (3, 1))
    J = ta.jacobian(lambda t: A @ t, x)
    assert J.shape == (4, 3) and J.dtype == np.float64 and backend.array_module(J) is xp
    np.testing.assert_allclose(to_np(J), A.numpy(), rtol=1e-8, atol=1e-10)
    before = x.numpy().copy()
    ta.jacobian(lambda t: ta.exp(t), x)
    np.testing.assert_array_equal(x.numpy(), before)


def test_jacobian_layout_for_matrices(xp, rng):
    """Rows follow f(x) in C order, columns x in C order: for f(X) = X^2 (element-wise) on a 2x3
    X, J is diagonal with 2 X.flat."""
    X = f64(rng, (2, 3))
    J = ta.jacobian(lambda t: t * t, X)
    np.testing.assert_allclose(to_np(J), np.diag(2 * X.numpy().reshape(-1)), atol=1e-8)


def test_jacobian_needs_float64(xp, rng):
    with pytest.raises(TypeError, match="float64"):
        ta.jacobian(ta.exp, ta.tensor([1.0, 2.0]))
    W = ta.tensor(rng.normal(size=(3, 2)))                                   # a float32 model
    with pytest.raises(TypeError, match="float32"):
        ta.jacobian(lambda t: t @ W, np.ones((1, 3)))


# ----- the contractive penalty for each activation ----------------------------------------------
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_penalty_is_the_squared_jacobian_norm(xp, rng, activation):
    act = ACTIVATIONS[activation]
    x, W, b = f64(rng, (4, 6)), f64(rng, (6, 5), 0.7), f64(rng, (5,), 0.5)

    def encoder(t):
        return act(ops.linear(t, W, b))
    per_example = to_np(losses.contractive_penalty(encoder(x), W, activation=activation, reduction="none").data)
    norms = [float((to_np(ta.jacobian(encoder, x[n:n + 1])) ** 2).sum()) for n in range(4)]
    np.testing.assert_allclose(per_example, norms, rtol=1e-6)
    mean = losses.contractive_penalty(encoder(x), W, activation=activation).item()
    assert mean == pytest.approx(np.mean(norms), rel=1e-6)
    total = losses.contractive_penalty(encoder(x), W, activation=activation, reduction="sum").item()
    assert total == pytest.approx(np.sum(norms), rel=1e-6)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_penalty_gradcheck_through_the_preactivation_and_W(xp, rng, activation, reduction):
    act = ACTIVATIONS[activation]
    x, W, b = f64(rng, (4, 6)), f64(rng, (6, 5), 0.7), f64(rng, (5,), 0.5)
    if activation == "relu":                                  # keep every a clear of the kink
        a = x.numpy() @ W.numpy() + b.numpy()
        assert np.abs(a).min() > 1e-4

    def penalty(x, W, b):
        return losses.contractive_penalty(act(ops.linear(x, W, b)), W, activation=activation, reduction=reduction)
    assert ta.gradcheck(penalty, x, W, b)
    a = f64(rng, (3, 5))
    assert ta.gradcheck(lambda a, W: losses.contractive_penalty(act(a), W, activation=activation,
                                                                  reduction=reduction), a, W)


def test_tanh_backward_is_the_hand_derived_formula(xp, rng):
    """dP/da = -(4/N) (1 - h^2)^2 h s and dP/dW = (2/N) W sum_n (1 - h^2)^2 for the mean."""
    a, W = f64(rng, (4, 3)), f64(rng, (5, 3))
    a.requires_grad = W.requires_grad = True
    losses.contractive_penalty(ops.tanh(a), W, activation="tanh").backward()
    h = np.tanh(a.numpy())
    g2, s = (1 - h ** 2) ** 2, (W.numpy() ** 2).sum(axis=0)
    np.testing.assert_allclose(to_np(a.grad), -4 / 4 * g2 * h * s, rtol=1e-10)
    np.testing.assert_allclose(to_np(W.grad), 2 / 4 * W.numpy() * g2.sum(axis=0), rtol=1e-10)


def test_relu_at_exactly_zero_counts_as_inactive(xp):
    """g = 1[h > 0]: a unit whose pre-activation is exactly 0 adds nothing (the slope ReLU's own
    backward uses there); the gradient wrt a is 0 everywhere."""
    a = ta.tensor([[0.0, 1.0, -2.0]], dtype="float64", requires_grad=True)
    W = ta.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype="float64", requires_grad=True)
    penalty = losses.contractive_penalty(ops.relu(a), W, activation="relu")
    assert penalty.item() == 2.0 ** 2 + 5.0 ** 2                       # only unit 1 is active
    penalty.backward()
    np.testing.assert_array_equal(to_np(a.grad), 0)
    np.testing.assert_array_equal(to_np(W.grad), [[0, 4, 0], [0, 10, 0]])


def test_code_from_another_activation_is_refused(xp, rng):
    a, W = f64(rng, (4, 3)), f64(rng, (5, 3))
    a.requires_grad = True
    with pytest.raises(ValueError, match="must come straight from a relu.*Sigmoid"):
        losses.contractive_penalty(ops.sigmoid(a), W, activation="relu")
    with pytest.raises(ValueError, match=r"activation must be one of \['relu', 'sigmoid', 'tanh'\], got 'elu'"):
        losses.contractive_penalty(ops.elu(a), W, activation="elu")
