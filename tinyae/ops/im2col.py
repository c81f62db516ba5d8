"""The geometry of sliding windows, and im2col / col2im: how a convolution becomes one matrix product.

A 2-D convolution of x (N, C, H, W) with a kernel K (O, C, kh, kw) at stride s is

    y[n, o, i, j] = sum_{c, p, q} K[o, c, p, q] * xpad[n, c, s*i + p, s*j + q].

im2col copies every window xpad[n, :, s*i : s*i + kh, s*j : s*j + kw] into one column of a matrix
X_col with C*kh*kw rows and Ho*Wo*N columns; then the whole convolution is a single matrix product
Y = K_mat X_col with K_mat = K reshaped to (O, C*kh*kw). col2im is its adjoint: it adds every column
back onto the window it came from (a pixel that lies in several windows gets the sum).

Memory layout. Tensors are NCHW, but inside the convolution ops the arrays are (C, H, W, N): channel
first, batch last. `batch_last(x)` turns an NCHW array into that view and `batch_first(y)` turns it
back, without copying. Two reasons:
  - the rows of X_col are (c, p, q) and its columns (i, j, n), so Y = K_mat X_col comes out as
    (O, Ho, Wo, N) memory, which the layers hand on as an NCHW view with no copy; element-wise
    operations keep that memory order, so the next layer finds its input already laid out;
  - with the batch innermost, every strided copy (im2col, col2im, pooling, upsampling) moves runs
    of at least N contiguous numbers instead of one image row, which makes them several times faster.

Padding follows Keras (and TensorFlow):
    "valid": no padding, out = floor((n - k) / s) + 1
    "same":  out = ceil(n / s), total padding max((out - 1) s + k - n, 0), of which
             floor(total / 2) goes on top/left and the rest (the odd pixel) on the bottom/right
    an int p (PyTorch's `padding=p`): p zeros on every side, out = floor((n + 2p - k) / s) + 1
"""
import math

from .. import backend
from ..arguments import is_int

PADDINGS = ("same", "valid")
# a window size or stride: an int n, meaning (n, n), or a pair (rows, columns)
Pair = int | tuple[int, int]


def pair(value, name, op_name):
    """(a, b) from an int a (meaning (a, a)) or a pair of positive ints, else a ValueError."""
    values = (value, value) if is_int(value) else tuple(value) if isinstance(value, (tuple, list)) else ()
    if len(values) != 2 or not all(is_int(v) and v >= 1 for v in values):
        raise ValueError(f"{op_name}: {name} must be a positive int or a pair of them, got {value!r}")
    return tuple(int(v) for v in values)


def check_padding(padding, op_name, allow_int=True):
    """`padding` if it is "same", "valid" or (when allowed) an int >= 0, else a ValueError."""
    if padding in PADDINGS or (allow_int and is_int(padding) and padding >= 0):
        return padding if isinstance(padding, str) else int(padding)
    expected = '"same", "valid" or an int >= 0' if allow_int else '"same" or "valid"'
    raise ValueError(f"{op_name}: padding must be {expected}, got {padding!r}")


def window_geometry(n, k, s, padding):
    """(out, pad_before, pad_after) for windows of size k at stride s over a length n, with the
    padding rules of the module docstring. `out` is < 1 when the window does not fit."""
    if padding == "same":
        out = -(-n // s)                       # ceil(n / s)
        total = max((out - 1) * s + k - n, 0)
        return out, total // 2, total - total // 2
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - k) // s + 1, p, p


def output_size(op_name, x_shape, kernel, stride, padding):
    """((Ho, Wo), (top, bottom, left, right)) for windows `kernel` at `stride` over the last two axes
    of the NCHW `x_shape`, or a ValueError naming the shapes when the window does not fit."""
    (Ho, top, bottom), (Wo, left, right) = (window_geometry(n, k, s, padding)
                                            for n, k, s in zip(x_shape[-2:], kernel, stride))
    if Ho < 1 or Wo < 1:
        raise ValueError(f"{op_name}: a {kernel[0]}x{kernel[1]} window with padding {padding!r} does not fit "
                         f"an input of shape {tuple(x_shape)} (height x width {x_shape[-2]}x{x_shape[-1]})")
    return (Ho, Wo), (top, bottom, left, right)


def layout_hint(x_shape, channels):
    """What to say when an input of `x_shape` does not fit a kernel over `channels` channels: it is
    channels-last (Keras's (N, H, W, C)), lacks the channel axis (N, H, W) or holds flattened images
    (N, C*H*W), as the dense lessons use them; else nothing."""
    if len(x_shape) == 4 and x_shape[-1] == channels:
        return ("; this input looks channels-last, Keras's (N, H, W, C): tinyae is channels-first like "
                "PyTorch, so pass x.transpose(0, 3, 1, 2)")
    if len(x_shape) == 3 and channels == 1:
        return "; the channel axis is missing: pass x.reshape(-1, 1, H, W)"
    if len(x_shape) == 2 and channels:
        side = math.isqrt(x_shape[1] // channels)
        square = f"{channels}, {side}, {side}" if channels * side * side == x_shape[1] else "C, H, W"
        return f"; these look like flattened images: pass x.reshape(-1, {square})"
    return ""


def batch_last(x):
    """(N, C, H, W) -> (C, H, W, N), a view."""
    return x.transpose(1, 2, 3, 0)


def batch_first(x):
    """(C, H, W, N) -> (N, C, H, W), a view."""
    return x.transpose(3, 0, 1, 2)


def pad(x, pads, value=0):
    """x (C, H, W, N) with `pads` = (top, bottom, left, right) rows/columns of `value` around each
    image; x itself when there is nothing to pad."""
    top, bottom, left, right = pads
    if not any(pads):
        return x
    C, H, W, N = x.shape
    xp = backend.array_module(x)
    out = xp.full((C, top + H + bottom, left + W + right, N), value, dtype=x.dtype)
    out[:, top:top + H, left:left + W] = x
    return out


def windows(xpad, kernel, stride, out):
    """A strided view (C, kh, kw, Ho, Wo, N) of xpad (C, Hp, Wp, N):
    view[c, p, q, i, j, n] = xpad[c, s*i + p, s*j + q, n]. No copy: windows overlap in memory."""
    xp = backend.array_module(xpad)
    (kh, kw), (sh, sw), (Ho, Wo) = kernel, stride, out
    C, N = xpad.shape[0], xpad.shape[3]
    sc, sy, sx, sn = xpad.strides
    return xp.lib.stride_tricks.as_strided(xpad, shape=(C, kh, kw, Ho, Wo, N),
                                           strides=(sc, sy, sx, sy * sh, sx * sw, sn))


def im2col(x, kernel, stride, pads, out):
    """X_col (C*kh*kw, Ho*Wo*N) from x (C, H, W, N): X_col[(c,p,q), (i,j,n)] = xpad[c, s*i+p, s*j+q, n]."""
    C, N = x.shape[0], x.shape[3]
    (kh, kw), (Ho, Wo) = kernel, out
    return windows(pad(x, pads), kernel, stride, out).reshape(C * kh * kw, Ho * Wo * N)  # the one copy


def col2im(cols, shape, kernel, stride, pads, out):
    """The adjoint of im2col: g (C, H, W, N) of `shape` with g[c, y, x, n] = the sum of
    cols[(c,p,q), (i,j,n)] over every (p, q, i, j) with s*i + p - top = y and s*j + q - left = x.

    One strided add per kernel offset (p, q): for a fixed offset the windows never overlap, so
    `+=` on the strided slice is exact (no scatter-add needed, on NumPy or CuPy)."""
    xp = backend.array_module(cols)
    C, H, W, N = shape
    (kh, kw), (sh, sw), (Ho, Wo) = kernel, stride, out
    top, bottom, left, right = pads
    gpad = xp.zeros((C, top + H + bottom, left + W + right, N), dtype=cols.dtype)
    cols = cols.reshape(C, kh, kw, Ho, Wo, N)
    for p in range(kh):
        for q in range(kw):
            gpad[:, p:p + sh * Ho:sh, q:q + sw * Wo:sw] += cols[:, p, q]
    return gpad[:, top:top + H, left:left + W]


def shift_add(Z, pads, out, b=None):
    """y (O, Ho, Wo, N) with y[o, i, j, n] = b[o] + sum_{p,q} Z[o, p, q, i + p - top, j + q - left, n] for
    Z of shape (O, kh, kw, H, W, N) and stride 1: the product of every kernel offset (p, q), shifted
    into place and added up, the terms that fall off Z (onto the padding) left out. One add per offset."""
    xp = backend.array_module(Z)
    O, kh, kw, H, W, N = Z.shape
    (Ho, Wo), top, left = out, pads[0], pads[2]
    y = xp.empty((O, Ho, Wo, N), dtype=Z.dtype)
    y[...] = 0 if b is None else b[:, None, None, None]
    for p in range(kh):
        i0, i1 = max(0, top - p), min(Ho, H + top - p)             # the rows i that offset p reaches
        for q in range(kw):
            j0, j1 = max(0, left - q), min(Wo, W + left - q)
            y[:, i0:i1, j0:j1] += Z[:, p, q, i0 + p - top:i1 + p - top, j0 + q - left:j1 + q - left]
    return y


PIXEL_BLOCK = 768   # columns of the long inner dimension per product in summed_over_pixels (NumPy only)


def summed_over_pixels(a, b):
    """a @ b for a convolution's weight gradient, whose inner dimension runs over every pixel of
    the batch (Ho*Wo*N: 100,352 for a 28 x 28 layer at batch 128) while a and b^T have few rows
    (8 to 72 in the conv model). On NumPy the sum is taken in blocks of PIXEL_BLOCK columns:

        a @ b = sum over blocks B of a[:, B] @ b[B, :]

    OpenBLAS runs one product of this shape at a small fraction of its speed (16 x 100,352 times
    100,352 x 9 took 1.2-1.8 ms, ~20 GFLOP/s); in blocks of 768 columns it took 0.44-0.68x the time,
    and the weight gradients of the conv model's other layers 0.37-0.93x. Of the block sizes tried
    (512 to 4,096 columns, two runs), 768 was the one at which no layer's product was slower; the
    conv benchmark's training step took 0.95x the time (paired, 120 steps, 2026-12-06). The blocks
    change the order of the sum, so float32 results round differently from one product. On CuPy:
    one product (each block would be a kernel launch)."""
    K = a.shape[1]
    if backend.backend_of(a) != "numpy" or K <= PIXEL_BLOCK:
        return a @ b
    total = a[:, :PIXEL_BLOCK] @ b[:PIXEL_BLOCK]
    for start in range(PIXEL_BLOCK, K, PIXEL_BLOCK):
        total += a[:, start:start + PIXEL_BLOCK] @ b[start:start + PIXEL_BLOCK]
    return total
