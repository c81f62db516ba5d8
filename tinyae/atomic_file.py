"""Writing a file so that a crash never leaves a broken one behind.

The data go to a temporary file in the same folder, which is flushed to disk and then renamed
over the target: `os.replace` is atomic, so readers see either the old file or the new one.
"""
import os
import tempfile
from pathlib import Path


def write_atomically(path, write):
    """Call `write(file)` on a temporary file beside `path`, then rename it to `path`. The file gets
    the permissions a plainly created file would (0666 less the umask), not mkstemp's 0600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name + ".", suffix=".tmp", delete=False)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, path)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
    return path
