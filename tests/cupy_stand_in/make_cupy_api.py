"""Write cupy_api.txt: the names (and parameter names) that real CuPy exposes, for the stand-in.

Run it where the real CuPy wheel is installed (it imports without a GPU):

    python tests/cupy_stand_in/make_cupy_api.py > tests/cupy_stand_in/cupy_api.txt

Each line is `qualified name <TAB> kind <TAB> parameters`: kind is function, ufunc, method,
attribute, type or constant; parameters are the names a call may pass ("a, axis=, *, copy=",
with "*args"/"**kwargs" where anything goes) or "?" when CuPy's signature cannot be read.
"""
import inspect
import re
import sys

import cupy

NAMESPACES = {"cupy": cupy, "cupy.random": cupy.random, "cupy.linalg": cupy.linalg,
              "cupy.lib.stride_tricks": cupy.lib.stride_tricks}


def parameters(obj):
    """'a, axis=, *, copy=' from inspect.signature, or from the first line of a Cython docstring."""
    try:
        signature = inspect.signature(obj)
        parts, star = [], False
        for p in signature.parameters.values():
            if p.name == "self":
                continue
            if p.kind is p.VAR_POSITIONAL:
                parts.append("*" + p.name)
                star = True
            elif p.kind is p.VAR_KEYWORD:
                parts.append("**" + p.name)
            else:
                if p.kind is p.KEYWORD_ONLY and not star:
                    parts.append("*")
                    star = True
                parts.append(p.name + ("=" if p.default is not p.empty else ""))
        return ", ".join(parts)
    except (TypeError, ValueError):
        pass
    first = (obj.__doc__ or "").strip().splitlines()
    match = re.match(r"[\w.]+\((.*)\)", first[0]) if first else None
    if not match:
        return "?"
    parts = []
    for raw in _split_top_level(match.group(1)):
        raw = raw.strip()
        if not raw or raw == "self":
            continue
        name = raw.split("=")[0].split()[-1]     # "tuple max_version=None" -> "max_version"
        parts.append(name + ("=" if "=" in raw else ""))
    return ", ".join(parts)


def _split_top_level(text):
    depth, current, out = 0, "", []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return out


def describe(qualified, obj):
    if isinstance(obj, cupy.ufunc):
        return f"{qualified}\tufunc\tnin={obj.nin}, nout={obj.nout}"
    if isinstance(obj, type):
        return f"{qualified}\ttype\t?"
    if callable(obj):
        return f"{qualified}\tfunction\t{parameters(obj)}"
    if inspect.ismodule(obj):
        return None
    value = repr(obj) if isinstance(obj, (int, float, str, type(None))) else type(obj).__name__
    return f"{qualified}\tconstant\t{value}"


def main(out=sys.stdout):
    print(f"# CuPy {cupy.__version__}: written by make_cupy_api.py; see that file for the format", file=out)
    for prefix, module in NAMESPACES.items():
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            line = describe(f"{prefix}.{name}", getattr(module, name))
            if line:
                print(line, file=out)
    for name in sorted(dir(cupy.ndarray)):
        if name.startswith("_") and name not in {"__len__", "__iter__", "__float__", "__int__", "__bool__",
                                                 "__complex__", "__array__", "__getitem__", "__setitem__",
                                                 "__matmul__", "__abs__", "__neg__", "__pos__", "__invert__"}:
            continue
        attr = getattr(cupy.ndarray, name)
        kind = "method" if callable(attr) else "attribute"
        print(f"cupy.ndarray.{name}\t{kind}\t{parameters(attr) if kind == 'method' else '?'}", file=out)
    for name in ("at", "reduce", "accumulate", "outer", "reduceat"):
        print(f"cupy.ufunc.{name}\tmethod\t{parameters(getattr(cupy.add, name))}", file=out)


if __name__ == "__main__":
    main()
