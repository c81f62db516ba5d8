"""Optimizers against their update rules written out by hand here, several steps on small arrays,
in both flavours: PyTorch's documented algorithms (the default) and Keras's (`.keras(params)`),
with each framework's defaults. Also: frozen and gradient-less parameters are skipped, a shared
parameter is updated once, and the optimizer state follows Module.to."""
import math

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, optim

to_np = backend.to_numpy
STEPS = 6


@pytest.fixture
def problem(rng):
    """A starting point and a sequence of gradients (one entry stays zero throughout)."""
    p0 = rng.uniform(-1, 1, size=(2, 3))
    grads = [rng.normal(size=(2, 3)) for _ in range(STEPS)]
    for g in grads:
        g[1, 2] = 0.0
    return p0, grads


def run(xp, make_optimizer, p0, grads, lrs=None):
    """Apply the optimizer to a float64 Parameter for len(grads) steps; lrs may change lr per step."""
    p = nn.Parameter(xp.array(p0))
    opt = make_optimizer([p])
    for k, g in enumerate(grads):
        if lrs is not None:
            opt.lr = lrs[k]
        p.grad = xp.asarray(g)
        opt.step()
    return p.numpy(), opt


# ----- the update rules, written out ------------------------------------------------------------
def sgd_torch(p, grads, lrs, momentum=0.0, nesterov=False, weight_decay=0.0):
    buf = None
    for lr, g in zip(lrs, grads):
        g = g + weight_decay * p
        if momentum:
            buf = g.copy() if buf is None else momentum * buf + g      # first step: the raw gradient
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
    return p


def sgd_keras(p, grads, lrs, momentum=0.0, nesterov=False):
    v = np.zeros_like(p)
    for lr, g in zip(lrs, grads):
        v = momentum * v - lr * g
        p = p + (momentum * v - lr * g if nesterov else v)
    return p


def adam_torch(p, grads, lr, b1, b2, eps, weight_decay=0.0, first_t=1):
    m, v = np.zeros_like(p), np.zeros_like(p)
    for t, g in enumerate(grads, first_t):
        g = g + weight_decay * p                                        # L2 on the gradient
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        p = p - lr * m_hat / (np.sqrt(v_hat) + eps)                     # eps after the correction
    return p


def adam_keras(p, grads, lr, b1, b2, eps):
    m, v = np.zeros_like(p), np.zeros_like(p)
    for t, g in enumerate(grads, 1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        lr_t = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        p = p - lr_t * m / (np.sqrt(v) + eps)                           # eps on the raw root
    return p


def adadelta(p, grads, lr, rho, eps, weight_decay=0.0):
    square_avg, acc_delta = np.zeros_like(p), np.zeros_like(p)
    for g in grads:
        g = g + weight_decay * p
        square_avg = rho * square_avg + (1 - rho) * g * g
        delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * g
        acc_delta = rho * acc_delta + (1 - rho) * delta * delta
        p = p - lr * delta
    return p


def rmsprop(p, grads, lr, alpha, eps, weight_decay=0.0):
    v = np.zeros_like(p)
    for g in grads:
        g = g + weight_decay * p
        v = alpha * v + (1 - alpha) * g * g
        p = p - lr * g / (np.sqrt(v) + eps)                             # eps outside the root
    return p


# ----- SGD --------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [{}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True},
                                    {"weight_decay": 0.1}, {"momentum": 0.5, "weight_decay": 0.1},
                                    {"momentum": 0.9, "nesterov": True, "weight_decay": 0.01}], ids=str)
def test_sgd_torch(xp, problem, kwargs):
    p0, grads = problem
    got, _ = run(xp, lambda ps: optim.SGD(ps, 0.1, **kwargs), p0, grads)
    np.testing.assert_allclose(got, sgd_torch(p0, grads, [0.1] * STEPS, **kwargs), rtol=1e-12)



def test_sgd_torch_defaults(xp, problem):
    """torch.optim.SGD(params) in PyTorch 2.13: lr 0.001, no momentum (older versions required lr)."""
    p0, grads = problem
    got, opt = run(xp, optim.SGD, p0, grads)
    assert (opt.lr, opt.momentum, opt.flavor) == (1e-3, 0.0, "torch")
    np.testing.assert_allclose(got, sgd_torch(p0, grads, [1e-3] * STEPS), rtol=1e-12)

@pytest.mark.parametrize("kwargs", [{}, {"momentum": 0.9}, {"momentum": 0.9, "nesterov": True}], ids=str)
def test_sgd_keras(xp, problem, kwargs):
    p0, grads = problem
    got, opt = run(xp, lambda ps: optim.SGD.keras(ps, **kwargs), p0, grads)
    assert opt.lr == 0.01 and opt.flavor == "keras"
    np.testing.assert_allclose(got, sgd_keras(p0, grads, [0.01] * STEPS, **kwargs), rtol=1e-12)


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_forms_differ_when_lr_changes(xp, problem, nesterov):
    """PyTorch's buffer b multiplies the *current* lr, Keras's velocity has the old lrs inside it:
    identical for a constant lr, different once the lr changes."""
    p0, grads = problem
    lrs = [0.1, 0.1, 0.1, 0.02, 0.02, 0.02]
    torch_form, _ = run(xp, lambda ps: optim.SGD(ps, 0.1, momentum=0.9, nesterov=nesterov), p0, grads, lrs)
    keras_form, _ = run(xp, lambda ps: optim.SGD.keras(ps, 0.1, momentum=0.9, nesterov=nesterov), p0, grads, lrs)
    np.testing.assert_allclose(torch_form, sgd_torch(p0, grads, lrs, 0.9, nesterov), rtol=1e-12)
    np.testing.assert_allclose(keras_form, sgd_keras(p0, grads, lrs, 0.9, nesterov), rtol=1e-12)
    assert not np.allclose(torch_form, keras_form)
    constant_torch, _ = run(xp, lambda ps: optim.SGD(ps, 0.1, momentum=0.9, nesterov=nesterov), p0, grads)
    constant_keras, _ = run(xp, lambda ps: optim.SGD.keras(ps, 0.1, momentum=0.9, nesterov=nesterov), p0, grads)
    np.testing.assert_allclose(constant_torch, constant_keras, rtol=1e-12)


def test_sgd_bad_arguments(xp):
    p = nn.Parameter(xp.zeros(3))
    with pytest.raises(ValueError, match="nesterov"):
        optim.SGD([p], 0.1, nesterov=True)
    with pytest.raises(ValueError, match="momentum"):
        optim.SGD([p], 0.1, momentum=-0.5)
    with pytest.raises(ValueError, match="lr"):
        optim.SGD([p], -0.1)
    with pytest.raises(ValueError, match="flavor"):
        optim.SGD([p], 0.1, flavor="jax")
    with pytest.raises(ValueError, match="empty"):
        optim.SGD([], 0.1)
    with pytest.raises(TypeError, match="parameter 1"):
        optim.SGD([p, xp.zeros(3)], 0.1)


# ----- Adam -------------------------------------------------------------------------------------
def test_adam_torch_defaults(xp, problem):
    p0, grads = problem
    got, opt = run(xp, optim.Adam, p0, grads)
    assert (opt.lr, opt.beta1, opt.beta2, opt.eps, opt.flavor) == (1e-3, 0.9, 0.999, 1e-8, "torch")
    np.testing.assert_allclose(got, adam_torch(p0, grads, 1e-3, 0.9, 0.999, 1e-8), rtol=1e-12)


@pytest.mark.parametrize("kwargs", [{"eps": 0.1}, {"weight_decay": 0.1}, {"betas": (0.5, 0.9), "eps": 0.05}],
                         ids=str)
def test_adam_torch(xp, problem, kwargs):
    """A large eps makes its place (after the bias correction) visible."""
    p0, grads = problem
    got, _ = run(xp, lambda ps: optim.Adam(ps, lr=0.1, **kwargs), p0, grads)
    b1, b2 = kwargs.get("betas", (0.9, 0.999))
    expected = adam_torch(p0, grads, 0.1, b1, b2, kwargs.get("eps", 1e-8), kwargs.get("weight_decay", 0.0))
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_adam_keras(xp, problem):
    p0, grads = problem
    got, opt = run(xp, optim.Adam.keras, p0, grads)
    assert (opt.lr, opt.beta1, opt.beta2, opt.eps, opt.flavor) == (1e-3, 0.9, 0.999, 1e-7, "keras")
    np.testing.assert_allclose(got, adam_keras(p0, grads, 1e-3, 0.9, 0.999, 1e-7), rtol=1e-12)
    got, _ = run(xp, lambda ps: optim.Adam.keras(ps, lr=0.1, beta_1=0.5, beta_2=0.9, epsilon=0.1), p0, grads)
    np.testing.assert_allclose(got, adam_keras(p0, grads, 0.1, 0.5, 0.9, 0.1), rtol=1e-12)
    # with a large eps the two forms really are different
    assert not np.allclose(got, adam_torch(p0, grads, 0.1, 0.5, 0.9, 0.1))


# ----- Adadelta ---------------------------------------------------------------------------------
def test_adadelta_torch_defaults(xp, problem):
    p0, grads = problem
    got, opt = run(xp, optim.Adadelta, p0, grads)
    assert (opt.lr, opt.rho, opt.eps, opt.flavor) == (1.0, 0.9, 1e-6, "torch")
    np.testing.assert_allclose(got, adadelta(p0, grads, 1.0, 0.9, 1e-6), rtol=1e-12)


def test_adadelta_torch_weight_decay(xp, problem):
    p0, grads = problem
    got, _ = run(xp, lambda ps: optim.Adadelta(ps, lr=0.5, rho=0.8, eps=1e-3, weight_decay=0.1), p0, grads)
    np.testing.assert_allclose(got, adadelta(p0, grads, 0.5, 0.8, 1e-3, 0.1), rtol=1e-12)


def test_adadelta_keras_defaults(xp, problem):
    p0, grads = problem
    got, opt = run(xp, optim.Adadelta.keras, p0, grads)
    assert (opt.lr, opt.rho, opt.eps, opt.flavor) == (1.0, 0.95, 1e-7, "keras")
    np.testing.assert_allclose(got, adadelta(p0, grads, 1.0, 0.95, 1e-7), rtol=1e-12)


# ----- RMSprop ----------------------------------------------------------------------------------
def test_rmsprop_torch_defaults(xp, problem):
    p0, grads = problem
    got, opt = run(xp, optim.RMSprop, p0, grads)
    assert (opt.lr, opt.alpha, opt.eps, opt.flavor) == (1e-2, 0.99, 1e-8, "torch")
    np.testing.assert_allclose(got, rmsprop(p0, grads, 1e-2, 0.99, 1e-8), rtol=1e-12)
    got, _ = run(xp, lambda ps: optim.RMSprop(ps, lr=0.1, alpha=0.9, eps=0.5, weight_decay=0.1), p0, grads)
    np.testing.assert_allclose(got, rmsprop(p0, grads, 0.1, 0.9, 0.5, 0.1), rtol=1e-12)


def test_rmsprop_keras_defaults(xp, problem):
    p0, grads = problem
    got, opt = run(xp, optim.RMSprop.keras, p0, grads)
    assert (opt.lr, opt.alpha, opt.eps, opt.flavor) == (1e-3, 0.9, 1e-7, "keras")
    np.testing.assert_allclose(got, rmsprop(p0, grads, 1e-3, 0.9, 1e-7), rtol=1e-12)
    got, _ = run(xp, lambda ps: optim.RMSprop.keras(ps, lr=0.1, rho=0.8, epsilon=0.5), p0, grads)
    np.testing.assert_allclose(got, rmsprop(p0, grads, 0.1, 0.8, 0.5), rtol=1e-12)


@pytest.mark.parametrize("cls", [optim.SGD, optim.Adam, optim.Adadelta, optim.RMSprop])
def test_keras_constructors_take_tf_keras_learning_rate_name(cls):
    """tf.keras 2.3+ calls lr learning_rate; keras() takes either name, and refuses two values."""
    p = nn.Parameter(np.zeros(3, dtype=np.float32))
    assert cls.keras([p], learning_rate=0.25).lr == 0.25 == cls.keras([p], lr=0.25).lr
    with pytest.raises(TypeError, match="learning_rate is tf.keras 2.3\\+'s name for lr"):
        cls.keras([p], lr=0.5, learning_rate=0.25)


# ----- which parameters are updated -------------------------------------------------------------
ALL = {
    "SGD": lambda ps: optim.SGD(ps, 0.1, momentum=0.9), "SGD keras": lambda ps: optim.SGD.keras(ps, momentum=0.9),
    "Adam": optim.Adam, "Adam keras": optim.Adam.keras, "Adadelta": optim.Adadelta,
    "Adadelta keras": optim.Adadelta.keras, "RMSprop": optim.RMSprop, "RMSprop keras": optim.RMSprop.keras,
}


@pytest.mark.parametrize("name", ALL)
def test_frozen_and_gradient_less_parameters_are_skipped(xp, rng, name):
    trained, frozen, unused = (nn.Parameter(xp.asarray(rng.uniform(size=3))) for _ in range(3))
    opt = ALL[name]([trained, frozen, unused])
    frozen.requires_grad = False
    before = [p.numpy().copy() for p in (trained, frozen, unused)]
    for _ in range(3):
        trained.grad = frozen.grad = xp.asarray(rng.normal(size=3))
        opt.step()
    assert not np.allclose(trained.numpy(), before[0])
    np.testing.assert_array_equal(frozen.numpy(), before[1])
    np.testing.assert_array_equal(unused.numpy(), before[2])
    assert not opt.state[id(frozen)] and not opt.state[id(unused)]



@pytest.mark.parametrize("name", ALL)
def test_a_step_with_no_gradient_at_all_is_an_error(xp, rng, name):
    """loss.backward(); optimizer.zero_grad(); optimizer.step() (the calls out of order) or a step
    without backward() updated nothing and said nothing: now a RuntimeError giving the order, before
    anything changes (Keras flavours count iterations: not counted either)."""
    p = nn.Parameter(xp.asarray(rng.uniform(size=3)))
    opt = ALL[name]([p])
    before = p.numpy().copy()
    p.grad = xp.asarray(rng.normal(size=3))
    opt.zero_grad()
    message = r"step\(\): none of its 1 parameters has a gradient.*zero_grad\(\), loss\.backward\(\), optimizer\.step"
    with pytest.raises(RuntimeError, match=message):
        opt.step()
    np.testing.assert_array_equal(p.numpy(), before)
    assert opt.iterations == 0

@pytest.mark.parametrize("name", ALL)
def test_shared_parameter_is_updated_once(xp, problem, name):
    p0, grads = problem
    once, _ = run(xp, ALL[name], p0, grads)
    twice, opt = run(xp, lambda ps: ALL[name](ps + ps), p0, grads)
    assert len(opt.params) == 1
    np.testing.assert_array_equal(twice, once)


def test_adam_counts_steps_per_parameter_like_pytorch(xp, problem):
    """PyTorch keeps Adam's step count t per parameter: a parameter that was frozen (or got no
    gradient) for a while starts its bias correction at t = 1 when it starts training."""
    p0, grads = problem
    early, late = nn.Parameter(xp.array(p0)), nn.Parameter(xp.array(p0))
    late.requires_grad = False
    opt = optim.Adam([early, late], lr=0.1)
    for k, g in enumerate(grads):
        if k == 3:
            late.requires_grad = True
        early.grad = late.grad = xp.asarray(g)
        opt.step()
    np.testing.assert_allclose(early.numpy(), adam_torch(p0, grads, 0.1, 0.9, 0.999, 1e-8), rtol=1e-12)
    np.testing.assert_allclose(late.numpy(), adam_torch(p0, grads[3:], 0.1, 0.9, 0.999, 1e-8), rtol=1e-12)


# ----- the state follows Module.to --------------------------------------------------------------
def test_state_follows_module_to_dtype(xp, rng):
    model = nn.Sequential(nn.Dense(3, 2, "tanh"))
    opt = optim.Adam(model.parameters(), lr=0.1)
    x = rng.uniform(size=(4, 3))
    for dtype in ("float32", "float64"):
        model.to(dtype=dtype)
        data = ta.tensor(x, dtype=dtype)
        for _ in range(2):
            opt.zero_grad()
            losses.mse(model(data), data[:, :2]).backward()
            opt.step()
        for p in model.parameters():
            assert p.dtype == dtype
            assert all(value.dtype == dtype for value in opt.state[id(p)].values() if backend.is_array(value))


@pytest.mark.skipif(not backend.cupy_available(), reason="CuPy with a GPU is not available")
def test_state_follows_module_to_cupy(rng):
    model = nn.Sequential(nn.Dense(3, 2))
    opt = optim.Adam(model.parameters(), lr=0.1)
    for p in model.parameters():
        p.grad = backend.to_backend(rng.normal(size=p.shape).astype(np.float32), "numpy")
    opt.step()
    model.to("cupy")
    for p in model.parameters():
        p.grad = backend.to_backend(rng.normal(size=p.shape).astype(np.float32), "cupy")
    opt.step()
    for p in model.parameters():
        assert backend.backend_of(p.data) == "cupy"
        assert all(backend.backend_of(v) == "cupy" for v in opt.state[id(p)].values() if backend.is_array(v))
