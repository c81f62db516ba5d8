"""A cache of decoded arrays on disk, so that the second load of a data set is quick.

Arrays are kept as .npy files in the user's cache folder ($XDG_CACHE_HOME/tinyae, or
~/.cache/tinyae), named by a key that includes the SHA-256 of the file they were decoded from:
a changed file gets a new key, so a stale array is never read. Beside each ``<key>.npy`` lies
``<key>.npy.sha256``, the SHA-256 of the .npy file's bytes; a cache entry is used only when its
bytes match it, so an empty, truncated, damaged or replaced file is decoded again and rewritten
instead of raising forever or being returned silently. Each file is written to a temporary file
and renamed, so a crash mid-write never leaves a broken entry (at worst the two files disagree,
and the entry is rebuilt). When the folder cannot be written, nothing is cached and the data are
decoded every time.
"""
import hashlib
import io
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
    """The array cached under `key` if its bytes match their checksum, else `decode()` (which is
    then cached for next time)."""
    path = cache_dir() / f"{key}.npy"
    checksum_path = path.with_name(path.name + ".sha256")
    array = _load_verified(path, checksum_path)
    if array is not None:
        return array
    array = decode()
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    raw = buffer.getvalue()
    try:
        write_atomically(path, lambda file: file.write(raw))
        write_atomically(checksum_path, lambda file: file.write(hashlib.sha256(raw).hexdigest().encode()))
    except OSError:                 # a read-only home folder: carry on without a cache
        pass
    return array


def _load_verified(path, checksum_path):
    """The array in `path` when its SHA-256 is the one recorded beside it, else None. The file is
    hashed as it is read, then loaded from the same open file: no second copy of it in memory."""
    try:
        expected = checksum_path.read_text(encoding="ascii").strip()
        with open(path, "rb") as file:
            digest = hashlib.sha256()
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
            if digest.hexdigest() != expected:
                return None
            file.seek(0)
            return np.load(file, allow_pickle=False)
    except (OSError, UnicodeDecodeError, ValueError, EOFError):   # not cached yet, unreadable, damaged
        return None
