"""The plain teaching versions (tinyae/plain/) against the fast paths they explain: the same values
and the same gradients in float64 on random shapes (the plain gradients come from autograd, the fast
ones are written by hand), a float64 finite-difference check of every plain op, the optimizers'
formulas against the optimizer classes over several steps in both flavours, float32 kept float32,
and clear errors for bad input."""
import math
import warnings

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, ops, optim, plain
from tinyae.bench.cases import conv_autoencoder

to_np = backend.to_numpy


def forward_backward(fn, arrays):
    """fn's output and the gradients of sum(v * output) for a fixed random v, one per input,
    all as float64 NumPy arrays."""
    tensors = [ta.tensor(a, dtype="float64", requires_grad=True) for a in arrays]
    y = fn(*tensors)
    v = backend.new_rng(7).normal(size=y.shape)
    y.backward(ta.tensor(v, dtype="float64"))
    return [y.numpy()] + [to_np(t.grad) for t in tensors]


def assert_same_values_and_gradients(plain_fn, fast_fn, arrays, rtol=1e-10, atol=1e-12):
    plain_results, fast_results = forward_backward(plain_fn, arrays), forward_backward(fast_fn, arrays)
    names = ["output"] + [f"gradient of input {i}" for i in range(len(arrays))]
    for name, got, expected in zip(names, plain_results, fast_results):
        assert got.shape == expected.shape, name
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=name)


def f64(arrays):
    return [ta.tensor(a, dtype="float64") for a in arrays]


# ----- conv2d -----------------------------------------------------------------------------------------
# (N, C, H, W), (O, kh, kw), stride, padding. The channel counts take the fast conv2d down each of its
# routes: at stride 1 with O*H*W <= C*Ho*Wo it multiplies first and shifts after ("output side"; dL/dx by a
# correlation with the flipped kernel); otherwise im2col, whose dL/dx is done by col2im.
CONV_CASES = [
    ((2, 4, 5, 5), (1, 3, 3), 1, "same"),        # output side, odd size
    ((2, 3, 5, 5), (2, 3, 3), 1, "same"),        # O < C: output side
    ((2, 1, 6, 6), (3, 3, 3), 1, "same"),        # im2col, dL/dx by col2im
    ((1, 8, 7, 6), (2, 3, 3), 2, "same"),        # O < C at stride 2: im2col
    ((2, 4, 7, 7), (1, 2, 3), 2, "valid"),       # a remainder row that no window reads
    ((2, 8, 6, 5), (2, 3, 3), 1, "valid"),       # output side, no padding
    ((1, 4, 6, 5), (1, 2, 2), 1, "same"),        # output side, the padding at the bottom/right only
    ((1, 2, 6, 5), (3, 2, 2), 2, "same"),        # even kernel: the odd padding pixel bottom/right
    ((2, 3, 9, 8), (2, 4, 3), 3, "same"),        # stride 3, a kernel taller than wide
    ((1, 3, 6, 7), (2, 3, 3), 1, "valid"),
    ((2, 2, 7, 6), (3, 3, 3), 2, "valid"),
    ((1, 4, 5, 5), (1, 3, 3), 1, 1),             # PyTorch's int padding
    ((1, 3, 5, 5), (2, 3, 3), 1, 3),             # padding larger than the kernel
    ((2, 5, 7, 9), (4, 3, 3), (2, 1), "same"),   # a different stride down and across
    ((4, 2, 20, 20), (3, 3, 3), 1, "same"),      # im2col, dL/dK over 1,600 pixels: summed in blocks
    ((4, 4, 20, 20), (1, 3, 3), 1, "same"),      # output side, dL/dK summed in blocks
]


@pytest.mark.parametrize("x_shape, k_shape, stride, padding", CONV_CASES, ids=str)
def test_conv2d_agrees_with_the_fast_one(xp, rng, x_shape, k_shape, stride, padding):
    O, kh, kw = k_shape
    arrays = [rng.normal(size=x_shape), rng.normal(size=(O, x_shape[1], kh, kw)), rng.normal(size=O)]
    assert_same_values_and_gradients(lambda x, K, b: plain.conv2d(x, K, b, stride, padding),
                                     lambda x, K, b: ops.conv2d(x, K, b, stride, padding), arrays)


@pytest.mark.parametrize("x_shape, k_shape, stride", [
    ((2, 3, 6, 5), (4, 3, 3), 2),                # im2col
    ((2, 8, 6, 5), (2, 3, 3), 1),                # output side
], ids=["im2col", "output side"])
def test_conv2d_without_bias_agrees_with_the_fast_one(xp, rng, x_shape, k_shape, stride):
    arrays = [rng.normal(size=x_shape), rng.normal(size=(k_shape[0], x_shape[1], *k_shape[1:]))]
    assert_same_values_and_gradients(lambda x, K: plain.conv2d(x, K, stride=stride, padding="same"),
                                     lambda x, K: ops.conv2d(x, K, stride=stride, padding="same"), arrays)


@pytest.mark.parametrize("x_shape, k_shape, stride, padding", [
    ((2, 2, 5, 5), (3, 3, 3), 1, "same"), ((1, 3, 6, 5), (2, 2, 3), 2, "same"),
    ((2, 2, 6, 7), (2, 3, 3), 2, "valid"),
], ids=str)
def test_conv2d_gradcheck(xp, rng, x_shape, k_shape, stride, padding):
    O, kh, kw = k_shape
    x, K, b = f64([rng.normal(size=x_shape), rng.normal(size=(O, x_shape[1], kh, kw)), rng.normal(size=O)])
    assert ta.gradcheck(lambda x, K, b: plain.conv2d(x, K, b, stride, padding), x, K, b)


# ----- conv_transpose2d -------------------------------------------------------------------------------
# (N, C_in, H, W), (C_out, kh, kw), stride, padding. At stride 1 with C_in < C_out the fast version
# correlates with the flipped kernel; otherwise it uses col2im.
TRANSPOSE_CASES = [
    ((2, 2, 4, 5), (3, 3, 3), 1, "same"),        # flipped-kernel correlation
    ((2, 3, 4, 4), (2, 3, 3), 1, "same"),        # col2im
    ((1, 1, 5, 4), (3, 3, 3), 1, "valid"),       # flipped-kernel correlation, output grows by k - 1
    ((2, 3, 5, 5), (2, 3, 3), 2, "same"),
    ((1, 2, 4, 4), (2, 4, 4), 2, "same"),        # even kernel
    ((2, 2, 3, 4), (3, 3, 3), 2, "valid"),
    ((1, 3, 3, 3), (2, 2, 2), 3, "valid"),       # stride larger than the kernel: gaps of zeros
    ((1, 2, 3, 3), (2, 2, 3), 3, "same"),
    ((2, 2, 4, 3), (1, 3, 2), (2, 1), "same"),   # a different stride down and across
    ((4, 2, 20, 20), (3, 3, 3), 2, "same"),      # dL/dK over 1,600 input pixels: summed in blocks
]


@pytest.mark.parametrize("x_shape, k_shape, stride, padding", TRANSPOSE_CASES, ids=str)
def test_conv_transpose2d_agrees_with_the_fast_one(xp, rng, x_shape, k_shape, stride, padding):
    C_out, kh, kw = k_shape
    arrays = [rng.normal(size=x_shape), rng.normal(size=(x_shape[1], C_out, kh, kw)), rng.normal(size=C_out)]
    assert_same_values_and_gradients(lambda x, K, b: plain.conv_transpose2d(x, K, b, stride, padding),
                                     lambda x, K, b: ops.conv_transpose2d(x, K, b, stride, padding), arrays)


@pytest.mark.parametrize("x_shape, k_shape, stride, padding", [
    ((2, 2, 3, 3), (2, 3, 3), 2, "same"), ((1, 3, 3, 2), (2, 3, 2), 1, "valid"),
    ((1, 2, 2, 3), (2, 2, 2), 3, "valid"),
], ids=str)
def test_conv_transpose2d_gradcheck(xp, rng, x_shape, k_shape, stride, padding):
    C_out, kh, kw = k_shape
    x, K, b = f64([rng.normal(size=x_shape), rng.normal(size=(x_shape[1], C_out, kh, kw)), rng.normal(size=C_out)])
    assert ta.gradcheck(lambda x, K, b: plain.conv_transpose2d(x, K, b, stride, padding), x, K, b)


# ----- max_pool2d -------------------------------------------------------------------------------------
POOL_CASES = [  # (N, C, H, W), pool_size, stride (None: the pool size), padding
    ((2, 3, 6, 6), 2, None, "valid"), ((2, 3, 7, 7), 2, None, "valid"), ((2, 3, 7, 5), 2, None, "same"),
    ((1, 2, 7, 7), 3, 2, "same"), ((1, 2, 8, 7), 3, 1, "same"), ((1, 2, 8, 8), 3, 3, "same"),
    ((2, 2, 9, 8), (2, 3), (1, 2), "valid"),
]


@pytest.mark.parametrize("shape, pool, stride, padding", POOL_CASES, ids=str)
def test_max_pool2d_agrees_with_the_fast_one_on_ties_and_negative_inputs(xp, rng, shape, pool, stride, padding):
    # integers in [-4, 0]: most windows have a tie for the maximum, and every value is <= 0, so a zero
    # padding cell would win a "same" window; the -inf padding never does
    x = rng.integers(-4, 1, size=shape).astype(float)
    assert_same_values_and_gradients(lambda x: plain.max_pool2d(x, pool, stride, padding),
                                     lambda x: ops.max_pool2d(x, pool, stride, padding), [x], rtol=0, atol=0)


def test_max_pool2d_gives_a_tie_to_one_cell_the_first_in_row_major_order(xp):
    x = ta.tensor(np.array([[[[1.0, 1.0, 0.0, 2.0],
                              [1.0, 0.0, 2.0, 2.0]]]]), requires_grad=True)
    plain.max_pool2d(x, 2).backward(ta.tensor(np.array([[[[3.0, 5.0]]]])))
    np.testing.assert_array_equal(to_np(x.grad), [[[[3.0, 0.0, 0.0, 5.0], [0.0, 0.0, 0.0, 0.0]]]])


@pytest.mark.parametrize("shape, pool, stride, padding", [((1, 2, 5, 5), 2, None, "same"),
                                                          ((2, 1, 5, 6), 3, 2, "same")], ids=str)
def test_max_pool2d_gradcheck(xp, rng, shape, pool, stride, padding):
    x = ta.tensor(rng.normal(size=shape) - 5.0, dtype="float64")     # distinct values: no ties
    assert ta.gradcheck(lambda x: plain.max_pool2d(x, pool, stride, padding), x)


# ----- sigmoid ----------------------------------------------------------------------------------------
def test_sigmoid_agrees_with_the_fast_one(xp, rng):
    z = rng.normal(size=(5, 7)) * 4.0
    assert_same_values_and_gradients(plain.sigmoid, ops.sigmoid, [z])


def test_sigmoid_gradcheck(xp, rng):
    assert ta.gradcheck(plain.sigmoid, ta.tensor(rng.normal(size=(3, 4)) * 3.0, dtype="float64"))


def test_where_the_plain_sigmoid_breaks_as_its_docstring_says(xp):
    # float32 e^100 overflows: the value is still 0, but the gradient is 0 * inf = nan; the fast one is finite
    x = ta.tensor(np.array([-100.0, 0.0]), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # NumPy warns about the overflow, CuPy does not
        plain.sigmoid(x).sum().backward()
    plain_grad = to_np(x.grad)
    x.grad = None
    ops.sigmoid(x).sum().backward()
    assert np.isnan(plain_grad[0]) and plain_grad[1] == 0.25
    assert np.all(np.isfinite(to_np(x.grad)))


# ----- binary cross-entropy ---------------------------------------------------------------------------
def test_bce_after_sigmoid_in_two_steps_agrees_with_the_fast_logits_route(xp, rng):
    # the fast loss sees ops.sigmoid's node and computes from z; |z| <= 10 keeps sigma(z) inside the clip
    z = np.clip(rng.normal(size=(6, 10)) * 4.0, -10, 10)
    target = rng.uniform(size=(6, 10))
    assert_same_values_and_gradients(plain.binary_crossentropy_after_sigmoid,
                                     lambda z, t: losses.binary_crossentropy(ops.sigmoid(z), t), [z, target])


def test_bce_of_probabilities_agrees_with_the_fast_one_including_the_clip(xp, rng):
    prob = rng.uniform(0.01, 0.99, size=(4, 9))
    prob[0, :3] = [0.0, 1.0, 1e-9]                      # clipped: no gradient flows to them
    target = rng.uniform(size=(4, 9))
    assert_same_values_and_gradients(plain.binary_crossentropy, losses.binary_crossentropy, [prob, target])


def test_where_the_two_bce_routes_differ_as_the_docstring_says(xp):
    # sigma(-30) ~ 9.4e-14 < eps = 1e-7 with target 1: the clip caps the plain loss at -ln(1e-7) = 16.118
    # and stops its gradient; the fast route from z charges -ln(sigma(-30)) = 30 with gradient sigma(z) - 1
    z = ta.tensor(np.array([[-30.0]]), dtype="float64", requires_grad=True)
    target = ta.tensor(np.array([[1.0]]), dtype="float64")
    plain_loss = plain.binary_crossentropy_after_sigmoid(z, target)
    plain_loss.backward()
    assert plain_loss.item() == pytest.approx(-math.log(1e-7), rel=1e-6) and to_np(z.grad)[0, 0] == 0.0
    z.grad = None
    fast_loss = losses.binary_crossentropy(ops.sigmoid(z), target)
    fast_loss.backward()
    assert fast_loss.item() == pytest.approx(30.0, rel=1e-9) and to_np(z.grad)[0, 0] == pytest.approx(-1.0)


def test_bce_gradchecks(xp, rng):
    prob, target = f64([rng.uniform(0.05, 0.95, size=(3, 4)), rng.uniform(size=(3, 4))])
    assert ta.gradcheck(plain.binary_crossentropy, prob, target)
    z = ta.tensor(rng.normal(size=(3, 4)) * 3.0, dtype="float64")
    assert ta.gradcheck(plain.binary_crossentropy_after_sigmoid, z, target)


# ----- topk -------------------------------------------------------------------------------------------
# (shape, k, axis). Rounded normals (-3..3) tie a lot: then more entries equal the k-th largest than
# there are places left in most lines (the partial sort's crowded lines, which must keep the first).
TOPK_CASES = [((7, 9), 3, -1), ((7, 9), 1, 0), ((4, 5, 6), 6, 2), ((4, 5, 6), 2, 1), ((30, 50), 5, 0),
              ((3, 200), 17, 1)]


@pytest.mark.parametrize("values", ["distinct", "ties", "ties and nan"])
@pytest.mark.parametrize("shape, k, axis", TOPK_CASES, ids=str)
def test_topk_agrees_with_the_fast_one(xp, rng, shape, k, axis, values):
    x = rng.normal(size=shape)
    if values != "distinct":
        x = np.round(x)
    if values == "ties and nan":
        x[rng.uniform(size=shape) < 0.2] = np.nan       # NaN counts as the largest, as in a sort
    (plain_values, plain_indices), (fast_values, fast_indices) = (
        topk(ta.tensor(x, dtype="float64"), k, axis) for topk in (plain.topk, ta.topk))
    np.testing.assert_array_equal(to_np(plain_indices), to_np(fast_indices))
    np.testing.assert_array_equal(plain_values.numpy(), fast_values.numpy())
    assert_same_values_and_gradients(lambda t: plain.topk(t, k, axis)[0], lambda t: ta.topk(t, k, axis)[0], [x])


@pytest.mark.parametrize("dtype", ["uint8", "int32", "bool"])
def test_topk_of_integers_and_bools_agrees_with_the_fast_one(xp, rng, dtype):
    x = rng.integers(0, 2 if dtype == "bool" else 4, size=(12, 40)).astype(dtype)
    for k, axis in ((5, 1), (1, 0), (12, 0)):
        (plain_values, plain_indices), (fast_values, fast_indices) = (
            topk(ta.tensor(x, dtype=dtype), k, axis) for topk in (plain.topk, ta.topk))
        np.testing.assert_array_equal(to_np(plain_indices), to_np(fast_indices))
        np.testing.assert_array_equal(plain_values.numpy(), fast_values.numpy())
        assert fast_values.dtype == dtype


def test_topk_of_equal_values_keeps_the_first_k(xp):
    x = ta.tensor(np.full((3, 8), 2.0))
    for topk in (plain.topk, ta.topk):
        np.testing.assert_array_equal(to_np(topk(x, 3)[1]), [[0, 1, 2]] * 3)


def test_topk_gradcheck(xp, rng):
    x = ta.tensor(rng.normal(size=(4, 6)), dtype="float64")
    assert ta.gradcheck(lambda x: plain.topk(x, 2, axis=0)[0], x)


# ----- float32 stays float32 --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["conv2d", "conv_transpose2d", "max_pool2d", "sigmoid", "bce", "topk"])
def test_float32_stays_float32_forward_and_backward(xp, rng, name):
    calls = {
        "conv2d": (lambda x, K: plain.conv2d(x, K, padding="same"), [(2, 3, 5, 5), (4, 3, 3, 3)]),
        "conv_transpose2d": (lambda x, K: plain.conv_transpose2d(x, K, stride=2), [(2, 3, 4, 4), (3, 2, 3, 3)]),
        "max_pool2d": (lambda x: plain.max_pool2d(x, 2, padding="same"), [(2, 3, 5, 5)]),
        "sigmoid": (plain.sigmoid, [(4, 5)]),
        "bce": (lambda p: plain.binary_crossentropy(p, np.full((4, 5), 0.5)), [(4, 5)]),
        "topk": (lambda x: plain.topk(x, 2)[0], [(4, 5)]),
    }
    fn, shapes = calls[name]
    tensors = [ta.tensor(rng.uniform(0.1, 0.9, size=s), requires_grad=True) for s in shapes]
    y = fn(*tensors)
    y.sum().backward()
    assert y.dtype == "float32"
    assert all(t.grad.dtype == "float32" for t in tensors)


# ----- optimizers: the formulas against the classes -----------------------------------------------------
STEPS = 6
OPTIMIZERS = [  # (optimizer class or .keras, plain function, keyword arguments that both take)
    (optim.SGD, plain.sgd, {"lr": 0.1}),
    (optim.SGD, plain.sgd, {"lr": 0.1, "momentum": 0.9}),
    (optim.SGD, plain.sgd, {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    (optim.SGD, plain.sgd, {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.1}),
    (optim.SGD.keras, plain.sgd_keras, {}),
    (optim.SGD.keras, plain.sgd_keras, {"lr": 0.1, "momentum": 0.9}),
    (optim.SGD.keras, plain.sgd_keras, {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    (optim.Adam, plain.adam, {}),
    (optim.Adam, plain.adam, {"lr": 0.1, "betas": (0.5, 0.9), "eps": 0.05, "weight_decay": 0.1}),
    (optim.Adam.keras, plain.adam_keras, {}),
    (optim.Adam.keras, plain.adam_keras, {"lr": 0.1, "beta_1": 0.5, "beta_2": 0.9, "epsilon": 0.1}),
    (optim.Adadelta, plain.adadelta, {}),
    (optim.Adadelta, plain.adadelta, {"lr": 0.5, "rho": 0.8, "eps": 1e-3, "weight_decay": 0.1}),
    (optim.Adadelta.keras, plain.adadelta_keras, {}),
    (optim.Adadelta.keras, plain.adadelta_keras, {"lr": 0.5, "rho": 0.8, "epsilon": 1e-3}),
    (optim.RMSprop, plain.rmsprop, {}),
    (optim.RMSprop, plain.rmsprop, {"lr": 0.1, "alpha": 0.9, "eps": 0.5, "weight_decay": 0.1}),
    (optim.RMSprop.keras, plain.rmsprop_keras, {}),
    (optim.RMSprop.keras, plain.rmsprop_keras, {"lr": 0.1, "rho": 0.8, "epsilon": 0.5}),
]


def optimizer_id(case):
    fast, _, kwargs = case
    return f"{fast.__qualname__}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"


def run_both(xp, rng, fast, formula, kwargs, dtype):
    """STEPS updates of one parameter by the optimizer class and by the plain formula, from the same
    start with the same gradients (one element's gradient stays zero). Returns the start, both results
    and the formula's last state."""
    p0 = rng.uniform(-1, 1, size=(3, 4)).astype(dtype)
    grads = [rng.normal(size=(3, 4)).astype(dtype) for _ in range(STEPS)]
    for g in grads:
        g[2, 3] = 0.0
    param = nn.Parameter(xp.asarray(p0.copy()))
    optimizer = fast([param], **kwargs)
    p, state = xp.asarray(p0), {}
    for g in grads:
        param.grad = xp.asarray(g)
        optimizer.step()
        p, state = formula(p, xp.asarray(g), state, **kwargs)
    return p0, to_np(p), param.numpy(), state


@pytest.mark.parametrize("fast, formula, kwargs", OPTIMIZERS, ids=[optimizer_id(c) for c in OPTIMIZERS])
def test_optimizer_formula_agrees_with_the_optimizer_class(xp, rng, fast, formula, kwargs):
    start, got, expected, _ = run_both(xp, rng, fast, formula, kwargs, "float64")
    assert not np.allclose(got, start)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("fast, formula, kwargs", OPTIMIZERS, ids=[optimizer_id(c) for c in OPTIMIZERS])
def test_optimizer_formula_keeps_float32(xp, rng, fast, formula, kwargs):
    _, got, expected, state = run_both(xp, rng, fast, formula, kwargs, "float32")
    assert got.dtype == "float32"
    assert all(value.dtype == "float32" for value in state.values() if backend.is_array(value))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_optimizer_formulas_change_nothing_in_place(xp, rng):
    p, g = xp.asarray(rng.normal(size=5)), xp.asarray(rng.normal(size=5))
    p_before, g_before = to_np(p).copy(), to_np(g).copy()
    state = {}
    for _ in range(2):
        new_p, new_state = plain.adam(p, g, state, lr=0.1)
        assert new_state is not state
        state = new_state
    np.testing.assert_array_equal(to_np(p), p_before)
    np.testing.assert_array_equal(to_np(g), g_before)
    assert not np.allclose(to_np(new_p), p_before)


# ----- the benchmark's conv autoencoder, written with the plain versions ------------------------------------
def plain_forward(model, x):
    """The conv autoencoder's layers one by one with the plain versions (relu and upsampling have none:
    they are plain already)."""
    for layer in model:
        if isinstance(layer, nn.Conv2D):
            y = plain.conv2d(x, layer.W, layer.b, layer.stride, layer.padding)
            x = plain.sigmoid(y) if layer.activation == "sigmoid" else ops.relu(y)
        elif isinstance(layer, nn.MaxPool2D):
            x = plain.max_pool2d(x, layer.pool_size, layer.stride, layer.padding)
        else:
            x = layer(x)
    return x


def test_the_benchmarks_conv_autoencoder_in_plain_versions_takes_the_same_training_step(xp, rng):
    # the fast loss goes from the last sigmoid's input z, the plain one takes sigmoid and BCE as two steps
    model = conv_autoencoder().to(dtype="float64")
    params = model.parameters()
    x = ta.tensor(rng.uniform(size=(2, 1, 28, 28)), dtype="float64")
    fast_loss = losses.binary_crossentropy(model(x), x)
    fast_loss.backward()
    fast_grads = [p.grad for p in params]
    for p in params:
        p.grad = None
    plain_loss = plain.binary_crossentropy(plain_forward(model, x), x)
    plain_loss.backward()
    assert plain_loss.item() == pytest.approx(fast_loss.item(), rel=1e-12)
    for p, fast_grad in zip(params, fast_grads):
        np.testing.assert_allclose(to_np(p.grad), to_np(fast_grad), rtol=1e-9, atol=1e-13, err_msg=p.name)
    plain_updated = [plain.adadelta_keras(p.data, p.grad, {})[0] for p in params]
    for p, fast_grad in zip(params, fast_grads):
        p.grad = fast_grad
    optim.Adadelta.keras(params).step()
    for p, expected in zip(params, plain_updated):
        np.testing.assert_allclose(p.numpy(), to_np(expected), rtol=1e-12, atol=1e-15, err_msg=p.name)


# ----- bad input --------------------------------------------------------------------------------------
def test_bad_input_gets_a_clear_error(xp):
    x, K = ta.tensor(np.zeros((1, 3, 5, 5))), ta.tensor(np.zeros((2, 4, 3, 3)))
    with pytest.raises(ValueError, match=r"conv2d: input of shape \(1, 3, 5, 5\) does not fit a kernel of shape"):
        plain.conv2d(x, K)
    with pytest.raises(ValueError, match=r"conv2d: bias has shape \(3,\), expected \(2,\)"):
        plain.conv2d(x, ta.tensor(np.zeros((2, 3, 3, 3))), ta.tensor(np.zeros(3)))
    with pytest.raises(ValueError, match="conv2d: a 3x3 window with padding 'valid' does not fit"):
        plain.conv2d(ta.tensor(np.zeros((1, 3, 2, 5))), ta.tensor(np.zeros((2, 3, 3, 3))))
    with pytest.raises(ValueError, match="conv_transpose2d: padding must be \"same\" or \"valid\", got 1"):
        plain.conv_transpose2d(x, ta.tensor(np.zeros((3, 2, 3, 3))), padding=1)
    with pytest.raises(ValueError, match="conv_transpose2d: stride must be a positive int"):
        plain.conv_transpose2d(x, ta.tensor(np.zeros((3, 2, 3, 3))), stride=0)
    with pytest.raises(ValueError, match=r"max_pool2d: input must have shape \(N, C, H, W\), got shape \(3, 5, 5"):
        plain.max_pool2d(ta.tensor(np.zeros((3, 5, 5))))
    with pytest.raises(ValueError, match=r"prediction has shape \(2, 3\) but target has shape \(3, 2\)"):
        plain.binary_crossentropy(ta.tensor(np.full((2, 3), 0.5)), ta.tensor(np.full((3, 2), 0.5)))
    p = xp.zeros((2, 3), dtype="float32")
    with pytest.raises(ValueError, match=r"adam: gradient has shape \(1, 3\), expected the parameter.s shape \(2, 3"):
        plain.adam(p, xp.zeros((1, 3), dtype="float32"), {})
    with pytest.raises(TypeError, match="rmsprop: gradient has dtype float64 but the parameter float32"):
        plain.rmsprop_keras(p, xp.zeros((2, 3)), {})


# ----- the timing script (a measurement, not a test: this only checks that it runs and reports) ----------
def test_plain_vs_fast_timing_runs_and_reports_every_fast_path(capsys):
    from tinyae.bench.plain_vs_fast import main
    main(["--batch", "2", "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("backend numpy, float32, median of 1 runs")
    rows = lines[2:]
    names = " ".join(row[:58] for row in rows)
    for fast_path in ("conv2d", "conv_transpose2d", "max_pool2d", "sigmoid", "BCE after sigmoid", "topk", "Adadelta",
                      "Keras Adam", "PyTorch Adam", "RMSprop", "PyTorch SGD", "Keras SGD"):
        assert fast_path in names
    for row in rows:
        fast_ms, plain_ms, ratio = (float(v) for v in row[58:].split())
        assert all(math.isfinite(v) and v >= 0 for v in (fast_ms, plain_ms, ratio)), row
