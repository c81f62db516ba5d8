"""Engine 2's functional ops: softmax / log_softmax (PyTorch's values, stable for huge logits,
float32 kept), topk (values, indices, ties to the lower index, gradient to the kept entries only),
ELU and leaky ReLU (PyTorch's values and its gradient at 0), and the same functions at the top
level (ta.exp, ta.softmax, ...). Every backward is checked against float64 finite differences.

Reference numbers were computed with PyTorch 2.13 (CPU) at development time, e.g.
torch.softmax(torch.tensor(X, dtype=torch.float64), -1).tolist(); torch is not imported here."""
import warnings

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, nn, ops

to_np = backend.to_numpy
X = [[1.0, -2.0, 0.5, 3.0], [0.0, 0.0, -1.0, 2.5]]

TORCH_SOFTMAX_LAST = [[0.11055375036173921, 0.005504147127583673, 0.06705423914061147, 0.8168878633700657],
                      [0.06872675857728457, 0.06872675857728457, 0.025283161538936075, 0.8372633213064948]]
TORCH_SOFTMAX_0 = [[0.7310585786300049, 0.11920292202211755, 0.8175744761936437, 0.6224593312018546],
                   [0.2689414213699951, 0.8807970779778823, 0.18242552380635632, 0.37754066879814546]]
TORCH_LOG_SOFTMAX = [[-2.2022534476793516, -5.202253447679352, -2.7022534476793516, -0.20225344767935172],
                     [-2.677616656647304, -2.677616656647304, -3.677616656647304, -0.17761665664730386]]
TORCH_ELU_1 = [[1.0, -0.8646647167633873, 0.5, 3.0], [0.0, 0.0, -0.6321205588285577, 2.5]]
TORCH_ELU_05 = [[1.0, -0.43233235838169365, 0.5, 3.0], [0.0, 0.0, -0.31606027941427883, 2.5]]
TORCH_LEAKY_001 = [[1.0, -0.02, 0.5, 3.0], [0.0, 0.0, -0.01, 2.5]]


def float64(rng, shape, low=-2.0, high=2.0):
    return ta.tensor(rng.uniform(low, high, size=shape), dtype="float64")


# ----- softmax / log_softmax --------------------------------------------------------------------
def test_softmax_matches_pytorch(xp):
    x = ta.tensor(X, dtype="float64")
    np.testing.assert_allclose(to_np(ta.softmax(x).data), TORCH_SOFTMAX_LAST, rtol=1e-12)
    np.testing.assert_allclose(to_np(ta.softmax(x, axis=0).data), TORCH_SOFTMAX_0, rtol=1e-12)
    np.testing.assert_allclose(to_np(ta.log_softmax(x).data), TORCH_LOG_SOFTMAX, rtol=1e-12)


@pytest.mark.parametrize("fn", [ta.softmax, ta.log_softmax], ids=["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_gradcheck(xp, rng, fn, axis):
    x = float64(rng, (3, 4, 2))
    assert ta.gradcheck(lambda t: fn(t, axis=axis), x)


def test_softmax_is_stable_and_keeps_float32(xp):
    x = ta.tensor([[1000.0, 0.0, -1000.0]])          # e^1000 overflows float32 and float64
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, log_y = ta.softmax(x), ta.log_softmax(x)
    assert y.dtype == np.float32 and log_y.dtype == np.float32
    np.testing.assert_array_equal(to_np(y.data), [[1.0, 0.0, 0.0]])        # PyTorch gives the same
    np.testing.assert_array_equal(to_np(log_y.data), [[0.0, -1000.0, -2000.0]])


def test_softmax_layer_and_activation_string(xp, rng):
    x = float64(rng, (3, 5))
    np.testing.assert_allclose(to_np(nn.Softmax()(x).data), to_np(ta.softmax(x).data), rtol=0)
    np.testing.assert_allclose(to_np(nn.Softmax(axis=0)(x).data), to_np(ta.softmax(x, 0).data), rtol=0)
    layer = nn.Dense(5, 4, activation="softmax").to(dtype="float64")
    np.testing.assert_allclose(to_np(layer(x).data).sum(axis=1), 1, rtol=1e-12)
    assert repr(nn.Softmax(axis=1)) == "Softmax(axis=1)"


def test_softmax_bad_axis_is_named(xp, rng):
    with pytest.raises(ValueError, match=r"axis.*\(2, 3\).*got 2"):
        ta.softmax(float64(rng, (2, 3)), axis=2)


# ----- topk -------------------------------------------------------------------------------------
def test_topk_values_indices_and_ties(xp):
    x = ta.tensor([[1.0, 3.0, 3.0, 2.0, 3.0], [5.0, -1.0, 0.0, 0.0, 4.0]])
    values, indices = ta.topk(x, 3)
    assert backend.is_array(indices) and indices.dtype.kind == "i"
    np.testing.assert_array_equal(to_np(indices), [[1, 2, 4], [0, 4, 2]])   # ties: lower index first
    np.testing.assert_array_equal(to_np(values.data), [[3, 3, 3], [5, 4, 0]])
    assert values.dtype == np.float32
    values0, indices0 = ta.topk(x, 1, axis=0)
    np.testing.assert_array_equal(to_np(indices0), [[1, 0, 0, 0, 1]])
    np.testing.assert_array_equal(to_np(values0.data), [[5, 3, 3, 2, 4]])


def test_topk_gradient_goes_to_the_kept_entries(xp, rng):
    x = float64(rng, (4, 6))
    assert ta.gradcheck(lambda t: ta.topk(t, 2)[0], x)
    assert ta.gradcheck(lambda t: ta.topk(t, 3, axis=0)[0], x)
    x.requires_grad = True
    values, indices = ta.topk(x, 2)
    values.sum().backward()
    grad = to_np(x.grad)
    kept = np.zeros((4, 6), dtype=bool)
    np.put_along_axis(kept, to_np(indices), True, axis=1)
    np.testing.assert_array_equal(grad, kept.astype(float))


@pytest.mark.parametrize("k", [0, 7, 2.0, True])
def test_topk_bad_k_is_named(xp, rng, k):
    with pytest.raises(ValueError, match=r"k must be an int in \[1, 6\]"):
        ta.topk(float64(rng, (2, 6)), k)


@pytest.mark.parametrize("dtype, values, expected_indices", [
    ("uint8", [0, 1, 2, 255, 2], [3, 2, 4]),                    # -x would wrap: 0 came out largest
    ("bool", [True, False, True, True, False], [0, 2, 3]),      # -x is refused by NumPy for bool
    ("int32", [1, -2147483648, 3, 3, 0], [2, 3, 0]),            # -(-2^31) overflows to itself
])
def test_topk_of_integers_and_bools_is_largest_first(xp, dtype, values, expected_indices):
    """Review finding 6: topk sorts without negating x. The expected indices are written out by
    hand: the 3 largest, ties to the lower index."""
    x = ta.tensor(values, dtype=dtype)
    top, indices = ta.topk(x, 3)
    np.testing.assert_array_equal(to_np(indices), expected_indices)
    np.testing.assert_array_equal(to_np(top.data), np.asarray(values, dtype=dtype)[expected_indices])
    assert top.dtype == np.dtype(dtype)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "elu", "leaky_relu", "tanh", "sigmoid", "exp", "log",
                                  "sqrt"])
@pytest.mark.parametrize("dtype", ["int32", "uint8", "bool"])
def test_float_only_functions_refuse_an_integer_or_bool_tensor(xp, name, dtype):
    """Review finding 6: these gave float64 silently for an int tensor (sigmoid a raw casting
    error); they now refuse it, naming the function and the dtype."""
    with pytest.raises(TypeError, match=rf"{name}: x must be a floating-point tensor, got dtype {dtype} \(shape \(3,\)\)"):
        getattr(ta, name)(ta.tensor([1, 0, 1], dtype=dtype))


# ----- ELU and leaky ReLU -----------------------------------------------------------------------
def test_elu_and_leaky_relu_match_pytorch(xp):
    x = ta.tensor(X, dtype="float64")
    np.testing.assert_allclose(to_np(ops.elu(x).data), TORCH_ELU_1, rtol=1e-12)
    np.testing.assert_allclose(to_np(nn.ELU(alpha=0.5)(x).data), TORCH_ELU_05, rtol=1e-12)
    np.testing.assert_allclose(to_np(nn.LeakyReLU()(x).data), TORCH_LEAKY_001, rtol=1e-12)
    assert repr(nn.ELU(alpha=0.5)) == "ELU(alpha=0.5)" and repr(nn.LeakyReLU()) == "LeakyReLU(negative_slope=0.01)"


def test_elu_activation_string(xp, rng):
    layer = nn.Dense(4, 3, activation="elu").to(dtype="float64")
    x = float64(rng, (5, 4))
    a = x.numpy() @ layer.W.numpy() + layer.b.numpy()
    np.testing.assert_allclose(to_np(layer(x).data), np.where(a > 0, a, np.expm1(a)), rtol=1e-12)


def test_gradients_at_zero_are_pytorchs(xp):
    """PyTorch: d elu(x; 0.7)/dx at [-1, 0, 2] is [0.7 e^-1, 0.7, 1]; leaky_relu(x; 0.2) gives [0.2, 0.2, 1]."""
    for fn, expected in ((lambda t: ops.elu(t, 0.7), [0.2575156088200096, 0.7, 1.0]),
                         (lambda t: ops.leaky_relu(t, 0.2), [0.2, 0.2, 1.0])):
        x = ta.tensor([-1.0, 0.0, 2.0], dtype="float64", requires_grad=True)
        fn(x).sum().backward()
        np.testing.assert_allclose(to_np(x.grad), expected, rtol=1e-12)


@pytest.mark.parametrize("layer", [nn.ELU(), nn.ELU(alpha=0.3), nn.LeakyReLU(), nn.LeakyReLU(0.3)], ids=repr)
def test_elu_and_leaky_relu_gradcheck_and_float32(xp, rng, layer):
    x = float64(rng, (4, 5))
    x.data[xp.abs(x.data) < 1e-3] = 0.5                 # keep clear of the kink at 0
    assert ta.gradcheck(layer, x)
    assert layer(ta.tensor(x.numpy())).dtype == np.float32


# ----- the top-level functions ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "abs", "clip", "where", "maximum", "softmax",
                                  "log_softmax", "concatenate", "stack", "topk"])
def test_top_level_names_are_the_ops(name):
    assert getattr(ta, name) is getattr(ops, name)
    assert name in ta.__all__


def test_top_level_functions_compose_with_gradcheck(xp, rng):
    a, b = float64(rng, (3, 4), 0.5, 2.0), float64(rng, (3, 4), 0.5, 2.0)

    def f(a, b):
        joined = ta.concatenate([ta.exp(a), ta.log(b)], axis=1)
        stacked = ta.stack([ta.sqrt(a), ta.abs(b - 1.25)], axis=0)
        return (ta.maximum(ta.clip(joined, 0.3, 5.0), 1.0).sum() + ta.where(a > 1, a, b).sum()
                + stacked.sum() + ta.log_softmax(a).sum())
    assert ta.gradcheck(f, a, b)


def test_where_of_two_numbers_is_a_float32_mask(xp):
    x = ta.tensor([-1.0, 0.0, 2.0])
    mask = ta.where(x > 0, 1.0, 0.0)
    assert mask.dtype == xp.float32 and mask.numpy().tolist() == [0.0, 0.0, 1.0]
