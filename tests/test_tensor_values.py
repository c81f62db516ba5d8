"""Values that used to come out silently wrong: truth of a tensor, None, integer tensors, x ** 0; and a
one-element tensor as a Python number (float, int, format); NumPy's functions given a tensor.

Reference numbers are PyTorch 2.13 (CPU) results computed at development time:
bool(torch.tensor([0.0])) is False, bool(torch.tensor([2.0])) is True; the gradient of
(x ** 0).sum() at x = [0, 2, -3] is [0, 0, 0]; of (a ** b).sum() at a = [0, 2, 3], b = [0, 0, 2]
is [0, 0, 6]; of (x ** 1.5).sum() at x = [0, 2] is [0, 2.1213] (1.5 * sqrt(2)).
"""
import re

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend


def test_truth_of_a_one_element_tensor_follows_numpy(xp):
    assert not bool(ta.tensor([0.0]))
    assert bool(ta.tensor([2.0]))
    assert not bool(ta.tensor(0.0))
    assert bool(ta.tensor([[-1.0]]))


def test_truth_of_a_longer_tensor_is_an_error(xp):
    with pytest.raises(ValueError, match=r"truth value of a tensor with 2 elements \(shape \(2,\)\) is ambiguous"):
        bool(ta.tensor([0.0, 1.0]))
    with pytest.raises(ValueError, match="0 elements"):
        bool(ta.tensor([]))



def test_a_one_element_tensor_converts_and_formats_as_its_number(xp):
    # PyTorch's idioms for a log line: float(loss), '%.4f' % loss, f"{loss:.4f}"
    loss = ta.tensor([[2.71828]])
    assert float(loss) == pytest.approx(2.71828) and isinstance(float(loss), float)
    assert "%.3f" % loss == "2.718" and f"{loss:.2f}" == "2.72" and f"{loss:>8.1e}" == " 2.7e+00"
    assert int(ta.tensor(-2.7)) == -2 and int(ta.tensor([3], dtype="int64")) == 3
    assert f"{loss}" == repr(loss) and f"{ta.tensor([1.0, 2.0])}" == repr(ta.tensor([1.0, 2.0]))


def test_a_longer_tensor_is_no_single_number(xp):
    t = ta.tensor([[1.0, 2.0, 3.0]])
    for caller, convert in [("item()", t.item), ("float()", lambda: float(t)), ("int()", lambda: int(t)),
                            ("the format spec '.4f'", lambda: f"{t:.4f}")]:
        message = re.escape(caller) + r" needs a one-element tensor, got shape \(1, 3\) \(3 elements\)"
        with pytest.raises(ValueError, match=message):
            convert()

def test_tensor_of_none_is_a_type_error():
    with pytest.raises(TypeError, match="tensor\\(data\\): data is None"):
        ta.tensor(None)


def test_requires_grad_needs_a_floating_point_tensor(xp):
    ints = xp.arange(3, dtype="int32")
    with pytest.raises(TypeError, match=r"requires_grad=True needs a floating-point tensor.*int32.*astype"):
        ta.Tensor(ints, requires_grad=True)
    t = ta.Tensor(xp.asarray([True, False]))
    with pytest.raises(TypeError, match="dtype bool"):
        t.requires_grad = True
    with pytest.raises(TypeError, match="int64"):
        ta.tensor([1, 2], dtype="int64", requires_grad=True)
    assert ta.Tensor(ints).requires_grad is False


def test_an_integer_tensor_times_a_fraction_is_an_error_not_zero(xp):
    """Tensor(int array) * 0.5 used to be 0 (0.5 cast to int)."""
    ints = ta.Tensor(xp.asarray([1, 2, 3], dtype="int32"))
    with pytest.raises(TypeError, match=r"int32 tensor cannot be combined with 0.5.*astype"):
        ints * 0.5
    with pytest.raises(TypeError, match="int32 tensor cannot be combined with 0.5"):
        0.5 + ints
    bools = ta.Tensor(xp.asarray([True, False]))
    with pytest.raises(TypeError, match="bool tensor cannot be combined with 2"):
        bools * 2


def test_integers_with_integers_stay_exact_and_floats_need_a_cast(xp):
    ints = ta.Tensor(xp.asarray([1, 2, 3], dtype="int32"))
    doubled = ints * 2
    assert doubled.dtype == "int32" and doubled.numpy().tolist() == [2, 4, 6]
    assert (ints + xp.int64(1)).numpy().tolist() == [2, 3, 4]
    with pytest.raises(TypeError, match="cannot be combined"):
        ints * xp.float32(0.5)
    floats = ta.tensor([0.5, 0.5, 0.5])
    with pytest.raises(TypeError, match="dtypes int32 and float32"):
        ints * floats                      # int32 * float32 is never float64: cast one of them
    halves = ints.astype("float32") * 0.5
    assert halves.dtype == "float32" and halves.numpy().tolist() == [0.5, 1.0, 1.5]


def test_gradient_of_x_to_the_zero_is_zero_also_at_zero(xp):
    x = ta.tensor([0.0, 2.0, -3.0], requires_grad=True, dtype="float64")
    (x ** 0).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]


def test_gradient_of_a_tensor_exponent_zero_is_zero_also_at_zero(xp):
    a = ta.tensor([0.0, 2.0, 3.0], requires_grad=True, dtype="float64")
    b = ta.tensor([0.0, 0.0, 2.0], dtype="float64")
    (a ** b).sum().backward()
    assert a.grad.tolist() == [0.0, 0.0, 6.0]
    assert a.grad.dtype == "float64"


def test_gradient_of_a_fractional_power_matches_torch(xp):
    x = ta.tensor([0.0, 2.0], requires_grad=True, dtype="float64")
    (x ** 1.5).sum().backward()
    assert float(x.grad[0]) == 0.0 and float(x.grad[1]) == pytest.approx(2.1213203435596424)


def test_powers_pass_gradcheck_away_from_zero(xp, rng):
    x = ta.tensor(rng.uniform(0.5, 2.0, (3, 2)), dtype="float64")
    e = ta.tensor(rng.uniform(-1.0, 2.0, (3, 2)), dtype="float64")
    assert ta.gradcheck(lambda x: x ** 0, x)
    assert ta.gradcheck(lambda x: x ** 2.5, x)
    assert ta.gradcheck(lambda x, e: x ** e, x, e)


def test_numpy_functions_refuse_a_tensor_that_requires_grad(xp):
    """NumPy used to take a tensor for a list (it has len and indexing): np.exp(w) and np.asarray(w)
    built object arrays of one-element tensors, each with its own graph, and np.mean(w) failed with
    "mean() got an unexpected keyword argument 'dtype'". Now, as PyTorch does, a tensor that requires
    grad is refused with what to use instead, and so is a CuPy tensor (CuPy's own rule)."""
    w = ta.tensor([1.0, 2.0], requires_grad=True)
    for call in (lambda: np.exp(w), lambda: np.asarray(w), lambda: np.array([w.sum(), w.sum()])):
        with pytest.raises(TypeError, match=r"NumPy \(np.asarray, a ufunc such as np.exp, or a plot\) got a tensor "
                                            r"of shape \(2?,?\) that requires grad: NumPy would drop its graph\. "
                                            r"Use tinyae's op .*ta.exp\(t\).*t.numpy\(\).*loss.item\(\)"):
            call()
    with pytest.raises(TypeError, match=r"np.mean got a tensor of shape \(2,\) that requires grad"):
        np.mean(w)
    with pytest.raises(TypeError, match=r"np.concatenate got a tensor of shape \(2,\) that requires grad"):
        np.concatenate([w, w.detach()])
    assert isinstance(np.ones(2, dtype=np.float32) * w, ta.Tensor)     # ndarray * tensor is still tinyae's
    values = ta.tensor([1.0, 2.0, 4.0])
    if backend.backend_of(values.data) != "numpy":
        with pytest.raises(TypeError, match=r"got a CuPy tensor of shape \(3,\); copy it from the GPU first with "
                                            r"t.numpy\(\)"):
            np.asarray(values)
        return
    assert np.shares_memory(np.asarray(values), values.data)          # as .numpy(): no copy
    assert np.asarray(values, dtype=np.float64).dtype == np.float64
    assert not np.shares_memory(np.array(values, copy=True), values.data)
    with pytest.raises(ValueError, match="the float32 values need a copy to become float64"):
        np.asarray(values, dtype=np.float64, copy=False)
    assert np.mean(values) == pytest.approx(7 / 3) and np.exp(values).dtype == np.float32
    assert np.concatenate([values, values]).tolist() == [1.0, 2.0, 4.0] * 2


def test_a_list_of_tensors_that_require_grad_is_no_tensor_but_a_stack(xp):
    w = ta.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"tensor\(data\): the list holds tensors that require grad.*ta.stack\(list\)"):
        ta.tensor([w.sum(), (w * w).sum()])
    stacked = ta.stack([w.sum(), (w * w).sum()])
    stacked.sum().backward()
    assert w.grad.tolist() == [3.0, 5.0]                     # d/dw (w1 + w2 + w1^2 + w2^2) = 1 + 2w


def test_a_pytorch_tensor_method_says_how_tinyae_writes_it(xp):
    """Chapter 003's PyTorch code flattens with img.view(img.size(0), -1); tinyae's tensors follow
    NumPy (t.size is the element count, t.transpose(*axes) permutes)."""
    t = ta.tensor(np.zeros((4, 1, 28, 28)))
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute 'view'; PyTorch's "
                                             r"t.view\(t.size\(0\), -1\) is t.reshape\(t.shape\[0\], -1\) here"):
        t.view(t.shape[0], -1)
    assert t.size == 4 * 28 * 28 and isinstance(t.size, int) and type(t.size + 1) is int and repr(t.size) == "3136"
    with pytest.raises(TypeError, match=r"^t.size is the number of elements here \(3136\), as in NumPy, not a "
                                        r"method: PyTorch's t.size\(\) is t.shape and t.size\(0\) is t.shape\[0\]$"):
        t.size(0)                                            # an int would say "'int' object is not callable"
    with pytest.raises(AttributeError, match=r"'permute'; t.transpose\(\*axes\), as NumPy's"):
        t.permute(0, 2, 3, 1)
    with pytest.raises(AttributeError, match=r"^'Parameter' object has no attribute 'std'; no std op: "):
        ta.nn.Parameter(xp.ones(3, dtype="float32")).std()
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute 'encoder'$"):
        t.encoder
    assert t.reshape(t.shape[0], -1).shape == (4, 784) and t.transpose(0, 2, 3, 1).shape == (4, 28, 28, 1)
    assert not hasattr(t, "view")



def test_pytorchs_dim_and_keepdim_get_numpys_names(xp):
    """x.sum(dim=1, keepdim=True) and F.softmax(x, dim=1) said "sum() got an unexpected keyword
    argument 'dim'"; now the error gives axis= and keepdims=, for every function that takes an axis."""
    t = ta.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    for call, name in [(lambda: t.sum(dim=1), "sum"), (lambda: t.mean(dim=1), "mean"), (lambda: t.max(dim=1), "max"),
                       (lambda: ta.softmax(t, dim=1), "softmax"), (lambda: ta.log_softmax(t, dim=1), "log_softmax"),
                       (lambda: ta.concatenate([t, t], dim=1), "concatenate"), (lambda: ta.stack([t, t], dim=0), "stack")]:
        with pytest.raises(TypeError, match=rf"^{name}: unexpected keyword argument\(s\) 'dim'; dim: axis \(NumPy's "
                                            rf"name for PyTorch's dim\)$"):
            call()
    with pytest.raises(TypeError, match=r"'keepdim'; keepdim: keepdims \(NumPy's name, with an s\)$"):
        t.sum(axis=1, keepdim=True)
    with pytest.raises(TypeError, match=r"^sum: unexpected keyword argument\(s\) 'out'$"):
        t.sum(out=None)
    assert t.sum(axis=1, keepdims=True).shape == (2, 1) and ta.softmax(t, axis=1).shape == (2, 3)


def test_item_assignment_is_refused_with_what_to_write_instead(xp):
    """PyTorch's x[mask] = 0 would change values the graph recorded; tinyae's tensors take no item
    assignment, and the error says how to build the new tensor or write into the array."""
    t = ta.tensor(np.arange(4.0), requires_grad=True)
    with pytest.raises(TypeError, match=r"^a Tensor does not take item assignment \(t\[i\] = v\).*ta.where\(mask, "
                                        r"value, t\).*t.data\[i\] = v$"):
        t[t.data > 1] = 0.0
    assert ta.where(t.data > 1, 0.0, t).numpy().tolist() == [0.0, 1.0, 0.0, 0.0]
    with pytest.raises(AttributeError, match=r"'tolist'; t.numpy\(\).tolist\(\)$"):
        t.tolist()
