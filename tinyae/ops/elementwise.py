"""Element-wise mathematical functions: exp, log, sqrt, abs, clip, maximum, where."""
from .. import backend
from ..backend import Array
from ..tensor import Function, Tensor, TensorLike
from .broadcast import operands, shape_error, unbroadcast
from .float_only import float_tensor


class ExpOp(Function):
    """y = e^x;  dL/dx = dL/dy * y."""
    saves_output = True     # backward reads y

    def forward(self, x):
        self.y = backend.array_module(x).exp(x)
        return self.y

    def backward(self, gy):
        return gy * self.y


class LogOp(Function):
    """y = ln x;  dL/dx = dL/dy / x."""

    def forward(self, x):
        self.x = x
        return backend.array_module(x).log(x)

    def backward(self, gy):
        return gy / self.x


class SqrtOp(Function):
    """y = sqrt(x);  dL/dx = dL/dy / (2 y)."""
    saves_output = True     # backward reads y

    def forward(self, x):
        self.y = backend.array_module(x).sqrt(x)
        return self.y

    def backward(self, gy):
        return gy / (2 * self.y)


class AbsOp(Function):
    """y = |x|;  dL/dx = dL/dy * sign(x) (0 at x = 0)."""

    def forward(self, x):
        self.x = x
        return backend.array_module(x).abs(x)

    def backward(self, gy):
        return gy * backend.array_module(self.x).sign(self.x)


class ClipOp(Function):
    """y = min(max(x, low), high);  dL/dx = dL/dy where low <= x <= high, else 0."""

    def __init__(self, low, high):
        self.low, self.high = float(low), float(high)   # plain numbers: float32 stays float32

    def forward(self, x):
        self.x = x
        return backend.array_module(x).clip(x, self.low, self.high)

    def backward(self, gy):
        x = self.x
        return gy * ((x >= self.low) & (x <= self.high))


class MaximumOp(Function):
    """y = max(a, b) element-wise;  the gradient goes to a where a >= b, else to b."""

    def forward(self, a, b):
        self.a_wins = a >= b
        return backend.array_module(a).maximum(a, b)

    def backward(self, gy):
        a, b = self.inputs
        return (unbroadcast(gy * self.a_wins, a.shape) if a.requires_grad else None,
                unbroadcast(gy * ~self.a_wins, b.shape) if b.requires_grad else None)


class WhereOp(Function):
    """y = a where condition else b;  the gradient goes to whichever was chosen."""

    def __init__(self, condition):
        self.condition = condition

    def forward(self, a, b):
        return backend.array_module(a).where(self.condition, a, b)

    def backward(self, gy):
        a, b = self.inputs
        zero = backend.array_module(gy).zeros((), dtype=gy.dtype)
        return (unbroadcast(gy * self.condition, a.shape) if a.requires_grad else None,
                unbroadcast(backend.array_module(gy).where(self.condition, zero, gy), b.shape)
                if b.requires_grad else None)


def exp(x: TensorLike) -> Tensor:
    """e^x element-wise (x.exp()); float tensors only (ExpOp: dL/dx = dL/dy * e^x)."""
    return ExpOp()(float_tensor("exp", x))


def log(x: TensorLike) -> Tensor:
    """The natural logarithm ln x element-wise (x.log()); float tensors only (LogOp: dL/dx = dL/dy / x)."""
    return LogOp()(float_tensor("log", x))


def sqrt(x: TensorLike) -> Tensor:
    """sqrt(x) element-wise (x.sqrt()); float tensors only (SqrtOp)."""
    return SqrtOp()(float_tensor("sqrt", x))


def abs(x: TensorLike) -> Tensor:  # noqa: A001 - the natural name
    """|x| element-wise, also abs(x) on a tensor (AbsOp: the gradient is sign(x), 0 at x = 0)."""
    return AbsOp()(x)


def clip(x: TensorLike, low: float, high: float) -> Tensor:
    """min(max(x, low), high) element-wise (x.clip(low, high)); the gradient is 0 where x lay outside
    [low, high] (ClipOp)."""
    return ClipOp(low, high)(x)


def maximum(a: TensorLike, b: TensorLike) -> Tensor:
    """The larger of a and b element-wise, with broadcasting (MaximumOp: the gradient goes to a
    where a >= b, else to b)."""
    a, b = operands(a, b, "maximum")
    try:
        return MaximumOp()(a, b)
    except ValueError:
        raise shape_error("maximum", a.shape, b.shape) from None


def where(condition: Array | Tensor, a: TensorLike, b: TensorLike) -> Tensor:
    """Element-wise choice; `condition` is a boolean array (or tensor), not differentiated. When
    neither a nor b is a tensor (ta.where(x > 0, 1.0, 0.0)), both become float32 constants."""
    if isinstance(condition, Tensor):
        condition = condition.data
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        a = Tensor(backend.array_module(condition).asarray(a, dtype="float32"))
    a, b = operands(a, b, "where")
    try:
        return WhereOp(condition)(a, b)
    except ValueError:
        raise shape_error("where", condition.shape, a.shape, b.shape) from None
