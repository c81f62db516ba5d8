"""A cache of decoded arrays on disk, so that the second load of a data set takes milliseconds.

Arrays are kept as .npy files in the user's cache folder ($XDG_CACHE_HOME/tinyae, or
~/.cache/tinyae), named by a key that includes the SHA-256 of the file they were decoded from:
a changed file gets a new key, so a stale array is never read. Each array is written to a
temporary file and renamed, so a crash mid-write never leaves a broken cache entry. When the
folder cannot be written, nothing is cached and the data are decoded every time.
"""
import os
from pathlib import Path

from .. import backend
from ..atomic_file import write_atomically

np = backend.module_for("numpy")


def cache_dir():
    """$XDG_CACHE_HOME/tinyae, or ~/.cache/tinyae."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "tinyae"


def cached_array(key, decode):
    """The array cached under `key`, or `decode()` (which is then cached for next time)."""
    path = cache_dir() / f"{key}.npy"
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError):   # not cached yet, or unreadable: decode again
        pass
    array = decode()
    try:
        write_atomically(path, lambda file: np.save(file, array, allow_pickle=False))
    except OSError:                 # a read-only home folder: carry on without a cache
        pass
    return array
