"""The optimizer base class: the loop over parameters that every update rule shares."""
from .. import backend
from ..tensor import Tensor

FLAVORS = ("torch", "keras")


class Optimizer:
    """Updates parameters in place from their `.grad`, skipping frozen ones (requires_grad False)
    and ones that got no gradient. `flavor` says whose formulas and defaults are used: "torch"
    (PyTorch's documented algorithm, the default) or "keras"; build the Keras flavour with the
    class method `keras()`, which also fills in Keras's defaults.

    Subclasses implement `update(p, grad, state)`, where `state` is a dict of arrays owned by this
    optimizer for parameter `p` (moment estimates, ...), created empty on the first step.
    """

    def __init__(self, params, lr, flavor="torch"):
        params = list(params)
        if not params:
            raise ValueError(f"{type(self).__name__}: got an empty parameter list")
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{type(self).__name__}: parameter {i} is a {type(p).__name__}, expected a Parameter")
        if flavor not in FLAVORS:
            raise ValueError(f"{type(self).__name__}: flavor must be one of {FLAVORS}, got {flavor!r}")
        if lr < 0:
            raise ValueError(f"{type(self).__name__}: lr must be >= 0, got {lr!r}")
        unique = {id(p): p for p in params}   # a shared (tied) parameter is updated once
        self.params = list(unique.values())
        self.lr = lr
        self.flavor = flavor
        self.iterations = 0
        self.state = {id(p): {} for p in self.params}

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        """One update of every trainable parameter that has a gradient."""
        self.iterations += 1
        for p in self.params:
            if p.requires_grad and p.grad is not None:
                p.bump_version()    # graphs recorded before this step refuse to backpropagate
                state = self.state[id(p)]
                self._follow(p, state)
                self.update(p, p.grad, state)

    def update(self, p, grad, state):
        raise NotImplementedError

    @staticmethod
    def _follow(p, state):
        """Move the state arrays to the parameter's backend and dtype after `module.to(...)`."""
        xp = backend.array_module(p.data)
        for key, value in state.items():
            if not backend.is_array(value):     # a step count
                continue
            if backend.array_module(value) is not xp:
                value = backend.to_backend(value, backend.backend_of(p.data))
            state[key] = value.astype(p.dtype, copy=False)

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr}, flavor={self.flavor!r})"
