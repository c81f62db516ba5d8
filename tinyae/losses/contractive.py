"""The contractive autoencoder's penalty, with its gradient derived by hand.

For a sigmoid code layer h = sigma(a), a = x W + b (W of shape (inputs j, hidden units i)), the
Jacobian of the code is J_f(x)_ij = dh_i/dx_j = h_i (1 - h_i) W_ji, so its squared Frobenius norm is

    ||J_f(x)||_F^2 = sum_i (h_i (1 - h_i))^2 sum_j W_ji^2.

We average it over the batch (n = 1..N). Writing g_ni = h_ni (1 - h_ni) and s_i = sum_j W_ji^2:

    P = (1/N) sum_n sum_i g_ni^2 s_i
    dP/dW_ji = (2/N) W_ji sum_n g_ni^2
    dP/da_ni = dP/dh_ni * dh_ni/da_ni = (2/N) g_ni (1 - 2 h_ni) s_i * g_ni = (2/N) g_ni^2 (1 - 2 h_ni) s_i

using dg/dh = 1 - 2h and dh/da = h (1 - h) = g. These two lines are the backward below; the
tests compare them with finite differences.
"""
from ..ops.activations import SigmoidOp
from ..tensor import Function, as_tensor


class ContractivePenalty(Function):
    """P(a, W) for the code h = sigma(a); backward returns the hand-derived dP/da and dP/dW."""

    def __init__(self, h):
        self.h = h

    def forward(self, a, W):
        h = self.h
        self.g2 = (h * (1 - h)) ** 2          # g_ni^2
        self.W = W
        self.s = (W * W).sum(axis=0)          # s_i = sum_j W_ji^2
        return (self.g2 * self.s).sum() / h.shape[0]

    def backward(self, gy):
        n = self.h.shape[0]
        a_node, W_node = self.inputs
        ga = (gy * 2 / n) * self.g2 * (1 - 2 * self.h) * self.s if a_node.requires_grad else None
        gW = (gy * 2 / n) * self.W * self.g2.sum(axis=0) if W_node.requires_grad else None
        return ga, gW


def contractive_penalty(h, W):
    """||J_f(x)||_F^2 = sum_i (h_i (1 - h_i))^2 sum_j W_ji^2, the mean over the batch, for the code
    `h` = sigmoid(x W + b) of a Dense encoder with weight `W` (shape (inputs, units)).

    `h` must be the output of a sigmoid (the formula is only the Jacobian norm for one); the
    gradient goes straight to the sigmoid's input a, by the hand-derived formula above.
    """
    h, W = as_tensor(h), as_tensor(W)
    if h.ndim != 2 or W.ndim != 2 or h.shape[1] != W.shape[1]:
        raise ValueError(f"contractive_penalty: code h has shape {h.shape} and W has shape {W.shape}; "
                         f"expected (batch, units) and (inputs, units)")
    if isinstance(h.creator, SigmoidOp) and h.creator.inputs is not None:   # graph still recorded
        return ContractivePenalty(h.data)(h.creator.inputs[0], W)
    if h.requires_grad:
        raise ValueError("contractive_penalty: h must come straight from a sigmoid (h = sigmoid(x W + b)); "
                         "the penalty formula is the Jacobian norm of a sigmoid code layer only")
    return ContractivePenalty(h.data)(h.detach(), W)
