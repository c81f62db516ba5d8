"""SHA-256 checksums: proof that a data file is the file it claims to be."""
import hashlib
from pathlib import Path


class ChecksumError(ValueError):
    """A data file's SHA-256 is not the one its SHA256SUMS lists (the file is corrupt or a different file)."""


def sha256_hex(data):
    """The SHA-256 of the bytes `data`, as 64 hexadecimal digits."""
    return hashlib.sha256(data).hexdigest()


def read_sha256sums(path):
    """{file name: hex digest} from a SHA256SUMS file (the `sha256sum` tool's format:
    "<64 hex digits>  <file name>" per line)."""
    path = Path(path)
    sums = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise ValueError(f"{path}: line {number} is not '<sha256>  <file name>': {line!r}")
        digest, name = parts
        sums[name.lstrip("*")] = digest.lower()
    return sums


def verify_sha256(data, expected, path):
    """Raise ChecksumError naming `path` when the bytes `data` (read from `path`) do not have the
    SHA-256 `expected`; return the digest otherwise."""
    digest = sha256_hex(data)
    if digest != expected:
        raise ChecksumError(f"{path} is corrupt or not the expected file: its SHA-256 is {digest}, "
                            f"but SHA256SUMS says {expected}. Restore the original file (tinyae ships "
                            f"MNIST in tinyae/data/mnist/).")
    return digest
