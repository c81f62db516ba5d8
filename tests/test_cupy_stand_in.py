"""The CuPy stand-in (tests/cupy_stand_in) is as strict as CuPy, so that the "cupy-standin" cases
catch what would break on a GPU. These tests hold it to that; they run on every machine."""
import importlib.util
import io
import os
import pathlib

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend

HERE = pathlib.Path(__file__).parent / "cupy_stand_in"
spec = importlib.util.spec_from_file_location("cupy_stand_in_for_tests", HERE / "standin.py")
standin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(standin)
cp = standin.module


def test_implicit_conversion_to_numpy_is_refused_as_on_cupy():
    a = cp.asarray(np.arange(3.0))
    with pytest.raises(TypeError, match="Implicit conversion to a NumPy array is not allowed"):
        np.asarray(a)
    with pytest.raises(TypeError, match="Implicit conversion"):
        np.testing.assert_allclose(a, [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(a.get(), [0.0, 1.0, 2.0])          # the explicit ways
    np.testing.assert_array_equal(cp.asnumpy(a), [0.0, 1.0, 2.0])


def test_numpy_arrays_in_cupy_operations_are_refused():
    a = cp.asarray(np.ones(3))
    host = np.ones(3)
    for operation in (lambda: a + host, lambda: host + a, lambda: cp.maximum(a, host), lambda: a.__iadd__(host)):
        with pytest.raises(TypeError, match="Unsupported type <class 'numpy.ndarray'>"):
            operation()
    assert float((a + np.float32(2.0) + 1)[0]) == 4.0                  # numbers and NumPy scalars are fine


def test_numpy_functions_work_only_where_cupy_has_them():
    a = cp.asarray(np.array([1.0, 4.0]))
    assert isinstance(np.sqrt(a), cp.ndarray)                           # __array_ufunc__, as CuPy
    assert isinstance(np.concatenate([a, a]), cp.ndarray)               # __array_function__, as CuPy
    with pytest.raises(TypeError, match="no implementation found for 'numpy.insert'"):
        np.insert(a, 0, 5.0)                                            # CuPy has no insert
    assert not hasattr(cp, "errstate") and not hasattr(cp, "seterr")   # NumPy-only names are absent
    with pytest.raises(AttributeError, match="errstate"):
        cp.errstate


def test_calls_are_checked_against_cupys_parameter_names():
    x = cp.zeros((4, 4), dtype="float32")
    with pytest.raises(TypeError, match="unexpected keyword argument 'writeable'"):
        cp.lib.stride_tricks.as_strided(x, shape=(2, 2), strides=x.strides, writeable=False)
    with pytest.raises(TypeError, match="unexpected keyword argument 'where'"):
        cp.sum(x, where=x > 0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'initial'"):
        x.max(initial=0)


def test_writing_a_numpy_array_into_a_slice_is_refused_as_on_cupy():
    a = cp.zeros((2, 3))
    with pytest.raises(ValueError, match="non-scalar numpy.ndarray cannot be used for fill"):
        a[:] = np.ones((2, 3))
    a[0] = np.float64(2.0)                                              # a NumPy scalar is fine
    a[1] = cp.asarray(np.ones(3))
    a.set(np.full((2, 3), 4.0))                                         # the explicit host-to-device copy
    assert float(a.sum()) == 24.0
    assert float(a[np.array([0, 1]), 0].sum()) == 8.0                   # NumPy index arrays are copied over


def test_reductions_and_integer_indexing_give_0d_arrays_as_on_cupy():
    a = cp.asarray(np.array([1.0, 2.0, 3.0], dtype="float32"))
    for value in (a.sum(), cp.sum(a), a[0], cp.array_equal(a, a)):
        assert isinstance(value, cp.ndarray) and value.ndim == 0
    assert float(a.sum()) == 6.0 and bool(cp.array_equal(a, a)) and a[1].item() == 2.0


def test_same_object_comes_back_where_cupy_returns_it():
    a = cp.asarray(np.ones(2, dtype="float32"))
    assert cp.asarray(a) is a and a.astype("float32", copy=False) is a
    host = np.ones(2)
    b = cp.asarray(host)
    b[0] = 5
    assert host[0] == 1.0                                               # a copy on the "device"


def test_random_follows_cupys_signatures_and_dtypes():
    cp.random.seed(3)
    u = cp.random.random((2, 3), dtype="float32")
    assert isinstance(u, cp.ndarray) and u.dtype == np.float32 and u.shape == (2, 3)
    assert cp.random.standard_normal((4,)).dtype == np.float64          # CuPy's default is float64
    cp.random.seed(3)
    assert bool((cp.random.random((2, 3), dtype="float32") == u).all())


def test_the_stand_in_drives_tinyae_s_backend(monkeypatch):
    monkeypatch.setattr(backend, "_cupy", cp)
    previous = backend.name
    try:
        xp = ta.use_backend("cupy")
        assert xp is cp and backend.cupy_available()
        t = ta.tensor([1.0, 2.0], requires_grad=True)
        assert isinstance(t.data, cp.ndarray)
        (t * t).sum().backward()
        np.testing.assert_array_equal(t.grad.get(), [2.0, 4.0])
        assert "array([1., 2.]" in repr(t) or "tensor([1., 2.]" in repr(t)
    finally:
        ta.use_backend(previous)


def test_the_api_file_lists_what_tinyae_uses():
    api = standin.read_api()
    for name in ("cupy.asnumpy", "cupy.get_array_module", "cupy.asarray", "cupy.random.seed", "cupy.random.random",
                 "cupy.random.standard_normal", "cupy.ndarray.get", "cupy.lib.stride_tricks.as_strided",
                 "cupy.ufunc.at"):
        assert name in api, name


def test_the_api_file_matches_the_installed_cupy():
    """Regenerate the list from the real wheel, where it is installed (it imports without a GPU)."""
    pytest.importorskip("cupy", reason="the real CuPy wheel is needed to regenerate cupy_api.txt")
    spec = importlib.util.spec_from_file_location("make_cupy_api", HERE / "make_cupy_api.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    out = io.StringIO()
    maker.main(out)
    if out.getvalue().splitlines()[0] != (HERE / "cupy_api.txt").read_text().splitlines()[0]:
        pytest.skip("another CuPy version is installed than the one cupy_api.txt was made from")
    assert out.getvalue() == (HERE / "cupy_api.txt").read_text()


def test_a_machine_with_a_gpu_runs_the_cupy_cases_on_real_cupy():
    """The stand-in is for machines without a GPU: where an NVIDIA device is visible, CuPy must be
    usable so that the "cupy" cases run on the real thing."""
    gpu_present = os.path.exists("/dev/nvidiactl") or os.path.exists("/dev/nvidia0")
    assert backend.cupy_available() or not gpu_present, (
        "an NVIDIA device is present but CuPy cannot use it, so the CuPy cases ran on the stand-in only: "
        "install the cupy-cuda wheel that matches the driver (README, GPU section)")
