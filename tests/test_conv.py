"""Convolutional layers: Keras geometry, values against slow loop-based references written here,
float64 gradient checks of every op and layer, the seed's conv autoencoder, and clear errors."""
import math

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, ops, optim
from tinyae.bench.cases import conv_autoencoder
from tinyae.ops.im2col import PIXEL_BLOCK, summed_over_pixels


def f64(rng, *shape):
    return ta.tensor(rng.normal(size=shape), dtype="float64")


# ----- slow references: plain loops over every output pixel, padding by the Keras rule ---------------
def keras_pads(n, k, s, padding):
    """(out, before, after) for one axis: "same" -> out = ceil(n/s), total max((out-1)s + k - n, 0) with
    the odd pixel after; "valid" -> out = floor((n-k)/s) + 1; an int p -> p on both sides."""
    if padding == "same":
        out = math.ceil(n / s)
        total = max((out - 1) * s + k - n, 0)
        return out, total // 2, total - total // 2
    p = 0 if padding == "valid" else padding
    return (n + 2 * p - k) // s + 1, p, p


def padded(x, pads_h, pads_w, value=0.0):
    N, C, H, W = x.shape
    out = np.full((N, C, H + pads_h[1] + pads_h[2], W + pads_w[1] + pads_w[2]), value)
    out[:, :, pads_h[1]:pads_h[1] + H, pads_w[1]:pads_w[1] + W] = x
    return out


def slow_conv2d(x, W, b, stride, padding):
    (sh, sw), (O, _, kh, kw) = stride, W.shape
    ph, pw = keras_pads(x.shape[2], kh, sh, padding), keras_pads(x.shape[3], kw, sw, padding)
    xpad = padded(x, ph, pw)
    y = np.zeros((x.shape[0], O, ph[0], pw[0]))
    for n in range(x.shape[0]):
        for o in range(O):
            for i in range(ph[0]):
                for j in range(pw[0]):
                    y[n, o, i, j] = b[o] + np.sum(W[o] * xpad[n, :, i * sh:i * sh + kh, j * sw:j * sw + kw])
    return y


def slow_conv_transpose2d(x, W, b, stride, padding):
    """Every input pixel stamps its kernel onto a big canvas; then the Keras output window is cut out."""
    (s, _), (N, C_in, H, Wd), (_, C_out, k, _) = stride, x.shape, W.shape
    L = H * s if padding == "same" else H * s + max(k - s, 0)
    top = max((H - 1) * s + k - L, 0) // 2 if padding == "same" else 0
    canvas = np.zeros((N, C_out, top + L + k + s, top + L + k + s))
    for n in range(N):
        for c in range(C_in):
            for i in range(H):
                for j in range(Wd):
                    canvas[n, :, i * s:i * s + k, j * s:j * s + k] += x[n, c, i, j] * W[c]
    return canvas[:, :, top:top + L, top:top + L] + b[None, :, None, None]


def slow_max_pool2d(x, pool, stride, padding):
    ph, pw = keras_pads(x.shape[2], pool, stride, padding), keras_pads(x.shape[3], pool, stride, padding)
    xpad = padded(x, ph, pw, value=-np.inf)
    y = np.zeros(x.shape[:2] + (ph[0], pw[0]))
    for i in range(ph[0]):
        for j in range(pw[0]):
            y[:, :, i, j] = xpad[:, :, i * stride:i * stride + pool, j * stride:j * stride + pool].max(axis=(2, 3))
    return y


# ----- values -----------------------------------------------------------------------------------------
CONV_CASES = [  # (N, C, H, W), (O, kh, kw), stride, padding; O*H*W <= C*Ho*Wo at stride 1: the "output side"
    ((2, 3, 7, 7), (4, 3, 3), 1, "same"),
    ((2, 4, 6, 7), (1, 3, 3), 1, "same"),      # output side
    ((2, 8, 7, 6), (2, 3, 3), 1, "valid"),     # output side, no padding
    ((1, 4, 6, 7), (1, 2, 2), 1, "same"),      # output side, padding only at the bottom/right
    ((1, 4, 6, 7), (1, 5, 5), 1, 2),           # output side, PyTorch's int padding
    ((1, 4, 5, 5), (1, 3, 3), 1, 3),           # O < C but padding > k - 1: im2col
    ((2, 8, 8, 6), (2, 3, 3), 2, "same"),
    ((2, 3, 8, 6), (2, 3, 3), 2, "same"),
    ((1, 2, 7, 9), (3, 2, 2), 2, "same"),      # even kernel: odd total padding, extra pixel bottom/right
    ((2, 1, 9, 8), (2, 4, 3), 3, "same"),
    ((2, 3, 7, 8), (4, 3, 3), 1, "valid"),
    ((1, 2, 9, 8), (2, 3, 2), 2, "valid"),
    ((2, 2, 5, 6), (3, 3, 3), 1, 1),
    ((1, 3, 6, 7), (2, 5, 5), 2, 2),
    ((1, 4, 6, 7), (1, 5, 5), 2, 2),
]


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", CONV_CASES)
def test_conv2d_matches_a_slow_loop_convolution(xp, rng, x_shape, w_shape, stride, padding):
    x, b = rng.normal(size=x_shape), rng.normal(size=w_shape[0])
    W = rng.normal(size=(w_shape[0], x_shape[1], *w_shape[1:]))
    y = ops.conv2d(ta.tensor(x, dtype="float64"), ta.tensor(W, dtype="float64"), ta.tensor(b, dtype="float64"),
                   stride=stride, padding=padding)
    np.testing.assert_allclose(y.numpy(), slow_conv2d(x, W, b, (stride, stride), padding), rtol=1e-10, atol=1e-12)


def test_same_padding_puts_the_odd_pixel_bottom_right(xp, rng):
    # A 2x2 kernel that only looks at its top-left tap: with total padding 1 all of it at the bottom/right,
    # y[i, j] = x[i, j] exactly. Padding on the top/left would shift the image by one pixel.
    x = rng.normal(size=(1, 1, 5, 6))
    W = np.zeros((1, 1, 2, 2))
    W[0, 0, 0, 0] = 1.0
    y = ops.conv2d(ta.tensor(x, dtype="float64"), ta.tensor(W, dtype="float64"), padding="same")
    np.testing.assert_array_equal(y.numpy(), x)


@pytest.mark.parametrize("n, k, s, padding, expected", [
    (28, 3, 1, "same", 28), (28, 3, 2, "same", 14), (7, 3, 2, "same", 4), (5, 2, 2, "same", 3),
    (16, 3, 1, "valid", 14), (7, 3, 2, "valid", 3), (8, 2, 3, "valid", 3), (6, 3, 1, 1, 6), (7, 5, 2, 2, 4),
])
def test_conv2d_output_sizes(xp, n, k, s, padding, expected):
    x = ta.tensor(np.zeros((1, 1, n, n + 1)))
    y = ops.conv2d(x, ta.tensor(np.zeros((1, 1, k, k))), stride=s, padding=padding)
    assert y.shape == (1, 1, expected, keras_pads(n + 1, k, s, padding)[0])


@pytest.mark.parametrize("c_in, c_out, size, padding, output_side", [
    (1, 16, 28, "same", False), (16, 8, 14, "same", True), (8, 8, 7, "same", True),      # the conv model's
    (8, 16, 16, "valid", False), (16, 1, 28, "same", True), (8, 8, 8, 0, False),          # layers; 8->8
])                                                                  # unpadded: Z (8*8*8) > X_col (8*6*6)
def test_conv2d_copies_the_smaller_side(xp, c_in, c_out, size, padding, output_side):
    """The route is a speed choice (the two agree up to float32 rounding): the output side when its
    product Z (O*kh*kw x H*W*N) is no larger than the input side's X_col (C*kh*kw x Ho*Wo*N)."""
    x = ta.tensor(np.zeros((2, c_in, size, size), dtype="float32"))
    W = ta.tensor(np.zeros((c_out, c_in, 3, 3), dtype="float32"), requires_grad=True)
    y = ops.conv2d(x, W, padding=padding)
    assert y.creator.output_side is output_side


@pytest.mark.parametrize("pixels", [PIXEL_BLOCK - 1, PIXEL_BLOCK, PIXEL_BLOCK + 1, 3 * PIXEL_BLOCK + 5])
@pytest.mark.parametrize("dtype, rtol", [("float64", 1e-12), ("float32", 1e-5)])
def test_summed_over_pixels_is_the_matrix_product(xp, rng, pixels, dtype, rtol):
    """The weight gradients' product summed in blocks of pixels (on NumPy) is a @ b: every block
    counted once, the last, shorter one included; b is a transposed view, as the convolutions pass it."""
    a = ta.tensor(rng.normal(size=(9, pixels)), dtype=dtype).data
    b = ta.tensor(rng.normal(size=(5, pixels)), dtype=dtype).data.T
    got = summed_over_pixels(a, b)
    assert got.dtype == a.dtype and got.shape == (9, 5)
    expected = backend.to_numpy(a).astype("float64") @ backend.to_numpy(b).astype("float64")
    np.testing.assert_allclose(backend.to_numpy(got), expected, rtol=rtol, atol=rtol * math.sqrt(pixels))


@pytest.mark.parametrize("n, k, s, padding, expected", [
    (4, 3, 1, "same", 4), (4, 3, 2, "same", 8), (7, 2, 2, "same", 14), (4, 2, 3, "same", 12),
    (4, 3, 1, "valid", 6), (4, 3, 2, "valid", 9), (4, 2, 3, "valid", 12), (5, 4, 2, "valid", 12),
])
def test_conv_transpose2d_output_sizes_follow_keras(xp, n, k, s, padding, expected):
    # Keras: n*s for "same", n*s + max(k - s, 0) for "valid"
    y = ops.conv_transpose2d(ta.tensor(np.zeros((1, 2, n, n))), ta.tensor(np.zeros((2, 3, k, k))), stride=s,
                             padding=padding)
    assert y.shape == (1, 3, expected, expected)


@pytest.mark.parametrize("n, k, s, padding", [(4, 3, 1, "same"), (5, 3, 2, "same"), (4, 4, 2, "same"),
                                              (3, 2, 3, "same"), (4, 3, 2, "valid"), (3, 2, 3, "valid")])
def test_conv_transpose2d_matches_a_slow_stamping_loop(xp, rng, n, k, s, padding):
    x, W, b = rng.normal(size=(2, 3, n, n)), rng.normal(size=(3, 2, k, k)), rng.normal(size=2)
    y = ops.conv_transpose2d(ta.tensor(x, dtype="float64"), ta.tensor(W, dtype="float64"),
                             ta.tensor(b, dtype="float64"), stride=s, padding=padding)
    np.testing.assert_allclose(y.numpy(), slow_conv_transpose2d(x, W, b, (s, s), padding), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("n, k, s, padding", [(4, 3, 2, "same"), (5, 3, 1, "same"), (4, 2, 2, "valid"),
                                              (3, 3, 2, "valid")])
def test_conv_transpose2d_is_the_adjoint_of_conv2d(xp, rng, n, k, s, padding):
    # <conv2d(x, K), y> = <x, conv_transpose2d(y, K)> for the same kernel array K (O, C, kh, kw)
    y = ta.tensor(rng.normal(size=(2, 3, n, n)), dtype="float64")
    K = ta.tensor(rng.normal(size=(3, 2, k, k)), dtype="float64")
    z = ops.conv_transpose2d(y, K, stride=s, padding=padding)
    x = ta.tensor(rng.normal(size=z.shape), dtype="float64")
    left = float((ops.conv2d(x, K, stride=s, padding=padding).data * y.data).sum())
    right = float((x.data * z.data).sum())
    assert abs(left - right) < 1e-9 * max(1.0, abs(left))


@pytest.mark.parametrize("shape, pool, stride, padding", [
    ((2, 3, 6, 6), 2, 2, "valid"), ((2, 3, 7, 7), 2, 2, "valid"), ((2, 3, 7, 5), 2, 2, "same"),
    ((1, 2, 7, 7), 3, 2, "same"), ((1, 2, 8, 7), 3, 1, "same"), ((1, 2, 8, 8), 3, 3, "same"),
])
def test_max_pool2d_matches_a_slow_loop(xp, rng, shape, pool, stride, padding):
    x = rng.normal(size=shape) - 5.0          # all negative: a zero-padded cell would win, -inf never does
    y = ops.max_pool2d(ta.tensor(x, dtype="float64"), pool, stride, padding)
    np.testing.assert_array_equal(y.numpy(), slow_max_pool2d(x, pool, stride, padding))


def test_max_pool2d_same_takes_28_to_14_to_7_to_4(xp):
    x = ta.tensor(np.zeros((1, 1, 28, 28)))
    sizes = []
    for _ in range(3):
        x = ops.max_pool2d(x, 2, padding="same")
        sizes.append(x.shape[-1])
    assert sizes == [14, 7, 4]


def test_max_pool2d_gives_a_tie_to_one_cell_the_first_in_row_major_order(xp):
    x = ta.tensor(np.array([[[[1.0, 1.0, 0.0, 2.0],
                              [1.0, 0.0, 2.0, 2.0]]]]), requires_grad=True)
    ops.max_pool2d(x, 2).backward(ta.tensor(np.array([[[[3.0, 5.0]]]])))
    np.testing.assert_array_equal(ta.backend.to_numpy(x.grad), [[[[3.0, 0.0, 0.0, 5.0], [0.0, 0.0, 0.0, 0.0]]]])


def test_upsample2d_repeats_every_pixel(xp, rng):
    x = rng.normal(size=(2, 3, 3, 4))
    y = ops.upsample2d(ta.tensor(x, dtype="float64"), (2, 3))
    np.testing.assert_array_equal(y.numpy(), x.repeat(2, axis=2).repeat(3, axis=3))


# ----- gradients (float64 central differences) --------------------------------------------------------
# The channel counts take conv2d both ways: at stride 1 (padding at most k - 1) with O*H*W <= C*Ho*Wo it
# multiplies first and shifts after ("output side"), whose dL/dx is a correlation of dL/dy with the
# flipped kernel; otherwise it copies the input (im2col) and sends the gradient back by col2im.
GRAD_CONV_CASES = [
    ((2, 4, 5, 5), (1, 3, 3), 1, "same"),      # odd size, output side
    ((2, 3, 5, 5), (2, 3, 3), 1, "same"),      # O < C: output side
    ((2, 1, 6, 6), (3, 3, 3), 1, "same"),      # even size, input side, dL/dx by col2im
    ((1, 8, 7, 6), (2, 3, 3), 2, "same"),      # O < C at stride 2: input side
    ((2, 4, 7, 7), (1, 2, 3), 2, "valid"),     # stride 2, a remainder row that no window reads
    ((2, 8, 6, 5), (2, 3, 3), 1, "valid"),     # output side, no padding
    ((1, 4, 5, 6), (1, 2, 3), 1, "same"),      # output side, odd padding at the bottom/right only
    ((1, 2, 6, 5), (3, 2, 2), 2, "same"),      # even kernel, odd padding total
    ((2, 2, 7, 7), (2, 3, 3), 2, "same"),
    ((1, 3, 6, 7), (2, 3, 3), 1, "valid"),
    ((2, 2, 7, 6), (3, 3, 3), 2, "valid"),
    ((1, 4, 5, 5), (1, 3, 3), 1, 1),
    ((1, 2, 5, 5), (2, 2, 2), 1, 3),           # padding larger than the kernel
    ((1, 3, 5, 5), (2, 3, 3), 1, 3),           # O < C but padding > k - 1: input side
]


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", GRAD_CONV_CASES)
def test_conv2d_gradcheck(xp, rng, x_shape, w_shape, stride, padding):
    x, W, b = f64(rng, *x_shape), f64(rng, w_shape[0], x_shape[1], *w_shape[1:]), f64(rng, w_shape[0])
    assert ta.gradcheck(lambda x, W, b: ops.conv2d(x, W, b, stride=stride, padding=padding), x, W, b)


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", [
    ((2, 3, 5, 5), (4, 3, 3), 1, "same"),      # im2col
    ((2, 8, 6, 5), (2, 3, 3), 1, "same"),      # output side
    ((1, 2, 6, 7), (3, 3, 3), 2, "valid"),
])
def test_conv2d_relu_gradcheck(xp, rng, x_shape, w_shape, stride, padding):
    x, W, b = f64(rng, *x_shape), f64(rng, w_shape[0], x_shape[1], *w_shape[1:]), f64(rng, w_shape[0])
    assert ta.gradcheck(lambda x, W, b: ops.conv.conv2d_relu(x, W, b, stride=stride, padding=padding), x, W, b)


@pytest.mark.parametrize("x_shape, w_shape", [((2, 3, 6, 5), (4, 3, 3)), ((2, 8, 6, 5), (2, 3, 3))],
                         ids=["im2col", "output side"])
def test_conv2d_relu_is_relu_of_conv2d_in_values_and_gradients(xp, rng, x_shape, w_shape):
    arrays = (rng.normal(size=x_shape), rng.normal(size=(w_shape[0], x_shape[1], *w_shape[1:])),
              rng.normal(size=w_shape[0]))
    gy = rng.normal(size=(x_shape[0], w_shape[0], *x_shape[2:]))
    results = []
    for f in (lambda x, W, b: ops.relu(ops.conv2d(x, W, b, padding="same")),
              lambda x, W, b: ops.conv.conv2d_relu(x, W, b, padding="same")):
        x, W, b = (ta.tensor(a, requires_grad=True) for a in arrays)       # float32, as in training
        y = f(x, W, b)
        y.backward(ta.tensor(gy))
        results.append([y.numpy(), x.grad, W.grad, b.grad])
    assert (results[1][0] == 0).mean() > 0.2                              # the ReLU does cut
    for got, expected in zip(*results):
        np.testing.assert_allclose(ta.backend.to_numpy(got), ta.backend.to_numpy(expected), rtol=1e-5, atol=1e-5)


def test_a_conv2d_layer_with_relu_is_one_node_whose_output_is_guarded(xp, rng):
    layer = nn.Conv2D(3, 2, 3, padding="same", activation="relu")
    y = layer(ta.tensor(rng.normal(size=(2, 3, 5, 5))))
    assert type(y.creator).__name__ == "Conv2DReLUOp"
    assert all(t.creator is None for t in y.creator.inputs)             # x, W and b: no node between
    loss = (y + 1).sum()                # the addition keeps no values: only the fused node's y is at stake
    y.data[...] = 0.5
    with pytest.raises(RuntimeError, match=r"its output.*Conv2DReLUOp kept"):
        loss.backward()


@pytest.mark.parametrize("x_shape, w_shape, stride, padding", [
    ((2, 3, 4, 4), (2, 3, 3), 1, "same"),      # C_in > C_out: col2im of K^T X
    ((2, 1, 3, 4), (3, 3, 3), 1, "same"),      # C_in < C_out at stride 1: the flipped-kernel correlation
    ((1, 2, 3, 3), (2, 3, 3), 2, "same"),
    ((1, 2, 3, 4), (2, 2, 2), 2, "same"),
    ((1, 2, 3, 3), (3, 3, 3), 2, "valid"),
    ((2, 2, 3, 2), (2, 2, 2), 3, "valid"),     # kernel smaller than the stride
    ((1, 3, 3, 3), (1, 3, 3), 1, "valid"),
])
def test_conv_transpose2d_gradcheck(xp, rng, x_shape, w_shape, stride, padding):
    x, W, b = f64(rng, *x_shape), f64(rng, x_shape[1], w_shape[0], *w_shape[1:]), f64(rng, w_shape[0])
    assert ta.gradcheck(lambda x, W, b: ops.conv_transpose2d(x, W, b, stride=stride, padding=padding), x, W, b)


@pytest.mark.parametrize("shape, pool, stride, padding", [
    ((2, 2, 4, 4), 2, None, "valid"), ((2, 3, 5, 5), 2, None, "valid"), ((2, 2, 5, 7), 2, None, "same"),
    ((1, 3, 7, 7), 3, 2, "same"), ((1, 2, 5, 6), 2, 1, "same"), ((1, 2, 6, 5), (3, 2), 1, "valid"),
])
def test_max_pool2d_gradcheck(xp, rng, shape, pool, stride, padding):
    assert ta.gradcheck(lambda x: ops.max_pool2d(x, pool, stride, padding), f64(rng, *shape))


@pytest.mark.parametrize("size", [2, (2, 3), 1])
def test_upsample2d_gradcheck(xp, rng, size):
    assert ta.gradcheck(lambda x: ops.upsample2d(x, size), f64(rng, 2, 3, 3, 4))


@pytest.mark.parametrize("stride, padding, activation, init", [
    (1, "same", "relu", "glorot_uniform"), (2, "same", "sigmoid", "torch"), (1, "valid", "tanh", "torch"),
    (2, "valid", None, "glorot_uniform"),
])
def test_conv2d_layer_gradcheck(xp, rng, stride, padding, activation, init):
    layer = nn.Conv2D(3, 2, 3, stride=stride, padding=padding, activation=activation, init=init)
    layer.to(dtype="float64")
    x = f64(rng, 2, 3, 7, 6)
    assert ta.gradcheck(lambda x, W, b: layer(x), x, layer.W, layer.b)


@pytest.mark.parametrize("stride, padding", [(1, "same"), (2, "same"), (2, "valid"), (1, "valid")])
def test_conv2d_transpose_layer_gradcheck(xp, rng, stride, padding):
    layer = nn.Conv2DTranspose(2, 3, 3, stride=stride, padding=padding, activation="tanh", init="torch")
    layer.to(dtype="float64")
    x = f64(rng, 2, 2, 3, 4)
    assert ta.gradcheck(lambda x, W, b: layer(x), x, layer.W, layer.b)


@pytest.mark.parametrize("layer, shape", [
    (nn.MaxPool2D(2, padding="same"), (2, 3, 5, 5)), (nn.MaxPool2D(2), (2, 2, 6, 6)),
    (nn.MaxPool2D(3, stride=2, padding="same"), (1, 2, 7, 6)), (nn.UpSampling2D(2), (2, 2, 3, 3)),
    (nn.UpSampling2D((1, 3)), (1, 2, 3, 2)), (nn.Flatten(), (2, 3, 2, 2)), (nn.Reshape((2, 6)), (2, 3, 4)),
    (nn.Reshape((-1, 2, 2)), (2, 12)),
])
def test_weightless_layers_gradcheck(xp, rng, layer, shape):
    assert ta.gradcheck(layer, f64(rng, *shape))


# ----- layers -----------------------------------------------------------------------------------------
def test_seed_conv_autoencoder_shapes_and_parameter_count(xp, rng):
    model = conv_autoencoder()      # document 002's model, as the benchmark builds it
    x = ta.tensor(rng.uniform(size=(3, 1, 28, 28)))
    sizes = []
    for layer in model:
        x = layer(x)
        if isinstance(layer, (nn.MaxPool2D, nn.UpSampling2D)) or layer is model[10]:
            sizes.append(x.shape[-1])
    assert sizes == [14, 7, 4, 8, 16, 14, 28]      # with the input's 28: 28, 14, 7, 4, 8, 16, 14, 28
    assert x.shape == (3, 1, 28, 28) and x.dtype == np.float32
    # A Conv2D has out*in*kh*kw weights and out biases:
    #   1->16: 16*1*9 + 16 = 160;  16->8: 8*16*9 + 8 = 1160;  8->8 (three times): 8*8*9 + 8 = 584 each;
    #   8->16: 16*8*9 + 16 = 1168;  16->1: 1*16*9 + 1 = 145.
    #   160 + 1160 + 3*584 + 1168 + 145 = 4385, the total of Keras's model.summary() for this model.
    assert sum(p.size for p in model.parameters()) == 4385


def test_seed_conv_autoencoder_trains_a_step_in_float32(xp, rng):
    model = conv_autoencoder()      # document 002's model, as the benchmark builds it
    x = ta.tensor(rng.uniform(size=(4, 1, 28, 28)))
    opt = optim.Adadelta.keras(model.parameters())
    loss = losses.binary_crossentropy(model(x), x)
    loss.backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and p.grad.shape == p.shape and p.grad.dtype == np.float32, name
    before = [p.data.copy() for p in model.parameters()]
    opt.step()
    assert all(p.dtype == np.float32 for p in model.parameters())
    assert any(float(abs(p.data - q).max()) > 0 for p, q in zip(model.parameters(), before))


def test_float32_stays_float32(xp, rng):
    x = ta.tensor(rng.normal(size=(2, 2, 5, 5)), requires_grad=True)
    for op in (lambda x: ops.conv2d(x, ta.tensor(rng.normal(size=(3, 2, 3, 3))), padding="same"),
               lambda x: ops.conv_transpose2d(x, ta.tensor(rng.normal(size=(2, 3, 3, 3))), stride=2),
               lambda x: ops.max_pool2d(x, 2, padding="same"), lambda x: ops.upsample2d(x, 2)):
        x.grad = None
        y = op(x)
        y.backward(xp.ones(y.shape, dtype=xp.float32))
        assert y.dtype == np.float32 and x.grad.dtype == np.float32


def test_conv_output_is_ordinary_nchw_for_the_next_ops(xp, rng):
    # the conv hands on an NCHW view of (C, H, W, N) memory: reshape and indexing must see NCHW values
    layer = nn.Conv2D(2, 3, 3)
    y = layer(ta.tensor(rng.normal(size=(4, 2, 5, 5))))
    flat = nn.Flatten()(y)
    np.testing.assert_array_equal(flat.numpy(), y.numpy().reshape(4, -1))
    np.testing.assert_array_equal(y[1, 2].numpy(), y.numpy()[1, 2])


def test_initialisers_follow_keras_and_pytorch(xp):
    ta.seed(3)
    conv = nn.Conv2D(4, 6, 3)                               # glorot: a = sqrt(6 / (9*4 + 9*6))
    assert float(abs(conv.W.data).max()) <= math.sqrt(6 / 90) and float(abs(conv.b.data).max()) == 0
    assert float(abs(conv.W.data).max()) > 0.9 * math.sqrt(6 / 90)
    torch_conv = nn.Conv2D(4, 6, 3, init="torch")           # U(+-1/sqrt(9*4)) for W and b
    assert float(abs(torch_conv.W.data).max()) <= 1 / 6 and float(abs(torch_conv.W.data).max()) > 0.9 / 6
    torch_t = nn.Conv2DTranspose(4, 6, 3, init="torch")     # PyTorch takes the fan-in from W's axis 1: 9*6
    assert torch_t.W.shape == (4, 6, 3, 3)
    assert float(abs(torch_t.W.data).max()) <= 1 / math.sqrt(54) < float(abs(torch_t.W.data).max()) / 0.9


def test_layer_shapes(xp):
    x = ta.tensor(np.zeros((2, 3, 7, 7)))
    assert nn.Conv2D(3, 5, (3, 1), stride=(2, 1), padding="same")(x).shape == (2, 5, 4, 7)
    assert nn.Conv2D(3, 5, (3, 1), stride=(2, 1))(x).shape == (2, 5, 3, 7)     # Keras's default: "valid"
    assert nn.Conv2DTranspose(3, 4, 3, stride=2, padding="same")(x).shape == (2, 4, 14, 14)
    assert nn.Conv2DTranspose(3, 4, 3, stride=2)(x).shape == (2, 4, 15, 15)
    assert nn.MaxPool2D(2)(x).shape == (2, 3, 3, 3)
    assert nn.MaxPool2D(2, padding="same")(x).shape == (2, 3, 4, 4)
    assert nn.UpSampling2D((2, 3))(x).shape == (2, 3, 14, 21)
    assert nn.Flatten()(x).shape == (2, 147)
    assert nn.Reshape((7, 21))(x).shape == (2, 7, 21)


# ----- bad input --------------------------------------------------------------------------------------
def test_conv2d_channel_mismatch_names_both_shapes(xp):
    with pytest.raises(ValueError, match=r"\(2, 3, 8, 8\).*\(4, 2, 3, 3\)"):
        ops.conv2d(ta.tensor(np.zeros((2, 3, 8, 8))), ta.tensor(np.zeros((4, 2, 3, 3))))
    with pytest.raises(ValueError, match=r"conv2d.*\(2, 1, 8, 8\).*\(4, 3, 3, 3\)"):
        nn.Conv2D(3, 4, 3)(ta.tensor(np.zeros((2, 1, 8, 8))))


def test_conv2d_rejects_inputs_that_are_not_nchw(xp):
    with pytest.raises(ValueError, match=r"\(8, 8\).*\(N, C, H, W\)"):
        ops.conv2d(ta.tensor(np.zeros((8, 8))), ta.tensor(np.zeros((4, 1, 3, 3))))


def test_kernel_larger_than_the_input_names_the_shapes(xp):
    with pytest.raises(ValueError, match=r"5x5 window.*'valid'.*\(1, 1, 4, 4\)"):
        ops.conv2d(ta.tensor(np.zeros((1, 1, 4, 4))), ta.tensor(np.zeros((1, 1, 5, 5))), padding="valid")
    with pytest.raises(ValueError, match=r"3x3 window.*\(1, 1, 2, 2\)"):
        ops.max_pool2d(ta.tensor(np.zeros((1, 1, 2, 2))), 3)


def test_conv2d_bias_and_dtype_errors(xp):
    x, W = ta.tensor(np.zeros((1, 2, 4, 4))), ta.tensor(np.zeros((3, 2, 3, 3)))
    with pytest.raises(ValueError, match=r"bias has shape \(2,\), expected \(3,\)"):
        ops.conv2d(x, W, ta.tensor(np.zeros(2)))
    with pytest.raises(TypeError, match="float64.*float32|float32.*float64"):
        ops.conv2d(x, ta.tensor(np.zeros((3, 2, 3, 3)), dtype="float64"))


def test_conv_transpose2d_channel_mismatch_names_both_shapes(xp):
    with pytest.raises(ValueError, match=r"\(1, 3, 4, 4\).*\(2, 5, 3, 3\)"):
        ops.conv_transpose2d(ta.tensor(np.zeros((1, 3, 4, 4))), ta.tensor(np.zeros((2, 5, 3, 3))))


@pytest.mark.parametrize("make, message", [
    (lambda: nn.Conv2D(3, 4, 3, padding="full"), r"padding must be .*'full'"),
    (lambda: nn.Conv2DTranspose(3, 4, 3, padding=1), r"padding must be \"same\" or \"valid\", got 1"),
    (lambda: nn.Conv2D(3, 4, 0), r"kernel_size must be a positive int.*got 0"),
    (lambda: nn.Conv2D(3, 4, 3, stride=(1, 2, 3)), r"stride .*\(1, 2, 3\)"),
    (lambda: nn.Conv2D(0, 4, 3), r"in_channels must be a positive int, got 0"),
    (lambda: nn.MaxPool2D(2, padding="full"), r"padding must be"),
    (lambda: nn.UpSampling2D(0), r"size must be a positive int"),
    (lambda: nn.Conv2D(3, 4, 3, activation="swish"), r"unknown activation 'swish'"),
    (lambda: nn.Conv2D(3, 4, 3, init="he"), r"unknown init 'he'"),
    (lambda: nn.Reshape((0, 3)), r"shape must be positive ints"),
])
def test_bad_layer_arguments_are_named(xp, make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_keras_ways_of_writing_a_conv_layer_get_tinyaes_order(xp):
    """The chapters' Keras Conv2D(16, (3, 3), ...) has no input size; Python's own message named the
    private base class: "_Convolution.__init__() missing 1 required positional argument"."""
    with pytest.raises(TypeError, match=r"^Conv2D: kernel_size is missing; tinyae's layers take their input size "
                                        r"first, Conv2D\(in_channels, out_channels, kernel_size\) as in PyTorch: "
                                        r"Keras's Conv2D\(16, \(3, 3\)\) on one-channel images is Conv2D\(1, 16, "
                                        r"\(3, 3\)\) here$"):
        nn.Conv2D(16, (3, 3), activation="relu", padding="same")
    with pytest.raises(TypeError, match=r"^Conv2DTranspose: out_channels is missing; .*Conv2DTranspose\(in_channels"):
        nn.Conv2DTranspose(8, kernel_size=3)
    with pytest.raises(TypeError, match=r"^Conv2DTranspose: unexpected keyword argument\(s\) 'strides'; strides: "
                                        r"stride \(PyTorch's name\)$"):
        nn.Conv2DTranspose(8, 8, 3, strides=2, padding="same")
    with pytest.raises(TypeError, match=r"^Conv2D: unexpected keyword argument\(s\) 'filters', 'kernal_size'; "
                                        r"filters: out_channels, after in_channels"):
        nn.Conv2D(1, filters=16, kernal_size=3)
    assert nn.Conv2D(1, 16, (3, 3)).W.shape == (16, 1, 3, 3)
    with pytest.raises(TypeError, match=r"'output_padding'; output_padding: no option: .*padding='same'\) gives "
                                        r"out = in \* stride"):
        nn.Conv2DTranspose(8, 8, 3, stride=2, padding=1, output_padding=1)     # PyTorch's way to double the size
    with pytest.raises(TypeError, match=r"'data_format'; data_format: no option: images are channels-first"):
        nn.Conv2D(1, 16, 3, data_format="channels_last")
    with pytest.raises(TypeError, match=r"^MaxPool2D: unexpected keyword argument\(s\) 'kernel_size'; kernel_size: "
                                        r"pool_size"):
        nn.MaxPool2D(kernel_size=2)
    with pytest.raises(TypeError, match=r"^MaxPool2D: .*'strides'; strides: stride"):
        nn.MaxPool2D((2, 2), strides=(2, 2))
    with pytest.raises(TypeError, match=r"^UpSampling2D: .*'scale_factor', 'mode'; scale_factor: size .*; mode: no "
                                        r"option"):
        nn.UpSampling2D(scale_factor=2, mode="nearest")
    with pytest.raises(TypeError, match=r"^Dense: unexpected keyword argument\(s\) 'mode'$"):    # one layer's hint only
        nn.Dense(4, 2, mode="nearest")


def test_a_channels_last_input_is_named_as_such(xp):
    """Keras's images are (N, H, W, C); tinyae's, as PyTorch's, (N, C, H, W). Images without their
    channel axis or flattened to (N, 784) are named too."""
    with pytest.raises(ValueError, match=r"looks channels-last, Keras's \(N, H, W, C\): .*x.transpose\(0, 3, 1, 2\)"):
        nn.Conv2D(1, 16, 3)(ta.tensor(np.zeros((2, 28, 28, 1))))
    with pytest.raises(ValueError, match=r"looks channels-last.*x.transpose\(0, 3, 1, 2\)"):
        nn.Conv2DTranspose(8, 1, 3, stride=2)(ta.tensor(np.zeros((2, 7, 7, 8))))
    with pytest.raises(ValueError, match=r"the channel axis is missing: pass x.reshape\(-1, 1, H, W\)"):
        nn.Conv2D(1, 16, 3)(ta.tensor(np.zeros((2, 28, 28))))
    with pytest.raises(ValueError, match=r"flattened images: pass x.reshape\(-1, 1, 28, 28\)$"):
        nn.Conv2D(1, 16, 3)(ta.tensor(np.zeros((2, 784))))             # the dense lessons' (N, 784)
    with pytest.raises(ValueError, match=r"flattened images: pass x.reshape\(-1, C, H, W\)$"):
        nn.Conv2DTranspose(8, 1, 3)(ta.tensor(np.zeros((2, 100))))
    with pytest.raises(ValueError, match=r"with the same C$"):              # no hint where none fits
        nn.Conv2D(1, 16, 3)(ta.tensor(np.zeros((2, 3, 28, 28))))


def test_pool_upsample_and_reshape_name_bad_input_shapes(xp):
    with pytest.raises(ValueError, match=r"max_pool2d.*\(3, 8, 8\)"):
        nn.MaxPool2D(2)(ta.tensor(np.zeros((3, 8, 8))))
    with pytest.raises(ValueError, match=r"upsample2d.*\(8, 8\)"):
        nn.UpSampling2D(2)(ta.tensor(np.zeros((8, 8))))
    with pytest.raises(ValueError, match=r"Reshape\(5, 5\).*\(2, 3, 8\).*24 values"):
        nn.Reshape((5, 5))(ta.tensor(np.zeros((2, 3, 8))))
