"""The optimizer base class: what every update rule shares (the loop over parameters, weight
decay, setting up and saving the per-parameter state, checking the hyper-parameters)."""
import inspect
import math
from collections.abc import Iterable
from typing import Any

from .. import backend
from ..arguments import is_int, is_number
from ..backend import Array
from ..other_names import OPTIMIZER_ATTRIBUTES, no_attribute
from ..tensor import Tensor

FLAVORS = ("torch", "keras")

# The allowed values of each hyper-parameter, by name: (test, what the error message says).
RULES = {
    "lr": (lambda v: v >= 0, "a finite real number >= 0"),
    "eps": (lambda v: v > 0, "a finite real number > 0"),
    "weight_decay": (lambda v: v >= 0, "a finite real number >= 0"),
    "momentum": (lambda v: v >= 0, "a finite real number >= 0"),
    "beta1": (lambda v: 0 <= v < 1, "a real number in [0, 1)"),
    "beta2": (lambda v: 0 <= v < 1, "a real number in [0, 1)"),
    "rho": (lambda v: 0 <= v < 1, "a real number in [0, 1)"),
    "alpha": (lambda v: 0 <= v < 1, "a real number in [0, 1)"),
    "nesterov": (None, "True or False"),
}


def check_hyperparameter(owner, name, value):
    """`value` as a float when it is a finite real number in the range RULES[name] allows (a bool
    for a switch); otherwise a TypeError (not a number: a string, a bool, None) or a ValueError
    naming the argument and the value."""
    test, allowed = RULES[name]
    if test is None:                                  # a switch
        if not isinstance(value, bool):
            raise TypeError(f"{owner}: {name} must be {allowed}, got {type(value).__name__} {value!r}")
        return value
    if not is_number(value):
        raise TypeError(f"{owner}: {name} must be {allowed}, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and test(value)):
        raise ValueError(f"{owner}: {name} must be {allowed}, got {value!r}")
    return float(value)


def keras_lr(keras, lr, learning_rate):
    """The learning rate of the constructor `keras` (a class's keras()), which takes Keras 2's `lr`
    or tf.keras 2.3+'s name for it, `learning_rate` (one of the two: an lr other than keras()'s own
    default, with a learning_rate too, is refused)."""
    if learning_rate is None:
        return lr
    if lr != inspect.signature(keras).parameters["lr"].default:
        raise TypeError(f"{keras.__qualname__}: got lr={lr!r} and learning_rate={learning_rate!r}; they are one "
                        f"setting (learning_rate is tf.keras 2.3+'s name for lr): give one")
    return learning_rate


def _is_count(value):
    """True for an integer >= 0: a Python or NumPy int, or a 0-d integer array (as a .npz stores it)."""
    if backend.is_array(value):
        return value.ndim == 0 and value.dtype.kind in "iu" and int(value) >= 0
    return is_int(value) and value >= 0


def _parameter_list(params, owner):
    """`params` when it is an iterable of parameters; a model, a single tensor or a non-iterable is a
    TypeError that says what to pass. (A single tensor is iterable, by rows: taken as the list of its
    rows, its updates would silently go nowhere.)"""
    if callable(getattr(params, "parameters", None)):
        raise TypeError(f"{owner}: got the {type(params).__name__} itself; pass its parameters: "
                        f"{owner}(model.parameters(), ...)")
    if isinstance(params, Tensor):
        raise TypeError(f"{owner}: params must be a list of parameters, got a single Tensor of shape "
                        f"{params.shape}; wrap it: {owner}([w], ...)")
    try:
        return iter(params)
    except TypeError:
        raise TypeError(f"{owner}: params must be an iterable of parameters (model.parameters()), got "
                        f"{type(params).__name__} {params!r}") from None


class Optimizer:
    """Updates parameters in place from their `.grad`, skipping frozen ones (requires_grad False)
    and ones that got no gradient. `flavor` says whose formulas and defaults are used: "torch"
    (PyTorch's documented algorithm, the default) or "keras"; build the Keras flavour with the
    class method `keras()`, which also fills in Keras's defaults.

    The hyper-parameters (lr, eps, betas, ...) are checked here for every optimizer (see RULES),
    also when one is changed later (`optimizer.lr = 0.01`, a learning-rate schedule). Weight
    decay is L2 added to the gradient before the update rule, as PyTorch does:
    g <- g + weight_decay * p.

    Subclasses implement `init_state(p)` (the arrays the rule keeps for parameter p, created on
    its first step) and `update(p, grad, state)`. `state_names` lists the entries of that state
    that are the rule's memory (moments, step counts); the others are reused work buffers, which
    state_dict() leaves out. `count_names` lists those of them that are step counts (Python ints);
    every other entry is an array of the parameter's shape (0-d for a scalar parameter).

    Plain versions: tinyae/plain/optimizers.py writes each rule (sgd, adam, adadelta, rmsprop, and
    their Keras flavours) as its formula in a few lines that allocate new arrays. The subclasses
    here update in place through reused scratch buffers, which saves the allocations: one step
    over a benchmark model's parameters is 0.9x to 2.1x as fast as the plain one in three runs of
    `python -m tinyae.bench.plain_vs_fast` (medians of 5; Keras Adadelta gains little, 0.9-1.2x, the
    others 1.0x to 1.5x in the quiet runs), the same numbers to float32 rounding
    (tests/test_plain_versions.py).
    """

    state_names = ()
    count_names = ()
    _built = False          # True once __init__ is done: no new attribute after that (see __setattr__)

    def __init__(self, params: Iterable[Tensor], flavor: str = "torch", **hyperparameters: float | bool) -> None:
        owner = type(self).__name__
        params = list(_parameter_list(params, owner))
        if not params:
            raise ValueError(f"{owner}: got an empty parameter list")
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                groups = ("; PyTorch's parameter groups ({'params': ..., 'lr': ...}) have no tinyae form: build "
                          "one optimizer per group and call step() on each") if isinstance(p, dict) else ""
                raise TypeError(f"{owner}: parameter {i} is a {type(p).__name__}, expected a Parameter{groups}")
        if flavor not in FLAVORS:
            raise ValueError(f"{owner}: flavor must be one of {FLAVORS}, got {flavor!r}")
        for name, value in hyperparameters.items():
            setattr(self, name, value)          # checked by __setattr__
        self.hyperparameter_names = tuple(hyperparameters)
        unique = {id(p): p for p in params}   # a shared (tied) parameter is updated once
        self.params = list(unique.values())
        self.flavor = flavor
        self.iterations = 0
        self.state = {id(p): {} for p in self.params}
        self._built = True

    def __setattr__(self, name, value):
        """Assigning a hyper-parameter checks it as the constructor does (opt.lr = nan is refused).
        Once built, an optimizer takes no new attribute: opt.epsilon = 1e-8 (Keras's name for eps)
        or adam.momentum = 0.9 would change nothing, and is refused with what to write instead."""
        if self._built and name not in self.__dict__ and not hasattr(type(self), name):
            owner = type(self).__name__
            hint = OPTIMIZER_ATTRIBUTES.get(name) or f"its hyper-parameters are {', '.join(self.hyperparameter_names)}"
            raise AttributeError(f"{owner} has no attribute {name!r}, so setting it would change nothing; {hint}")
        if name in RULES:
            value = check_hyperparameter(type(self).__name__, name, value)
        super().__setattr__(name, value)

    def __getattr__(self, name):
        """Called only for an attribute the optimizer lacks: PyTorch's and Keras's names say what
        tinyae has (other_names.OPTIMIZER_ATTRIBUTES)."""
        raise no_attribute(f"{type(self).__name__!r} object", name, OPTIMIZER_ATTRIBUTES)

    @property
    def learning_rate(self) -> float:
        """tf.keras's name for lr (optimizer.learning_rate = 1e-4 sets lr)."""
        return self.lr

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        self.lr = value

    def zero_grad(self) -> None:
        """Forget the gradients of this optimizer's parameters (.grad = None) before the next
        backward(), which would otherwise add to them."""
        for p in self.params:
            p.grad = None

    def step(self) -> None:
        """One update of every trainable parameter that has a gradient. When none has one (no
        backward() since zero_grad(): the order slip backward, zero_grad, step), a RuntimeError
        instead of an update that silently changes nothing (PyTorch's step() says nothing)."""
        trained = [p for p in self.params if p.requires_grad and p.grad is not None]
        if not trained:
            raise RuntimeError(f"{type(self).__name__}.step(): none of its {len(self.params)} parameters has a "
                               f"gradient, so nothing would change; the order is optimizer.zero_grad(), "
                               f"loss.backward(), optimizer.step()")
        self.iterations += 1
        for p in trained:
            p.bump_version()        # graphs recorded before this step refuse to backpropagate
            state = self.state[id(p)]
            if not state:
                state.update(self.init_state(p))
            self._follow(p, state)
            self.update(p, self._with_weight_decay(p), state)

    def init_state(self, p: Tensor) -> dict[str, Array | int]:
        """The state of parameter p before its first update: {name: array or step count}."""
        return {}

    def update(self, p: Tensor, grad: Array, state: dict[str, Array | int]) -> None:
        """One application of the rule to parameter p, in place: `grad` is dL/dp (weight decay already
        added), `state` the dict init_state made for p, which the rule also updates in place. Written
        by each subclass; its class docstring gives the formula."""
        raise NotImplementedError

    def _with_weight_decay(self, p):
        """g + weight_decay * p (L2 on the gradient; a new array, p.grad is left as it is)."""
        return p.grad + self.weight_decay * p.data if self.weight_decay else p.grad

    @staticmethod
    def _follow(p, state):
        """Move the state arrays to the parameter's backend and dtype after `module.to(...)`."""
        data = p.data
        xp = backend.array_module(data)
        for key, value in state.items():
            if type(value) is type(data) and value.dtype == data.dtype:
                continue                        # already where p is: every step but the first after .to()
            if not backend.is_array(value):     # a step count
                continue
            if backend.array_module(value) is not xp:
                value = backend.to_backend(value, backend.backend_of(p.data))
            state[key] = value.astype(p.dtype, copy=False)

    # ----- saving and resuming ----------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Everything needed to resume training exactly, keyed like PyTorch by parameter position
        (the order of `self.params`):

            {"type": "Adam", "flavor": "keras", "iterations": 120,
             "hyperparameters": {"lr": 0.001, "beta1": 0.9, ...},
             "shapes": [(784, 32), (32,), ...],          # of every parameter, so a load can check them
             "state": {0: {"m": array, "v": array, "step": 120}, 1: {...}, ...}}

        Arrays are copies; parameters that have not been updated yet have no entry."""
        state = {}
        for i, p in enumerate(self.params):
            saved = {k: v for k, v in self.state[id(p)].items() if k in self.state_names}
            if saved:
                state[i] = {k: v.copy() if backend.is_array(v) else v for k, v in saved.items()}
        return {"type": type(self).__name__, "flavor": self.flavor, "iterations": self.iterations,
                "hyperparameters": {name: getattr(self, name) for name in self.hyperparameter_names},
                "shapes": [p.shape for p in self.params], "state": state}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Put back what state_dict() returned (for the same kind of optimizer over as many
        parameters of the same shapes, in the same order). Everything is checked first: a
        ValueError lists every difference and nothing changes."""
        owner = type(self).__name__
        if state_dict["type"] != owner or state_dict["flavor"] != self.flavor:
            raise ValueError(f"{owner}.load_state_dict: the state was saved by the optimizer {state_dict['type']} "
                             f"(flavor {state_dict['flavor']!r}), this optimizer is {owner} (flavor {self.flavor!r})")
        problems = []
        saved_shapes, shapes = [tuple(shape) for shape in state_dict["shapes"]], [p.shape for p in self.params]
        if saved_shapes != shapes:
            problems.append(f"the state is of {len(saved_shapes)} parameters of shapes {saved_shapes}, this "
                            f"optimizer has {len(shapes)} parameters of shapes {shapes}")
        if set(state_dict["hyperparameters"]) != set(self.hyperparameter_names):
            problems.append(f"hyper-parameters {sorted(state_dict['hyperparameters'])} in the state, "
                            f"{sorted(self.hyperparameter_names)} here")
        for i, saved in state_dict["state"].items():
            if not 0 <= i < len(self.params):
                problems.append(f"state for parameter {i}, but this optimizer has {len(self.params)} parameters")
                continue
            p = self.params[i]
            for key, value in saved.items():
                if key not in self.state_names:
                    problems.append(f"parameter {i}: unexpected entry {key!r} (expected {list(self.state_names)})")
                elif key in self.count_names:
                    if not _is_count(value):
                        problems.append(f"parameter {i}: {key} must be a step count (an integer >= 0), "
                                        f"got {type(value).__name__} {value!r}")
                elif not backend.is_array(value):
                    problems.append(f"parameter {i}: {key} must be an array of shape {p.shape}, "
                                    f"got {type(value).__name__} {value!r}")
                elif tuple(value.shape) != p.shape:
                    problems.append(f"parameter {i}: {key} has shape {tuple(value.shape)} in the state, "
                                    f"the parameter {p.shape}")
        if problems:
            raise ValueError(f"{owner}.load_state_dict: the state does not fit this optimizer:\n  "
                             + "\n  ".join(problems))
        hyper = {name: check_hyperparameter(owner, name, value)
                 for name, value in state_dict["hyperparameters"].items()}
        for name, value in hyper.items():
            setattr(self, name, value)
        self.iterations = int(state_dict["iterations"])
        for i, p in enumerate(self.params):
            state = self.state[id(p)]
            state.clear()
            if i in state_dict["state"]:
                state.update(self.init_state(p))   # the work buffers
                for key, value in state_dict["state"][i].items():
                    state[key] = int(value) if key in self.count_names else value.astype(p.dtype)
                self._follow(p, state)

    def __repr__(self):
        hyper = ", ".join(f"{name}={getattr(self, name)}" for name in self.hyperparameter_names)
        return f"{type(self).__name__}({hyper}, flavor={self.flavor!r})"
