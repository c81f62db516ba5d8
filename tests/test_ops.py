"""Every differentiable operation: forward values against NumPy, and a float64 finite-difference
gradient check with inputs kept away from kinks (|x| = 0 for abs/relu, ties for max/maximum, the
bounds of clip). Broadcasting cases check that gradients are summed back to each input's shape."""
import warnings

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, ops

to_np = backend.to_numpy


def uniform(rng, shape, low=-1.0, high=1.0):
    """A float64 tensor with values in [low, high)."""
    return ta.tensor(rng.uniform(low, high, size=shape), dtype="float64")


def away_from_zero(rng, shape, low=0.2, high=1.5):
    """A float64 tensor with |values| in [low, high) and random signs (no kink at 0)."""
    values = rng.uniform(low, high, size=shape) * rng.choice((-1.0, 1.0), size=shape)
    return ta.tensor(values, dtype="float64")


def distinct(rng, shape, spacing=0.1):
    """A float64 tensor whose values differ pairwise by at least `spacing` (no ties for max)."""
    n = int(np.prod(shape))
    values = (rng.permutation(n) - n / 2) * spacing + rng.uniform(0, 0.01)
    return ta.tensor(values.reshape(shape), dtype="float64")


def grads_of(fn, *tensors):
    """Run fn, backpropagate sum(output), return the input gradients as NumPy arrays."""
    for t in tensors:
        t.requires_grad, t.grad = True, None
    fn(*tensors).sum().backward()
    return [to_np(t.grad) for t in tensors]


# ----- + - * / with broadcasting -------------------------------------------------------------
BINARY = {
    "+": (lambda a, b: a + b, np.add),
    "-": (lambda a, b: a - b, np.subtract),
    "*": (lambda a, b: a * b, np.multiply),
    "/": (lambda a, b: a / b, np.divide),
}
BROADCAST_SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((4,), (3, 4)), ((3, 1), (1, 4)),
                    ((2, 3, 4), (3, 1)), ((3, 4), ()), ((), (2, 3))]


@pytest.mark.parametrize("symbol", BINARY)
@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=str)
def test_binary_op_forward_and_gradcheck(xp, rng, symbol, shapes):
    fn, reference = BINARY[symbol]
    a, b = away_from_zero(rng, shapes[0]), away_from_zero(rng, shapes[1])
    y = fn(a, b)
    np.testing.assert_allclose(to_np(y.data), reference(a.numpy(), b.numpy()), rtol=1e-12)
    assert ta.gradcheck(fn, a, b)
    ga, gb = grads_of(fn, a, b)
    assert ga.shape == shapes[0] and gb.shape == shapes[1]


def test_broadcast_gradient_is_summed_back(xp, rng):
    a, b = uniform(rng, (3, 4)), uniform(rng, (4,))
    ga, gb = grads_of(lambda p, q: p + q, a, b)
    np.testing.assert_allclose(gb, np.full(4, 3.0))
    ga, gb = grads_of(lambda p, q: p * q, a, b)
    np.testing.assert_allclose(gb, a.numpy().sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(ga, np.broadcast_to(b.numpy(), (3, 4)), rtol=1e-12)
    c = uniform(rng, (3, 1))
    _, gc = grads_of(lambda p, q: p * q, a, c)
    np.testing.assert_allclose(gc, a.numpy().sum(axis=1, keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("fn, reference", [
    (lambda a: a + 2.0, lambda a: a + 2.0),
    (lambda a: 2.0 + a, lambda a: 2.0 + a),
    (lambda a: a - 0.5, lambda a: a - 0.5),
    (lambda a: 0.5 - a, lambda a: 0.5 - a),
    (lambda a: a * 3, lambda a: a * 3),
    (lambda a: 3 * a, lambda a: 3 * a),
    (lambda a: a / 4.0, lambda a: a / 4.0),
    (lambda a: 4.0 / a, lambda a: 4.0 / a),
    (lambda a: -a, lambda a: -a),
    (lambda a: ops.neg(a), lambda a: -a),
], ids=["a+2", "2+a", "a-.5", ".5-a", "a*3", "3*a", "a/4", "4/a", "-a", "neg(a)"])
def test_ops_with_python_numbers(xp, rng, fn, reference):
    a = away_from_zero(rng, (2, 3))
    np.testing.assert_allclose(to_np(fn(a).data), reference(a.numpy()), rtol=1e-12)
    assert ta.gradcheck(fn, a)


def test_array_on_the_left_uses_the_tensor_operator(xp, rng):
    a = uniform(rng, (2, 3))
    c = xp.asarray(rng.uniform(size=(2, 3)))
    y = c * a
    assert isinstance(y, ta.Tensor)
    np.testing.assert_allclose(to_np(y.data), to_np(c) * a.numpy(), rtol=1e-12)
    (ga,) = grads_of(lambda p: c * p + c, a)
    np.testing.assert_allclose(ga, to_np(c), rtol=1e-12)


# ----- powers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("exponent", [2, 3, -1, 0.5, 2.5, -1.5])
def test_tensor_to_a_number(xp, rng, exponent):
    x = uniform(rng, (2, 3), 0.3, 2.0) if exponent % 1 else away_from_zero(rng, (2, 3), 0.3, 2.0)
    np.testing.assert_allclose(to_np((x ** exponent).data), x.numpy() ** exponent, rtol=1e-12)
    np.testing.assert_allclose(to_np(ops.pow(x, exponent).data), x.numpy() ** exponent, rtol=1e-12)
    assert ta.gradcheck(lambda t: t ** exponent, x)


@pytest.mark.parametrize("base", [2.0, 0.5, 3])
def test_number_to_a_tensor(xp, rng, base):
    x = uniform(rng, (2, 3), -2.0, 2.0)
    np.testing.assert_allclose(to_np((base ** x).data), base ** x.numpy(), rtol=1e-12)
    assert ta.gradcheck(lambda t: base ** t, x)
    (gx,) = grads_of(lambda t: base ** t, x)
    np.testing.assert_allclose(gx, np.log(base) * base ** x.numpy(), rtol=1e-12)


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3)), ((2, 3), (3,)), ((3,), (2, 3))], ids=str)
def test_tensor_to_a_tensor(xp, rng, shapes):
    a, b = uniform(rng, shapes[0], 0.3, 2.0), uniform(rng, shapes[1], -2.0, 2.0)
    np.testing.assert_allclose(to_np((a ** b).data), a.numpy() ** b.numpy(), rtol=1e-12)
    assert ta.gradcheck(lambda p, q: p ** q, a, b)
    assert ta.gradcheck(lambda p, q: ops.pow(p, q), a, b)


# ----- matrix products --------------------------------------------------------------------------
@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((2, 3, 4), (4, 5)), ((4,), (4, 2)), ((1, 1), (1, 1))],
                         ids=str)
def test_matmul(xp, rng, shapes):
    a, b = uniform(rng, shapes[0]), uniform(rng, shapes[1])
    np.testing.assert_allclose(to_np((a @ b).data), a.numpy() @ b.numpy(), rtol=1e-12)
    np.testing.assert_allclose(to_np(ops.matmul(a, b).data), a.numpy() @ b.numpy(), rtol=1e-12)
    assert ta.gradcheck(lambda p, q: p @ q, a, b)


def test_matmul_with_batched_a_sums_the_batch_into_dB(xp, rng):
    a, b = uniform(rng, (2, 3, 4)), uniform(rng, (4, 5))
    _, gb = grads_of(lambda p, q: p @ q, a, b)
    np.testing.assert_allclose(gb, a.numpy().sum(axis=(0, 1))[:, None] * np.ones(5), rtol=1e-12)


@pytest.mark.parametrize("shapes", [((3, 4), (5, 2)), ((2, 3, 4), (3, 4)), ((4,), (3, 4)), ((3, 4), (4,)),
                                    ((3, 4), (2, 4, 2))], ids=str)
def test_matmul_shape_mismatch_names_both_shapes(xp, rng, shapes):
    a, b = uniform(rng, shapes[0]), uniform(rng, shapes[1])
    with pytest.raises(ValueError) as info:
        a @ b
    assert str(shapes[0]) in str(info.value) and str(shapes[1]) in str(info.value)


def test_linear(xp, rng):
    x, W, b = uniform(rng, (3, 4)), uniform(rng, (4, 2)), uniform(rng, (2,))
    reference = x.numpy() @ W.numpy() + b.numpy()
    np.testing.assert_allclose(to_np(ops.linear(x, W, b).data), reference, rtol=1e-12)
    np.testing.assert_allclose(to_np(ops.linear(x, W).data), x.numpy() @ W.numpy(), rtol=1e-12)
    assert ta.gradcheck(ops.linear, x, W, b)
    assert ta.gradcheck(ops.linear, x, W)
    _, _, gb = grads_of(ops.linear, x, W, b)
    np.testing.assert_allclose(gb, np.full(2, 3.0))


def test_linear_with_transposed_weight(xp, rng):
    x, W, b = uniform(rng, (3, 2)), uniform(rng, (4, 2)), uniform(rng, (4,))
    assert ta.gradcheck(lambda p, q, c: ops.linear(p, q.T, c), x, W, b)


def test_linear_shape_errors(xp, rng):
    x, W = uniform(rng, (3, 5)), uniform(rng, (4, 2))
    with pytest.raises(ValueError) as info:
        ops.linear(x, W)
    assert "(3, 5)" in str(info.value) and "(4, 2)" in str(info.value)
    with pytest.raises(ValueError) as info:
        ops.linear(uniform(rng, (3, 4)), W, uniform(rng, (3,)))
    assert "(3,)" in str(info.value) and "(2,)" in str(info.value)


# ----- element-wise functions -------------------------------------------------------------------
UNARY = {
    "exp": (ops.exp, np.exp, lambda r, s: uniform(r, s, -2, 2)),
    "log": (ops.log, np.log, lambda r, s: uniform(r, s, 0.3, 3)),
    "sqrt": (ops.sqrt, np.sqrt, lambda r, s: uniform(r, s, 0.3, 3)),
    "abs": (ops.abs, np.abs, away_from_zero),
    "tanh": (ops.tanh, np.tanh, lambda r, s: uniform(r, s, -3, 3)),
    "sigmoid": (ops.sigmoid, lambda x: 1 / (1 + np.exp(-x)), lambda r, s: uniform(r, s, -6, 6)),
    "relu": (ops.relu, lambda x: np.maximum(x, 0), away_from_zero),
}


@pytest.mark.parametrize("name", UNARY)
def test_unary_forward_and_gradcheck(xp, rng, name):
    fn, reference, make = UNARY[name]
    x = make(rng, (3, 4))
    np.testing.assert_allclose(to_np(fn(x).data), reference(x.numpy()), rtol=1e-12, atol=1e-15)
    assert ta.gradcheck(fn, x)


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "tanh", "sigmoid", "relu"])
def test_unary_methods_match_functions(xp, rng, name):
    fn, _, make = UNARY[name]
    x = make(rng, (5,))
    np.testing.assert_array_equal(to_np(getattr(x, name)().data), to_np(fn(x).data))
    np.testing.assert_array_equal(to_np(abs(x).data), np.abs(x.numpy()))


def test_relu_and_abs_gradients_away_from_zero(xp, rng):
    x = away_from_zero(rng, (10,))
    (g,) = grads_of(ops.relu, x)
    np.testing.assert_array_equal(g, (x.numpy() > 0).astype(float))
    (g,) = grads_of(ops.abs, x)
    np.testing.assert_array_equal(g, np.sign(x.numpy()))


def test_sigmoid_does_not_overflow_in_float32(xp):
    values = np.array([-1000.0, -100.0, -20.0, -1.0, 0.0, 1.0, 20.0, 100.0, 1000.0])
    x = ta.tensor(values, requires_grad=True)
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y = ops.sigmoid(x)
        y.sum().backward()
        y_np, g_np = to_np(y.data), to_np(x.grad)
    assert y.dtype == np.float32 and x.grad.dtype == np.float32
    assert np.all(np.isfinite(y_np)) and np.all(np.isfinite(g_np))
    reference = 0.5 * (1 + np.tanh(values / 2))            # sigma(x), overflow-free, in float64
    np.testing.assert_allclose(y_np, reference, rtol=1e-6, atol=1e-30)
    assert y_np[0] == 0.0 and y_np[-1] == 1.0
    # y (1 - y) in float32: right to float32's resolution (it is 0 once y rounds to 1, as in PyTorch)
    np.testing.assert_allclose(g_np, reference * (1 - reference), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sigmoid_is_bit_for_bit_the_two_exponential_formula(xp, rng, dtype):
    # stable_sigmoid's docstring: max(e^{-|x|}, [x >= 0]) is e^{min(x, 0)} exactly, so the one-exp
    # form gives the same bits as e^{min(x, 0)} / (1 + e^{-|x|}) computed with two exponentials
    special = [0.0, -0.0, 1e-30, -1e-30, -88.5, -100.0, -750.0, 88.5, 750.0, np.inf, -np.inf, np.nan]
    x = np.concatenate([rng.normal(size=2000) * 30, special]).astype(dtype)
    with np.errstate(all="ignore"):
        reference = np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))
    y = to_np(ops.activations.stable_sigmoid(backend.xp.asarray(x)))
    assert y.dtype == np.dtype(dtype)
    nan = np.isnan(reference)                                  # a nan's sign bit is not a number's bit
    assert nan.sum() == 1 and np.isnan(y[nan]).all()
    np.testing.assert_array_equal(y[~nan].view(f"u{y.itemsize}"), reference[~nan].view(f"u{y.itemsize}"))


def test_relu_array_is_maximum_with_zero(xp, rng):
    x = np.concatenate([rng.normal(size=1000), [0.0, -0.0, np.inf, -np.inf, np.nan]]).astype(np.float32)
    y = to_np(ops.activations.relu_array(backend.xp.asarray(x)))
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, np.maximum(x, 0))      # equal as numbers: -0 == 0, nan where x is nan
    out = backend.xp.asarray(x.copy())
    assert ops.activations.relu_array(out, out=out) is out and np.array_equal(to_np(out), y, equal_nan=True)


@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_relu_keeps_an_integer_dtype(xp, dtype):
    x = ta.tensor(np.array([3, -2, 0, 7]), dtype=dtype)
    y = ops.relu(x)
    assert y.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(to_np(y.data), [3, 0, 0, 7])


def test_clip(xp, rng):
    inside = rng.uniform(-0.9, 0.9, size=4)
    outside = rng.uniform(1.1, 2.0, size=4) * np.array([1, -1, 1, -1])
    x = ta.tensor(np.concatenate([inside, outside]), dtype="float64")
    np.testing.assert_allclose(to_np(ops.clip(x, -1.0, 1.0).data), np.clip(x.numpy(), -1, 1))
    np.testing.assert_allclose(to_np(x.clip(-1.0, 1.0).data), np.clip(x.numpy(), -1, 1))
    assert ta.gradcheck(lambda t: ops.clip(t, -1.0, 1.0), x)
    (g,) = grads_of(lambda t: t.clip(-1.0, 1.0), x)
    np.testing.assert_array_equal(g, [1, 1, 1, 1, 0, 0, 0, 0])


@pytest.mark.parametrize("shapes", [((3, 4), (3, 4)), ((3, 4), (4,)), ((3, 1), (1, 4))], ids=str)
def test_maximum(xp, rng, shapes):
    a = away_from_zero(rng, shapes[0])
    b_values = rng.uniform(-1.5, 1.5, size=shapes[1])
    b = ta.tensor(b_values, dtype="float64")
    full_a, full_b = np.broadcast_arrays(a.numpy(), b.numpy())
    if np.min(np.abs(full_a - full_b)) < 0.05:    # keep away from ties (the kink)
        b = ta.tensor(b_values + 0.1, dtype="float64")
    np.testing.assert_allclose(to_np(ops.maximum(a, b).data), np.maximum(a.numpy(), b.numpy()))
    assert ta.gradcheck(ops.maximum, a, b)
    ga, gb = grads_of(ops.maximum, a, b)
    assert ga.shape == shapes[0] and gb.shape == shapes[1]
    # each output element sends its gradient to exactly one of a and b
    assert ga.sum() + gb.sum() == np.prod(np.broadcast_shapes(*shapes))
    full_a, full_b = np.broadcast_arrays(a.numpy(), b.numpy())
    assert ga.sum() == np.sum(full_a > full_b)


def test_maximum_with_a_number(xp, rng):
    a = away_from_zero(rng, (3, 4))
    np.testing.assert_allclose(to_np(ops.maximum(a, 0.0).data), np.maximum(a.numpy(), 0.0))
    assert ta.gradcheck(lambda t: ops.maximum(t, 0.0), a)


@pytest.mark.parametrize("b_shape", [(3, 4), (4,), ()], ids=str)
def test_where(xp, rng, b_shape):
    condition = xp.asarray(rng.uniform(size=(3, 4)) > 0.5)
    a, b = uniform(rng, (3, 4)), uniform(rng, b_shape)
    np.testing.assert_allclose(to_np(ops.where(condition, a, b).data),
                               np.where(to_np(condition), a.numpy(), b.numpy()))
    assert ta.gradcheck(lambda p, q: ops.where(condition, p, q), a, b)
    ga, gb = grads_of(lambda p, q: ops.where(condition, p, q), a, b)
    np.testing.assert_array_equal(ga, to_np(condition).astype(float))
    not_chosen = (~to_np(condition)).astype(float)
    expected_gb = {(3, 4): not_chosen, (4,): not_chosen.sum(axis=0), (): not_chosen.sum()}[b_shape]
    np.testing.assert_array_equal(gb, expected_gb)


def test_where_with_a_number(xp, rng):
    condition = xp.asarray(rng.uniform(size=(5,)) > 0.5)
    a = uniform(rng, (5,))
    assert ta.gradcheck(lambda p: ops.where(condition, p, 0.0), a)


# ----- reductions -------------------------------------------------------------------------------
REDUCTIONS = {"sum": (ops.sum, np.sum), "mean": (ops.mean, np.mean), "max": (ops.max, np.max)}


@pytest.mark.parametrize("name", REDUCTIONS)
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)], ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduction(xp, rng, name, axis, keepdims):
    fn, reference = REDUCTIONS[name]
    x = distinct(rng, (2, 3, 4))
    y = fn(x, axis=axis, keepdims=keepdims)
    expected = reference(x.numpy(), axis=axis, keepdims=keepdims)
    assert y.shape == expected.shape
    np.testing.assert_allclose(to_np(y.data), expected, rtol=1e-12)
    method = getattr(x, name)(axis=axis, keepdims=keepdims)
    np.testing.assert_array_equal(to_np(method.data), to_np(y.data))
    assert ta.gradcheck(lambda t: fn(t, axis=axis, keepdims=keepdims), x)


def test_max_gradient_goes_to_the_maximum_and_ties_share_it(xp):
    x = ta.tensor([[1.0, 3.0, 3.0], [2.0, 5.0, 0.0]], dtype="float64")
    (g,) = grads_of(lambda t: t.max(axis=1), x)
    np.testing.assert_allclose(g, [[0, 0.5, 0.5], [0, 1, 0]])
    (g,) = grads_of(lambda t: t.max(), x)
    np.testing.assert_allclose(g, [[0, 0, 0], [0, 1, 0]])


def test_mean_gradient_is_one_over_n(xp, rng):
    x = uniform(rng, (4, 5))
    (g,) = grads_of(lambda t: t.mean(axis=0), x)
    np.testing.assert_allclose(g, np.full((4, 5), 1 / 4))
    (g,) = grads_of(lambda t: t.mean(), x)
    np.testing.assert_allclose(g, np.full((4, 5), 1 / 20))


# ----- moving values around ---------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(6, 4), (-1,), (4, -1), (2, 12), (1, 2, 3, 4)], ids=str)
def test_reshape(xp, rng, shape):
    x = uniform(rng, (2, 3, 4))
    np.testing.assert_array_equal(to_np(x.reshape(shape).data), x.numpy().reshape(shape))
    np.testing.assert_array_equal(to_np(x.reshape(*shape).data), x.numpy().reshape(shape))
    np.testing.assert_array_equal(to_np(ops.reshape(x, shape).data), x.numpy().reshape(shape))
    assert ta.gradcheck(lambda t: t.reshape(shape), x)


def test_reshape_error_names_the_shapes(xp, rng):
    with pytest.raises(ValueError) as info:
        uniform(rng, (2, 3)).reshape(4, 2)
    assert "(2, 3)" in str(info.value) and "(4, 2)" in str(info.value)


@pytest.mark.parametrize("axes", [None, (1, 0, 2), (2, 0, 1), (0, -1, 1)], ids=str)
def test_transpose(xp, rng, axes):
    x = uniform(rng, (2, 3, 4))
    y = x.transpose() if axes is None else x.transpose(axes)
    np.testing.assert_array_equal(to_np(y.data), np.transpose(x.numpy(), axes))
    if axes is not None:
        np.testing.assert_array_equal(to_np(x.transpose(*axes).data), np.transpose(x.numpy(), axes))
    assert ta.gradcheck(lambda t: ops.transpose(t, *(axes or ())), x)


def test_T(xp, rng):
    x = uniform(rng, (3, 4))
    np.testing.assert_array_equal(to_np(x.T.data), x.numpy().T)
    assert ta.gradcheck(lambda t: t.T, x)
    assert ta.gradcheck(lambda t: t.T @ t, x)


INDICES = {
    "int": 1,
    "negative int": -1,
    "slice": slice(1, 3),
    "step slice": slice(None, None, -2),
    "row, column": (2, 3),
    "column": (slice(None), 2),
    "ellipsis": (Ellipsis, 1),
    "new axis": (None, slice(1, 3)),
    "list with repeats": [0, 2, 0, 0],
    "array with repeats": np.array([3, 1, 3]),
    "columns with repeats": (slice(None), [1, 1, 4]),
    "pairs with repeats": ([0, 1, 0], [2, 2, 2]),
    "boolean mask": np.array([True, False, True, True]),
}


@pytest.mark.parametrize("name", INDICES)
def test_indexing(xp, rng, name):
    index = INDICES[name]
    if isinstance(index, np.ndarray):
        index = xp.asarray(index)
    x = uniform(rng, (4, 5))
    numpy_index = tuple(to_np(i) if backend.is_array(i) else i for i in index) if isinstance(index, tuple) \
        else (to_np(index) if backend.is_array(index) else index)
    np.testing.assert_array_equal(to_np(x[index].data), x.numpy()[numpy_index])
    assert ta.gradcheck(lambda t: t[index], x)


def test_indexing_with_repeats_adds_the_gradients(xp, rng):
    x = uniform(rng, (4, 2))
    (g,) = grads_of(lambda t: t[[0, 2, 0, 0]], x)
    np.testing.assert_array_equal(g[:, 0], [3, 0, 1, 0])
    (g,) = grads_of(lambda t: t[[0, 1, 0], [1, 1, 1]], x)
    np.testing.assert_array_equal(g, [[0, 2], [0, 1], [0, 0], [0, 0]])


def test_a_tensor_index_works_with_integers_and_says_so_when_it_holds_floats(xp, rng):
    x = uniform(rng, (4, 2))
    picked = x[ta.tensor(np.array([3, 0, 3]), dtype="int64")]
    np.testing.assert_array_equal(to_np(picked.data), x.numpy()[[3, 0, 3]])
    with pytest.raises(IndexError, match=r"the index is a float32 tensor \(ta.tensor makes float32 unless told\); "
                                         r"index with integers"):
        x[ta.tensor(np.array([3, 0, 3]))]                   # NumPy: "arrays used as indices must be of integer ..."


@pytest.mark.parametrize("shapes, axis", [
    (((2, 3), (4, 3)), 0),
    (((2, 3), (2, 1), (2, 2)), 1),
    (((2, 3), (2, 1)), -1),
    (((1, 2, 3), (2, 2, 3)), 0),
], ids=str)
def test_concatenate(xp, rng, shapes, axis):
    tensors = [uniform(rng, s) for s in shapes]
    y = ops.concatenate(tensors, axis=axis)
    np.testing.assert_array_equal(to_np(y.data), np.concatenate([t.numpy() for t in tensors], axis=axis))
    assert ta.gradcheck(lambda *ts: ops.concatenate(ts, axis=axis), *tensors)


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_stack(xp, rng, axis):
    tensors = [uniform(rng, (2, 3)) for _ in range(3)]
    y = ops.stack(tensors, axis=axis)
    np.testing.assert_array_equal(to_np(y.data), np.stack([t.numpy() for t in tensors], axis=axis))
    assert ta.gradcheck(lambda *ts: ops.stack(ts, axis=axis), *tensors)


def test_concatenate_and_stack_shape_errors(xp, rng):
    with pytest.raises(ValueError) as info:
        ops.concatenate([uniform(rng, (2, 3)), uniform(rng, (2, 4))], axis=0)
    assert "(2, 3)" in str(info.value) and "(2, 4)" in str(info.value)
    with pytest.raises(ValueError) as info:
        ops.stack([uniform(rng, (2, 3)), uniform(rng, (3, 2))])
    assert "(2, 3)" in str(info.value) and "(3, 2)" in str(info.value)


def test_astype(xp, rng):
    x = uniform(rng, (2, 3))
    y = x.astype("float32")
    assert y.dtype == np.float32
    np.testing.assert_array_equal(to_np(y.data), x.numpy().astype(np.float32))
    assert ta.gradcheck(lambda t: ops.astype(t, "float64") * t, x)
    # the gradient comes back in the input's own dtype
    x32 = ta.tensor(rng.uniform(size=(2, 3)), requires_grad=True)
    w = uniform(rng, (2, 3))
    (x32.astype("float64") * w).sum().backward()
    assert x32.grad.dtype == np.float32
    np.testing.assert_allclose(to_np(x32.grad), w.numpy().astype(np.float32))


# ----- shapes that do not fit -------------------------------------------------------------------
@pytest.mark.parametrize("fn", [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b,
                                lambda a, b: a / b, lambda a, b: a ** b, ops.maximum],
                         ids=["+", "-", "*", "/", "**", "maximum"])
def test_elementwise_shape_mismatch_names_both_shapes(xp, rng, fn):
    a, b = uniform(rng, (3, 4), 0.5, 1), uniform(rng, (5,), 0.5, 1)
    with pytest.raises(ValueError) as info:
        fn(a, b)
    assert "(3, 4)" in str(info.value) and "(5,)" in str(info.value)


def test_where_shape_mismatch_names_the_shapes(xp, rng):
    condition = xp.ones((3, 4), dtype=bool)
    with pytest.raises(ValueError) as info:
        ops.where(condition, uniform(rng, (3, 4)), uniform(rng, (2,)))
    assert "(3, 4)" in str(info.value) and "(2,)" in str(info.value)


def test_comparisons_give_boolean_arrays_without_a_graph(xp):
    h = ta.tensor([0.2, 0.7, 0.5], requires_grad=True)
    assert to_np(h > 0.5).tolist() == [False, True, False]
    assert to_np(h >= 0.5).tolist() == [False, True, True]
    assert to_np(h < ta.tensor([0.3, 0.3, 0.3])).tolist() == [True, False, False]
    assert to_np(h <= 0.2).tolist() == [True, False, False]
    y = ops.where(h > 0.5, h, h * 0)
    y.sum().backward()
    assert to_np(h.grad).tolist() == [0.0, 1.0, 0.0]


def test_equality_is_element_wise_too(xp):
    """t == 0 used to keep Python's identity meaning and answer False, so ops.where(t == 0, 1.0,
    2.0) silently gave one number instead of [1, 2]. Now == and != compare values like > and <,
    and a tensor stays hashable by identity (a dict key, a sigmoid output's remembered logits)."""
    t, u = ta.tensor([0.0, 1.0, float("nan")]), ta.tensor([0.0, 2.0, float("nan")])
    assert to_np(t == 0).tolist() == [True, False, False]
    assert to_np(t != 0).tolist() == [False, True, True]
    assert to_np(t == u).tolist() == [True, False, False]                  # NaN is not equal to itself
    assert to_np(t == xp.asarray([0.0, 1.0, 0.0], dtype="float32")).tolist() == [True, True, False]
    assert ops.where(t == 0, 1.0, 2.0).numpy().tolist() == [1.0, 2.0, 2.0]
    assert (t == None) is False and (t != None) is True and (t == "a") is False   # noqa: E711
    assert {t: "t", u: "u"}[t] == "t" and hash(t) != hash(u)
    z = ta.tensor([[0.5, -2.0]], requires_grad=True)
    assert ops.activations.logits_of(ops.sigmoid(z)) is z
