"""Plots draw host (NumPy) arrays: this turns tensors, CuPy arrays and lists into them."""
from .. import backend
from ..tensor import Tensor

np = backend.module_for("numpy")


def host_array(values):
    """A NumPy array from a Tensor, a NumPy or CuPy array, or a list."""
    if isinstance(values, Tensor):
        values = values.data
    return backend.to_numpy(values) if backend.is_array(values) else np.asarray(values)
