"""Parameters: the tensors that training changes."""
from .. import backend
from ..tensor import Tensor


class Parameter(Tensor):
    """A tensor that a Module owns and an optimizer updates. Setting `requires_grad = False`
    freezes it: backward computes no gradient for it and optimizers skip it."""

    __slots__ = ()

    def __init__(self, data, name=None):
        super().__init__(backend.as_array(data), requires_grad=True, name=name)

    def __repr__(self):
        return "Parameter(" + super().__repr__() + ")"
