"""The gradient checker checks itself: it passes a correct backward on a known function, catches a
deliberately wrong one (naming the input and the worst element), and refuses inputs that are not
float64."""
import re

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend
from tinyae.tensor import Function


class Cube(Function):
    """y = x^3, with the correct backward dL/dx = 3 x^2 dL/dy."""

    def forward(self, x):
        self.x = x
        return x * x * x

    def backward(self, gy):
        return gy * 3 * self.x * self.x


class WrongCube(Cube):
    """y = x^3 with a deliberately wrong backward: 2 x^2 instead of 3 x^2."""

    def backward(self, gy):
        return gy * 2 * self.x * self.x


class SlightlyWrongCube(Cube):
    """y = x^3 with a backward that is off by one part in a thousand."""

    def backward(self, gy):
        return gy * 3.003 * self.x * self.x


class ScaledProduct(Function):
    """y = a * b; the gradient of b is deliberately doubled, the one of a is right."""

    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, gy):
        return gy * self.b, 2 * gy * self.a


def float64_tensor(rng, shape, low=-2.0, high=2.0, name=None):
    return ta.tensor(rng.uniform(low, high, size=shape), dtype="float64", name=name)


def test_known_function_passes(xp, rng):
    x = float64_tensor(rng, (3, 4))
    assert ta.gradcheck(lambda t: Cube()(t).sum(), x) is True
    assert ta.gradcheck(lambda t: Cube()(t), x) is True           # non-scalar output too
    assert ta.gradcheck(lambda t: (t ** 3).sum(), x) is True      # the engine's own pow


def test_known_function_backward_is_3x_squared(xp, rng):
    x = float64_tensor(rng, (3, 4))
    x.requires_grad = True
    Cube()(x).sum().backward()
    expected = 3 * x.numpy() ** 2
    np.testing.assert_allclose(backend.to_numpy(x.grad), expected, rtol=1e-12)
    x.grad = None
    (x ** 3).sum().backward()
    np.testing.assert_allclose(backend.to_numpy(x.grad), expected, rtol=1e-12)


def test_wrong_backward_is_caught_naming_input_and_worst_element(xp, rng):
    x = float64_tensor(rng, (3, 4))
    # the error |2x^2 - 3x^2| = x^2 is worst where |x| is largest
    worst = np.unravel_index(np.argmax(np.abs(x.numpy())), x.shape)
    with pytest.raises(AssertionError) as info:
        ta.gradcheck(lambda t: WrongCube()(t).sum(), x)
    message = str(info.value)
    assert "input 0" in message
    assert f"element {tuple(int(i) for i in worst)}" in message
    numbers = [float(s) for s in re.findall(r"-?\d+\.?\d*(?:e-?\d+)?", message.split("backward gives")[1])]
    # both are weighted by the checker's random dL/dy, so compare their ratio: 2 x^2 / 3 x^2
    backward_says, finite_differences_say = numbers[:2]
    assert backward_says / finite_differences_say == pytest.approx(2 / 3, rel=1e-6)
    assert abs(finite_differences_say) >= 0.5 * 3 * x.numpy()[worst] ** 2


def test_wrong_backward_is_caught_for_non_scalar_output(xp, rng):
    x = float64_tensor(rng, (5,), low=0.5, high=2.0)
    with pytest.raises(AssertionError, match="input 0"):
        ta.gradcheck(lambda t: WrongCube()(t), x)


def test_small_error_is_caught(xp, rng):
    x = float64_tensor(rng, (6,), low=0.5, high=2.0)
    with pytest.raises(AssertionError, match="gradcheck failed"):
        ta.gradcheck(lambda t: SlightlyWrongCube()(t).sum(), x)


def test_wrong_gradient_of_second_input_names_that_input(xp, rng):
    a = float64_tensor(rng, (2, 3), low=0.5, high=2.0, name="a")
    b = float64_tensor(rng, (2, 3), low=0.5, high=2.0, name="weights")
    with pytest.raises(AssertionError) as info:
        ta.gradcheck(lambda p, q: ScaledProduct()(p, q).sum(), a, b)
    assert "input 1 (weights" in str(info.value)


def test_missing_gradient_is_caught(xp, rng):
    x = float64_tensor(rng, (3,), low=0.5, high=2.0)
    w = float64_tensor(rng, (3,), low=0.5, high=2.0)
    # w enters through detach(): backward gives it nothing, finite differences see it
    with pytest.raises(AssertionError, match="input 1"):
        ta.gradcheck(lambda p, q: (p * q.detach()).sum(), x, w)


@pytest.mark.parametrize("dtype", ["float32"])
def test_non_float64_input_is_refused(xp, rng, dtype):
    x = ta.tensor(rng.uniform(size=(3,)), dtype=dtype)
    with pytest.raises(TypeError, match="float64") as info:
        ta.gradcheck(lambda t: (t * t).sum(), x)
    assert dtype in str(info.value)


def test_non_tensor_input_is_refused(xp):
    with pytest.raises(TypeError, match="Tensor"):
        ta.gradcheck(lambda t: t, [1.0, 2.0])


def test_inputs_are_left_as_they_were(xp, rng):
    x = float64_tensor(rng, (4,))
    before = x.numpy().copy()
    ta.gradcheck(lambda t: (t ** 3).sum(), x)
    assert x.requires_grad is False and x.grad is None
    np.testing.assert_array_equal(x.numpy(), before)


def test_a_non_contiguous_input_is_perturbed_in_place(xp):
    a = ta.tensor(xp.arange(6.0).reshape(2, 3).T, dtype="float64")    # a transposed view
    assert not a.data.flags.c_contiguous
    assert ta.gradcheck(lambda a: a * a, a)


class ProductSkippingConstants(Function):
    """y = a * b, whose backward skips the gradient of an input that needs none, correctly."""

    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, gy):
        ga = gy * self.b if self.inputs[0].requires_grad else None
        gb = gy * self.a if self.inputs[1].requires_grad else None
        return ga, gb


class ProductMixingUpItsBranches(ProductSkippingConstants):
    """y = a * b, whose backward is right when both inputs need a gradient but, when `a` is a
    constant, returns b's gradient in a's place (a tuple in the wrong order)."""

    def backward(self, gy):
        if not self.inputs[0].requires_grad:
            return gy * self.a, None
        return gy * self.b, gy * self.a


class ProductBreakingOnAConstant(ProductSkippingConstants):
    """y = a * b, whose backward fails when `a` is a constant: that branch reads `self.b_scale`,
    which forward never sets (a typo that only a check with a constant `a` runs into)."""

    def backward(self, gy):
        if self.inputs[0].requires_grad:
            return gy * self.b, gy * self.a
        return None, gy * self.a * self.b_scale


def test_wrt_checks_only_the_listed_inputs_and_keeps_the_others_constant(xp, rng):
    a = float64_tensor(rng, (2, 3), name="a")
    b = float64_tensor(rng, (2, 3), name="b")
    seen = []

    def f(p, q):
        seen.append((p.requires_grad, q.requires_grad))
        return ProductSkippingConstants()(p, q)

    assert ta.gradcheck(f, a, b, wrt=[1])
    assert set(seen) == {(False, True)}
    assert a.requires_grad is False and b.requires_grad is False and a.grad is None and b.grad is None


def test_a_backward_wrong_only_for_a_constant_input_is_caught_with_wrt(xp, rng):
    a = float64_tensor(rng, (2, 3), low=0.5, high=2.0, name="a")
    b = float64_tensor(rng, (2, 3), low=-2.0, high=-0.5, name="b")
    assert ta.gradcheck(lambda p, q: ProductMixingUpItsBranches()(p, q), a, b)   # all inputs: looks right
    with pytest.raises(AssertionError, match=r"input 1 \(b"):
        ta.gradcheck(lambda p, q: ProductMixingUpItsBranches()(p, q), a, b, wrt=[1])


def test_a_backward_that_breaks_on_a_constant_input_is_caught_with_wrt(xp, rng):
    a = float64_tensor(rng, (3,), name="a")
    b = float64_tensor(rng, (3,), name="b")
    assert ta.gradcheck(lambda p, q: ProductBreakingOnAConstant()(p, q), a, b)
    with pytest.raises(AttributeError, match="b_scale"):
        ta.gradcheck(lambda p, q: ProductBreakingOnAConstant()(p, q), a, b, wrt=[1])


@pytest.mark.parametrize("wrt", [[], [2], [-1], ["a"]])
def test_bad_wrt_is_refused(xp, rng, wrt):
    a = float64_tensor(rng, (3,))
    with pytest.raises(ValueError, match=r"gradcheck\(wrt=...\).*0\.\.1"):
        ta.gradcheck(lambda p, q: p * q, a, a, wrt=wrt)
