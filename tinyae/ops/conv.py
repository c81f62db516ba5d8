"""2-D convolution (cross-correlation, as in every deep-learning framework) as one matrix product."""
from .. import backend
from ..tensor import Function, Tensor, TensorLike
from .activations import relu_array
from .broadcast import operands
from .conv_transpose import transposed_convolution
from .im2col import (Pair, batch_first, batch_last, check_padding, im2col, layout_hint, output_size, pair, shift_add,
                     summed_over_pixels)


class Conv2DOp(Function):
    """y[n, o, i, j] = b[o] + sum_{c, p, q} K[o, c, p, q] * xpad[n, c, s*i + p, s*j + q]

    x (N, C, H, W), K (O, C, kh, kw), b (O,), y (N, O, Ho, Wo); xpad is x with its padding.

    The work is one matrix product plus a kh*kw-fold copy of one of its sides, and with an
    autoencoder's few channels (1 to 16) moving that memory takes longer than the arithmetic. So we
    copy the smaller side: the input's windows X_col (C*kh*kw rows, Ho*Wo*N columns: the "input
    side"), or, at stride 1, the products Z (O*kh*kw rows, H*W*N columns: the "output side", which
    multiplies first and then shifts the products into place) when Z is no larger, O*H*W <= C*Ho*Wo.
    In the conv model that is every layer with no more output channels than input channels (16->8,
    8->8, 16->1). Against the input side there (forward + backward of one layer at batch 128, the
    two routes taking turns in one process): 0.71x the time at 16->8, 0.78-0.90x at 8->8; the conv
    benchmark's training step 0.90-0.93x. Columns are positions (u, v, n); see im2col.py for the
    memory layout.

    Input side. X_col = im2col(x), (C*kh*kw, Ho*Wo*N), and K_mat = K as (O, C*kh*kw):
        Y = K_mat X_col + b,   dL/dK_mat = dL/dY X_col^T,
        dL/dx = col2im(K_mat^T dL/dY), the transposed convolution of dL/dy.

    Output side (stride 1, padding at most k - 1). X = x as (C, H*W*N), no padding, and
    K_out = K as (O*kh*kw, C):
        Z = K_out X,   y[n, o, i, j] = b[o] + sum_{p,q} Z[(o,p,q), (i + p - top, j + q - left, n)],
    leaving out the terms that fall off the image (they would multiply the zero padding).
    Backward: copy dL/dy, zero-padded by kh-1-top rows on top (kh-1-bottom below, likewise across),
    kh*kw times: G_col[(o,p',q'), (u,v,n)] = dL/dy_padded[n, o, u + p', v + q'], which is
    dL/dy[n, o, u - p + top, v - q + left] for p' = kh-1-p, q' = kw-1-q. Then
        dL/dx[n, c, u, v] = sum_{o,p',q'} K[o, c, kh-1-p', kw-1-q'] G_col[(o,p',q'), (u,v,n)]   (one product),
        dL/dK[o, c, p, q] = sum_{u,v,n} G_col[(o,kh-1-p,kw-1-q), (u,v,n)] X[c, (u,v,n)]  (one product G_col X^T).

    Both sides: dL/db = the sum of dL/dy over (n, i, j). The output is an NCHW view of (O, Ho, Wo, N) memory.
    Both weight gradients sum over every pixel of the batch; on NumPy they are summed in blocks of
    pixels (im2col.summed_over_pixels), which OpenBLAS runs faster than one long product.

    Plain version: tinyae.plain.conv2d (tinyae/plain/conv.py): NCHW, the windows copied into X_col
    and one matrix product, the gradient by autograd. This one adds the batch-last layout, a
    hand-written backward, the output side and the blocked weight gradient. Forward + backward on
    the conv model's layers at batch 128, the range of three runs of `OPENBLAS_NUM_THREADS=1 python
    -m tinyae.bench.plain_vs_fast` (2026-12-06, 14:06): 6.6-6.8x (16->8) and 33-38x (16->1) faster,
    both on the output side, but only about as fast, 1.0-1.1x, at 8->16 valid and 1->16, where both
    versions are one im2col copy and one product.
    """

    def __init__(self, stride, padding):
        self.stride, self.padding = stride, padding

    def __call__(self, x, W, b=None):
        x, W = operands(x, W, "conv2d")
        if x.ndim != 4 or W.ndim != 4 or x.shape[1] != W.shape[1]:
            raise ValueError(f"conv2d: input of shape {x.shape} does not fit a kernel of shape {W.shape}: "
                             f"need x (N, C, H, W) and kernel (out_channels, C, kh, kw) with the same C"
                             f"{layout_hint(x.shape, W.shape[1] if W.ndim == 4 else None)}")
        if b is not None:
            b = operands(b, W, "conv2d")[0]
            if b.shape != (W.shape[0],):
                raise ValueError(f"conv2d: bias has shape {b.shape}, expected ({W.shape[0]},) for a kernel "
                                 f"of shape {W.shape}")
        self.out, self.pads = output_size("conv2d", x.shape, W.shape[2:], self.stride, self.padding)
        return super().__call__(x, W) if b is None else super().__call__(x, W, b)

    def forward(self, x, W, b=None):
        O, C, kh, kw = W.shape
        top, bottom, left, right = self.pads
        self.x_shape, self.W = x.shape, W
        (H, Wd), (Ho, Wo) = x.shape[2:], self.out
        self.output_side = (O * H * Wd <= C * Ho * Wo and self.stride == (1, 1)  # Z no larger than X_col
                            and max(top, bottom) < kh and max(left, right) < kw)
        if self.output_side:
            self.X = batch_last(x).reshape(C, -1)                              # (C, H*W*N)
            Z = W.transpose(0, 2, 3, 1).reshape(O * kh * kw, C) @ self.X       # the one matrix product
            return batch_first(shift_add(Z.reshape(O, kh, kw, *x.shape[2:], x.shape[0]), self.pads, self.out, b))
        self.X_col = im2col(batch_last(x), (kh, kw), self.stride, self.pads, self.out)
        y = (W.reshape(O, -1) @ self.X_col).reshape(O, *self.out, x.shape[0])  # the one matrix product
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
            gW = summed_over_pixels(gy.reshape(W.shape[0], -1), self.X_col.T).reshape(W.shape)
        return gx, gW

    def _backward_output_side(self, gy):
        W, inputs = self.W, self.inputs
        (O, C, kh, kw), (top, bottom, left, right) = W.shape, self.pads
        N, _, H, Wd = self.x_shape
        G_col = im2col(gy, (kh, kw), (1, 1), (kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right),
                       (H, Wd))                                          # rows (o, kh-1-p, kw-1-q)
        gx = gW = None
        if inputs[0].requires_grad:
            K_flip = W[:, :, ::-1, ::-1].transpose(1, 0, 2, 3).reshape(C, -1)
            gx = batch_first((K_flip @ G_col).reshape(C, H, Wd, N))
        if inputs[1].requires_grad:
            gW_flip = summed_over_pixels(G_col, self.X.T).reshape(O, kh, kw, C)
            gW = backend.array_module(gy).ascontiguousarray(gW_flip[:, ::-1, ::-1].transpose(0, 3, 1, 2))
        return gx, gW


class Conv2DReLUOp(Conv2DOp):
    """y = max(conv2d(x, K) + b, 0) as one node: the ReLU is applied in place to the convolution's
    own output, so the activation needs no second array of the output's size and no node of its own.
    dL/dz = dL/dy where y > 0 (else 0), then Conv2DOp's backward with dL/dz.

    Plain version: conv2d followed by relu, two nodes (what any other activation does). A Conv2D
    layer with activation="relu" uses this one: the conv benchmark's training step took 2-10 % less
    time with it than with the two nodes in ten of thirteen runs (the median of 100-120 steps, the
    two versions taking turns step by step in one process); the first three runs showed the
    opposite (11-31 % more), which the later ten did not reproduce.
    """
    saves_output = True     # backward reads y

    def forward(self, x, W, b=None):
        y = super().forward(x, W, b)
        self.y = relu_array(y, out=y)
        return self.y

    def backward(self, gy):
        return super().backward(gy * (self.y > 0))


def conv2d(x: TensorLike, W: TensorLike, b: TensorLike | None = None, stride: Pair = 1,
           padding: str | int = "valid") -> Tensor:
    """Convolve x (N, C, H, W) with the kernel W (out_channels, C, kh, kw) and add b (out_channels,).

    `stride` is an int or a pair; `padding` is "valid" (none), "same" (Keras: out = ceil(n / stride),
    the odd padding pixel at the bottom/right) or an int p (p zeros on every side, like PyTorch).
    The default is "valid" (no padding), as in Keras and PyTorch.
    """
    return Conv2DOp(pair(stride, "stride", "conv2d"), check_padding(padding, "conv2d"))(x, W, b)


def conv2d_relu(x: TensorLike, W: TensorLike, b: TensorLike | None = None, stride: Pair = 1,
                padding: str | int = "valid") -> Tensor:
    """relu(conv2d(x, W, b, stride, padding)) in one node (Conv2DReLUOp); the same numbers."""
    return Conv2DReLUOp(pair(stride, "stride", "conv2d"), check_padding(padding, "conv2d"))(x, W, b)
