"""Matrix products: the heart of every dense layer."""
from ..backend import Array
from ..tensor import Function, Tensor, TensorLike
from .broadcast import operands


class MatMulOp(Function):
    """Y = A @ B;  dL/dA = dL/dY @ B^T,  dL/dB = A^T @ dL/dY (for 2-D A and B; batched A of shape
    (..., n, k) with a 2-D B sums the batch into dL/dB)."""

    def __call__(self, a, b):
        a, b = operands(a, b, "matmul")
        if a.ndim < 1 or b.ndim != 2 or a.shape[-1] != b.shape[0]:
            raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not fit: need (..., k) @ (k, m)")
        return super().__call__(a, b)

    def forward(self, a, b):
        self.a, self.b = a, b
        return a @ b

    def backward(self, gy):
        a, b = self.a, self.b
        ga = gy @ b.T if self.inputs[0].requires_grad else None
        gb = None
        if self.inputs[1].requires_grad:
            k = a.shape[-1]
            gb = a.reshape(-1, k).T @ gy.reshape(-1, gy.shape[-1])
        return ga, gb


class LinearOp(Function):
    """y = x W + b, fused into one node (one matmul and one add forward, two matmuls back):
    dL/dx = dL/dy W^T,  dL/dW = x^T dL/dy,  dL/db = sum over the batch of dL/dy."""

    def __call__(self, x, W, b=None):
        x, W = operands(x, W, "linear")
        if x.ndim != 2 or W.ndim != 2 or x.shape[1] != W.shape[0]:
            raise ValueError(f"linear: input of shape {x.shape} does not fit weights of shape {W.shape}: "
                             f"need (batch, {W.shape[0] if W.ndim == 2 else 'k'}) @ (k, m)")
        if b is None:
            return super().__call__(x, W)
        if b.shape != (W.shape[1],):
            raise ValueError(f"linear: bias has shape {b.shape}, expected ({W.shape[1]},)")
        if b.dtype != W.dtype:
            raise TypeError(f"linear: bias has dtype {b.dtype} but weights {W.dtype}; tinyae never "
                            f"converts silently, cast one with .astype()")
        return super().__call__(x, W, b)

    def forward(self, x, W, b=None):
        self.x, self.W = x, W
        y = x @ W
        if b is not None:
            y += b
        return y

    def backward(self, gy):
        inputs = self.inputs
        gx = gy @ self.W.T if inputs[0].requires_grad else None
        gW = self.x.T @ gy if inputs[1].requires_grad else None
        if len(inputs) == 2:
            return gx, gW
        gb = gy.sum(axis=0) if inputs[2].requires_grad else None
        return gx, gW, gb


def matmul(a: TensorLike, b: TensorLike) -> Tensor:
    """The matrix product a @ b of a (..., k) and a 2-D (k, m); what `a @ b` calls (MatMulOp)."""
    return MatMulOp()(a, b)


def linear(x: TensorLike, W: TensorLike, b: Tensor | Array | None = None) -> Tensor:
    """x W + b for a batch x (N, k), weights W (k, m) and an optional bias b (m,): a dense layer's
    affine part as one node (LinearOp)."""
    return LinearOp()(x, W, b)
