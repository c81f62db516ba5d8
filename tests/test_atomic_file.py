"""Atomic saves: a temporary file left by a save killed mid-write is removed by the next save of
the same target, and nothing else is."""
import os
import subprocess
import sys

import pytest

from tinyae.atomic_file import temp_prefix, write_atomically


def dead_pid():
    """The id of a process that has exited (a short-lived child, waited for)."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


@pytest.mark.skipif(os.name != "posix", reason="stale temporary files are recognised by pid on POSIX only")
def test_a_stale_temp_file_of_the_target_is_removed_and_nothing_else(tmp_path):
    target = tmp_path / "weights.npz"
    stale = tmp_path / f".weights.npz.tinyae-tmp-{dead_pid()}-abcd1234"
    stale.write_bytes(b"half a file")
    keep = [
        tmp_path / f".weights.npz.tinyae-tmp-{os.getpid()}-abcd1234",     # a save still running here
        tmp_path / f".other.npz.tinyae-tmp-{dead_pid()}-abcd1234",        # another target's
        tmp_path / f".weights.npz.tinyae-tmp-{dead_pid()}-abcd1234.bak",  # not the exact pattern
        tmp_path / "weights.npz.tmp",
    ]
    for path in keep:
        path.write_bytes(b"x")
    write_atomically(target, lambda f: f.write(b"new"))
    assert target.read_bytes() == b"new"
    assert not stale.exists()
    assert all(path.exists() for path in keep)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name] + [p.name for p in keep])


def test_the_temp_file_has_the_recognisable_name_while_writing(tmp_path):
    target = tmp_path / "cache.npy"
    seen = []
    write_atomically(target, lambda f: seen.append(os.path.basename(f.name)))
    assert seen[0].startswith(temp_prefix(target)) and len(seen[0]) == len(temp_prefix(target)) + 8
    assert [p.name for p in tmp_path.iterdir()] == ["cache.npy"]


def test_a_failing_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "model.npz"
    target.write_bytes(b"old")

    def fail(_file):
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_atomically(target, fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


@pytest.mark.skipif(os.name != "posix", reason="file modes and the umask are POSIX")
def test_the_file_gets_0666_less_the_umask_without_touching_the_umask(tmp_path, monkeypatch):
    """Review suspicion: reading the umask with os.umask(0); os.umask(umask) leaves it 0 for a
    moment, so another thread creating a file then gets a world-writable one. The file is now
    created with mode 0666 and the system applies the umask; os.umask is never called."""
    previous = os.umask(0o027)
    try:
        def no_umask(mask):
            raise AssertionError("write_atomically changed the process umask")
        monkeypatch.setattr(os, "umask", no_umask)
        target = write_atomically(tmp_path / "w.npz", lambda f: f.write(b"data"))
    finally:
        monkeypatch.undo()
        os.umask(previous)
    assert (os.stat(target).st_mode & 0o777) == 0o640 and target.read_bytes() == b"data"
