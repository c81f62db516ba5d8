"""Convolution and transposed convolution, the textbook way: a loop over the kernel offsets and
one matrix product. The fast versions are tinyae/ops/conv.py and tinyae/ops/conv_transpose.py.

Shapes: x (N, C, H, W); conv2d's kernel K (O, C, kh, kw); conv_transpose2d's kernel K (C_in, C_out,
kh, kw), PyTorch's layout. Everything is built from differentiable ops, so autograd gives the
gradients (the fast versions write them by hand).
"""
from .. import ops
from ..ops.im2col import Pair, check_padding, output_size, pair
from ..tensor import Tensor, TensorLike, as_tensor
from .windows import constant, pad, windows


def conv2d(x: TensorLike, K: TensorLike, b: TensorLike | None = None, stride: Pair = 1,
           padding: str | int = "valid") -> Tensor:
    """y[n, o, i, j] = b[o] + sum over (c, p, q) of K[o, c, p, q] * xpad[n, c, sh*i + p, sw*j + q]

    im2col: copy every window into one column of a matrix X_col, with C*kh*kw rows (c, p, q)
    and N*Ho*Wo columns (n, i, j). Then the whole convolution is one matrix product

        Y = K_mat X_col,    K_mat = K as an (O, C*kh*kw) matrix.

    `stride` is an int or a pair; `padding` is "valid", "same" (Keras) or an int (PyTorch).
    """
    x, K, b = check_conv_arguments("conv2d", x, K, b, channels_axis=1, out_axis=0)
    stride, padding = pair(stride, "stride", "conv2d"), check_padding(padding, "conv2d")
    N, C, H, W = x.shape
    O, C, kh, kw = K.shape
    (Ho, Wo), (top, bottom, left, right) = output_size("conv2d", x.shape, (kh, kw), stride, padding)

    xpad = pad(x, top, bottom, left, right)
    X_col = windows(xpad, (kh, kw), stride, (Ho, Wo))          # (N, C, kh*kw, Ho, Wo)
    X_col = X_col.transpose(1, 2, 0, 3, 4).reshape(C * kh * kw, N * Ho * Wo)
    Y = K.reshape(O, C * kh * kw) @ X_col                       # the one matrix product
    y = Y.reshape(O, N, Ho, Wo).transpose(1, 0, 2, 3)
    return y if b is None else y + b.reshape(1, O, 1, 1)


def conv_transpose2d(x: TensorLike, K: TensorLike, b: TensorLike | None = None, stride: Pair = 1,
                     padding: str = "valid") -> Tensor:
    """y[n, o, sh*i + p - top, sw*j + q - left] += x[n, c, i, j] * K[c, o, p, q]  (sum over c, i, j, p, q)

    Every input pixel stamps the kernel, scaled by its value, onto the output. col2im, the
    adjoint of im2col: one matrix product makes every stamp,

        Z = K_mat^T X,    Z[(o, p, q), (n, i, j)] = sum over c of K[c, o, p, q] x[n, c, i, j],

    then each kernel offset (p, q) adds its stamps at rows sh*i + p, columns sw*j + q.
    Output size (Keras's Conv2DTranspose): H*sh for "same", H*sh + max(kh - sh, 0) for "valid";
    (top, left) is the padding that a conv2d from that size back to (H, W) would add.
    """
    x, K, b = check_conv_arguments("conv_transpose2d", x, K, b, channels_axis=0, out_axis=1)
    stride = pair(stride, "stride", "conv_transpose2d")
    padding = check_padding(padding, "conv_transpose2d", allow_int=False)
    N, C_in, H, W = x.shape
    C_in, C_out, kh, kw = K.shape
    (sh, sw) = stride
    Ho = H * sh + (max(kh - sh, 0) if padding == "valid" else 0)
    Wo = W * sw + (max(kw - sw, 0) if padding == "valid" else 0)
    top, _, left, _ = output_size("conv_transpose2d", (Ho, Wo), (kh, kw), stride, padding)[1]

    X = x.transpose(1, 0, 2, 3).reshape(C_in, N * H * W)
    Z = K.reshape(C_in, C_out * kh * kw).T @ X                   # the one matrix product
    Z = Z.reshape(C_out, kh, kw, N, H, W)
    canvas = constant((N, C_out, H * sh + kh - 1, W * sw + kw - 1), 0.0, x)
    for p in range(kh):
        for q in range(kw):
            stamps = spread(Z[:, p, q].transpose(1, 0, 2, 3), stride)   # pixel (i, j) at (sh*i, sw*j)
            canvas = canvas + pad(stamps, p, kh - 1 - p, q, kw - 1 - q)  # moved down p, right q
    y = canvas[:, :, top:top + Ho, left:left + Wo]
    return y if b is None else y + b.reshape(1, C_out, 1, 1)


def spread(x, stride):
    """x (N, C, H, W) -> (N, C, H*sh, W*sw) with x[n, c, i, j] at (sh*i, sw*j) and zeros between:
    each row is followed by sh - 1 rows of zeros, each column by sw - 1 columns of zeros."""
    N, C, H, W = x.shape
    sh, sw = stride
    x = ops.stack([x] + [constant(x.shape, 0.0, x)] * (sh - 1), axis=3)     # (N, C, H, sh, W)
    x = x.reshape(N, C, H * sh, W)
    x = ops.stack([x] + [constant(x.shape, 0.0, x)] * (sw - 1), axis=4)     # (N, C, H*sh, W, sw)
    return x.reshape(N, C, H * sh, W * sw)


def check_conv_arguments(op_name, x, K, b, channels_axis, out_axis):
    """x, K and b as tensors, or a ValueError naming the shapes: x must be (N, C, H, W), K 4-D with
    C on `channels_axis`, b None or (K.shape[out_axis],)."""
    x, K = as_tensor(x), as_tensor(K)
    if x.ndim != 4 or K.ndim != 4 or x.shape[1] != K.shape[channels_axis]:
        raise ValueError(f"{op_name}: input of shape {x.shape} does not fit a kernel of shape {K.shape}: "
                         f"need x (N, C, H, W) and a 4-D kernel with C on axis {channels_axis}")
    if b is not None:
        b = as_tensor(b, like=K)
        if b.shape != (K.shape[out_axis],):
            raise ValueError(f"{op_name}: bias has shape {b.shape}, expected ({K.shape[out_axis]},) for a "
                             f"kernel of shape {K.shape}")
    return x, K, b
