"""A strict stand-in for CuPy, computing with NumPy on the CPU, so that the CuPy cases of the test
suite run on machines without a GPU (CI) and catch code that would break on CuPy.

It is as strict as CuPy where CuPy is strict, and exposes only what CuPy has:

- `ndarray` is not a NumPy array. Implicit conversion to NumPy raises TypeError exactly as CuPy's
  `__array__` does ("Implicit conversion to a NumPy array is not allowed..."), so `np.asarray(a)`,
  `np.testing.assert_allclose(a, ...)` or a NumPy function CuPy lacks fails; `a.get()` and
  `cupy.asnumpy(a)` are the explicit ways, as on CuPy. Like CuPy, it implements NumPy's
  `__array_ufunc__` and `__array_function__` protocols: `np.exp(a)` works (CuPy has exp),
  `np.errstate`-style or NumPy-only functions do not.
- A NumPy array mixed into an operation with a CuPy array (`a + numpy_array`,
  `cupy.maximum(a, numpy_array)`) raises TypeError "Unsupported type <class 'numpy.ndarray'>", as
  CuPy does; Python numbers and NumPy scalars are fine. `cupy.asarray(numpy_array)` copies to the
  "device". Reductions and integer indexing return 0-d arrays, not NumPy scalars, as on CuPy;
  `float()`, `int()`, `bool()` and `.item()` of a one-element array are allowed (CuPy syncs).
- The module has only the names listed in cupy_api.txt (generated from the real CuPy wheel by
  make_cupy_api.py), and each call is checked against CuPy's parameter names: a keyword that
  NumPy accepts but CuPy does not (`as_strided(..., writeable=False)`) raises TypeError.
- `cupy.random` draws from its own NumPy Generator (seeded by `cupy.random.seed`), with CuPy's
  signatures (`random(size, dtype)`, `standard_normal(size, dtype)`, float64 by default);
  `cupy.cuda.runtime.getDeviceCount()` is 1 and `cupy.cuda.Device().synchronize()` does nothing.

- Indexing as CuPy's _routines_indexing.pyx does: a NumPy array is accepted as an index (CuPy copies
  it to the device), but `a[basic index] = numpy_array` raises CuPy's ValueError "non-scalar
  numpy.ndarray cannot be used for fill" (CuPy sends it to `fill`); with an array index the value
  is accepted (an assumption: that path could not be read).

Names of the real module that NumPy lacks (ElementwiseKernel, fuse, ...) are absent: a test that
needs one must add it here.
"""
import pathlib
import types

import numpy

API_FILE = pathlib.Path(__file__).with_name("cupy_api.txt")
IMPLICIT_CONVERSION = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct "
                       "a NumPy array explicitly.")


def read_api(path=API_FILE):
    """{qualified name: (kind, parameters)} from cupy_api.txt."""
    api = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, kind, params = line.split("\t")
            api[name] = (kind, params)
    return api


API = read_api()


# ----- checking a call against CuPy's parameter names ----------------------------------------------
def check_call(qualified, params, args, kwargs):
    if params == "?":
        return
    names = [p.strip() for p in params.split(",") if p.strip()]
    positional, keyword_only, var_positional, var_keyword, after_star = [], [], False, False, False
    for name in names:
        if name == "*":
            after_star = True
        elif name.startswith("**"):
            var_keyword = True
        elif name.startswith("*"):
            var_positional = after_star = True
        else:
            (keyword_only if after_star else positional).append(name.rstrip("="))
    if not var_positional and len(args) > len(positional):
        raise TypeError(f"{qualified}() takes at most {len(positional)} positional arguments, got {len(args)} "
                        f"(CuPy's signature: {params})")
    for key in kwargs:
        if not var_keyword and key not in positional and key not in keyword_only:
            raise TypeError(f"{qualified}() got an unexpected keyword argument {key!r} (CuPy's signature: {params})")


# ----- moving between the stand-in and NumPy ---------------------------------------------------------
def unwrap(value, allow_numpy=False):
    """NumPy values for the computation: stand-in arrays give their storage; a NumPy array is refused
    (as CuPy refuses it) unless `allow_numpy`; lists and tuples are unwrapped element by element."""
    if isinstance(value, ndarray):
        return value._a
    if isinstance(value, numpy.ndarray):
        if allow_numpy:
            return value.copy()         # host to device: a copy, never an alias of host memory
        raise TypeError(f"Unsupported type {type(value)}")
    if isinstance(value, (list, tuple)):
        return type(value)(unwrap(v, allow_numpy) for v in value)
    return value


def wrap(value):
    """Stand-in arrays for NumPy results (a NumPy scalar becomes a 0-d array, as CuPy returns)."""
    if isinstance(value, numpy.ndarray):
        return ndarray._from_numpy(value)
    if isinstance(value, numpy.generic):
        return ndarray._from_numpy(numpy.asarray(value))
    if isinstance(value, tuple):
        return tuple(wrap(v) for v in value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


def _call(numpy_function, args, kwargs, allow_numpy=False, owner=None):
    """Run a NumPy function on the stand-in arguments. A result that is one of the arguments'
    storage (asarray(a), a.astype(a.dtype, copy=False), out=a) is that same stand-in object, as
    CuPy returns the same array object."""
    result = numpy_function(*unwrap(args, allow_numpy), **{k: unwrap(v, allow_numpy) for k, v in kwargs.items()})
    for candidate in (owner, *args, *kwargs.values()):
        if isinstance(candidate, ndarray) and result is candidate._a:
            return candidate
    return wrap(result)


# ----- the array ----------------------------------------------------------------------------------------
class ndarray:
    """cupy.ndarray's behaviour on a NumPy array kept in `_a`."""

    __slots__ = ("_a",)
    __array_priority__ = 100
    __hash__ = None

    def __init__(self, shape, dtype=float, memptr=None, strides=None, order="C"):
        self._a = numpy.empty(shape, dtype=dtype, order=order)

    @classmethod
    def _from_numpy(cls, array):
        obj = cls.__new__(cls)
        obj._a = array
        return obj

    # explicit copies to the host, as on CuPy
    def get(self, stream=None, order="C", out=None, blocking=True):
        return self._a.copy(order=order)

    def __array__(self, dtype=None, copy=None):
        raise TypeError(IMPLICIT_CONVERSION)

    # NumPy's protocols: CuPy answers them with its own functions, or not at all
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        standin = namespace.get(f"cupy.{ufunc.__name__}")
        if not isinstance(standin, StandInUfunc):
            return NotImplemented
        return standin(*inputs, **kwargs) if method == "__call__" else getattr(standin, method)(*inputs, **kwargs)

    def __array_function__(self, func, types_, args, kwargs):
        module = func.__module__.replace("numpy", "cupy", 1)
        if module == "cupy.lib._stride_tricks_impl":
            module = "cupy.lib.stride_tricks"
        for qualified in (f"{module}.{func.__name__}", f"cupy.{func.__name__}"):
            if API.get(qualified, ("",))[0] == "function" and qualified in namespace:
                return namespace[qualified](*args, **kwargs)
        return NotImplemented

    # what an array is
    shape = property(lambda self: self._a.shape)
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    strides = property(lambda self: self._a.strides)
    flags = property(lambda self: self._a.flags)
    T = property(lambda self: wrap(self._a.T))
    base = property(lambda self: None if self._a.base is None else wrap(self._a.base))

    def __getattr__(self, name):
        kind, params = API.get(f"cupy.ndarray.{name}", (None, None))
        if kind != "method" or not hasattr(numpy.ndarray, name):
            raise AttributeError(f"'cupy.ndarray' object has no attribute {name!r} (the stand-in has only "
                                 f"what CuPy's ndarray has)")
        method = getattr(self._a, name)

        def call(*args, **kwargs):
            check_call(f"cupy.ndarray.{name}", params, args, kwargs)
            return _call(method, args, kwargs, owner=self)
        return call

    def item(self, *args):
        return self._a.item(*args)

    def tolist(self):
        return self._a.tolist()

    def set(self, arr, stream=None):
        if not isinstance(arr, numpy.ndarray):
            raise TypeError(f"Only numpy.ndarray can be set to cupy.ndarray, got {type(arr)}")
        self._a[...] = arr

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        if self._a.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(len(self._a)))

    def __getitem__(self, key):
        return wrap(self._a[unwrap(key, allow_numpy=True)])

    def __setitem__(self, key, value):
        if isinstance(value, numpy.ndarray) and value.shape != () and not _advanced_index(key):
            raise ValueError("non-scalar numpy.ndarray cannot be used for fill")   # CuPy's basic-index path
        self._a[unwrap(key, allow_numpy=True)] = unwrap(value, allow_numpy=True)

    def __bool__(self):
        return bool(self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __complex__(self):
        return complex(self._a)

    def __repr__(self):
        return repr(self._a)

    def __str__(self):
        return str(self._a)

    def __copy__(self):
        return wrap(self._a.copy())

    def __deepcopy__(self, memo):
        return wrap(self._a.copy())

    def __reduce__(self):
        raise TypeError("the CuPy stand-in does not pickle; call .get() first")


def _advanced_index(key):
    """True when `key` holds an array or a list (CuPy's advanced indexing)."""
    return any(isinstance(k, (ndarray, numpy.ndarray, list)) for k in (key if isinstance(key, tuple) else (key,)))


def _operator(ufunc_name, reflected=False, inplace=False):
    def method(self, other):
        if not inplace and not isinstance(other, ndarray) and \
                getattr(other, "__array_priority__", 0) > self.__array_priority__:
            return NotImplemented       # CuPy's _should_use_rop: let a higher-priority operand decide
        ufunc = namespace[f"cupy.{ufunc_name}"]
        if inplace:
            return ufunc(self, other, out=self)
        return ufunc(other, self) if reflected else ufunc(self, other)
    return method


for _name, _ufunc in [("add", "add"), ("sub", "subtract"), ("mul", "multiply"), ("truediv", "true_divide"),
                      ("floordiv", "floor_divide"), ("mod", "remainder"), ("pow", "power"), ("matmul", "matmul"),
                      ("and", "bitwise_and"), ("or", "bitwise_or"), ("xor", "bitwise_xor"),
                      ("lshift", "left_shift"), ("rshift", "right_shift")]:
    setattr(ndarray, f"__{_name}__", _operator(_ufunc))
    setattr(ndarray, f"__r{_name}__", _operator(_ufunc, reflected=True))
    if _name != "matmul":
        setattr(ndarray, f"__i{_name}__", _operator(_ufunc, inplace=True))
for _name, _ufunc in [("lt", "less"), ("le", "less_equal"), ("gt", "greater"), ("ge", "greater_equal"),
                      ("eq", "equal"), ("ne", "not_equal")]:
    setattr(ndarray, f"__{_name}__", _operator(_ufunc))
for _name, _ufunc in [("neg", "negative"), ("pos", "positive"), ("abs", "absolute"), ("invert", "invert")]:
    setattr(ndarray, f"__{_name}__", (lambda u: lambda self: namespace[f"cupy.{u}"](self))(_ufunc))


# ----- functions and ufuncs ------------------------------------------------------------------------------
class StandInUfunc:
    """A CuPy ufunc computed by the NumPy ufunc of the same name."""

    KEYWORDS = {"out", "dtype", "casting"}

    def __init__(self, name, numpy_ufunc):
        self.__name__ = self.name = name
        self._ufunc = numpy_ufunc
        self.nin, self.nout = numpy_ufunc.nin, numpy_ufunc.nout

    def __call__(self, *args, **kwargs):
        unexpected = set(kwargs) - self.KEYWORDS
        if unexpected:
            raise TypeError(f"cupy.{self.name}() got unexpected keyword arguments {sorted(unexpected)}")
        return _call(self._ufunc, args, kwargs)

    def __getattr__(self, method):
        kind, params = API.get(f"cupy.ufunc.{method}", (None, None))
        if kind != "method":
            raise AttributeError(f"'cupy.ufunc' object has no attribute {method!r}")
        numpy_method = getattr(self._ufunc, method)

        def call(*args, **kwargs):
            check_call(f"cupy.{self.name}.{method}", params, args, kwargs)
            return _call(numpy_method, args, kwargs)
        return call


def _function(qualified, numpy_function, params):
    allow_numpy = qualified in ("cupy.array", "cupy.asarray", "cupy.asanyarray")

    gives_an_array = qualified in ("cupy.array_equal", "cupy.array_equiv", "cupy.allclose")

    def function(*args, **kwargs):
        check_call(qualified, params, args, kwargs)
        if allow_numpy:     # CuPy's `blocking` is no NumPy keyword
            kwargs = {k: v for k, v in kwargs.items() if k != "blocking"}
        result = _call(numpy_function, args, kwargs, allow_numpy=allow_numpy)
        return wrap(numpy.bool_(result)) if gives_an_array else result   # a 0-d array on CuPy, not a bool
    function.__name__ = qualified.rsplit(".", 1)[1]
    function.__qualname__ = qualified
    return function


def asnumpy(a, stream=None, order="C", out=None, blocking=True):
    return a.get(order=order) if isinstance(a, ndarray) else numpy.asarray(a, order=order)


def get_array_module(*args):
    return module if any(isinstance(a, ndarray) for a in args) else numpy


# ----- cupy.random: CuPy's signatures, drawn from a NumPy Generator --------------------------------------
class _Random:
    generator = numpy.random.default_rng(0)

    @classmethod
    def seed(cls, seed=None):
        cls.generator = numpy.random.default_rng(seed)

    @classmethod
    def draw(cls, method, size, dtype, **params):
        try:
            values = getattr(cls.generator, method)(size=size, dtype=dtype, **params)
        except TypeError:   # Generator methods without a dtype: draw float64 and cast, as CuPy's dtype asks
            values = numpy.asarray(getattr(cls.generator, method)(size=size, **params)).astype(dtype)
        return wrap(numpy.asarray(values))


_RANDOM = {
    "seed": lambda seed=None: _Random.seed(seed),
    "random": lambda size=None, dtype=float: _Random.draw("random", size, dtype),
    "random_sample": lambda size=None, dtype=float: _Random.draw("random", size, dtype),
    "rand": lambda *size, dtype=float: _Random.draw("random", size or None, dtype),
    "standard_normal": lambda size=None, dtype=float: _Random.draw("standard_normal", size, dtype),
    "randn": lambda *size, dtype=float: _Random.draw("standard_normal", size or None, dtype),
    "normal": lambda loc=0.0, scale=1.0, size=None, dtype=float: _Random.draw("normal", size, dtype, loc=loc,
                                                                              scale=scale),
    "uniform": lambda low=0.0, high=1.0, size=None, dtype=float: _Random.draw("uniform", size, dtype, low=low,
                                                                              high=high),
    "permutation": lambda num: wrap(_Random.generator.permutation(unwrap(num))),
}


# ----- building the module ---------------------------------------------------------------------------------
_MISSING = object()


def _build():
    names = {}
    for qualified, (kind, params) in API.items():
        parts = qualified.split(".")
        if parts[1] in ("ndarray", "ufunc"):
            continue
        if parts[1] == "random":
            if parts[2] in _RANDOM:
                random_function = _RANDOM[parts[2]]

                def checked(*args, _f=random_function, _q=qualified, _p=params, **kwargs):
                    check_call(_q, _p, args, kwargs)
                    return _f(*args, **kwargs)
                names[qualified] = checked
            continue
        numpy_home = {"cupy": numpy, "cupy.linalg": numpy.linalg,
                      "cupy.lib.stride_tricks": numpy.lib.stride_tricks}[".".join(parts[:-1])]
        numpy_object = getattr(numpy_home, parts[-1], _MISSING)
        if numpy_object is _MISSING:
            continue
        if kind == "ufunc" and isinstance(numpy_object, numpy.ufunc):
            names[qualified] = StandInUfunc(parts[-1], numpy_object)
        elif kind == "function" and callable(numpy_object):
            names[qualified] = _function(qualified, numpy_object, params)
        elif kind in ("type", "constant"):
            names[qualified] = numpy_object
    names["cupy.ndarray"] = ndarray
    names["cupy.asnumpy"] = asnumpy
    names["cupy.get_array_module"] = get_array_module
    return names


namespace = _build()


def _module(name, prefix):
    mod = types.ModuleType(name, f"{name} (CuPy stand-in on NumPy)")
    for qualified, value in namespace.items():
        if qualified.rsplit(".", 1)[0] == prefix:
            setattr(mod, qualified.rsplit(".", 1)[1], value)
    return mod


class _Device:
    def __init__(self, device=None):
        self.id = 0 if device is None else int(device)

    def synchronize(self):
        pass

    def use(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


module = _module("cupy", "cupy")
module.random = _module("cupy.random", "cupy.random")
module.linalg = _module("cupy.linalg", "cupy.linalg")
module.lib = types.ModuleType("cupy.lib")
module.lib.stride_tricks = _module("cupy.lib.stride_tricks", "cupy.lib.stride_tricks")
module.cuda = types.ModuleType("cupy.cuda")
module.cuda.runtime = types.SimpleNamespace(getDeviceCount=lambda: 1)
module.cuda.Device = _Device
module.cuda.is_available = lambda: True
module.ufunc = StandInUfunc
module.STAND_IN = True
