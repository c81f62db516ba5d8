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

Changing a tensor between forward and backward
----------------------------------------------
A Function keeps its inputs' arrays for backward (Mul keeps a and b, since d(ab)/da = b). If one of
them is changed in place before backward (``x.data[:] = 100``, or an ``optimizer.step()`` between
the forward pass and ``backward()``, as in an adversarial autoencoder's alternating updates), the
gradient would silently use the new values. tinyae detects this as PyTorch does, with a *version*
per tensor:

- every in-place write made by the engine goes through ``t.bump_version()`` (``Optimizer.step()``
  calls it for each parameter it updates, and so does a hand-written ``p -= lr * p.grad`` under
  ``no_grad``; assigning ``t.data = array`` bumps it too);
- a Function records the version of each input when it records the graph, and ``backward()``
  compares: a different version raises a RuntimeError naming the tensor, the Function that kept it,
  and what to do.

A write straight into the array, ``x.data[:] = 100``, never passes through the tensor, and NumPy and
CuPy cannot tell a read of ``x.data`` from a write (CuPy arrays have no read-only flag). So ``.data``
is a property: once a recorded graph has kept a tensor, the first time code *outside* tinyae asks
for its ``.data`` (or ``.numpy()``) the tensor keeps a copy of its values (the getter runs before
the write). When the
engine next looks at that tensor (a Function records it, or ``backward()`` checks it) it compares
the values with that copy, and a difference counts as a new version; the next hand-out copies
again. Reading ``.data`` is therefore always allowed. The cost: the engine's own reads (tinyae's
modules, told apart by the caller's module name) never copy, and an optimizer step bumps the
version before it reads its parameters, so a training loop copies nothing; a learner's read of a
kept tensor costs one copy (and one comparison later), until the tensor's next version.
Limits: a write through an array reference taken *before* the forward pass (``a = x.data;
y = f(x); a[:] = 0``), or through another tensor that views the same memory, is not seen; a
forward pass that uses the tensor again after the write records its new version, and only the
older graph fails; outputs are checked only for Functions whose backward reads them and that say
so with ``saves_output = True`` (tanh, sigmoid, relu, elu, exp, sqrt, pow, max, softmax and
log_softmax: every op whose backward reads y). Every input of a Function counts as kept
unless it sets ``saves_inputs = False`` (+, -, negation), so a change to an input whose values
backward does not need may raise where PyTorch would not.

Grad mode is per thread: ``no_grad()`` in one thread does not stop another thread's graph.
"""
from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from . import backend
from .backend import Array, DType
from .other_names import TENSOR_METHODS, no_attribute


class _GradMode(threading.local):
    enabled = True      # each thread starts with gradients on


_grad_mode = _GradMode()


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block no graph is recorded (evaluation, optimizer updates), in this thread only."""
    previous, _grad_mode.enabled = _grad_mode.enabled, False
    try:
        yield
    finally:
        _grad_mode.enabled = previous


def is_grad_enabled() -> bool:
    """False inside a no_grad() block of the calling thread."""
    return _grad_mode.enabled


_KEPT = object()    # snapshot state: kept by a recorded graph, no copy of the values taken yet


def _called_from_engine():
    """True when the code two frames up (the caller of a property getter) is part of tinyae."""
    module = sys._getframe(2).f_globals.get("__name__", "")
    return module == "tinyae" or module.startswith("tinyae.")


class Tensor:
    """An array (`.data`, NumPy or CuPy) with an optional gradient (`.grad`, same shape).

    Operators: a + b, a * b, a @ b, x[i], x.T, x.sum(), x.reshape(...) and the rest are put on Tensor by
    `_install_operators()` in tinyae/ops/__init__.py; a + b calls ops.arithmetic.add, whose AddOp (a
    Function, below) computes the sum and records the node of the graph. Comparisons (t > 0, t == 0,
    ...) give plain boolean arrays, element-wise and without a gradient. A one-element tensor is
    also a number: loss.item(), float(loss), f"{loss:.4f}" (a longer one says so, with its shape).
    NumPy's functions see a tensor that needs no gradient as its array (np.mean(t), plt.imshow(t))
    and refuse one that requires grad, whose graph they would drop.
    """

    __slots__ = ("_data", "grad", "_requires_grad", "creator", "name", "_version", "_snapshot",
                 "_sigmoid_input", "__weakref__")
    __array_priority__ = 1000  # so that ndarray + Tensor calls Tensor.__radd__

    def __init__(self, data: Array, requires_grad: bool = False, name: str | None = None) -> None:
        _check_array(data, "Tensor(data)")
        self._data = data
        self.grad = None
        self._requires_grad = False
        self.creator = None
        self.name = name
        self._version = 0
        self._snapshot = None
        self._sigmoid_input = None      # set by ops.sigmoid on its output: see ops.activations.logits_of
        if requires_grad:
            self.requires_grad = True

    # ----- the values, and changing them in place -----------------------------------------
    @property
    def data(self) -> Array:
        """The array. Reading it is always fine; after writing into it in place, engine code calls
        `bump_version()` (see the module docstring for how a learner's direct write is caught)."""
        if self._snapshot is _KEPT and not _called_from_engine():
            self._snapshot = self._data.copy()
        return self._data

    @data.setter
    def data(self, array: Array) -> None:
        _check_array(array, f"{self._label()}.data")
        self._data = array
        self.bump_version()

    def bump_version(self) -> None:
        """Record that the values changed in place: a graph recorded before this call that kept
        this tensor refuses to backpropagate (its gradient would use the new values)."""
        self._version += 1
        self._snapshot = None

    def _sync_version(self):
        """Turn a direct write into `.data`, seen against the copy of the values taken when `.data`
        was handed out, into a new version (call it only when `_snapshot` holds such a copy)."""
        xp = backend.array_module(self._data)
        if not bool(xp.array_equal(self._snapshot, self._data, equal_nan=True)):
            self._version += 1
        self._snapshot = _KEPT      # still kept by a graph: the next hand-out copies again

    @property
    def requires_grad(self) -> bool:
        """True for a tensor whose gradient backward() computes (a leaf) or that depends on one."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if value and self._data.dtype.kind != "f":
            raise TypeError(f"requires_grad=True needs a floating-point tensor, got {self._label()} of dtype "
                            f"{self._data.dtype}: only real numbers have gradients; cast it first with "
                            f".astype('float32')")
        self._requires_grad = bool(value)

    def _label(self):
        return f"tensor {self.name!r}" if self.name else f"tensor of shape {self._data.shape}"

    # ----- what a tensor is ---------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape, a tuple of ints."""
        return self._data.shape

    @property
    def dtype(self) -> DType:
        """The array's dtype (float32 unless asked otherwise)."""
        return self._data.dtype

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return self._data.ndim

    @property
    def size(self) -> int:
        """The number of elements, as NumPy's a.size (an int; calling it, PyTorch's t.size(0), says
        to write t.shape[0])."""
        return ElementCount(self._data.size)

    def __len__(self):
        """The length of the first axis, as len() of the array."""
        return len(self._data)

    def __setitem__(self, index, value):
        """t[i] = v is refused (PyTorch allows it): the graph records operations, not writes. The
        TypeError says what to write instead."""
        raise TypeError("a Tensor does not take item assignment (t[i] = v): the graph records operations, not "
                        "writes. Build a new tensor instead, e.g. ta.where(mask, value, t) to replace the values "
                        "where mask is True; to change a parameter's or a constant's values outside training, "
                        "write into its array: t.data[i] = v")

    def __bool__(self):
        """The truth of a one-element tensor, as NumPy: bool(tensor([0.0])) is False."""
        if self._data.size != 1:
            raise ValueError(f"the truth value of a tensor with {self._data.size} elements (shape {self.shape}) is "
                             f"ambiguous; use (t > 0).any() or .all() on its comparison, or t.item()")
        return bool(self._data)

    def __float__(self) -> float:
        """float(loss) and '%.4f' % loss: the value of a one-element tensor, as .item()."""
        return float(self._one_value("float()"))

    def __int__(self) -> int:
        """int(t): the value of a one-element tensor, truncated towards zero as Python's int()."""
        return int(self._one_value("int()"))

    def __format__(self, spec: str) -> str:
        """f"{loss:.4f}" formats a one-element tensor's number (as PyTorch does); without a spec,
        f"{t}" is the repr of any tensor."""
        if not spec:
            return repr(self)
        return format(self._one_value(f"the format spec {spec!r}"), spec)

    def __repr__(self):
        """tensor([...]) with the values, and requires_grad=True where it is."""
        body = repr(backend.to_numpy(self._data)).replace("array(", "tensor(", 1)
        return body if not self._requires_grad else body[:-1] + ", requires_grad=True)"

    def numpy(self) -> Array:
        """The values as a NumPy array: on NumPy the tensor's own array (shared memory, as PyTorch's
        Tensor.numpy()), copied from the GPU on CuPy. Handed out like `.data`, so a write into it
        after a forward pass is caught the same way (see the module docstring)."""
        if self._snapshot is _KEPT and not _called_from_engine():
            self._snapshot = self._data.copy()
        return backend.to_numpy(self._data)

    def __array__(self, dtype: DType | None = None, copy: bool | None = None) -> Array:
        """np.asarray(t), and so plt.imshow(t) or np.exp(t): the values of a tensor that needs no
        gradient, on NumPy (shared memory, as .numpy()). A tensor that requires grad is refused, as
        PyTorch refuses it: np.exp(t) would drop its graph (ta.exp(t) keeps it), and without this
        NumPy would take the tensor for a list and build an array of one-element tensors. A CuPy
        tensor is refused too, as CuPy refuses implicit copies from the GPU."""
        array = self._values_for_numpy("NumPy (np.asarray, a ufunc such as np.exp, or a plot)")
        if dtype is not None:
            array = array.astype(dtype, copy=False)
        if copy:
            return array.copy() if array is self._data else array
        if copy is False and array is not self._data:
            raise ValueError(f"np.asarray(t, dtype={dtype}, copy=False): the {self.dtype} values need a copy "
                             f"to become {dtype}")
        return array

    def __array_function__(self, func: Callable, types: tuple, args: tuple, kwargs: dict) -> Any:
        """np.mean(t), np.concatenate([t, u]), ...: the NumPy function on the tensors' values, under
        the rule of __array__ (NumPy would otherwise call t.mean(dtype=..., out=...))."""
        name = f"np.{func.__name__}"
        return func(*_numpy_values(args, name), **_numpy_values(kwargs, name))

    def _values_for_numpy(self, name):
        """The NumPy array NumPy's `name` may use instead of this tensor (see __array__)."""
        if self._requires_grad:
            raise TypeError(f"{name} got a tensor of shape {self.shape} that requires grad: NumPy would drop its "
                            f"graph. Use tinyae's op to keep the gradient (ta.exp(t), t.mean(), ...), t.numpy() "
                            f"for the values, or loss.item() for a number")
        if backend.backend_of(self._data) != "numpy":
            raise TypeError(f"{name} got a CuPy tensor of shape {self.shape}; copy it from the GPU first with "
                            f"t.numpy()")
        if self._snapshot is _KEPT:             # handed out like .data: see the module docstring
            self._snapshot = self._data.copy()
        return self._data

    def __getattr__(self, name: str) -> Any:
        """Called only for an attribute a tensor does not have: the AttributeError says how to write
        PyTorch's tensor method of that name in tinyae (other_names.TENSOR_METHODS), e.g. view -> reshape."""
        raise no_attribute(f"{type(self).__name__!r} object", name, TENSOR_METHODS)

    def item(self) -> float:
        """The value of a one-element tensor as a Python number (for a log line: loss.item())."""
        return self._one_value("item()")

    def _one_value(self, caller):
        """The single number this tensor holds, or a ValueError saying that `caller` needs one."""
        if self._data.size != 1:
            raise ValueError(f"{caller} needs a one-element tensor, got shape {self.shape} ({self._data.size} "
                             f"elements); reduce it first (.sum(), .mean()) or index one element")
        return self._data.item()

    def detach(self) -> Tensor:
        """The same values, cut off from the graph (no gradient flows through)."""
        return Tensor(self._data)

    def zero_grad(self) -> None:
        """Forget the accumulated gradient (.grad = None), as before the next backward()."""
        self.grad = None

    # ----- backpropagation ----------------------------------------------------------------
    def backward(self, grad: TensorLike | None = None, retain_graph: bool = False) -> None:
        """Accumulate dL/dleaf into `.grad` of every leaf tensor that requires a gradient.

        `grad` is dL/dself; it may be left out only when self holds a single number (the loss).
        """
        if not self._requires_grad:
            raise RuntimeError("backward() on a tensor that does not require grad: no input of the "
                               "computation had requires_grad=True (or it ran under no_grad())")
        if grad is None:
            if self._data.size != 1:
                raise RuntimeError(f"backward() without a gradient needs a single-number tensor, got "
                                   f"shape {self.shape}; pass grad=dL/dy of that shape")
            grad = backend.array_module(self._data).ones_like(self._data)
        else:
            grad = grad._data if isinstance(grad, Tensor) else backend.as_array(grad, self.dtype)
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
            _check_unchanged(fn, tensor)
            gxs = fn.backward(gy)
            if not isinstance(gxs, tuple):
                gxs = (gxs,)
            for x, gx in zip(fn.inputs, gxs):
                if gx is None or not x._requires_grad:
                    continue
                if x.creator is None:       # leaf: accumulate (out of place: gx may be shared)
                    x.grad = gx if x.grad is None else x.grad + gx
                else:
                    key = id(x)
                    previous = grads.get(key)
                    grads[key] = gx if previous is None else previous + gx
            if not retain_graph:
                fn.release()


# a Tensor, or what ta.tensor makes one from: an array, a number, a (nested) list of numbers
TensorLike = Tensor | Array | float | list


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


def version_now(x: Tensor) -> int:
    """x's version now: a direct write into `.data` since the copy handed out with it (see the module
    docstring) counts as a new version first."""
    if x._snapshot is not None and x._snapshot is not _KEPT:
        x._sync_version()
    return x._version


def _keep(x):
    """Mark `x` as kept by a graph, after turning any direct write into a version; its version."""
    version = version_now(x)
    x._snapshot = _KEPT
    return version


def _check_unchanged(fn, output):
    """Raise if an array that `fn` kept for its backward was changed in place since the forward."""
    kept = zip(fn.inputs, fn.versions) if fn.saves_inputs else ()
    if fn.saves_output:
        kept = [*kept, (output, 0)]
    for k, (x, version) in enumerate(kept):
        if version_now(x) != version:
            role = "its output" if x is output else f"its input {k}"
            what = f"{x._label()} ({x.dtype}, shape {x.shape})" if x.name else f"a {x.dtype} tensor of shape {x.shape}"
            raise RuntimeError(
                f"backward(): {what}, {role}, which {type(fn).__name__} kept for its gradient, was changed in "
                f"place after the forward pass (version {version} then, {x._version} now), so the gradient "
                f"would be computed from the new values. Something wrote into it between the forward pass "
                f"and backward(): an optimizer.step(), or a write into .data. Call backward() before "
                f"changing it, or run the forward pass again after the change (or give the computation "
                f"a copy: x.detach() shares memory, ta.tensor(x.numpy()) does not).")


class Function:
    """One differentiable operation y = f(x_1, ..., x_n).

    Subclasses implement `forward(*arrays) -> array` and `backward(gy) -> gx or (gx_1, ..., gx_n)`,
    where gy = dL/dy and gx_k = dL/dx_k (None for an input that needs no gradient). Anything that
    backward needs is saved on `self` during forward, so an instance serves one call only: build a
    new one per use (``TanhOp()(x)``, or the function ``ops.tanh(x)``).

    `saves_inputs` (True unless a subclass says otherwise) and `saves_output` say whether backward
    reads the inputs' or the output's values; backward refuses to run if those were changed in
    place after the forward pass (see the module docstring).
    """

    inputs = None
    saves_inputs = True
    saves_output = False
    _used = False

    def __call__(self, *inputs: TensorLike) -> Tensor:
        if self._used:
            raise RuntimeError(f"this {type(self).__name__} instance was already called once: a Function keeps "
                               f"what its backward needs from its one call, so a second call would mix two "
                               f"graphs. Create a new one for each call ({type(self).__name__}(...)(x)).")
        self._used = True
        xs = [x if isinstance(x, Tensor) else Tensor(backend.as_array(x)) for x in inputs]
        y = Tensor(self.forward(*[x._data for x in xs]))
        if _grad_mode.enabled and any(x._requires_grad for x in xs):
            y._requires_grad = True
            y.creator = self
            self.inputs = xs
            if self.saves_inputs:       # the versions backward compares with
                self.versions = [_keep(x) for x in xs]
            if self.saves_output:
                y._snapshot = _KEPT
        return y

    def forward(self, *xs: Array) -> Array:
        """y = f(x_1, ..., x_n) on plain arrays (the inputs' .data), written by each subclass; it
        saves on self whatever backward will need."""
        raise NotImplementedError

    def backward(self, gy: Array) -> Array | tuple[Array | None, ...] | None:
        """Given gy = dL/dy (y's shape), return dL/dx_k for each input (its shape; a tuple when there
        are several, None for one that needs no gradient), written by each subclass."""
        raise NotImplementedError

    def release(self) -> None:
        """Drop the saved inputs and arrays so that the graph's memory can be freed."""
        self.__dict__.clear()
        self._used = True


def tensor(data: TensorLike, requires_grad: bool = False, dtype: DType | str | None = None,
           name: str | None = None) -> Tensor:
    """A tensor from a list, a number, a NumPy/CuPy array or another tensor, on the backend in use.

    The dtype is float32 unless `dtype` says otherwise (a float64 NumPy array becomes float32:
    ask for dtype="float64" to keep it, e.g. for gradcheck); a tensor keeps its own dtype.
    A tensor that requires grad gets its own copy of the values (an optimizer will change them in
    place); a constant may share memory with a NumPy array of the same dtype, like torch.as_tensor.
    """
    if data is None:
        raise TypeError("tensor(data): data is None; expected a number, a list, an array or a tensor")
    if isinstance(data, Tensor):
        dtype, data = dtype or data.dtype, data._data
    if isinstance(data, (list, tuple)) and any(isinstance(v, Tensor) and v.requires_grad for v in data):
        raise TypeError("tensor(data): the list holds tensors that require grad, whose graphs a new tensor would "
                        "drop; ta.stack(list) makes one tensor of them and keeps the gradient, and "
                        "[t.item() for t in list] gives their numbers")
    array = backend.as_array(data, dtype or backend.DEFAULT_DTYPE)
    if requires_grad and array is data:
        array = array.copy()
    return Tensor(array, requires_grad=requires_grad, name=name)


def as_tensor(value: TensorLike, like: Tensor | None = None) -> Tensor:
    """`value` if it is a Tensor, else a constant tensor (a number takes `like`'s dtype, so that
    float32 stays float32).

    Integer and bool tensors combine only with numbers of their own kind (int with int, bool with
    bool), which they hold exactly; `int_tensor * 0.5` raises a TypeError instead of rounding 0.5
    to 0 (NumPy would give float64, which tinyae never makes silently): cast with .astype first."""
    if isinstance(value, Tensor):
        return value
    if like is not None and not backend.is_array(value):
        kind = like.dtype.kind
        if kind != "f" and _number_kind(value) not in ("b" if kind == "b" else "biu"):
            raise TypeError(f"a {like.dtype} tensor cannot be combined with {value!r}: it would be converted "
                            f"to {like.dtype}; cast the tensor first, e.g. t.astype('float32')")
        return Tensor(backend.array_module(like._data).asarray(value, dtype=like.dtype))
    return Tensor(backend.as_array(value))


def _number_kind(value):
    """NumPy's kind letter of a Python or NumPy number: "b" bool, "i" int, "f" float, ..."""
    if isinstance(value, bool):
        return "b"
    if isinstance(value, int):
        return "i"
    dtype = getattr(value, "dtype", None)       # a NumPy scalar
    return dtype.kind if dtype is not None else "f"


class ElementCount(int):
    """t.size: an int, the number of elements (NumPy's meaning). PyTorch's t.size() and t.size(0)
    call it, which an int would answer with "'int' object is not callable"; this one says what to
    write instead."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"t.size is the number of elements here ({int(self)}), as in NumPy, not a method: "
                        f"PyTorch's t.size() is t.shape and t.size(0) is t.shape[0]")


def _numpy_values(value, name):
    """`value` (an argument of NumPy's function `name`) with each tensor in it, also inside lists,
    tuples and dicts, replaced by its array (Tensor._values_for_numpy)."""
    if isinstance(value, Tensor):
        return value._values_for_numpy(name)
    if isinstance(value, (list, tuple)):
        return type(value)(_numpy_values(v, name) for v in value)
    if isinstance(value, dict):
        return {k: _numpy_values(v, name) for k, v in value.items()}
    return value


def _check_array(data, what):
    if not backend.is_array_or_scalar(data):
        raise TypeError(f"{what}: data must be a NumPy or CuPy array, got {type(data).__name__}; "
                        f"build a tensor from a list or a number with ta.tensor(...)")
