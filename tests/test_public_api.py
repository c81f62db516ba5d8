"""The public API keeps its type hints and its docstrings: every parameter of every public callable
(but self, cls, *args and **kwargs) has an annotation, every one has a return annotation (None
counts), and typing.get_type_hints resolves them all (no annotation is a string naming something
that does not exist in its module); every public class, function, method and property, and each
operator of Tensor, has a docstring (help(t.sum) and `t.sum?` in Jupyter say what it computes).

The public callables are collected from the __all__ of tinyae and of its packages, the public
functions of tinyae.backend and tinyae.probes, and the public methods and properties that each
exported class defines itself or takes from a private base class (a method it inherits from a public
class is checked on the class that defines it)."""
import inspect
import typing

import pytest

import tinyae as ta
from tinyae import backend, datasets, losses, nn, ops, optim, plain, probes, regularizers, training

MODULES_WITH_ALL = [ta, ops, nn, losses, optim, datasets, plain, regularizers, training]   # ta.__all__: Model, ...
MODULES_WITHOUT_ALL = [backend, probes]                                          # their public functions
DUNDERS = ("__init__", "__call__")                                                # the special methods learners call


def _defined_in_tinyae(obj):
    return (getattr(obj, "__module__", None) or "").split(".")[0] == "tinyae"


def _class_members(cls):
    """(name, callable) for the public methods and property accessors that `cls` defines itself or
    takes from a private tinyae base class (Conv2D's __init__ is nn.conv._Convolution's), which no
    other row would check."""
    owners = [cls] + [base for base in cls.__mro__[1:] if base.__name__.startswith("_") and _defined_in_tinyae(base)]
    found, seen = [], set()
    for name, member in (item for owner in owners for item in vars(owner).items()):
        if (name.startswith("_") and name not in DUNDERS) or name in seen:
            continue
        seen.add(name)
        if isinstance(member, property):
            found += [(f"{name}.{part}", f) for part, f in (("fget", member.fget), ("fset", member.fset)) if f]
        elif isinstance(member, (classmethod, staticmethod)):
            found.append((name, member.__func__))
        elif inspect.isfunction(member):
            found.append((name, member))
    return found


def public_objects():
    """{qualified name: object} of what the modules export: functions, classes, constants, modules."""
    objects = {}
    for module in MODULES_WITH_ALL:
        for name in module.__all__:
            objects[f"{module.__name__}.{name}"] = getattr(module, name)
    for module in MODULES_WITHOUT_ALL:
        for name, obj in vars(module).items():
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                objects[f"{module.__name__}.{name}"] = obj
    return objects


def public_callables():
    """{qualified name: function} of the public API."""
    found = {}
    for qualified, obj in public_objects().items():
        if inspect.isclass(obj) and _defined_in_tinyae(obj):
            for name, member in _class_members(obj):
                found[f"{qualified}.{name}"] = member
        elif inspect.isfunction(obj) and _defined_in_tinyae(obj):
            found[qualified] = obj
    return found


CALLABLES = public_callables()


def test_the_collection_covers_the_api():
    """A guard against a collector that silently finds nothing."""
    for name in ["tinyae.tensor", "tinyae.no_grad", "tinyae.seed", "tinyae.use_backend", "tinyae.gradcheck",
                 "tinyae.jacobian", "tinyae.topk", "tinyae.randn", "tinyae.Tensor.backward", "tinyae.Tensor.shape.fget",
                 "tinyae.Tensor.sum", "tinyae.Model.fit", "tinyae.Model.compile", "tinyae.save_weights",
                 "tinyae.nn.Module.parameters", "tinyae.nn.Module.capture", "tinyae.nn.Dense.__init__",
                 "tinyae.nn.Dense.forward", "tinyae.losses.mse", "tinyae.optim.Adam.keras", "tinyae.optim.SGD.__init__",
                 "tinyae.optim.Optimizer.state_dict", "tinyae.datasets.load_mnist", "tinyae.plain.adam",
                 "tinyae.regularizers.l2", "tinyae.backend.to_numpy", "tinyae.probes.knn_accuracy",
                 "tinyae.training.Callback.on_epoch_end", "tinyae.training.EarlyStopping.__init__"]:
        assert name in CALLABLES, name
    assert len(CALLABLES) > 250


def missing_annotations(fn):
    """The parameters of `fn` without an annotation, and "return" when it has no return annotation."""
    signature = inspect.signature(fn)
    missing = [p.name for i, p in enumerate(signature.parameters.values())
               if p.annotation is inspect.Parameter.empty
               and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               and not (i == 0 and p.name in ("self", "cls"))]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append("return")
    return missing


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_every_parameter_and_the_return_are_annotated(name):
    missing = missing_annotations(CALLABLES[name])
    assert not missing, f"{name}: no annotation for {', '.join(missing)}"


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_the_annotations_resolve(name):
    fn = inspect.unwrap(CALLABLES[name])
    hints = typing.get_type_hints(fn)
    assert "return" in hints


def test_the_checker_catches_a_missing_annotation():
    def f(x: int, y) -> int:
        return x

    def g(x: int):
        return x

    def method(self, *args, **kwargs) -> None:
        pass

    assert missing_annotations(f) == ["y"]
    assert missing_annotations(g) == ["return"]
    assert missing_annotations(method) == []


# ----- docstrings -----------------------------------------------------------------------------
DOCUMENTED_ELSEWHERE = ("__init__",)     # a constructor's arguments are in its class's docstring
TENSOR_OPERATORS = ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
                    "__rtruediv__", "__neg__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__",
                    "__getitem__", "__abs__", "__gt__", "__ge__", "__lt__", "__le__", "__eq__", "__ne__",
                    "__iadd__", "__isub__", "__imul__", "__itruediv__", "__float__", "__int__", "__format__")


def documented_objects():
    """{qualified name: object} whose docstring a learner reads: every exported class and function,
    the methods and properties of those classes (an override without a docstring of its own shows
    its base class's, as help() and inspect.getdoc do), and Tensor's operators."""
    found = {}
    for qualified, obj in public_objects().items():
        if (inspect.isclass(obj) or inspect.isfunction(obj)) and _defined_in_tinyae(obj):
            found[qualified] = obj
    for qualified, fn in CALLABLES.items():
        name = qualified.rsplit(".", 1)[-1]
        if name in ("fget", "fset"):                   # a property: its docstring is the getter's
            qualified, fn = qualified.rsplit(".", 1)[0], fn if name == "fget" else None
        if fn is not None and name not in DOCUMENTED_ELSEWHERE:
            found[qualified] = fn
    for name in TENSOR_OPERATORS:
        found[f"tinyae.Tensor.{name}"] = getattr(ta.Tensor, name)
    return found


DOCUMENTED = documented_objects()


def test_the_docstring_collection_covers_the_api():
    for name in ["tinyae.Tensor", "tinyae.Tensor.sum", "tinyae.Tensor.T", "tinyae.Tensor.__radd__",
                 "tinyae.Tensor.__gt__", "tinyae.Function.backward", "tinyae.nn.Module.zero_grad",
                 "tinyae.nn.Dense.forward", "tinyae.ops.add", "tinyae.optim.Optimizer.update",
                 "tinyae.optim.Adam.keras", "tinyae.training.Callback", "tinyae.losses.mse"]:
        assert name in DOCUMENTED, name
    assert len(DOCUMENTED) > 300


def docstring(obj):
    """What help() shows as obj's description: its own docstring, or for a method that overrides
    one without saying anything, the overridden method's."""
    return (inspect.getdoc(obj) or "").strip()


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_every_public_name_has_a_docstring(name):
    assert docstring(DOCUMENTED[name]), f"{name} has no docstring"


class _Base:
    def run(self):
        """Run."""


class _Child(_Base):
    def run(self):
        return 1

    def walk(self):
        return 2


def test_the_docstring_check_catches_a_missing_one_and_finds_an_inherited_one():
    def undocumented():
        return 0

    assert docstring(_Base.run) == "Run."
    assert docstring(_Child.run) == "Run."          # inherited, as help(_Child.run) shows it
    assert docstring(_Child.walk) == ""
    assert docstring(undocumented) == ""
