"""The check of the functions that compute in floating point only (exp, log, sqrt, tanh, sigmoid,
elu, leaky_relu, softmax, log_softmax): an integer or bool tensor is refused, since NumPy would
silently give float64 (tinyae never makes float64 silently) or fail with a raw casting error."""
from ..tensor import as_tensor


def float_tensor(name, x):
    """`x` as a tensor, or a TypeError naming `name` when its dtype is not floating point."""
    x = as_tensor(x)
    if x.dtype.kind != "f":
        raise TypeError(f"{name}: x must be a floating-point tensor, got dtype {x.dtype} (shape {x.shape}); "
                        f"cast it first, e.g. x.astype('float32')")
    return x
