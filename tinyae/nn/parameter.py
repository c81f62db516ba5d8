"""Parameters: the tensors that training changes."""
from .. import backend
from ..backend import Array
from ..tensor import Tensor


class Parameter(Tensor):
    """A tensor that a Module owns and an optimizer updates. Setting `requires_grad = False`
    freezes it: backward computes no gradient for it and optimizers skip it."""

    __slots__ = ()

    def __init__(self, data: Array | float | list, name: str | None = None) -> None:
        array = backend.as_array(data)
        # its own copy: optimizers change a parameter in place, which must not change the caller's array
        super().__init__(array.copy() if array is data else array, requires_grad=True, name=name)

    def __repr__(self):
        return "Parameter(" + super().__repr__() + ")"
