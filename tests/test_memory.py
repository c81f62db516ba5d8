"""tinyae/memory.py: with glibc's thresholds fixed at import, a step that allocates and frees the
same arrays again and again gets no new pages after the first time; with TINYAE_MALLOC=default,
glibc returns the freed heap top and the same loop faults its pages in every time."""
import os
import subprocess
import sys

import pytest

from tinyae import memory

# Five 12 MiB arrays alive at once, then all freed: the shape of a training step. Prints the page
# faults of one step, averaged over ten steps after three to warm up.
STEP_LOOP = """
import resource, numpy as np
import tinyae
def minflt():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def step():
    arrays = [np.ones(3 << 20, dtype=np.float32) for _ in range(5)]
    del arrays
for _ in range(3):
    step()
before = minflt()
for _ in range(10):
    step()
print((minflt() - before) / 10)
"""


def faults_per_step(malloc_setting):
    env = dict(os.environ, TINYAE_MALLOC=malloc_setting)
    result = subprocess.run([sys.executable, "-c", STEP_LOOP], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return float(result.stdout)


def on_glibc():
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def test_keep_freed_memory_reports_whether_it_could_set_malloc():
    assert memory.keep_freed_memory() is on_glibc()


@pytest.mark.skipif(not on_glibc(), reason="the thresholds are glibc's; elsewhere tinyae leaves malloc alone")
def test_a_step_that_frees_its_arrays_gets_no_fresh_pages():
    kept, default = faults_per_step("keep"), faults_per_step("default")
    assert kept <= 2, f"{kept} page faults a step with tinyae's thresholds"
    # glibc on its own returns the 60 MiB freed top of the heap each step (tens of faults even with
    # 2 MiB transparent huge pages, thousands with 4 KiB pages)
    assert default >= 20, f"only {default} page faults a step with glibc's own thresholds"


def test_an_unknown_setting_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("TINYAE_MALLOC", "off")
    with pytest.raises(ValueError, match="TINYAE_MALLOC must be 'keep' or 'default', got 'off'"):
        memory.configure_from_environment()
    monkeypatch.setenv("TINYAE_MALLOC", "default")
    assert memory.configure_from_environment() is False
