"""Operations that move values around without changing them: reshape, transpose, indexing,
concatenate, stack and dtype casts. Their backward puts each gradient back where its value came
from."""
from collections.abc import Sequence
from typing import Any

from .. import backend
from ..backend import DType
from ..other_names import TENSOR_KEYWORDS, unexpected_keywords
from ..tensor import Function, Tensor, TensorLike, as_tensor


class ReshapeOp(Function):
    """y = x viewed with another shape;  dL/dx = dL/dy reshaped back."""

    def __init__(self, shape):
        self.shape = shape

    def forward(self, x):
        self.in_shape = x.shape
        try:
            return x.reshape(self.shape)
        except ValueError:
            raise ValueError(f"reshape: cannot view shape {x.shape} ({x.size} values) as {self.shape}") from None

    def backward(self, gy):
        return gy.reshape(self.in_shape)


class TransposeOp(Function):
    """y = x with its axes permuted (reversed by default);  dL/dx = dL/dy permuted back."""

    def __init__(self, axes=None):
        self.axes = axes

    def forward(self, x):
        return x.transpose(self.axes)

    def backward(self, gy):
        if self.axes is None:
            return gy.transpose()
        inverse = [0] * len(self.axes)
        for i, a in enumerate(self.axes):
            inverse[a] = i
        return gy.transpose(inverse)


class GetItemOp(Function):
    """y = x[index];  dL/dx is zero except at the picked elements, which get dL/dy (added up when
    an element is picked more than once)."""

    def __init__(self, index):
        self.index = index

    def forward(self, x):
        self.shape, self.dtype = x.shape, x.dtype
        return x[self.index]

    def backward(self, gy):
        xp = backend.array_module(gy)
        gx = xp.zeros(self.shape, dtype=self.dtype)
        if _is_basic(self.index):
            gx[self.index] = gy
        else:
            xp.add.at(gx, self.index, gy)
        return gx


def _is_basic(index):
    """True when `index` only slices (so no element can be picked twice)."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(isinstance(p, (int, slice)) or p is None or p is Ellipsis for p in parts)


class ConcatenateOp(Function):
    """y = the inputs joined along `axis`;  each input gets its slice of dL/dy."""

    def __init__(self, axis):
        self.axis = axis

    def forward(self, *xs):
        self.sizes = [x.shape[self.axis] for x in xs]
        return backend.array_module(xs[0]).concatenate(xs, axis=self.axis)

    def backward(self, gy):
        xp = backend.array_module(gy)
        splits = list(_cumulative(self.sizes))[:-1]
        return tuple(xp.split(gy, splits, axis=self.axis))


class StackOp(Function):
    """y = the inputs stacked along a new `axis`;  each input gets its slice of dL/dy."""

    def __init__(self, axis):
        self.axis = axis

    def forward(self, *xs):
        return backend.array_module(xs[0]).stack(xs, axis=self.axis)

    def backward(self, gy):
        xp = backend.array_module(gy)
        return tuple(xp.take(gy, i, axis=self.axis) for i in range(gy.shape[self.axis]))


class AsTypeOp(Function):
    """y = x converted to another dtype;  dL/dx = dL/dy converted back."""

    def __init__(self, dtype):
        self.dtype = backend.dtype_of(dtype)

    def forward(self, x):
        self.in_dtype = x.dtype
        return x.astype(self.dtype)

    def backward(self, gy):
        return gy.astype(self.in_dtype)


def _cumulative(sizes):
    total = 0
    for s in sizes:
        total += s
        yield total


def _check_same(tensors, op_name):
    """The tensors of a list or tuple, after checking that there is at least one and that their
    dtypes agree. A single Tensor is refused (iterating it would take its rows as the list)."""
    if isinstance(tensors, Tensor):
        raise TypeError(f"{op_name}: tensors must be a list or tuple of tensors, got one Tensor of shape "
                        f"{tensors.shape}; put them in a list: {op_name}([a, b])")
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op_name}: tensors must be a list or tuple of tensors, got {type(tensors).__name__}")
    if not tensors:
        raise ValueError(f"{op_name}: needs at least one tensor, got an empty {type(tensors).__name__}")
    tensors = [as_tensor(t) for t in tensors]
    first = tensors[0]
    for t in tensors[1:]:
        if t.dtype != first.dtype:
            raise TypeError(f"{op_name}: dtypes {first.dtype} and {t.dtype} differ")
    return tensors


def reshape(x: TensorLike, *shape: int | Sequence[int]) -> Tensor:
    """x with another shape and the same values in the same (row-major) order: x.reshape(-1, 784) or
    x.reshape((-1, 784)); one entry may be -1 (ReshapeOp)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return ReshapeOp(shape)(x)


def transpose(x: TensorLike, *axes: int | Sequence[int]) -> Tensor:
    """x with its axes permuted: x.transpose() (or x.T) reverses them, a matrix's transpose;
    x.transpose(0, 2, 1) puts axis 2 second (TransposeOp)."""
    if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
        axes = tuple(axes[0])
    return TransposeOp(axes or None)(x)


def getitem(x: TensorLike, index: Any) -> Tensor:
    """x[index], NumPy's indexing (slices, integers, integer or boolean arrays); what `x[index]` calls
    (GetItemOp: the gradient goes back to the picked elements)."""
    if isinstance(index, Tensor):
        if index.dtype.kind == "f":
            raise IndexError(f"x[index]: the index is a {index.dtype} tensor (ta.tensor makes float32 unless told); "
                             f"index with integers: the NumPy array itself, or ta.tensor(indices, dtype='int64')")
        index = index.data
    return GetItemOp(index)(x)


def concatenate(tensors: Sequence[TensorLike], axis: int = 0, **torch_names: Any) -> Tensor:
    """The tensors joined along an existing `axis` (shapes equal off that axis, dtypes equal);
    PyTorch's torch.cat. Its dim= is refused with NumPy's name, axis= (so in stack too)."""
    if torch_names:
        raise unexpected_keywords("concatenate", list(torch_names), TENSOR_KEYWORDS)
    tensors = _check_same(tensors, "concatenate")
    try:
        return ConcatenateOp(axis)(*tensors)
    except ValueError:
        raise ValueError(f"concatenate along axis {axis}: shapes {[t.shape for t in tensors]} "
                         f"differ off that axis") from None


def stack(tensors: Sequence[TensorLike], axis: int = 0, **torch_names: Any) -> Tensor:
    """The tensors (all of one shape and dtype) stacked along a new `axis`."""
    if torch_names:
        raise unexpected_keywords("stack", list(torch_names), TENSOR_KEYWORDS)
    tensors = _check_same(tensors, "stack")
    try:
        return StackOp(axis)(*tensors)
    except ValueError:
        raise ValueError(f"stack: shapes {[t.shape for t in tensors]} must all be equal") from None


def astype(x: TensorLike, dtype: DType | str) -> Tensor:
    """x converted to `dtype` (x.astype("float64")); the gradient is converted back. tinyae never
    converts silently: this is the one way to change a tensor's dtype (AsTypeOp)."""
    return AsTypeOp(dtype)(x)
