"""Tensors and reverse-mode automatic differentiation (define-by-run).

Every operation on tensors is a `Function`. When any input requires a gradient, the function
remembers its inputs and becomes the output's `creator`, so the computation builds a graph as it
runs. `Tensor.backward()` walks that graph once, from the output back to the leaves, in reverse
topological order (with an explicit stack, not recursion, so a 1000-layer chain is fine), and
applies the chain rule

    dL/dx = sum over the uses y of x of  (dL/dy) (dy/dx).

Gradients *accumulate*: a tensor used twice (tied weights, a residual connection) gets the sum of
both contributions, and calling `backward()` twice without `zero_grad()` adds the second gradient
to the first, exactly like PyTorch. After backward the graph is released (pass
`retain_graph=True` to walk it again).

Gradients are read-only by convention: several leaves may share one gradient array (the two
inputs of an addition), so code that changes a `.grad` must replace it (`p.grad = p.grad * c`),
never edit it in place.
"""
from contextlib import contextmanager

from . import backend

_grad_enabled = True


@contextmanager
def no_grad():
    """Inside this block no graph is recorded (evaluation, optimizer updates)."""
    global _grad_enabled
    previous, _grad_enabled = _grad_enabled, False
    try:
        yield
    finally:
        _grad_enabled = previous


class Tensor:
    """An array (`.data`, NumPy or CuPy) with an optional gradient (`.grad`, same shape)."""

    __slots__ = ("data", "grad", "requires_grad", "creator", "name", "__weakref__")
    __array_priority__ = 1000  # so that ndarray + Tensor calls Tensor.__radd__

    def __init__(self, data, requires_grad=False, name=None):
        if not backend.is_array_or_scalar(data):
            raise TypeError(f"Tensor(data): data must be a NumPy or CuPy array, got {type(data).__name__}; "
                            f"build a tensor from a list or a number with ta.tensor(...)")
        self.data = data
        self.grad = None
        self.requires_grad = requires_grad
        self.creator = None
        self.name = name

    # ----- what a tensor is ---------------------------------------------------------------
    @property
    def shape(self):
        return self.data.shape

    @property
    def dtype(self):
        return self.data.dtype

    @property
    def ndim(self):
        return self.data.ndim

    @property
    def size(self):
        return self.data.size

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        body = repr(backend.to_numpy(self.data)).replace("array(", "tensor(", 1)
        return body if not self.requires_grad else body[:-1] + ", requires_grad=True)"

    def numpy(self):
        """The values as a NumPy array (copied from the GPU when on CuPy)."""
        return backend.to_numpy(self.data)

    def item(self):
        return self.data.item()

    def detach(self):
        """The same values, cut off from the graph (no gradient flows through)."""
        return Tensor(self.data)

    def zero_grad(self):
        self.grad = None

    # ----- backpropagation ----------------------------------------------------------------
    def backward(self, grad=None, retain_graph=False):
        """Accumulate dL/dleaf into `.grad` of every leaf tensor that requires a gradient.

        `grad` is dL/dself; it may be left out only when self holds a single number (the loss).
        """
        if not self.requires_grad:
            raise RuntimeError("backward() on a tensor that does not require grad: no input of the "
                               "computation had requires_grad=True (or it ran under no_grad())")
        if grad is None:
            if self.data.size != 1:
                raise RuntimeError(f"backward() without a gradient needs a single-number tensor, got "
                                   f"shape {self.shape}; pass grad=dL/dy of that shape")
            grad = backend.array_module(self.data).ones_like(self.data)
        else:
            grad = grad.data if isinstance(grad, Tensor) else backend.as_array(grad, self.dtype)
            if grad.shape != self.shape:
                raise ValueError(f"backward(grad): grad has shape {grad.shape}, expected {self.shape}")
        if self.creator is None:            # a leaf: dL/dself is the gradient itself
            self.grad = grad if self.grad is None else self.grad + grad
            return

        order = _reverse_topological_order(self)
        grads = {id(self): grad}
        for tensor in order:
            fn = tensor.creator
            gy = grads.pop(id(tensor), None)
            if gy is None:                  # no path from the loss reaches this tensor
                continue
            if fn.inputs is None:
                raise RuntimeError("the graph was released by an earlier backward(); call "
                                   "backward(retain_graph=True) the first time to walk it twice")
            gxs = fn.backward(gy)
            if not isinstance(gxs, tuple):
                gxs = (gxs,)
            for x, gx in zip(fn.inputs, gxs):
                if gx is None or not x.requires_grad:
                    continue
                if x.creator is None:       # leaf: accumulate (out of place: gx may be shared)
                    x.grad = gx if x.grad is None else x.grad + gx
                else:
                    key = id(x)
                    previous = grads.get(key)
                    grads[key] = gx if previous is None else previous + gx
            if not retain_graph:
                fn.release()


def _reverse_topological_order(root):
    """Non-leaf tensors reachable from `root`, each after every tensor that uses it.

    A depth-first search with an explicit stack: a tensor is marked when it is expanded (not when
    it is pushed), so one that is still waiting lower on the stack is pushed again and finished
    before any tensor that uses it."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        tensor, children_done = stack.pop()
        if children_done:
            order.append(tensor)
            continue
        if id(tensor) in visited:
            continue
        visited.add(id(tensor))
        stack.append((tensor, True))
        inputs = tensor.creator.inputs or ()
        for x in inputs:
            if x.creator is not None and id(x) not in visited:
                stack.append((x, False))
    order.reverse()
    return order


class Function:
    """One differentiable operation y = f(x_1, ..., x_n).

    Subclasses implement `forward(*arrays) -> array` and `backward(gy) -> gx or (gx_1, ..., gx_n)`,
    where gy = dL/dy and gx_k = dL/dx_k (None for an input that needs no gradient). Anything that
    backward needs is saved on `self` during forward.
    """

    inputs = None

    def __call__(self, *inputs):
        xs = [x if isinstance(x, Tensor) else Tensor(backend.as_array(x)) for x in inputs]
        y = Tensor(self.forward(*[x.data for x in xs]))
        if _grad_enabled and any(x.requires_grad for x in xs):
            y.requires_grad = True
            y.creator = self
            self.inputs = xs
        return y

    def forward(self, *xs):
        raise NotImplementedError

    def backward(self, gy):
        raise NotImplementedError

    def release(self):
        """Drop the saved inputs and arrays so that the graph's memory can be freed."""
        self.__dict__.clear()


def tensor(data, requires_grad=False, dtype=None, name=None):
    """A tensor from a list, a number, a NumPy/CuPy array or another tensor, on the backend in use.

    The dtype is float32 unless `dtype` says otherwise (a float64 NumPy array becomes float32:
    ask for dtype="float64" to keep it, e.g. for gradcheck); a tensor keeps its own dtype.
    A tensor that requires grad gets its own copy of the values (an optimizer will change them in
    place); a constant may share memory with a NumPy array of the same dtype, like torch.as_tensor.
    """
    if isinstance(data, Tensor):
        dtype, data = dtype or data.dtype, data.data
    array = backend.as_array(data, dtype or backend.DEFAULT_DTYPE)
    if requires_grad and array is data:
        array = array.copy()
    return Tensor(array, requires_grad=requires_grad, name=name)


def as_tensor(value, like=None):
    """`value` if it is a Tensor, else a constant tensor (a number takes `like`'s dtype, so that
    float32 stays float32)."""
    if isinstance(value, Tensor):
        return value
    if like is not None and not backend.is_array(value):
        return Tensor(backend.array_module(like.data).asarray(value, dtype=like.dtype))
    return Tensor(backend.as_array(value))
