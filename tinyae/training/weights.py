"""Saving and loading weights as .npz files (NumPy's zip of named arrays).

A weights file holds one array per parameter, named by its dotted path in the module tree
("0.W", "encoder.2.b", ...). Saving writes a temporary file beside the target and renames it
over the target (os.replace is atomic), so a crash mid-save leaves the old file intact, never a
half-written one. Loading never unpickles (allow_pickle=False): a weights file holds numbers
only and cannot run code; it checks every name, shape and dtype and lists what differs.
"""
import zipfile
from pathlib import Path

from .. import backend
from ..atomic_file import write_atomically

np = backend.module_for("numpy")


def save_weights(module, path):
    """Write every parameter of `module` to the .npz file `path` (replaced atomically)."""
    path = Path(path)
    arrays = {name: backend.to_numpy(p.data) for name, p in module.named_parameters()}
    write_atomically(path, lambda file: _write_arrays(file, arrays))
    return path


def _write_arrays(file, arrays):
    np.savez(file, **arrays)


def read_weights(path):
    """{name: NumPy array} from a .npz weights file, refusing anything that would need unpickling."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"load_weights: no weights file at {path}")
    try:
        archive = np.load(path, allow_pickle=False)
        if not hasattr(archive, "files"):      # a .npy file holds one bare array
            raise ValueError("it holds a single array, not named arrays")
        with archive:
            return {name: archive[name] for name in archive.files}
    except (ValueError, OSError, zipfile.BadZipFile) as error:
        raise ValueError(f"load_weights: {path} is not a tinyae weights file (.npz of plain arrays): {error}") from None


def load_weights(module, path):
    """Copy the arrays of the .npz file `path` into the parameters of `module`. Names, shapes and
    dtypes must all match; otherwise a ValueError lists every difference and nothing changes."""
    state = read_weights(path)
    try:
        module.load_state_dict(state)
    except ValueError as error:
        raise ValueError(f"load_weights: {path}: {error}") from None
    return module
