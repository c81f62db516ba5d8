"""Initialisers: how the first weights are drawn. Names follow the frameworks whose code the
lessons translate. Weights are drawn with tinyae's NumPy generator (`ta.seed`) on the CPU, then
moved to the backend, so one seed gives one model on NumPy and on CuPy.

fan_in and fan_out are Keras's: for a Dense layer the input and output sizes, for a convolution
kernel_height * kernel_width * (input or output channels) (the receptive-field rule); the layers
compute them and pass them in.

The Keras 2 normal initialisers draw from a normal truncated at 2 standard deviations (values
further out are drawn again), which shrinks the standard deviation by the factor
0.87962566103423978 (= the std of N(0, 1) truncated to [-2, 2], scipy.stats.truncnorm.std(-2, 2));
Keras divides by it first so that the weights end with std sqrt(scale / n) (keras/initializers,
VarianceScaling.__call__). TF1's variance_scaling_initializer multiplies the variance by 1.3
instead (an approximation of 1 / 0.8796^2 = 1.2925).
"""
import math

from .. import backend
from ..arguments import close_match
from ..other_names import INIT_FUNCTIONS, no_attribute

TRUNCATED_STD = 0.87962566103423978      # std of a standard normal truncated to [-2, 2]


def truncated_normal(shape, stddev):
    """N(0, stddev^2) truncated at 2 stddev: every draw with |w| > 2 stddev is drawn again (as
    tf.random.truncated_normal, which Keras and TF1 use)."""
    rng = backend.rng()
    w = rng.standard_normal(size=shape)
    outside = abs(w) > 2
    while outside.any():
        w[outside] = rng.standard_normal(size=int(outside.sum()))
        outside = abs(w) > 2
    return w * stddev


def glorot_uniform(shape, fan_in, fan_out):
    """Keras's default kernel initialiser: W ~ U(-a, a) with a = sqrt(6 / (fan_in + fan_out))."""
    a = math.sqrt(6.0 / (fan_in + fan_out))
    return backend.rng().uniform(-a, a, size=shape)


def glorot_normal(shape, fan_in, fan_out):
    """Keras 2's glorot_normal = VarianceScaling(scale=1, mode="fan_avg", distribution="truncated_normal"):
    W ~ N(0, s^2) truncated at +-2s, s = sqrt(2 / (fan_in + fan_out)) / 0.87962566103423978, so
    that std(W) = sqrt(2 / (fan_in + fan_out))."""
    return truncated_normal(shape, math.sqrt(2.0 / (fan_in + fan_out)) / TRUNCATED_STD)


def he_normal(shape, fan_in, fan_out=None):
    """Keras 2's he_normal = VarianceScaling(scale=2, mode="fan_in", distribution="truncated_normal"):
    W ~ N(0, s^2) truncated at +-2s, s = sqrt(2 / fan_in) / 0.87962566103423978, so that
    std(W) = sqrt(2 / fan_in)."""
    return truncated_normal(shape, math.sqrt(2.0 / fan_in) / TRUNCATED_STD)


def he_uniform(shape, fan_in, fan_out=None):
    """Keras's he_uniform = VarianceScaling(scale=2, mode="fan_in", distribution="uniform"):
    W ~ U(-a, a) with a = sqrt(6 / fan_in) (= sqrt(3 * 2 / fan_in), so std(W) = sqrt(2 / fan_in))."""
    a = math.sqrt(6.0 / fan_in)
    return backend.rng().uniform(-a, a, size=shape)


def variance_scaling(shape, fan_in, fan_out=None, factor=2.0):
    """TF1's tf.contrib.layers.variance_scaling_initializer() with its defaults factor=2.0,
    mode='FAN_IN', uniform=False: W ~ N(0, s^2) truncated at +-2s with s = sqrt(1.3 * factor / fan_in)
    (the TF 1.15 source, tensorflow/contrib/layers/python/layers/initializers.py: "To get
    stddev = math.sqrt(factor / n) need to adjust for truncated", trunc_stddev = sqrt(1.3 * factor / n);
    its API page writes the target, truncated_normal(shape, 0.0, stddev=sqrt(factor / n)):
    https://www.tensorflow.org/versions/r1.15/api_docs/python/tf/contrib/layers/variance_scaling_initializer).
    So std(W) ~ sqrt(factor / fan_in); fan_out is not used."""
    return truncated_normal(shape, math.sqrt(1.3 * factor / fan_in))


def torch_uniform(shape, fan_in):
    """PyTorch's nn.Linear / nn.Conv2d default for weights *and* biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    (kaiming_uniform with a = sqrt(5) works out to this bound)."""
    a = 1.0 / math.sqrt(fan_in)
    return backend.rng().uniform(-a, a, size=shape)


# name -> W(shape, fan_in, fan_out) (fan_out unused by the fan-in ones); every one of these starts the bias at zero, as Keras and TF1 do
KERNEL_INITIALIZERS = {
    "glorot_uniform": glorot_uniform,
    "glorot_normal": glorot_normal,
    "he_normal": he_normal,
    "he_uniform": he_uniform,
    "variance_scaling": variance_scaling,
}
INITIALIZERS = (*KERNEL_INITIALIZERS, "torch", "zeros")


def weight_and_bias(init, weight_shape, bias_shape, fan_in, fan_out, dtype=backend.DEFAULT_DTYPE):
    """(W, b) as backend arrays for one of INITIALIZERS. The Keras and TF1 names start b at zero,
    "torch" (PyTorch) draws b like W, "zeros" starts both at zero."""
    if init in KERNEL_INITIALIZERS:
        W, b = KERNEL_INITIALIZERS[init](weight_shape, fan_in, fan_out), None
    elif init == "torch":
        W, b = torch_uniform(weight_shape, fan_in), torch_uniform(bias_shape, fan_in)
    elif init == "zeros":
        W, b = None, None
    else:
        raise ValueError(f"unknown init {init!r}{close_match(init, INITIALIZERS)}; known: {INITIALIZERS}")
    xp = backend.xp
    W = xp.zeros(weight_shape, dtype=dtype) if W is None else backend.as_array(W, dtype)
    b = xp.zeros(bias_shape, dtype=dtype) if b is None else backend.as_array(b, dtype)
    return W, b


def __getattr__(name: str):
    """Called only for a name this module lacks: PyTorch's nn.init.xavier_uniform_(w) and the rest
    say which init= argument of a layer draws the same (other_names.INIT_FUNCTIONS)."""
    raise no_attribute("module 'tinyae.nn.init'", name, INIT_FUNCTIONS)
