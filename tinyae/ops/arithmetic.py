"""+ - * / ** and negation, with NumPy broadcasting."""
from ..backend import array_module
from ..tensor import Function, Tensor, TensorLike
from .broadcast import operands, shape_error, unbroadcast


class _BinaryOp(Function):
    symbol = "?"

    def __call__(self, x, y):
        x, y = operands(x, y, f"'{self.symbol}'")
        try:
            return super().__call__(x, y)
        except ValueError:
            raise shape_error(f"'{self.symbol}'", x.shape, y.shape) from None


class AddOp(_BinaryOp):
    """y = a + b;  dL/da = dL/dy,  dL/db = dL/dy (summed over broadcast axes)."""
    symbol = "+"
    saves_inputs = False    # backward needs only the shapes

    def forward(self, a, b):
        self.shapes = a.shape, b.shape
        return a + b

    def backward(self, gy):
        sa, sb = self.shapes
        return unbroadcast(gy, sa), unbroadcast(gy, sb)


class SubOp(_BinaryOp):
    """y = a - b;  dL/da = dL/dy,  dL/db = -dL/dy."""
    symbol = "-"
    saves_inputs = False    # backward needs only the shapes

    def forward(self, a, b):
        self.shapes = a.shape, b.shape
        return a - b

    def backward(self, gy):
        sa, sb = self.shapes
        return unbroadcast(gy, sa), unbroadcast(-gy, sb)


class MulOp(_BinaryOp):
    """y = a * b;  dL/da = dL/dy * b,  dL/db = dL/dy * a."""
    symbol = "*"

    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, gy):
        a, b = self.a, self.b
        ga = unbroadcast(gy * b, a.shape) if self.inputs[0].requires_grad else None
        gb = unbroadcast(gy * a, b.shape) if self.inputs[1].requires_grad else None
        return ga, gb


class DivOp(_BinaryOp):
    """y = a / b;  dL/da = dL/dy / b,  dL/db = -dL/dy * a / b^2."""
    symbol = "/"

    def forward(self, a, b):
        self.a, self.b = a, b
        return a / b

    def backward(self, gy):
        a, b = self.a, self.b
        ga = unbroadcast(gy / b, a.shape) if self.inputs[0].requires_grad else None
        gb = unbroadcast(-gy * a / (b * b), b.shape) if self.inputs[1].requires_grad else None
        return ga, gb


class PowOp(_BinaryOp):
    """y = a ** b (a > 0 where b is a tensor);  dL/da = dL/dy * b a^(b-1),  dL/db = dL/dy * y ln a.

    Where b = 0, y = 1 is constant in a and dL/da = 0, also at a = 0 (where b a^(b-1) is 0 * inf)."""
    saves_output = True     # backward reads y
    symbol = "**"

    def forward(self, a, b):
        self.a, self.b = a, b
        self.y = a ** b
        return self.y

    def backward(self, gy):
        a, b = self.a, self.b
        xp = array_module(a)
        ga = None
        if self.inputs[0].requires_grad:
            base = xp.where(b == 0, xp.ones_like(a), a)     # 0 * 1^-1 = 0 where b = 0, never 0 * inf
            ga = unbroadcast(gy * b * base ** (b - 1), a.shape)
        gb = unbroadcast(gy * self.y * xp.log(a), b.shape) if self.inputs[1].requires_grad else None
        return ga, gb


class PowConstantOp(Function):
    """y = x ** c for a constant number c;  dL/dx = dL/dy * c x^(c-1), and 0 for c = 0 (y = 1 is
    constant: the formula would give 0 * inf = NaN at x = 0)."""

    def __init__(self, c):
        self.c = c if isinstance(c, int) else float(c)   # a NumPy float64 scalar would make float32 float64

    def forward(self, x):
        self.x = x
        return x ** self.c

    def backward(self, gy):
        c = self.c
        if c == 0:
            return array_module(gy).zeros_like(gy)
        return gy * (c * self.x ** (c - 1)) if c != 2 else gy * (2 * self.x)


class NegOp(Function):
    """y = -x;  dL/dx = -dL/dy."""
    saves_inputs = False

    def forward(self, x):
        return -x

    def backward(self, gy):
        return -gy


def add(a: TensorLike, b: TensorLike) -> Tensor:
    """a + b element-wise, with NumPy broadcasting; what `a + b` on tensors calls (AddOp has the
    derivative)."""
    return AddOp()(a, b)


def sub(a: TensorLike, b: TensorLike) -> Tensor:
    """a - b element-wise, with NumPy broadcasting; what `a - b` calls (SubOp)."""
    return SubOp()(a, b)


def mul(a: TensorLike, b: TensorLike) -> Tensor:
    """a * b element-wise (not the matrix product: that is @), with NumPy broadcasting; what `a * b`
    calls (MulOp)."""
    return MulOp()(a, b)


def div(a: TensorLike, b: TensorLike) -> Tensor:
    """a / b element-wise, with NumPy broadcasting; what `a / b` calls (DivOp)."""
    return DivOp()(a, b)


def neg(x: TensorLike) -> Tensor:
    """-x; what `-x` calls (NegOp)."""
    return NegOp()(x)


def pow(x: TensorLike, exponent: TensorLike) -> Tensor:
    """x ** exponent; a plain-number exponent is a constant, a tensor exponent is differentiated."""
    if isinstance(exponent, (int, float)):
        return PowConstantOp(exponent)(x)
    return PowOp()(x, exponent)
