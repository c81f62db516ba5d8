"""The IDX file format of the MNIST files, read byte by byte.

An IDX file is a big-endian header followed by the raw numbers:

    bytes 0-1   zero
    byte  2     the type of the numbers (0x08 = uint8, ..., 0x0E = float64)
    byte  3     the number of dimensions d
    d x 4 bytes the size of each dimension (big-endian uint32)
    then        prod(sizes) numbers, row-major

MNIST's label files are 1-d (magic number 0x00000801), its image files 3-d (0x00000803).
"""
import gzip
from os import PathLike
from pathlib import Path

from .. import backend
from ..backend import Array

np = backend.module_for("numpy")   # data files are read into host (CPU) memory

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def parse_idx(raw: bytes, name: str = "IDX data") -> Array:
    """The array stored in the bytes `raw` of an (uncompressed) IDX file, in native byte order.
    `name` (a file name) is used in the error messages."""
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"{name}: not an IDX file (it must start with two zero bytes, got {bytes(raw[:2]).hex()!r})")
    type_code, ndim = raw[2], raw[3]
    if type_code not in IDX_TYPES:
        raise ValueError(f"{name}: unknown IDX type code 0x{type_code:02X}; known: "
                         f"{', '.join(f'0x{c:02X}' for c in IDX_TYPES)}")
    header_bytes = 4 + 4 * ndim
    if len(raw) < header_bytes:
        raise ValueError(f"{name}: the file ends inside its header ({len(raw)} bytes, the header needs {header_bytes})")
    shape = tuple(int.from_bytes(raw[4 + 4 * k: 8 + 4 * k], "big") for k in range(ndim))
    dtype = np.dtype(IDX_TYPES[type_code])
    count = 1
    for size in shape:
        count *= size
    expected = header_bytes + count * dtype.itemsize
    if len(raw) != expected:
        raise ValueError(f"{name}: the header says shape {shape} ({expected} bytes in all) but the file has "
                         f"{len(raw)} bytes")
    values = np.frombuffer(raw, dtype=dtype, count=count, offset=header_bytes).reshape(shape)
    return values.astype(dtype.newbyteorder("="))   # a writable copy in the machine's byte order


def read_idx(path: str | PathLike) -> Array:
    """The array in the IDX file at `path`; a name ending in .gz is decompressed first."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return parse_idx(raw, path.name)
