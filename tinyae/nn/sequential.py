"""Sequential: modules applied one after another."""
from ..arguments import is_int
from ..tensor import Tensor
from .module import Module


class Sequential(Module):
    """y = f_n(...f_2(f_1(x))). The layers come as arguments, Sequential(f_1, f_2) as in PyTorch, or
    as one list, Sequential([f_1, f_2]) as in Keras. Indexable (`model[0]`, `model[:3]` is a
    Sequential sharing the same layers, handy for taking the encoder half) and iterable.
    `add(layer)` appends a layer, as in Keras (`append`, PyTorch's name, too); `name` names the
    model (default "sequential", see Module)."""

    def __init__(self, *modules: Module | list[Module] | tuple[Module, ...], name: str | None = None) -> None:
        self.name = name
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):       # Keras: Sequential([...])
            modules = tuple(modules[0])
        for i, m in enumerate(modules):
            if not isinstance(m, Module):
                hint = "; wrap a function as nn.Lambda(fn)" if callable(m) else ""
                if isinstance(m, dict):
                    hint = ("; PyTorch's Sequential(OrderedDict(...)) names its layers: give each layer a name "
                            "instead, Sequential(nn.Dense(784, 32, name='encoder'), ...)")
                raise TypeError(f"Sequential: layer {i} is a {type(m).__name__}, expected a Module{hint}")
            self.add(m)

    def add(self, module: Module) -> None:
        """Append `module` as the last step (Keras's Sequential.add)."""
        if not isinstance(module, Module):
            raise TypeError(f"Sequential.add: expected a Module (a layer such as nn.Dense(784, 32)), "
                            f"got a {type(module).__name__}")
        setattr(self, str(len(self)), module)

    def append(self, module: Module) -> "Sequential":
        """Append `module` as the last step and return this Sequential (PyTorch's Sequential.append)."""
        self.add(module)
        return self

    def forward(self, x: Tensor) -> Tensor:
        for m in self._modules.values():
            x = m(x)
        return x

    def __getitem__(self, index):
        layers = list(self._modules.values())
        if isinstance(index, slice):
            return Sequential(*layers[index])
        if not is_int(index):
            hint = "; a layer by its name is model.get_layer(name)" if isinstance(index, str) else ""
            raise TypeError(f"Sequential: index with an int or a slice, got {type(index).__name__} {index!r}{hint}")
        if not -len(layers) <= index < len(layers):
            raise IndexError(f"Sequential: layer {index} asked for, but it has {len(layers)} layers "
                             f"(0 to {len(layers) - 1}, or -1 for the last)")
        return layers[index]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(self._modules.values())
