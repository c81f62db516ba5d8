"""Keep freed memory in the process, so that a training step does not fault its pages in again.

A training step allocates the same arrays every time (activations, im2col matrices, gradients: up
to about 43 MB at once for the conv benchmark) and frees them all when it ends. glibc's malloc gives a
block above its *mmap threshold* back to the kernel the moment it is freed, and returns the free
top of its heap above the *trim threshold*; the next step then touches fresh pages, and the kernel
zero-fills every 4 KiB page on first touch: one page fault each. glibc moves the threshold with
the program's history (up to the largest mmapped block freed so far, at most 32 MiB), so the same
script faults 0 or 8,000 times a step depending on what ran before it in the process.

Measured on the development machine (2 cores; the steps counted with getrusage, see issue 16's
note): a fault costs about 2.6 us of kernel time; the conv benchmark's step took 23-25 ms with the
thresholds below and 68-75 ms with every large block mmapped (18,000 faults a step), deep2's 7.7
against 13.9 ms.

keep_freed_memory() fixes both thresholds, which also switches glibc's moving threshold off:
blocks up to 32 MiB (the most glibc accepts) come from the heap, and up to 128 MiB of free heap
is kept instead of being returned. The process keeps its resident memory near its peak between
steps. tinyae calls it once when it is imported; set the environment variable
TINYAE_MALLOC=default before that to leave malloc as it is. Elsewhere than Linux with glibc
(macOS, Windows, musl) it does nothing.
"""
from __future__ import annotations

import ctypes
import os

MMAP_THRESHOLD = 32 << 20    # bytes: blocks below this come from the heap (glibc's largest allowed value)
TRIM_THRESHOLD = 128 << 20   # bytes of free heap top that glibc keeps instead of returning them
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3   # mallopt's parameter numbers, from glibc's malloc.h


def keep_freed_memory() -> bool:
    """Set glibc's mmap and trim thresholds (see the module docstring). True when malloc took both
    settings, False where there is no glibc to set."""
    try:
        libc = os.confstr("CS_GNU_LIBC_VERSION") or ""   # "glibc 2.36" on glibc, absent elsewhere
    except (AttributeError, ValueError, OSError):
        libc = ""
    if not libc.startswith("glibc"):
        return False
    mallopt = ctypes.CDLL(None).mallopt          # the C library this process already runs on
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1


def configure_from_environment() -> bool:
    """keep_freed_memory(), unless TINYAE_MALLOC=default; any other value is an error."""
    choice = os.environ.get("TINYAE_MALLOC", "keep")
    if choice not in ("keep", "default"):
        raise ValueError(f"TINYAE_MALLOC must be 'keep' or 'default', got {choice!r}")
    return choice == "keep" and keep_freed_memory()
