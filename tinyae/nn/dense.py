"""Dense (fully connected) layers, and their tied-weight mirror images."""
from typing import Any

from .. import backend
from ..ops.activations import Activation
from ..ops.matmul import linear
from ..regularizers import Penalty
from ..tensor import Tensor
from . import init as initializers
from .activation_argument import WithActivation
from .module import Module
from .parameter import Parameter
from .sizes import REQUIRED, Required, check_given, positive_int, refuse_unknown


class Dense(WithActivation, Module):
    """y = act(x W + b) with W of shape (in_features, out_features) and b of shape (out_features,).

    This is Keras's Dense and PyTorch's Linear (which stores W^T). `init` picks how W and b start:
    "glorot_uniform" (Keras: W ~ U(+-sqrt(6/(in+out))), b = 0), "torch" (PyTorch Linear:
    W, b ~ U(+-1/sqrt(in))) or "zeros". `activation` is "tanh", "sigmoid", "relu", "linear" or None.

    Keras's keyword arguments: `kernel_regularizer` penalises W, `bias_regularizer` b and
    `activity_regularizer` the output y (e.g. regularizers.l1(1e-5); see tinyae.regularizers and
    Module.regularization_terms). `name` names the layer (default: "dense", "dense_1", ...; see Module).
    """

    def __init__(self, in_features: int, out_features: int | Required = REQUIRED, activation: Activation = None,
                 init: str = "glorot_uniform", *, kernel_regularizer: Penalty | None = None,
                 bias_regularizer: Penalty | None = None, activity_regularizer: Penalty | None = None,
                 name: str | None = None, **unknown: Any) -> None:
        refuse_unknown("Dense", unknown)                  # Keras's units=, kernel_initializer=, ... say what to write
        check_given("Dense", "out_features", out_features, "tinyae's layers take their input size first, "
                    "Dense(in_features, out_features) as PyTorch's Linear: Keras's Dense(32, activation='relu') "
                    "after 784 inputs is Dense(784, 32, activation='relu') here")
        self.name = name
        self.in_features = positive_int(in_features, "in_features", "Dense")
        self.out_features = positive_int(out_features, "out_features", "Dense")
        self.activation = activation
        self._set_regularizers(kernel_regularizer, bias_regularizer, activity_regularizer)
        W, b = initializers.weight_and_bias(init, (in_features, out_features), (out_features,),
                                            fan_in=in_features, fan_out=out_features)
        self.W = Parameter(W, name="W")
        self.b = Parameter(b, name="b")

    def forward(self, x: Tensor) -> Tensor:
        y = linear(x, self.W, self.b)
        return y if self._act is None else self._act(y)

    def extra_repr(self) -> str:
        return f"{self.in_features}, {self.out_features}, activation={self.activation!r}"


class TiedDense(WithActivation, Module):
    """The decoder half of a tied-weight autoencoder: y = act(x W^T + b'), where W is the weight of
    `encoder_dense` (shared, not copied) and b' is this layer's own bias of shape (encoder in_features,).

    The slides write it W_{N-L+1} = W_L^T: the decoder's weights are the transposed encoder weights,
    which halves the number of weights. The gradient of W then has two parts, one from the encoder
    and one from the decoder, and autograd adds them up.

    `kernel_regularizer` penalises the shared W once more, as a term of its own: to penalise W once,
    give a kernel_regularizer to the encoder's Dense or to this layer, not to both.
    `bias_regularizer`, `activity_regularizer` and `name` as for Dense.
    """

    def __init__(self, encoder_dense: Dense, activation: Activation = None, *,
                 kernel_regularizer: Penalty | None = None, bias_regularizer: Penalty | None = None,
                 activity_regularizer: Penalty | None = None, name: str | None = None) -> None:
        if not isinstance(encoder_dense, Dense):
            raise TypeError(f"TiedDense: encoder_dense must be a Dense layer, got {type(encoder_dense).__name__}")
        self.name = name
        self.activation = activation
        self._set_regularizers(kernel_regularizer, bias_regularizer, activity_regularizer)
        self.in_features, self.out_features = encoder_dense.out_features, encoder_dense.in_features
        self.W = encoder_dense.W   # the same Parameter object: parameters() lists it once
        self.b = Parameter(backend.xp.zeros((self.out_features,), dtype=self.W.dtype), name="b")

    def forward(self, x: Tensor) -> Tensor:
        y = linear(x, self.W.T, self.b)
        return y if self._act is None else self._act(y)

    def extra_repr(self) -> str:
        return f"{self.in_features}, {self.out_features}, tied, activation={self.activation!r}"
