"""Writing a file so that a crash never leaves a broken one behind.

The data go to a temporary file in the same folder, which is flushed to disk and then renamed
over the target: `os.replace` is atomic, so readers see either the old file or the new one.

A process killed mid-write (SIGKILL, a power cut) cannot delete its temporary file. Temporary
files are therefore named ``.<target name>.tinyae-tmp-<pid>-<8 random characters>``, and each save
of a target first removes the temporary files of that same target whose process no longer runs
(POSIX only; elsewhere they stay). Nothing else in the folder is touched.
"""
import os
import re
import secrets
from pathlib import Path


def temp_prefix(path):
    """The start of the temporary file names of `path` for this process."""
    return f".{Path(path).name}.tinyae-tmp-{os.getpid()}-"


def write_atomically(path, write):
    """Call `write(file)` on a temporary file beside `path`, then rename it to `path`. The file gets
    the permissions a plainly created file would (0666 less the umask, applied by the system when
    it creates the file; mkstemp would give 0600), and the process umask is never touched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(path)
    handle = _new_temp_file(path)
    try:
        with handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
    return path


def _new_temp_file(path):
    """A new, empty file beside `path` named temp_prefix(path) + 8 random characters, opened for
    binary writing. Mode "x" creates it only if no such file exists (O_EXCL), with mode 0666 that
    the system reduces by the umask, exactly as for any file the process creates."""
    while True:
        name = str(path.parent / f"{temp_prefix(path)}{secrets.token_hex(4)}")
        try:
            return open(name, "xb")
        except FileExistsError:         # 1 chance in 4 billion: draw another name
            continue


def remove_stale_temp_files(path):
    """Delete the temporary files left beside `path` by saves of `path` whose process has died."""
    if os.name != "posix":
        return
    pattern = re.compile(rf"\.{re.escape(path.name)}\.tinyae-tmp-(\d+)-[a-z0-9_]{{8}}")
    for candidate in path.parent.iterdir():
        match = pattern.fullmatch(candidate.name)
        if match and not _process_is_running(int(match.group(1))):
            try:
                candidate.unlink()
            except FileNotFoundError:       # another process cleaned it up first
                pass


def _process_is_running(pid):
    """True when process `pid` exists (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:                 # it exists, under another user
        return True
    return True
