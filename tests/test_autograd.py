"""The autograd engine itself: gradient accumulation, graph release, deep graphs without
recursion, no_grad and detach, backward's argument checks, and dtype discipline (float32 stays
float32 everywhere; float32 mixed with float64 is an error, never a silent upcast)."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, ops, optim

to_np = backend.to_numpy


def leaf(rng, shape, low=-1.0, high=1.0, dtype="float64"):
    return ta.tensor(rng.uniform(low, high, size=shape), requires_grad=True, dtype=dtype)


# ----- accumulation -----------------------------------------------------------------------------
def test_a_leaf_used_twice_gets_both_contributions(xp, rng):
    x = leaf(rng, (3,))
    (x * x).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), 2 * x.numpy(), rtol=1e-12)
    x.grad = None
    (x + x + x).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), np.full(3, 3.0))


def test_an_intermediate_used_twice_gets_both_contributions(xp, rng):
    """A residual use: b = 3x, y = b + exp(b). dy/dx = 3 (1 + exp(3x)). The node b must be
    processed after *both* of its users, whatever order they were recorded in."""
    x = leaf(rng, (4,))
    b = x * 3
    (b + b.exp()).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), 3 * (1 + np.exp(3 * x.numpy())), rtol=1e-12)
    x.grad = None
    b = x * 3
    (b.exp() + b).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), 3 * (1 + np.exp(3 * x.numpy())), rtol=1e-12)


def test_diamond_and_residual_graphs_pass_gradcheck(xp, rng):
    x = leaf(rng, (2, 3))

    def diamond(t):
        h = t.tanh()
        return (h * 2).sigmoid() * (h + 1) + h

    def residual_block(t):
        h = t * 0.5
        for _ in range(3):
            h = h + (h @ ta.tensor(np.eye(3) * 0.3, dtype="float64")).tanh()
        return h

    assert ta.gradcheck(diamond, x)
    assert ta.gradcheck(residual_block, x)


def test_backward_twice_accumulates(xp, rng):
    x = leaf(rng, (3,))
    y = (x * x * x).sum()
    y.backward(retain_graph=True)
    first = to_np(x.grad).copy()
    np.testing.assert_allclose(first, 3 * x.numpy() ** 2, rtol=1e-12)
    y.backward()
    np.testing.assert_allclose(to_np(x.grad), 2 * first, rtol=1e-12)
    # and two separate forward passes accumulate too, until zero_grad
    (x * 2).sum().backward()
    np.testing.assert_allclose(to_np(x.grad), 2 * first + 2, rtol=1e-12)
    x.zero_grad()
    assert x.grad is None


def test_graph_is_released_after_backward(xp, rng):
    x = leaf(rng, (3,))
    y = (x.exp() * 2).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="released"):
        y.backward()
    # the functions have let go of their inputs and saved arrays
    assert y.creator.inputs is None
    assert vars(y.creator) == {"_used": True}   # only the mark that makes it single-use


def test_retain_graph_keeps_it(xp, rng):
    x = leaf(rng, (3,))
    y = (x.exp() * 2).sum()
    y.backward(retain_graph=True)
    assert y.creator.inputs is not None
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_allclose(to_np(x.grad), 3 * 2 * np.exp(x.numpy()), rtol=1e-12)


@pytest.mark.parametrize("depth", [1000, 5000])
def test_deep_chain(xp, rng, depth):
    """No recursion: Python's default recursion limit is 1000 frames."""
    x = leaf(rng, (3,))
    h = x
    for _ in range(depth):
        h = h * 1.0001
    h.sum().backward()
    np.testing.assert_allclose(to_np(x.grad), np.full(3, 1.0001 ** depth), rtol=1e-9)


def test_deep_residual_chain_passes_gradcheck(xp, rng):
    """1000 residual steps h <- h + 0.001 tanh(h): every node is used twice."""
    x = ta.tensor(rng.uniform(-1, 1, size=(2,)), dtype="float64")

    def chain(t):
        h = t
        for _ in range(1000):
            h = h + 0.001 * h.tanh()
        return h

    assert ta.gradcheck(chain, x)


def test_deep_network_of_dense_layers(xp, rng):
    model = nn.Sequential(*[nn.Dense(3, 3, "tanh") for _ in range(1000)])
    x = ta.tensor(rng.uniform(-1, 1, size=(2, 3)))
    losses.mse(model(x), x).backward()
    assert all(p.grad is not None and np.all(np.isfinite(to_np(p.grad))) for p in model.parameters())


# ----- what records and what does not -----------------------------------------------------------
def test_no_grad_records_nothing(xp, rng):
    x = leaf(rng, (3,))
    with ta.no_grad():
        y = (x * 2).exp().sum()
    assert y.requires_grad is False and y.creator is None
    with pytest.raises(RuntimeError, match="does not require grad"):
        y.backward()
    assert x.grad is None
    z = (x * 2).sum()                     # recording is back on after the block
    assert z.requires_grad and z.creator is not None


def test_no_grad_restores_state_after_an_error_and_when_nested(xp, rng):
    x = leaf(rng, (3,))
    with pytest.raises(ZeroDivisionError):
        with ta.no_grad():
            1 / 0
    assert (x * 2).requires_grad
    with ta.no_grad():
        with ta.no_grad():
            pass
        assert not (x * 2).requires_grad
    assert (x * 2).requires_grad


def test_detach_cuts_the_graph(xp, rng):
    x = leaf(rng, (3,))
    d = x.detach()
    assert d.requires_grad is False and d.creator is None
    np.testing.assert_array_equal(to_np(d.data), x.numpy())
    (x * x.detach()).sum().backward()      # x.detach() is a constant: d/dx = x, not 2x
    np.testing.assert_allclose(to_np(x.grad), x.numpy(), rtol=1e-12)
    h = (x * 3).detach()
    assert h.creator is None and not h.requires_grad


def test_constants_get_no_gradient(xp, rng):
    x, c = leaf(rng, (3,)), ta.tensor(rng.uniform(size=3), dtype="float64")
    (x * c).sum().backward()
    assert c.grad is None


# ----- backward's arguments ---------------------------------------------------------------------
def test_backward_on_non_scalar_without_grad_raises(xp, rng):
    x = leaf(rng, (2, 3))
    y = x * 2
    with pytest.raises(RuntimeError, match=r"\(2, 3\)"):
        y.backward()


def test_backward_with_explicit_grad(xp, rng):
    x = leaf(rng, (2, 3))
    g = rng.uniform(size=(2, 3))
    (x * 2).backward(xp.asarray(g))
    np.testing.assert_allclose(to_np(x.grad), 2 * g, rtol=1e-12)


def test_grad_of_the_wrong_shape_raises(xp, rng):
    x = leaf(rng, (2, 3))
    with pytest.raises(ValueError) as info:
        (x * 2).backward(xp.ones((3, 2)))
    assert "(3, 2)" in str(info.value) and "(2, 3)" in str(info.value)


def test_backward_on_a_tensor_without_grad_raises(xp):
    with pytest.raises(RuntimeError, match="does not require grad"):
        ta.tensor([1.0, 2.0]).sum().backward()


# ----- dtypes -----------------------------------------------------------------------------------
def _positive32(rng, shape):
    return ta.tensor(rng.uniform(0.5, 2.0, size=shape), requires_grad=True)


FLOAT32_OPS = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
    "+ 1.5": lambda a, b: a + 1.5, "2.5 *": lambda a, b: 2.5 * a, "/ 3": lambda a, b: a / 3,
    "1 /": lambda a, b: 1.0 / a, "* float64 number": lambda a, b: a * np.float64(0.1),
    "neg": lambda a, b: -a, "** 2": lambda a, b: a ** 2, "** 0.5": lambda a, b: a ** 0.5,
    "** tensor": lambda a, b: a ** b, "2 **": lambda a, b: 2.0 ** a,
    "matmul": lambda a, b: a @ b.T, "linear": lambda a, b: ops.linear(a, b.T, b[:, 0]),
    "exp": lambda a, b: a.exp(), "log": lambda a, b: a.log(), "sqrt": lambda a, b: a.sqrt(),
    "abs": lambda a, b: abs(a - 1.25), "tanh": lambda a, b: a.tanh(), "sigmoid": lambda a, b: a.sigmoid(),
    "relu": lambda a, b: (a - 1.25).relu(), "sum": lambda a, b: a.sum(axis=0),
    "mean": lambda a, b: a.mean(axis=1, keepdims=True), "mean all": lambda a, b: a.mean(),
    "max": lambda a, b: a.max(axis=1), "max all": lambda a, b: a.max(), "reshape": lambda a, b: a.reshape(-1),
    "T": lambda a, b: a.T, "getitem": lambda a, b: a[[0, 0, 1]], "slice": lambda a, b: a[:, 1:],
    "concatenate": lambda a, b: ops.concatenate([a, b], axis=1), "stack": lambda a, b: ops.stack([a, b]),
    "clip": lambda a, b: a.clip(0.75, 1.5),
    "clip float64 bounds": lambda a, b: a.clip(np.float64(0.75), np.float64(1.5)),
    "** float64 number": lambda a, b: a ** np.float64(2.0), "maximum": lambda a, b: ops.maximum(a, b),
    "maximum number": lambda a, b: ops.maximum(a, 1.0), "where": lambda a, b: ops.where(a.data > 1, a, b),
    "where number": lambda a, b: ops.where(a.data > 1, a, 0.0),
}


@pytest.mark.parametrize("name", FLOAT32_OPS)
def test_float32_stays_float32_through_every_op(xp, rng, name):
    a, b = _positive32(rng, (2, 3)), _positive32(rng, (2, 3))
    y = FLOAT32_OPS[name](a, b)
    assert y.dtype == np.float32, f"{name} gave {y.dtype}"
    y.backward(xp.ones(y.shape, dtype=xp.float32))
    for t in (a, b):
        assert t.grad is None or t.grad.dtype == np.float32, f"{name}: gradient is {t.grad.dtype}"


FLOAT32_LOSSES = {
    "mse": lambda h, p, t: losses.mse(p, t),
    "bce": lambda h, p, t: losses.binary_crossentropy(p * 0.25 + 0.5, t),      # p in (-1, 1): (0.25, 0.75)
    "bce fused": lambda h, p, t: losses.binary_crossentropy(p.sigmoid(), t),
    "bce logits": lambda h, p, t: losses.binary_crossentropy_with_logits(p, t),
    "kl_bernoulli": lambda h, p, t: losses.kl_bernoulli(0.05, h.mean(axis=0)),
    "sparsity_kl": lambda h, p, t: losses.sparsity_kl(h, 0.05),
    "gaussian_kl": lambda h, p, t: losses.gaussian_kl(p, t),
    "l1_activity": lambda h, p, t: losses.l1_activity(h),
    "softmax_cross_entropy": lambda h, p, t: losses.softmax_cross_entropy(p, xp_labels(p)),
    "contractive": lambda h, p, t: losses.contractive_penalty(h, p),
}


def xp_labels(p):
    return backend.array_module(p.data).asarray([0, 2, 1, 0])


@pytest.mark.parametrize("name", FLOAT32_LOSSES)
def test_float32_stays_float32_through_every_loss(xp, rng, name):
    a = ta.tensor(rng.uniform(-1, 1, size=(4, 3)), requires_grad=True)
    pred = ta.tensor(rng.uniform(-1, 1, size=(4, 3)), requires_grad=True)
    target = ta.tensor(rng.uniform(0, 1, size=(4, 3)))
    h = a.sigmoid()
    loss = FLOAT32_LOSSES[name](h, pred, target)
    assert loss.dtype == np.float32
    loss.backward()
    for t in (a, pred):
        assert t.grad is None or t.grad.dtype == np.float32


def test_a_float64_target_is_cast_to_the_prediction_dtype(xp, rng):
    pred = ta.tensor(rng.uniform(size=(3,)), requires_grad=True)
    loss = losses.mse(pred, xp.asarray(rng.uniform(size=(3,))))      # float64 data
    assert loss.dtype == np.float32


OPTIMIZERS = {
    "SGD": lambda ps: optim.SGD(ps, lr=0.1), "SGD momentum": lambda ps: optim.SGD(ps, 0.1, momentum=0.9),
    "SGD nesterov wd": lambda ps: optim.SGD(ps, 0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "SGD keras": lambda ps: optim.SGD.keras(ps, momentum=0.9),
    "Adam": lambda ps: optim.Adam(ps, weight_decay=0.01), "Adam keras": optim.Adam.keras,
    "Adadelta": lambda ps: optim.Adadelta(ps, weight_decay=0.01), "Adadelta keras": optim.Adadelta.keras,
    "RMSprop": lambda ps: optim.RMSprop(ps, weight_decay=0.01), "RMSprop keras": optim.RMSprop.keras,
}


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_float32_stays_float32_through_optimizer_steps(xp, rng, name):
    model = nn.Sequential(nn.Dense(4, 3, "tanh"), nn.Dense(3, 4, "sigmoid"))
    opt = OPTIMIZERS[name](model.parameters())
    x = ta.tensor(rng.uniform(size=(5, 4)))
    for _ in range(3):
        opt.zero_grad()
        losses.mse(model(x), x).backward()
        opt.step()
    for p in model.parameters():
        assert p.dtype == np.float32
        for key, value in opt.state[id(p)].items():
            if backend.is_array(value):
                assert value.dtype == np.float32, f"{name} state {key} is {value.dtype}"


MIXED = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
    "**": lambda a, b: a ** b, "matmul": lambda a, b: a @ b.T, "linear": lambda a, b: ops.linear(a, b.T),
    "linear bias": lambda a, b: ops.linear(a, a.T, b[0]), "maximum": ops.maximum,
    "where": lambda a, b: ops.where(a.data > 0, a, b), "concatenate": lambda a, b: ops.concatenate([a, b]),
    "stack": lambda a, b: ops.stack([a, b]), "array operand": lambda a, b: a + b.data,
}


@pytest.mark.parametrize("name", MIXED)
def test_mixing_float32_and_float64_raises_type_error(xp, rng, name):
    a = ta.tensor(rng.uniform(0.5, 1, size=(3, 3)))
    b = ta.tensor(rng.uniform(0.5, 1, size=(3, 3)), dtype="float64")
    with pytest.raises(TypeError) as info:
        MIXED[name](a, b)
    assert "float32" in str(info.value) and "float64" in str(info.value)


def test_tensor_needs_an_array_and_points_to_ta_tensor(xp):
    with pytest.raises(TypeError, match=r"list.*ta\.tensor"):
        ta.Tensor([1.0, 2.0])


def test_trained_tensors_and_parameters_do_not_change_the_callers_array(xp):
    start = xp.ones((2, 2), dtype=xp.float32)
    w, p = ta.tensor(start, requires_grad=True), nn.Parameter(start)
    for t in (w, p):
        t.grad = xp.ones_like(start)
    optim.SGD([w, p], lr=0.5).step()
    assert float(w.data[0, 0]) == 0.5 and float(p.data[0, 0]) == 0.5
    assert float(start.sum()) == 4.0
