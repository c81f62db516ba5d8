"""Initialisers: each name's distribution on a large draw (bounds, mean, std), truncation at two
standard deviations where Keras and TF1 truncate, Keras's receptive-field fans for convolutions,
zero biases, float32, and an error that lists the valid names.

Expected standard deviations are the frameworks' formulas (cited in tinyae/nn/init.py):
Keras 2 he_normal / glorot_normal: truncated normal with s = sqrt(scale / n) / 0.87962566103423978,
whose std after truncation is sqrt(scale / n); TF1 variance_scaling_initializer(): s = sqrt(1.3 * 2 / fan_in),
whose std after truncation is 0.87962566 * s."""
import math

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, nn
from tinyae.nn import init

to_np = backend.to_numpy
FAN_IN, FAN_OUT = 300, 200

# name: (sampling std s before any truncation, std of the result, truncated?, uniform bound or None)
CASES = {
    "he_normal": (math.sqrt(2 / FAN_IN) / 0.87962566103423978, math.sqrt(2 / FAN_IN), True, None),
    "glorot_normal": (math.sqrt(2 / (FAN_IN + FAN_OUT)) / 0.87962566103423978,
                      math.sqrt(2 / (FAN_IN + FAN_OUT)), True, None),
    "variance_scaling": (math.sqrt(1.3 * 2 / FAN_IN), 0.87962566103423978 * math.sqrt(1.3 * 2 / FAN_IN), True, None),
    "he_uniform": (None, math.sqrt(2 / FAN_IN), False, math.sqrt(6 / FAN_IN)),
    "glorot_uniform": (None, math.sqrt(2 / (FAN_IN + FAN_OUT)), False, math.sqrt(6 / (FAN_IN + FAN_OUT))),
}


def test_truncated_standard_normal_std_is_kerass_constant():
    """The constant is the std of N(0, 1) restricted to [-2, 2]: 1 - 4 phi(2) / (2 Phi(2) - 1)."""
    phi2 = math.exp(-2) / math.sqrt(2 * math.pi)
    mass = math.erf(2 / math.sqrt(2))
    assert math.sqrt(1 - 4 * phi2 / mass) == pytest.approx(init.TRUNCATED_STD, rel=1e-12)


@pytest.mark.parametrize("name", list(CASES))
def test_distribution_on_a_large_draw(xp, name):
    ta.seed(0)
    s, std, truncated, bound = CASES[name]
    W, b = init.weight_and_bias(name, (FAN_IN, FAN_OUT), (FAN_OUT,), FAN_IN, FAN_OUT)
    assert W.dtype == np.float32 and b.dtype == np.float32
    assert backend.array_module(W) is xp
    W, b = to_np(W).astype(np.float64), to_np(b)
    np.testing.assert_array_equal(b, 0)
    # 60,000 draws: the std's relative standard error is below 0.5 %
    assert abs(W.mean()) < 0.01 * std
    assert W.std() == pytest.approx(std, rel=0.015)
    if truncated:
        assert np.abs(W).max() <= 2 * s * (1 + 1e-6)                          # nothing beyond 2 s
        assert np.abs(W).max() > 1.95 * s                                      # ... but it reaches there
    else:
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.99 * bound


@pytest.mark.parametrize("name", list(CASES))
def test_layers_use_the_initialiser_with_kerass_fans(xp, name):
    ta.seed(1)
    dense = nn.Dense(FAN_IN, FAN_OUT, init=name)
    ta.seed(1)
    W, _ = init.weight_and_bias(name, (FAN_IN, FAN_OUT), (FAN_OUT,), FAN_IN, FAN_OUT)
    np.testing.assert_array_equal(to_np(dense.W.data), to_np(W))
    # a 5x5 convolution from 12 to 8 channels: fan_in = 25 * 12 = 300, fan_out = 25 * 8 = 200
    ta.seed(2)
    conv = nn.Conv2D(12, 8, 5, init=name)
    ta.seed(2)
    W, _ = init.weight_and_bias(name, (8, 12, 5, 5), (8,), FAN_IN, FAN_OUT)
    np.testing.assert_array_equal(to_np(conv.W.data), to_np(W))
    np.testing.assert_array_equal(to_np(conv.b.data), 0)


def test_unknown_name_lists_the_valid_names():
    with pytest.raises(ValueError) as info:
        init.weight_and_bias("lecun_normal", (3, 2), (2,), 3, 2)
    for name in ("glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "variance_scaling", "torch", "zeros"):
        assert name in str(info.value)
