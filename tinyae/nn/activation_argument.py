"""The `activation` argument that Dense, TiedDense, Conv2D and Conv2DTranspose share."""
from ..ops import activations
from ..ops.activations import Activation


class WithActivation:
    """A layer whose output goes through `activation`: a name ("relu", "sigmoid", "tanh", "elu",
    "linear", ...), a function of a tensor, or None. Checked when given; assigning it later
    (layer.activation = "sigmoid") changes what forward applies, as the repr then says."""

    @property
    def activation(self) -> Activation:
        """The activation as given (a name, a function or None); assigning one checks it and makes
        forward apply it."""
        return self._activation

    @activation.setter
    def activation(self, value: Activation) -> None:
        self._act = activations.get_activation(value)      # the function forward applies (None: none)
        self._activation = value
