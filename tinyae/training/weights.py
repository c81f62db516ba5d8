"""Saving and loading weights as .npz files (NumPy's zip of named arrays).

A weights file holds one array per parameter, named by its dotted path in the module tree
("0.W", "encoder.2.b", ...). Saved with an optimizer, it also holds the optimizer's state
(optimizer.state_dict()) under names that start with "optimizer/", which no parameter path can:

    optimizer/type, optimizer/flavor, optimizer/iterations      "Adam", "keras", 120
    optimizer/hyperparameters/lr, .../beta1, ...                 0-d arrays
    optimizer/shapes/0, optimizer/shapes/1, ...                  every parameter's shape, in order
    optimizer/state/0/m, optimizer/state/0/step, ...             by parameter position

Saving writes a temporary file beside the target and renames it over the target (os.replace is
atomic), so a crash mid-save leaves the old file intact, never a half-written one. Loading never
unpickles (allow_pickle=False): a weights file holds numbers and plain strings only and cannot run
code; it checks every name, shape and dtype and lists what differs.
"""
import zipfile
from os import PathLike
from pathlib import Path

from .. import backend
from ..atomic_file import write_atomically
from ..nn.module import Module
from ..optim.optimizer import Optimizer

np = backend.module_for("numpy")
OPTIMIZER = "optimizer/"


def save_weights(module: Module, path: str | PathLike, optimizer: Optimizer | None = None) -> Path:
    """Write every parameter of `module` (and the state of `optimizer`, when given) to the .npz
    file `path` (replaced atomically). The name must end in .npz: a weights file called .h5, .pt
    or .keras would claim a format it is not in."""
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"save_weights: tinyae writes NumPy .npz files, so the file name must end in .npz, got "
                         f"{str(path)!r}; use {str(path.with_suffix('.npz'))!r}")
    arrays = {name: backend.to_numpy(p.data) for name, p in module.named_parameters()}
    if optimizer is not None:
        arrays.update(optimizer_arrays(optimizer.state_dict()))
    write_atomically(path, lambda file: _write_arrays(file, arrays))
    return path


def _write_arrays(file, arrays):
    np.savez(file, **arrays)


def optimizer_arrays(state_dict):
    """optimizer.state_dict() as flat {"optimizer/...": NumPy array} (see the module docstring)."""
    arrays = {f"{OPTIMIZER}{key}": np.array(state_dict[key]) for key in ("type", "flavor", "iterations")}
    for name, value in state_dict["hyperparameters"].items():
        arrays[f"{OPTIMIZER}hyperparameters/{name}"] = np.array(value)
    for index, shape in enumerate(state_dict["shapes"]):
        arrays[f"{OPTIMIZER}shapes/{index}"] = np.array(shape, dtype=np.int64)
    for index, entries in state_dict["state"].items():
        for key, value in entries.items():
            array = backend.to_numpy(value) if backend.is_array(value) else np.array(value)   # a step count
            arrays[f"{OPTIMIZER}state/{index}/{key}"] = array
    return arrays


def optimizer_state_dict(arrays):
    """The inverse of optimizer_arrays: a state_dict for optimizer.load_state_dict."""
    def scalar(array):
        return array.item() if array.dtype.kind != "U" else str(array)

    state_dict, shapes = {"hyperparameters": {}, "state": {}}, {}
    for name, array in arrays.items():
        parts = name[len(OPTIMIZER):].split("/")
        if parts[0] == "hyperparameters":
            state_dict["hyperparameters"][parts[1]] = scalar(array)
        elif parts[0] == "shapes":
            shapes[int(parts[1])] = tuple(int(n) for n in array)
        elif parts[0] == "state":
            # kept an array (0-d for a step count or a scalar parameter's moment): load_state_dict
            # knows by the entry's name which is a count
            state_dict["state"].setdefault(int(parts[1]), {})[parts[2]] = array
        else:
            state_dict[parts[0]] = scalar(array)
    state_dict["shapes"] = [shapes[index] for index in sorted(shapes)]
    return state_dict


def read_weights(path):
    """{name: NumPy array} from a .npz weights file, refusing anything that would need unpickling."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"load_weights: no weights file at {path}")
    if path.stat().st_size == 0:
        raise ValueError(f"load_weights: {path} is not a tinyae weights file: it is empty (0 bytes)")
    if not zipfile.is_zipfile(path):
        with open(path, "rb") as file:
            start = file.read(16)
        what = ("an HDF5 file (Keras's .h5 format), which tinyae does not read" if start.startswith(b"\x89HDF")
                else f"it starts with {start!r}")
        raise ValueError(f"load_weights: {path} is not a tinyae weights file (a .npz, i.e. a zip archive of "
                         f"arrays, written by save_weights): {what}")
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
        pickled = "pickle" in str(error)
        reason = "it holds pickled Python objects, which are never loaded" if pickled else error
        raise ValueError(f"load_weights: {path} is not a tinyae weights file (.npz of plain arrays): {reason}") from None


def load_weights(module: Module, path: str | PathLike, optimizer: Optimizer | None = None) -> Module:
    """Copy the arrays of the .npz file `path` into the parameters of `module`, and into
    `optimizer` the optimizer state the file holds (when both are there; optimizer=None loads the
    weights alone). Names, shapes and dtypes must all match; otherwise a ValueError lists every
    difference and nothing changes."""
    arrays = read_weights(path)
    state = {name: a for name, a in arrays.items() if not name.startswith(OPTIMIZER)}
    saved_optimizer = {name: a for name, a in arrays.items() if name.startswith(OPTIMIZER)}
    before = module.state_dict()
    try:
        module.load_state_dict(state)
    except ValueError as error:
        raise ValueError(f"load_weights: {path}: {error}") from None
    if optimizer is not None and saved_optimizer:
        try:
            optimizer.load_state_dict(optimizer_state_dict(saved_optimizer))
        except ValueError as error:
            module.load_state_dict(before)                  # all or nothing
            raise ValueError(f"load_weights: {path}: {error}\nTo load the weights without the optimizer's state: "
                             f"Model.load_weights(path, include_optimizer=False), or load_weights(module, path) "
                             f"with no optimizer") from None
    return module
