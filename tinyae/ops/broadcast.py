"""Shape rules shared by the element-wise operations."""
from ..tensor import Tensor, as_tensor


def unbroadcast(grad, shape):
    """Sum `grad` back to `shape`: the backward of NumPy broadcasting.

    If x of shape (3,) was broadcast to (64, 3) in y = x + z, every row used x, so
    dL/dx = sum over the rows of dL/dy.
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        extra + i for i, n in enumerate(shape) if n == 1 and grad.shape[extra + i] != 1)
    grad = grad.sum(axis=axes, keepdims=True) if axes else grad
    return grad.reshape(shape)


def operands(x, y, op_name):
    """Both operands as tensors of one dtype (a Python number takes the tensor's dtype). Mixing
    float32 with float64 is an error rather than a silent upcast."""
    like = x if isinstance(x, Tensor) else y
    x, y = as_tensor(x, like), as_tensor(y, like)
    if x.dtype != y.dtype:
        raise TypeError(f"{op_name}: operands have dtypes {x.dtype} and {y.dtype}; tinyae never "
                        f"converts silently, cast one with .astype()")
    return x, y


def shape_error(op_name, *shapes):
    return ValueError(f"{op_name}: shapes {' and '.join(str(s) for s in shapes)} do not fit together")
