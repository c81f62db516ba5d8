"""Initialisers: how the first weights are drawn. Names follow the frameworks whose code the
lessons translate. Weights are drawn with tinyae's NumPy generator (`ta.seed`) on the CPU, then
moved to the backend, so one seed gives one model on NumPy and on CuPy."""
import math

from .. import backend


def glorot_uniform(shape, fan_in, fan_out):
    """Keras's default kernel initialiser: W ~ U(-a, a) with a = sqrt(6 / (fan_in + fan_out))."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return backend.rng().uniform(-a, a, size=shape)


def torch_uniform(shape, fan_in):
    """PyTorch's nn.Linear / nn.Conv2d default for weights *and* biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    (kaiming_uniform with a = sqrt(5) works out to this bound)."""
    a = 1.0 / math.sqrt(fan_in)
    return backend.rng().uniform(-a, a, size=shape)


INITIALIZERS = ("glorot_uniform", "torch", "zeros")


def weight_and_bias(init, weight_shape, bias_shape, fan_in, fan_out, dtype=backend.DEFAULT_DTYPE):
    """(W, b) as backend arrays for one of INITIALIZERS. Keras's glorot_uniform starts b at zero,
    PyTorch draws b like W."""
    if init == "glorot_uniform":
        W, b = glorot_uniform(weight_shape, fan_in, fan_out), None
    elif init == "torch":
        W, b = torch_uniform(weight_shape, fan_in), torch_uniform(bias_shape, fan_in)
    elif init == "zeros":
        W, b = None, None
    else:
        raise ValueError(f"unknown init {init!r}; known: {INITIALIZERS}")
    xp = backend.xp
    W = xp.zeros(weight_shape, dtype=dtype) if W is None else backend.as_array(W, dtype)
    b = xp.zeros(bias_shape, dtype=dtype) if b is None else backend.as_array(b, dtype)
    return W, b
