"""The contractive autoencoder's penalty, with its gradient derived by hand.

For a code layer h = act(a), a = x W + b (W of shape (inputs j, hidden units i)), the Jacobian
of the code is J_f(x)_ij = dh_i/dx_j = g_i W_ji with g_i = dh_i/da_i, so its squared Frobenius
norm is

    ||J_f(x)||_F^2 = sum_i g_i^2 sum_j W_ji^2.

g is a function of h for the three activations handled here:

    sigmoid  h = 1 / (1 + e^-a):  g = h (1 - h),   dg/da = (1 - 2h) g
    tanh     h = tanh(a):         g = 1 - h^2,     dg/da = -2h g
    relu     h = max(a, 0):       g = 1[h > 0],    dg/da = 0   (at a = 0 exactly, g = 0, the
                                                                 derivative ReLU's backward uses)

Per example n, writing g_ni for unit i and s_i = sum_j W_ji^2:

    P_n = sum_i g_ni^2 s_i
    dP_n/dW_ji = 2 W_ji g_ni^2
    dP_n/da_ni = 2 g_ni (dg_ni/da_ni) s_i
               = 2 g_ni^2 (1 - 2 h_ni) s_i   (sigmoid)
               = -4 g_ni^2 h_ni s_i         (tanh)
               = 0                           (relu: g is piecewise constant)

The loss reduces the P_n (mean over the batch by default); with w_n = dL/dP_n (1/N for the mean),
dL/da_ni = w_n dP_n/da_ni and dL/dW_ji = 2 W_ji sum_n w_n g_ni^2. These lines are the backward
below; the tests compare them with finite differences and P with the Jacobian itself (ta.jacobian).
"""
from .. import backend
from ..ops.activations import ReLUOp, SigmoidOp, TanhOp
from ..tensor import Function, Tensor, TensorLike, as_tensor
from .reduction import check_reduction, reduce, upstream


def _sigmoid_terms(h):
    g = h * (1 - h)
    return g, (1 - 2 * h) * g          # g, dg/da


def _tanh_terms(h):
    g = 1 - h * h
    return g, -2 * h * g


def _relu_terms(h):
    g = (h > 0).astype(h.dtype)
    return g, None                      # dg/da = 0


ACTIVATIONS = {"sigmoid": (SigmoidOp, _sigmoid_terms), "tanh": (TanhOp, _tanh_terms), "relu": (ReLUOp, _relu_terms)}


class ContractivePenalty(Function):
    """P(a, W) for the code h = act(a), reduced over the batch; backward returns the hand-derived
    dL/da and dL/dW. h, whose values the formulas read, is a third input (so that it is
    version-checked like a and W); no gradient flows into it directly, only through a."""

    def __init__(self, activation, reduction):
        self.reduction = reduction
        self.terms = ACTIVATIONS[activation][1]

    def forward(self, a, W, h):
        self.h = h
        self.g, self.dg_da = self.terms(self.h)
        self.g2 = self.g * self.g             # g_ni^2
        self.W = W
        self.s = (W * W).sum(axis=0)          # s_i = sum_j W_ji^2
        return reduce((self.g2 * self.s).sum(axis=1), self.reduction)

    def backward(self, gy):
        a_node, W_node, _ = self.inputs
        w = upstream(gy, self.reduction, self.h.shape[0])
        w_col = w[:, None] if self.reduction == "none" else w        # w_n, one per example
        ga = gW = None
        if a_node.requires_grad:
            ga = (2 * w_col) * self.g * self.dg_da * self.s if self.dg_da is not None \
                else backend.array_module(self.h).zeros_like(self.h)
        if W_node.requires_grad:
            weighted_g2 = self.g2.T @ w if self.reduction == "none" else self.g2.sum(axis=0) * w
            gW = (2 * self.W) * weighted_g2
        return ga, gW, None


def contractive_penalty(h: TensorLike, W: TensorLike, activation: str = "sigmoid", reduction: str = "mean") -> Tensor:
    """||J_f(x)||_F^2 = sum_i (dh_i/da_i)^2 sum_j W_ji^2 per example, for the code
    `h` = act(x W + b) of a Dense encoder with weight `W` (shape (inputs, units)) and
    `activation` "sigmoid" (dh/da = h (1 - h)), "tanh" (1 - h^2) or "relu" (1[h > 0]; 0 at a = 0).
    reduction: "mean" (default) over the batch, "sum" over it, "none" the (N,) values.

    When h requires grad it must come straight from that activation (the formula is the Jacobian
    norm of that code layer only); the gradient then goes to the activation's input a by the
    hand-derived formulas above. A code without a graph is data: W still gets its gradient.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"contractive_penalty: activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    check_reduction("contractive_penalty", reduction)
    h, W = as_tensor(h), as_tensor(W)
    if h.ndim != 2 or W.ndim != 2 or h.shape[1] != W.shape[1]:
        raise ValueError(f"contractive_penalty: code h has shape {h.shape} and W has shape {W.shape}; "
                         f"expected (batch, units) and (inputs, units)")
    op = ContractivePenalty(activation, reduction)
    function_class = ACTIVATIONS[activation][0]
    if isinstance(h.creator, function_class) and h.creator.inputs is not None:   # graph still recorded
        return op(h.creator.inputs[0], W, h)
    if isinstance(h.creator, function_class):
        raise ValueError(f"contractive_penalty: the graph of h (from {type(h.creator).__name__}) was released by "
                         f"backward(), so the gradient cannot reach the {activation}'s input; compute the "
                         f"penalty before calling backward() (add it to the loss), or call the first "
                         f"backward(retain_graph=True)")
    if h.requires_grad:
        raise ValueError(f"contractive_penalty: h must come straight from a {activation} (h = {activation}(x W + b)) "
                         f"when it requires grad; the penalty formula is the Jacobian norm of a {activation} "
                         f"code layer only (got h from {type(h.creator).__name__})")
    return op(h.detach(), W, h)
