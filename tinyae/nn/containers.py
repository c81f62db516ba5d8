"""ModuleList: a list of modules whose parameters the enclosing module finds (PyTorch's nn.ModuleList).

A plain Python list of layers assigned to a module would hide their weights from parameters(),
so that an optimizer would silently never train them; Module refuses such a list and points here.
"""
from __future__ import annotations

from collections.abc import Iterable

from .module import Module


class ModuleList(Module):
    """A list of modules, registered under the names "0", "1", ... (in named_modules and
    named_parameters, e.g. "blocks.0.W"). Supports append, extend, indexing (a slice gives a new
    ModuleList of the same modules), len and iteration. It has no forward: loop over it yourself."""

    def __init__(self, modules: Iterable[Module] = (), name: str | None = None) -> None:
        self.name = name
        self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        """Register `module` under the next index ("0", "1", ...); returns the list."""
        if not isinstance(module, Module):
            raise TypeError(f"ModuleList.append: expected a Module, got {type(module).__name__}")
        setattr(self, str(len(self._modules)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """append() each of `modules` in turn; returns the list."""
        for module in modules:
            self.append(module)
        return self

    def __getitem__(self, index):
        modules = list(self._modules.values())
        if isinstance(index, slice):
            return ModuleList(modules[index])
        return modules[index]

    def __len__(self):
        return len(self._modules)

    def __iter__(self):
        return iter(list(self._modules.values()))
