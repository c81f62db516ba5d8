"""Modules: the building blocks of a network, in the style of PyTorch's nn.Module.

A module holds parameters and sub-modules as attributes; assigning one registers it, so
`parameters()` finds every weight of a network by walking the tree. A parameter shared by two
modules (the tied weights W and W^T of an autoencoder) is listed once and so updated once.
"""
from .. import backend
from .parameter import Parameter


def _holds_module(items):
    """True when a list or tuple contains a Module, at any depth."""
    return any(isinstance(x, Module) or (isinstance(x, (list, tuple)) and _holds_module(x)) for x in items)


class Module:
    training = True

    def __new__(cls, *args, **kwargs):
        # the registries exist before any __init__ runs, so subclasses need not call super().__init__()
        self = super().__new__(cls)
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_modules", {})
        return self

    def __setattr__(self, name, value):
        self._parameters.pop(name, None)
        self._modules.pop(name, None)
        if isinstance(value, Parameter):
            self._parameters[name] = value
        elif isinstance(value, Module):
            self._modules[name] = value
        elif isinstance(value, (list, tuple)) and _holds_module(value):
            raise TypeError(f"{type(self).__name__}.{name}: a {type(value).__name__} of modules would hide "
                            f"their parameters from parameters(); use nn.ModuleList({name}) instead")
        object.__setattr__(self, name, value)

    def forward(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    # ----- the tree -----------------------------------------------------------------------
    def named_children(self):
        return list(self._modules.items())

    def children(self):
        return list(self._modules.values())

    def named_modules(self, prefix=""):
        """(name, module) for this module and every module below it, depth first."""
        found = [(prefix, self)]
        for name, child in self._modules.items():
            found += child.named_modules(f"{prefix}.{name}" if prefix else name)
        return found

    def named_parameters(self, prefix=""):
        """(dotted name, parameter) pairs; a shared parameter appears once, under its first name."""
        seen, found = set(), []
        for module_name, module in self.named_modules(prefix):
            for name, p in module._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    found.append((f"{module_name}.{name}" if module_name else name, p))
        return found

    def parameters(self):
        return [p for _, p in self.named_parameters()]

    # ----- training state -----------------------------------------------------------------
    def train(self, mode=True):
        """Training mode: Dropout and GaussianNoise are active."""
        for _, module in self.named_modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self):
        """Evaluation mode: Dropout and GaussianNoise pass their input through unchanged."""
        return self.train(False)

    def zero_grad(self):
        for p in self.parameters():
            p.grad = None

    def freeze(self):
        """Stop training every parameter of this module (they count as non-trainable)."""
        for p in self.parameters():
            p.requires_grad = False
        return self

    def unfreeze(self):
        for p in self.parameters():
            p.requires_grad = True
        return self

    # ----- where the numbers live ---------------------------------------------------------
    def to(self, backend_name=None, dtype=None):
        """Move every parameter to a backend ("numpy" or "cupy") and/or cast it to `dtype`
        (e.g. "float64" for gradient checks). Optimizers follow on their next step."""
        for p in self.parameters():
            data = p.data if backend_name is None else backend.to_backend(p.data, backend_name)
            p.data = data if dtype is None else data.astype(dtype)
            p.grad = None
        return self

    def state_dict(self):
        """{dotted name: copy of the parameter's array}."""
        return {name: p.data.copy() for name, p in self.named_parameters()}

    def load_state_dict(self, state):
        """Copy arrays into the parameters, after checking that the names, shapes and dtypes all
        match; a ValueError lists every difference and nothing is changed."""
        own = dict(self.named_parameters())
        problems = [f"missing: {n}" for n in own if n not in state]
        problems += [f"unexpected: {n}" for n in state if n not in own]
        for n, p in own.items():
            if n in state:
                value = state[n]
                if tuple(value.shape) != p.shape:
                    problems.append(f"{n}: shape {tuple(value.shape)} in the file, {p.shape} in the model")
                elif value.dtype != p.dtype:
                    problems.append(f"{n}: dtype {value.dtype} in the file, {p.dtype} in the model")
        if problems:
            raise ValueError("state does not fit the model:\n  " + "\n  ".join(problems))
        for n, p in own.items():
            p.data = backend.array_module(p.data).asarray(state[n]).copy()

    # ----- printing -----------------------------------------------------------------------
    def extra_repr(self):
        return ""

    def __repr__(self):
        if not self._modules:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"{type(self).__name__}("]
        for name, child in self._modules.items():
            lines.append(f"  ({name}): " + repr(child).replace("\n", "\n  "))
        return "\n".join(lines) + "\n)"
