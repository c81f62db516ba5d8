"""2-D convolution (cross-correlation, as in every deep-learning framework) as one matrix product."""
from .. import backend
from ..tensor import Function, Tensor, TensorLike
from .broadcast import operands
from .conv_transpose import transposed_convolution
from .im2col import Pair, batch_first, batch_last, check_padding, im2col, output_size, pad, pair, shift_add


class Conv2DOp(Function):
    """y[n, o, i, j] = b[o] + sum_{c, p, q} K[o, c, p, q] * xpad[n, c, s*i + p, s*j + q]

    x (N, C, H, W), K (O, C, kh, kw), b (O,), y (N, O, Ho, Wo); xpad is x with its padding.

    The work is one matrix product plus a kh*kw-fold copy of one of its sides. Usually we copy the
    input (im2col); when the output has at most a quarter as many channels (the last layer of a
    decoder, 16 channels -> 1) it is cheaper to multiply first and shift the products into place
    (measured on a CPU: with more output channels than that, the input side's larger matrix product
    wins). Columns are positions (u, v, n); see im2col.py for the memory layout.

    Input side. X_col = im2col(x), (C*kh*kw, Ho*Wo*N), and K_mat = K as (O, C*kh*kw):
        Y = K_mat X_col + b,   dL/dK_mat = dL/dY X_col^T,
        dL/dx = col2im(K_mat^T dL/dY), the transposed convolution of dL/dy.

    Output side. X = xpad as (C, Hp*Wp*N) and K_out = K as (O*kh*kw, C):
        Z = K_out X,   y[n, o, i, j] = b[o] + sum_{p,q} Z[(o,p,q), (s*i + p, s*j + q, n)].
    Backward: put dL/dy on the padded grid where each window starts, G[o, s*i, s*j, n] = dL/dy[n, o, i, j]
    (zero elsewhere), and copy G kh*kw times: G_col[(o,p,q), (u,v,n)] = G[o, u - p, v - q, n]. Then
        dL/dK[o, c, p, q] = sum_{u,v,n} G_col[(o,p,q), (u,v,n)] X[c, (u,v,n)]    (one product G_col X^T),
        dL/dxpad[n, c, u, v] = sum_{o,p,q} K[o, c, p, q] G_col[(o,p,q), (u,v,n)]  (one product).

    Both sides: dL/db = the sum of dL/dy over (n, i, j). The output is an NCHW view of (O, Ho, Wo, N) memory.

    Plain version: tinyae.plain.conv2d (tinyae/plain/conv.py): NCHW, the windows copied into X_col
    and one matrix product, the gradient by autograd. This one adds the batch-last layout, a
    hand-written backward and the output side. Forward + backward on the conv model's layers at
    batch 128, the range of three runs of `python -m tinyae.bench.plain_vs_fast` (one BLAS thread):
    4.3-5.4x (16->8) and 23-31x (16->1, the output side) faster, but only 1.0-1.3x (8->16 valid)
    and 1.1-1.8x (1->16), where both versions are one im2col copy and one product.
    """

    def __init__(self, stride, padding):
        self.stride, self.padding = stride, padding

    def __call__(self, x, W, b=None):
        x, W = operands(x, W, "conv2d")
        if x.ndim != 4 or W.ndim != 4 or x.shape[1] != W.shape[1]:
            raise ValueError(f"conv2d: input of shape {x.shape} does not fit a kernel of shape {W.shape}: "
                             f"need x (N, C, H, W) and kernel (out_channels, C, kh, kw) with the same C")
        if b is not None:
            b = operands(b, W, "conv2d")[0]
            if b.shape != (W.shape[0],):
                raise ValueError(f"conv2d: bias has shape {b.shape}, expected ({W.shape[0]},) for a kernel "
                                 f"of shape {W.shape}")
        self.out, self.pads = output_size("conv2d", x.shape, W.shape[2:], self.stride, self.padding)
        return super().__call__(x, W) if b is None else super().__call__(x, W, b)

    def forward(self, x, W, b=None):
        O, C, kh, kw = W.shape
        self.x_shape, self.W = x.shape, W
        self.output_side = 4 * O <= C
        if self.output_side:
            xpad = pad(batch_last(x), self.pads)                               # (C, Hp, Wp, N)
            self.grid = xpad.shape[1:3]
            self.X = xpad.reshape(C, -1)                                       # (C, Hp*Wp*N)
            Z = W.transpose(0, 2, 3, 1).reshape(O * kh * kw, C) @ self.X       # the one matrix product
            y = shift_add(Z.reshape(O, kh, kw, *xpad.shape[1:]), (kh, kw), self.stride, self.out)
        else:
            self.X_col = im2col(batch_last(x), (kh, kw), self.stride, self.pads, self.out)
            y = (W.reshape(O, -1) @ self.X_col).reshape(O, *self.out, x.shape[0])   # the one matrix product
        if b is not None:
            y += b[:, None, None, None]
        return batch_first(y)

    def backward(self, gy):
        inputs = self.inputs
        gy = batch_last(gy)                                     # (O, Ho, Wo, N); free if laid out so already
        if self.output_side:
            gx, gW = self._backward_output_side(gy)
        else:
            gx, gW = self._backward_input_side(gy)
        if len(inputs) == 2:
            return gx, gW
        return gx, gW, (gy.sum(axis=(1, 2, 3)) if inputs[2].requires_grad else None)

    def _backward_input_side(self, gy):
        W, inputs = self.W, self.inputs
        gx = gW = None
        if inputs[0].requires_grad:
            gx = batch_first(transposed_convolution(gy, W, self.x_shape[2:], self.stride, self.pads))
        if inputs[1].requires_grad:
            gW = (gy.reshape(W.shape[0], -1) @ self.X_col.T).reshape(W.shape)
        return gx, gW

    def _backward_output_side(self, gy):
        W, inputs = self.W, self.inputs
        xp = backend.array_module(gy)
        (O, C, kh, kw), (sh, sw), (Ho, Wo), (Hp, Wp) = W.shape, self.stride, self.out, self.grid
        N, _, H, Wd = self.x_shape
        G = xp.zeros((O, kh - 1 + Hp, kw - 1 + Wp, N), dtype=gy.dtype)      # the grid, padded at top/left
        G[:, kh - 1:kh - 1 + sh * Ho:sh, kw - 1:kw - 1 + sw * Wo:sw] = gy
        G_col = im2col(G, (kh, kw), (1, 1), (0, 0, 0, 0), (Hp, Wp))          # rows (o, kh-1-p, kw-1-q)
        gx = gW = None
        if inputs[0].requires_grad:
            K_flip = W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3).reshape(C, -1)
            top, left = self.pads[0], self.pads[2]
            gxpad = (K_flip @ G_col).reshape(C, Hp, Wp, N)
            gx = batch_first(gxpad[:, top:top + H, left:left + Wd])
        if inputs[1].requires_grad:
            gW_flip = (G_col @ self.X.T).reshape(O, kh, kw, C)
            gW = xp.ascontiguousarray(gW_flip[:, ::-1, ::-1].transpose(0, 3, 1, 2))
        return gx, gW


def conv2d(x: TensorLike, W: TensorLike, b: TensorLike | None = None, stride: Pair = 1,
           padding: str | int = "valid") -> Tensor:
    """Convolve x (N, C, H, W) with the kernel W (out_channels, C, kh, kw) and add b (out_channels,).

    `stride` is an int or a pair; `padding` is "valid" (none), "same" (Keras: out = ceil(n / stride),
    the odd padding pixel at the bottom/right) or an int p (p zeros on every side, like PyTorch).
    The default is "valid" (no padding), as in Keras and PyTorch.
    """
    return Conv2DOp(pair(stride, "stride", "conv2d"), check_padding(padding, "conv2d"))(x, W, b)
