"""Convolution layers: Conv2D and its mirror image Conv2DTranspose (data layout NCHW)."""
from typing import Any

from ..ops import activations
from ..ops.activations import Activation
from ..ops.conv import conv2d, conv2d_relu
from ..ops.conv_transpose import conv_transpose2d
from ..ops.im2col import Pair, check_padding, pair
from ..regularizers import Penalty
from ..tensor import Tensor
from . import init as initializers
from .activation_argument import WithActivation
from .module import Module
from .parameter import Parameter
from .sizes import REQUIRED, Required, check_given, positive_int, refuse_unknown


class _Convolution(WithActivation, Module):
    """What Conv2D and Conv2DTranspose share: their arguments (checked), the kernel W and bias b
    (initialised), the activation and the repr. A subclass sets `transposed` (the kernel's layout)
    and writes its forward pass."""

    transposed = False      # True: W is (in_channels, out_channels, kh, kw), see __init__

    def __init__(self, in_channels: int, out_channels: int | Required = REQUIRED,
                 kernel_size: Pair | Required = REQUIRED, stride: Pair = 1, padding: str | int = "valid",
                 activation: Activation = None, init: str = "glorot_uniform", *,
                 kernel_regularizer: Penalty | None = None, bias_regularizer: Penalty | None = None,
                 activity_regularizer: Penalty | None = None, name: str | None = None, **unknown: Any) -> None:
        layer = type(self).__name__
        refuse_unknown(layer, unknown)                    # Keras's strides=, filters=, ... say what to write
        order = (f"tinyae's layers take their input size first, {layer}(in_channels, out_channels, kernel_size) "
                 f"as in PyTorch: Keras's {layer}(16, (3, 3)) on one-channel images is {layer}(1, 16, (3, 3)) here")
        check_given(layer, "out_channels", out_channels, order)
        check_given(layer, "kernel_size", kernel_size, order)
        self.name = name
        self.in_channels = positive_int(in_channels, "in_channels", layer)
        self.out_channels = positive_int(out_channels, "out_channels", layer)
        self.kernel_size = pair(kernel_size, "kernel_size", layer)
        self.stride = pair(stride, "stride", layer)
        self._set_regularizers(kernel_regularizer, bias_regularizer, activity_regularizer)
        self.padding = check_padding(padding, layer, allow_int=not self.transposed)
        self.activation = activation
        # W is the kernel of a convolution from conv_in to conv_out channels, laid out (conv_out, conv_in, kh, kw);
        # a Conv2DTranspose's is that of the Conv2D it transposes, which maps out_channels to in_channels
        conv_in, conv_out = (out_channels, in_channels) if self.transposed else (in_channels, out_channels)
        kh, kw = self.kernel_size
        W, b = initializers.weight_and_bias(init, (conv_out, conv_in, kh, kw), (out_channels,),
                                            fan_in=kh * kw * conv_in, fan_out=kh * kw * conv_out)
        self.W = Parameter(W, name="W")
        self.b = Parameter(b, name="b")

    def extra_repr(self) -> str:
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, stride={self.stride}, "
                f"padding={self.padding!r}, activation={self.activation!r}")


class Conv2D(_Convolution):
    """y = act(conv2d(x, W) + b):  y[n, o, i, j] = act(b[o] + sum_{c,p,q} W[o, c, p, q] xpad[n, c, s*i+p, s*j+q])

    x (N, in_channels, H, W); kernel W (out_channels, in_channels, kh, kw), PyTorch's layout; b (out_channels,).
    `padding`: "same" (Keras: out = ceil(n / stride), total padding max((out-1)*stride + k - n, 0), the
    odd pixel at the bottom/right), "valid" (no padding) or an int p (p zeros on every side, PyTorch).
    The default is "valid", as in Keras's Conv2D (and PyTorch's padding=0).
    `init`: "glorot_uniform" (Keras: W ~ U(+-sqrt(6 / (fan_in + fan_out))) with fan_in = kh*kw*in_channels,
    fan_out = kh*kw*out_channels, b = 0), "torch" (PyTorch Conv2d: W, b ~ U(+-1/sqrt(kh*kw*in_channels)))
    or "zeros". `activation`: "relu", "sigmoid", "tanh", "linear" or None, as for Dense.
    `kernel_regularizer`, `bias_regularizer`, `activity_regularizer` (penalties on W, b and the output y)
    and `name`: as for Dense.

    With activation="relu" the layer is a single node of the graph, ops.conv.Conv2DReLUOp, which
    applies the ReLU in place to the convolution's output (the same numbers, less memory traffic).
    """

    def forward(self, x: Tensor) -> Tensor:
        if self._act is activations.relu:           # one node, the ReLU in place (ops.conv.Conv2DReLUOp)
            return conv2d_relu(x, self.W, self.b, self.stride, self.padding)
        y = conv2d(x, self.W, self.b, self.stride, self.padding)
        return y if self._act is None else self._act(y)


class Conv2DTranspose(_Convolution):
    """y = act(conv_transpose2d(x, W) + b): every input pixel stamps the kernel onto the output,

        y[n, o, s*i + p - top, s*j + q - left] += x[n, c, i, j] W[c, o, p, q]   (then + b[o]),

    the adjoint of a Conv2D, used to upsample with learned weights. x (N, in_channels, H, W).

    Kernel layout: W (in_channels, out_channels, kh, kw), as in PyTorch's ConvTranspose2d (Keras stores
    (kh, kw, out_channels, in_channels)). It is the kernel of the Conv2D that this layer transposes,
    which maps out_channels to in_channels. b (out_channels,).
    Output size as in Keras: (H*s, W*s) for "same", (H*s + max(kh - s, 0), ...) for "valid" (the default, as in Keras).
    `init`: "glorot_uniform" (fans kh*kw*in_channels and kh*kw*out_channels; b = 0), "torch"
    (PyTorch ConvTranspose2d: W, b ~ U(+-1/sqrt(kh*kw*out_channels)), since PyTorch takes the fan-in
    from the kernel's second axis) or "zeros".
    `kernel_regularizer`, `bias_regularizer`, `activity_regularizer` (penalties on W, b and the output y)
    and `name`: as for Dense.
    """

    transposed = True

    def forward(self, x: Tensor) -> Tensor:
        y = conv_transpose2d(x, self.W, self.b, self.stride, self.padding)
        return y if self._act is None else self._act(y)
