"""The sigmoid, the plain way: its definition. The fast version is tinyae/ops/activations.py."""
from .. import ops
from ..backend import Array
from ..tensor import Tensor


def sigmoid(x: Tensor | Array) -> Tensor:
    """sigma(x) = 1 / (1 + e^-x)

    Autograd differentiates the three steps (negate, exp, 1 / (1 + u)) and arrives at
    sigma'(x) = sigma(x) (1 - sigma(x)). For x below about -88 in float32 (-709 in float64)
    e^-x overflows to inf: the value is still right (1 / inf = 0), but NumPy warns about the
    overflow and the gradient there is nan (0 * inf). The fast ops.sigmoid has neither problem.
    """
    return 1 / (1 + ops.exp(-x))
