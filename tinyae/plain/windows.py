"""Sliding windows, the plain way: pad the images, then take one strided slice per window offset.

For a kh x kw window at stride (sh, sw), offset (p, q) of window (i, j) is the pixel

    xpad[n, c, sh*i + p, sw*j + q],    i < Ho, j < Wo,

so offset (p, q) of *every* window is one slice:  xpad[:, :, p : p + sh*Ho : sh, q : q + sw*Wo : sw].
Stacking the kh*kw slices gives all the windows at once. conv2d and max_pool2d both start here.

The output size and the padding follow Keras (tinyae/ops/im2col.py explains them):
    "valid": no padding, out = floor((n - k) / s) + 1
    "same":  out = ceil(n / s); the padding is split with the odd pixel at the bottom/right
"""
from .. import backend, ops
from ..tensor import Tensor


def constant(shape, value, like):
    """A tensor of `shape` full of `value`, with the dtype and backend of the tensor `like`."""
    xp = backend.array_module(like.data)
    return Tensor(xp.full(shape, value, dtype=like.dtype))


def pad(x, top, bottom, left, right, value=0.0):
    """x (N, C, H, W) with rows of `value` added above and below and columns left and right:

        (N, C, top + H + bottom, left + W + right)

    by joining constant blocks to x (ops.concatenate hands each block its slice of the gradient)."""
    N, C, H, W = x.shape
    x = ops.concatenate([constant((N, C, top, W), value, x), x,
                         constant((N, C, bottom, W), value, x)], axis=2)
    Hp = top + H + bottom
    return ops.concatenate([constant((N, C, Hp, left), value, x), x,
                            constant((N, C, Hp, right), value, x)], axis=3)


def windows(xpad, kernel, stride, out):
    """Every window of xpad (N, C, Hp, Wp), as a tensor (N, C, kh*kw, Ho, Wo):

        windows[n, c, p*kw + q, i, j] = xpad[n, c, sh*i + p, sw*j + q]
    """
    (kh, kw), (sh, sw), (Ho, Wo) = kernel, stride, out
    offsets = []
    for p in range(kh):
        for q in range(kw):
            offsets.append(xpad[:, :, p:p + sh * Ho:sh, q:q + sw * Wo:sw])   # offset (p, q) of every window
    return ops.stack(offsets, axis=2)
