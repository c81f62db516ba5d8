"""Modules: the building blocks of a network, in the style of PyTorch's nn.Module.

A module holds parameters and sub-modules as attributes; assigning one registers it, so
`parameters()` finds every weight of a network by walking the tree. A parameter shared by two
modules (the tied weights W and W^T of an autoencoder) is listed once and so updated once.

Names. Every module has a `.name`: the one given (`nn.Dense(784, 32, name="code")`, or
`layer.name = "code"`), else Keras's automatic name, the class name in snake case ("dense",
"conv2d_transpose", "re_lu", "sequential"). Names are unique within a model: whenever a module gets
a sub-module, every automatic name in its tree that repeats an earlier one (in tree order) becomes
the next free "dense_1", "dense_2", ...; given names never change, and two modules given the same
name in one tree are an error. There is no global counter, so a freshly built model always gets
the same names, those of a fresh Keras session: Sequential(Dense, Dense) has "dense" and "dense_1",
and Sequential(encoder, decoder) built from two such Sequentials has dense, dense_1, dense_2,
dense_3. (A sub-model's automatic names can therefore change when it is put into a bigger model.)

Reaching inside:
    model.layers                 the layers, in order, each once (see `layers`)
    model.get_layer("code")      one module by name (KeyError listing the names)
    model.get_weights()          NumPy copies of the parameters, Keras's order; set_weights(list)
    model[:2]                    (a Sequential) the encoder half, sharing the trained layers

The output of a named layer: the one way is `capture`, a block inside which every call of the
named layers is recorded in the object it yields (the model keeps no reference after the block):

    with model.capture("code") as outputs:            # in a training step:
        x_hat = model(x)                              # outputs["code"] is part of this graph,
    loss = losses.mse(x_hat, x) + 3 * losses.sparsity_kl(outputs["code"], 0.05)   # so it trains

    model.eval()                                      # the codes of the test set:
    with ta.no_grad(), model.capture("code") as outputs:
        model(ta.tensor(x_test))                      # no graph is built or kept
    codes = outputs["code"].numpy()

outputs["code"] is the output of the one call of that layer in the block; when it ran several times
(a loop over batches, ta.Model's predict), outputs.all("code") lists every call's output in order.

Regularisers (tinyae.regularizers). A layer's kernel_regularizer / bias_regularizer penalise its W /
b; its activity_regularizer penalises its output, computed on every forward pass.
`regularization_terms()` gives each current term by name, `regularization_loss()` their sum.
Any module may set `self.activity_regularizer` (it applies to the module's output); the kernel and
bias regularisers are for layers whose weights are `W` and `b`.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .. import backend, regularizers
from .. import tensor as autograd
from ..backend import Array, DType
from ..other_names import MODULE_ATTRIBUTES, no_attribute
from ..tensor import Tensor
from .parameter import Parameter


def _hidden_kind(value):
    """"modules" for a Module, or a list, tuple or dict holding one at any depth; else "Parameters"
    for a Parameter or a container holding one; else None. Inside a container, these are what
    parameters() would miss."""
    if isinstance(value, Module):
        return "modules"
    if isinstance(value, Parameter):
        return "Parameters"
    if not isinstance(value, (list, tuple, dict)):
        return None
    kinds = {_hidden_kind(item) for item in (value.values() if isinstance(value, dict) else value)}
    return "modules" if "modules" in kinds else "Parameters" if "Parameters" in kinds else None


def _hidden_message(where, name, value, kind):
    """Why `value`, a container holding `kind` ("modules" or "Parameters"), may not be stored as it
    is, and the fix."""
    if kind == "modules" and not isinstance(value, dict):
        fix = f"use nn.ModuleList({name}) instead"
    elif kind == "modules":
        fix = "give each its own attribute (self.encoder = ...) or put them in an nn.ModuleList"
    else:
        fix = "give each its own attribute (self.W1 = nn.Parameter(...))"
    return (f"{where}: a {type(value).__name__} of {kind} would hide them from parameters(), so no optimizer "
            f"would train them; {fix}")


def default_name(cls):
    """Keras's automatic layer name, its to_snake_case of the class name: "Dense" -> "dense",
    "Conv2DTranspose" -> "conv2d_transpose", "ReLU" -> "re_lu", "MaxPool2D" -> "max_pool2d"."""
    name = re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", cls.__name__)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name if not name.startswith("_") else "private" + name


class Module:
    """The base class of every layer and model. To write your own, subclass it, assign its parameters
    and sub-modules as attributes in __init__, and compute the output in forward():

        class TiedAutoencoder(nn.Module):
            def __init__(self, n_in=784, n_code=32):
                self.encoder = nn.Dense(n_in, n_code, activation="sigmoid")   # a sub-module
                self.b_out = nn.Parameter(ta.backend.xp.zeros(n_in, dtype="float32"))   # its own parameter

            def forward(self, x):
                h = self.encoder(x)
                return ta.sigmoid(h @ self.encoder.W.T + self.b_out)          # W^T: the tied decoder

    Calling the module, `model(x)`, runs forward() and then what every module does after it (its
    activity regulariser, the `capture` blocks open on it). What assignment registers:
    - a Parameter (parameters() lists it, the optimizer updates it, get_weights() saves it);
    - a Module (its parameters become this module's, and it gets a unique name);
    - a list of modules is refused: wrap it, `self.blocks = nn.ModuleList(blocks)`;
    - so is a leaf tensor with requires_grad=True that is not a Parameter (it would never be trained).
    Anything else (a number, an array, a function) is an ordinary attribute. Calling
    super().__init__() is optional (the registries are made in __new__); pass `name=` to it, or set
    `self.name`, to give the module a name. `train()` / `eval()` set `self.training` on the whole tree,
    for layers that behave differently in training (Dropout, GaussianNoise).
    """
    training = True
    kernel_regularizer = bias_regularizer = activity_regularizer = None

    def __new__(cls, *args, **kwargs):
        # the registries exist before any __init__ runs, so subclasses need not call super().__init__()
        self = super().__new__(cls)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "_name", default_name(cls))
        object.__setattr__(self, "_name_given", False)
        object.__setattr__(self, "_activity", None)      # (term, were gradients on) of the last forward pass
        object.__setattr__(self, "_captures", [])        # (LayerOutputs, name) of the capture() blocks open on us
        return self

    def __init__(self, name: str | None = None) -> None:
        # layers without arguments of their own (Tanh, Flatten, ...) take name= through this
        self.name = name

    def __setattr__(self, name, value):
        own = getattr(type(self), name, None)
        if isinstance(own, property) and own.fset is None:
            raise AttributeError(f"{type(self).__name__}.{name}: every module already has .{name}, a read-only "
                                 f"property (help(nn.Module.{name})); store yours under another name, such as "
                                 f"self.blocks")
        self._parameters.pop(name, None)
        self._modules.pop(name, None)
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        elif isinstance(value, (list, tuple, dict)) and (kind := _hidden_kind(value)):
            raise TypeError(_hidden_message(f"{type(self).__name__}.{name}", name, value, kind))
        elif isinstance(value, Tensor) and value.requires_grad and value.creator is None:
            raise TypeError(f"{type(self).__name__}.{name}: a Tensor with requires_grad=True is not a "
                            f"parameter: parameters() would leave it out and no optimizer would update it. "
                            f"Use nn.Parameter(values) to train it, or a tensor without requires_grad for "
                            f"a constant")
        object.__setattr__(self, name, value)
        if isinstance(value, Module):
            self._make_names_unique()

    def __getattr__(self, name: str) -> Any:
        """Called only for an attribute the module does not have: the AttributeError says where
        Keras's and PyTorch's names for it are in tinyae (other_names.MODULE_ATTRIBUTES)."""
        raise no_attribute(f"{type(self).__name__!r} object", name, MODULE_ATTRIBUTES)

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The module's computation, written by each subclass: takes tensors, returns tensor(s) built
        with ta.ops so that autograd can walk back through them. Call the module, model(x), rather
        than forward(x): the call also applies the activity regulariser and the capture blocks."""
        typo = _misspelt_forward(type(self))
        hint = f" (it defines {typo}(): a misspelling?)" if typo else ""
        raise NotImplementedError(f"{type(self).__name__} must define forward(){hint}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        output = self.forward(*args, **kwargs)
        if not isinstance(output, Tensor):
            _refuse_arrays(self, output)
        if self.activity_regularizer is not None:
            term = regularizers.activity_term(self.activity_regularizer, output)
            object.__setattr__(self, "_activity", (term, autograd.is_grad_enabled()))   # replaces the last batch's
        for outputs, name in self._captures:
            outputs.record(name, output)
        return output

    # ----- names --------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The given name, or the automatic Keras-style one ("dense", "dense_1", ...); see the module
        docstring. Assign a str to name the module, None to go back to the automatic name."""
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        if value is None:     # automatic (new layers may write `self.name = name` with name=None)
            object.__setattr__(self, "_name", default_name(type(self)))
            object.__setattr__(self, "_name_given", False)
            return
        if not isinstance(value, str) or not value or "." in value:
            raise ValueError(f"{type(self).__name__}: name must be a non-empty str without '.', got {value!r}")
        object.__setattr__(self, "_name", value)
        object.__setattr__(self, "_name_given", True)

    def _make_names_unique(self):
        """Given names are kept (and must differ); an automatic name that repeats an earlier one in
        tree order becomes the next free base_1, base_2, ... This module, the container being built,
        comes last: the modules inside it were there first (slicing a model renames none of its layers)."""
        modules = self._unique_modules()[1:] + [self]
        given = {}
        for m in modules:
            if m._name_given:
                if m._name in given:
                    first = type(given[m._name]).__name__
                    raise ValueError(f"two modules of one model are named {m._name!r} (a {first} and a "
                                     f"{type(m).__name__}); give them different names")
                given[m._name] = m
        taken = set(given)
        for m in modules:
            if m._name_given:
                continue
            if m._name in taken:
                base, k = default_name(type(m)), 1
                while f"{base}_{k}" in taken:
                    k += 1
                object.__setattr__(m, "_name", f"{base}_{k}")
            taken.add(m._name)

    def _unique_modules(self):
        """This module and every module below it, depth first, each once (a shared one at its first place)."""
        seen, found = set(), []
        for _, m in self.named_modules():
            if id(m) not in seen:
                seen.add(id(m))
                found.append(m)
        return found

    # ----- reaching inside --------------------------------------------------------------
    @property
    def layers(self) -> list[Module]:
        """The layers, in order, each once: every module of the tree (this one included) that owns
        parameters or has no sub-modules. For a Sequential of layers this is Keras's model.layers;
        nested Sequentials are flattened into their layers (Keras lists a nested model as one layer);
        a layer's own `.layers` is [itself]. These are the rows of ta.Model's summary."""
        return [m for m in self._unique_modules() if m._parameters or not m._modules]

    def get_layer(self, name: str) -> Module:
        """The module of this tree (this one included, sub-models too) called `name`."""
        found = [m for m in self._unique_modules() if m.name == name]
        if not found:
            names = ", ".join(repr(m.name) for m in self._unique_modules())
            raise KeyError(f"no layer named {name!r}; the names are {names}")
        if len(found) > 1:
            raise ValueError(f"{len(found)} modules are named {name!r}: "
                             f"{', '.join(type(m).__name__ for m in found)}; rename one")
        return found[0]

    @contextmanager
    def capture(self, *names: str) -> Iterator[LayerOutputs]:
        """Inside the block, every call of each named layer records its output in the LayerOutputs
        object it yields: outputs["code"] is the output of the one call of layer "code" (an error if it
        ran several times, e.g. once per batch of Model.predict: outputs.all("code") lists them all).

            with model.capture("code") as outputs:
                x_hat = model(x)
            loss = losses.mse(x_hat, x) + 3 * losses.sparsity_kl(outputs["code"], 0.05)

        The outputs are the tensors of the forward pass itself: in training they are part of the graph
        (the loss above trains the encoder through them); under ta.no_grad() they are plain values.
        The model keeps no reference after the block: only `outputs` does, as long as you keep it."""
        names = tuple(dict.fromkeys(names))    # each name once
        layers = [self.get_layer(name) for name in names]
        outputs = LayerOutputs(names)
        for layer, name in zip(layers, names):
            layer._captures.append((outputs, name))
        try:
            yield outputs
        finally:
            for layer, name in zip(layers, names):
                layer._captures.remove((outputs, name))

    def get_weights(self) -> list[Array]:
        """The parameters as NumPy arrays (copies), in Keras's order: layer by layer, each layer's
        kernel W then its bias b (the order of parameters()). A tied weight is listed once, at the
        first layer that has it (the encoder's Dense; the TiedDense contributes only its bias).
        Arrays are in tinyae's layouts (a Conv2D kernel is (out, in, kh, kw), not Keras's (kh, kw, in, out))."""
        return [backend.to_numpy(p.data).copy() for p in self.parameters()]

    def set_weights(self, weights: list[Array] | tuple[Array, ...]) -> None:
        """Copy a list of arrays (as get_weights returns) into the parameters, in place. The count,
        every shape and every dtype must match; otherwise a ValueError says which and nothing changes."""
        own = self.named_parameters()
        if not isinstance(weights, (list, tuple)):
            raise TypeError(f"set_weights: expected a list of arrays, got {type(weights).__name__}")
        if len(weights) != len(own):
            raise ValueError(f"set_weights: got {len(weights)} arrays, the model has {len(own)} parameters "
                             f"({', '.join(n for n, _ in own)}); a tied weight counts once")
        problems = []
        for k, ((n, p), value) in enumerate(zip(own, weights)):
            if not backend.is_array(value):
                problems.append(f"array {k} ({n}): got a {type(value).__name__}, expected an array")
            elif tuple(value.shape) != p.shape:
                problems.append(f"array {k} ({n}): shape {tuple(value.shape)}, expected {p.shape}")
            elif value.dtype != p.dtype:
                problems.append(f"array {k} ({n}): dtype {value.dtype}, expected {p.dtype}")
        if problems:
            raise ValueError("set_weights: the arrays do not fit the model:\n  " + "\n  ".join(problems))
        for (_, p), value in zip(own, weights):
            p.data[...] = backend.to_backend(value, backend.backend_of(p.data))   # in place: a parameter write
            p.bump_version()                    # so a graph that kept p sees the change

    # ----- regularisation -----------------------------------------------------------------
    def regularization_terms(self) -> dict[str, Tensor]:
        """{"<layer name>.<kind>": scalar Tensor} of the current penalties, in tree order, kind being
        kernel_regularizer, bias_regularizer or activity_regularizer (e.g. "dense_1.kernel_regularizer",
        "code.activity_regularizer"). Weight terms are computed now from the current weights (with a
        graph unless under no_grad). An activity term is the one computed in the layer's last forward
        pass (absent before the first): after a pass with gradients on it is part of that pass's graph;
        after a pass under no_grad (evaluation, predict, summary) it is that batch's value as a constant
        without a graph, right for reporting, useless for training (regularization_loss() refuses it).
        Each forward pass replaces the term, so no graph outlives the next batch, and backward()
        releases the graph meanwhile."""
        terms = {}
        for m in self._unique_modules():
            for kind, value in m._own_regularization_terms():
                key = f"{m.name}.{kind}"
                if key in terms:
                    raise ValueError(f"regularization_terms: two layers are named {m.name!r}; rename one")
                terms[key] = value
        return terms

    def regularization_loss(self) -> Tensor | float:
        """The sum of regularization_terms(), for a hand-written training loop:
        loss = losses.mse(model(x), x) + model.regularization_loss(). 0.0 when there is none.
        With gradients on, an activity term from a forward pass under no_grad would add nothing to the
        gradient: that is a RuntimeError (run the forward pass with gradients on first)."""
        if autograd.is_grad_enabled():
            without_graph = [m.name for m in self._unique_modules()
                             if m.activity_regularizer is not None and m._activity is not None and not m._activity[1]]
            if without_graph:
                layers = ", ".join(map(repr, without_graph))
                raise RuntimeError(f"regularization_loss: the last forward pass of {layers} ran under no_grad(), so "
                                   f"its activity term has no graph and would add no gradient; run the forward pass "
                                   f"with gradients on first (or call this under ta.no_grad())")
        total = 0.0
        for value in self.regularization_terms().values():
            total = value + total
        return total

    def _own_regularization_terms(self):
        found = []
        if self.kernel_regularizer is not None:
            found.append(("kernel_regularizer", regularizers.weight_term(self.kernel_regularizer, self.W)))
        if self.bias_regularizer is not None:
            found.append(("bias_regularizer", regularizers.weight_term(self.bias_regularizer, self.b)))
        if self.activity_regularizer is not None and self._activity is not None:
            found.append(("activity_regularizer", self._activity[0]))
        return found

    def _set_regularizers(self, kernel_regularizer, bias_regularizer, activity_regularizer):
        """For layers with a kernel W and a bias b: check and keep their three regularisers."""
        layer = type(self).__name__
        self.kernel_regularizer = regularizers.check(kernel_regularizer, "kernel_regularizer", layer)
        self.bias_regularizer = regularizers.check(bias_regularizer, "bias_regularizer", layer)
        self.activity_regularizer = regularizers.check(activity_regularizer, "activity_regularizer", layer)

    # ----- the tree -----------------------------------------------------------------------
    def named_children(self) -> list[tuple[str, Module]]:
        """(attribute name, module) for the direct sub-modules, in the order they were assigned."""
        return list(self._modules.items())

    def children(self) -> list[Module]:
        """The direct sub-modules, in the order they were assigned (not their sub-modules)."""
        return list(self._modules.values())

    def named_modules(self, prefix: str = "") -> list[tuple[str, Module]]:
        """(name, module) for this module and every module below it, depth first."""
        found = [(prefix, self)]
        for name, child in self._modules.items():
            found += child.named_modules(f"{prefix}.{name}" if prefix else name)
        return found

    def named_parameters(self, prefix: str = "") -> list[tuple[str, Parameter]]:
        """(dotted name, parameter) pairs; a shared parameter appears once, under its first name."""
        seen, found = set(), []
        for module_name, module in self.named_modules(prefix):
            for name, p in module._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    found.append((f"{module_name}.{name}" if module_name else name, p))
        return found

    def parameters(self) -> list[Parameter]:
        """Every parameter of this module and the modules below it, each once (a weight shared by two
        layers, W and its tied W^T, is listed once): what an optimizer is given."""
        return [p for _, p in self.named_parameters()]

    # ----- training state -----------------------------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Training mode: Dropout and GaussianNoise are active."""
        for _, module in self.named_modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self) -> Module:
        """Evaluation mode: Dropout and GaussianNoise pass their input through unchanged."""
        return self.train(False)

    def zero_grad(self) -> None:
        """Forget every parameter's gradient (.grad = None), so that the next backward() starts
        afresh instead of adding to the last one (optimizer.zero_grad() does the same)."""
        for p in self.parameters():
            p.grad = None

    def freeze(self) -> Module:
        """Stop training every parameter of this module (they count as non-trainable)."""
        for p in self.parameters():
            p.requires_grad = False
        return self

    def unfreeze(self) -> Module:
        """Train every parameter of this module again (undoes freeze()); returns the module."""
        for p in self.parameters():
            p.requires_grad = True
        return self

    @property
    def trainable(self) -> bool:
        """Keras's name: True when every parameter of this module is trained. Assigning False
        freezes the module (freeze()), True unfreezes it, at once (Keras applies the change at the
        next compile())."""
        return all(p.requires_grad for p in self.parameters())

    @trainable.setter
    def trainable(self, value: bool) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"{type(self).__name__}.trainable must be True or False, got {value!r}")
        if value:
            self.unfreeze()
        else:
            self.freeze()

    # ----- where the numbers live ---------------------------------------------------------
    def to(self, backend_name: str | None = None, dtype: DType | str | None = None) -> Module:
        """Move every parameter to a backend ("numpy" or "cupy") and/or cast it to `dtype`
        (e.g. "float64" for gradient checks). Optimizers follow on their next step."""
        for p in self.parameters():
            data = p.data if backend_name is None else backend.to_backend(p.data, backend_name)
            p.data = data if dtype is None else data.astype(dtype)
            p.grad = None
        return self

    def state_dict(self) -> dict[str, Array]:
        """{dotted name: copy of the parameter's array}."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state: dict[str, Array]) -> None:
        """Copy arrays into the parameters, after checking that the names, shapes and dtypes all
        match; a ValueError lists every difference and nothing is changed."""
        if not isinstance(state, dict):
            raise TypeError(f"load_state_dict: state must be a dict {{name: array}} like module.state_dict() "
                            f"returns, got {type(state).__name__}")
        own = dict(self.named_parameters())
        problems = [f"missing: {n}" for n in own if n not in state]
        problems += [f"unexpected: {n}" for n in state if n not in own]
        for n, p in own.items():
            if n in state:
                value = state[n]
                if not backend.is_array(value):
                    problems.append(f"{n}: {_not_an_array(value)}")
                elif tuple(value.shape) != p.shape:
                    problems.append(f"{n}: shape {tuple(value.shape)} to load, {p.shape} in the model")
                elif value.dtype != p.dtype:
                    problems.append(f"{n}: dtype {value.dtype} to load, {p.dtype} in the model")
        if any(n.rsplit(".", 1)[-1] in ("weight", "bias") for n in state if n not in own):
            problems.append(_TORCH_NAMES_HINT)
        if problems:
            raise ValueError("state does not fit the model:\n  " + "\n  ".join(problems))
        for n, p in own.items():
            p.data = backend.array_module(p.data).asarray(state[n]).copy()

    # ----- printing -----------------------------------------------------------------------
    def extra_repr(self) -> str:
        """The settings shown inside the parentheses of repr(module), e.g. "784, 32, activation='relu'"
        for a Dense; a layer with settings overrides it (the base class shows none)."""
        return ""

    def _full_extra_repr(self):
        """extra_repr(), then the name when one was given and the regularisers when there are any."""
        fields = [self.extra_repr()] if self.extra_repr() else []
        if self._name_given:
            fields.append(f"name={self.name!r}")
        for kind in ("kernel_regularizer", "bias_regularizer", "activity_regularizer"):
            if getattr(self, kind) is not None:
                fields.append(f"{kind}={getattr(self, kind)!r}")
        return ", ".join(fields)

    def __repr__(self):
        if not self._modules:
            return f"{type(self).__name__}({self._full_extra_repr()})"
        lines = [f"{type(self).__name__}({self._full_extra_repr()}"]
        for name, child in self._modules.items():
            lines.append(f"  ({name}): " + repr(child).replace("\n", "\n  "))
        return "\n".join(lines) + "\n)"


class LayerOutputs:
    """The outputs of the named layers, recorded by the forward passes inside a Module.capture block."""

    def __init__(self, names):
        self._calls = {name: [] for name in names}

    def record(self, name, output):
        self._calls[name].append(output)

    def all(self, name):
        """The output of every call of layer `name` inside the block, in order (e.g. one per batch)."""
        if name not in self._calls:
            raise KeyError(f"layer {name!r} was not captured; this block captures {', '.join(map(repr, self._calls))}")
        return list(self._calls[name])

    def __getitem__(self, name):
        """The output of the one call of layer `name` inside the block."""
        calls = self.all(name)
        if len(calls) != 1:
            if not calls:
                raise KeyError(f"layer {name!r} has not run inside this capture block")
            raise KeyError(f"layer {name!r} ran {len(calls)} times inside this capture block (once per batch?); "
                           f"outputs.all({name!r}) lists the output of every call")
        return calls[0]

    def __repr__(self):
        counts = ", ".join(f"{name!r}: {len(calls)} call(s)" for name, calls in self._calls.items())
        return f"LayerOutputs({counts})"


def _refuse_arrays(module, output):
    """A TypeError when a module's forward returned a NumPy/CuPy array (alone or in a tuple): made
    with NumPy (np.tanh(t.numpy())), it is cut off from the graph, so every layer before it would
    silently get no gradient and never train while the layers after it do."""
    outputs = output if isinstance(output, (tuple, list)) else (output,)
    arrays = [o for o in outputs if backend.is_array_or_scalar(o)]
    if arrays:
        raise TypeError(f"{type(module).__name__}: forward returned a {type(arrays[0]).__module__.split('.')[0]} "
                        f"array, not a Tensor, so no gradient can flow back through it (the layers before it would "
                        f"never train); compute it with tinyae's ops (ta.tanh(t), t.exp(), ta.where(...)) instead "
                        f"of NumPy's")


def _misspelt_forward(cls: type) -> str | None:
    """The name of a method of `cls` (or of its bases below Module) that looks like "forward"
    misspelt (foward, Forward, forwards), or None."""
    for base in cls.__mro__[:cls.__mro__.index(Module)]:
        for name in vars(base):
            if name != "forward" and difflib.SequenceMatcher(None, name, "forward").ratio() >= 0.8:
                return name
    return None


def _not_an_array(value: Any) -> str:
    """What load_state_dict says of a value that is no NumPy or CuPy array."""
    package = type(value).__module__.split(".")[0]
    if package == "torch":
        return "a torch.Tensor given, expected a NumPy or CuPy array (pass tensor.detach().cpu().numpy())"
    return f"a {type(value).__name__} given, expected a NumPy or CuPy array"


_TORCH_NAMES_HINT = ("(\"weight\" and \"bias\" are PyTorch's names: a tinyae Dense holds W of shape (in, out), "
                     "which is PyTorch's Linear weight.T, and b = bias; Conv2D and Conv2DTranspose kernels have "
                     "PyTorch's layout)")
