"""MNIST (and anything stored like it, e.g. Fashion-MNIST), loaded like Keras's mnist.load_data().

tinyae ships the four MNIST files in tinyae/data/mnist/ together with their SHA-256 sums, so
nothing is downloaded. Every load checks each file's SHA-256 against SHA256SUMS (when the folder
has one) and decodes the IDX format itself; the decoded arrays are cached on disk (see
`cache.py`), so only the first load pays for gunzip.

Data sets are NumPy arrays in host memory, as in Keras; `Model.fit` (or `ta.tensor`) moves one
batch at a time to the backend in use, so the whole set never has to fit on the GPU.
"""
import gzip
import os
import zlib
from pathlib import Path

from ..backend import Array
from .cache import cached_array
from .checksums import read_sha256sums, sha256_hex, verify_sha256
from .idx import parse_idx

FILES = {
    "train_images": "train-images-idx3-ubyte.gz",
    "train_labels": "train-labels-idx1-ubyte.gz",
    "test_images": "t10k-images-idx3-ubyte.gz",
    "test_labels": "t10k-labels-idx1-ubyte.gz",
}
PACKAGED = Path(__file__).resolve().parent.parent / "data" / "mnist"
NORMALIZATIONS = ("01", "-11", None)


def mnist_folder(path=None):
    """Where the four files are read from: `path`, else $TINYAE_DATA, else the copy shipped with tinyae."""
    return Path(path or os.environ.get("TINYAE_DATA") or PACKAGED)


def load_mnist(normalize: str | None = "01", flatten: bool = False,
               path: str | os.PathLike | None = None) -> tuple[tuple[Array, Array], tuple[Array, Array]]:
    """((x_train, y_train), (x_test, y_test)) as NumPy arrays, like keras.datasets.mnist.load_data().

    normalize: "01"  -> float32 pixels x / 255 in [0, 1] (the Keras chapters' x.astype('float32') / 255)
               "-11" -> float32 pixels (x / 255 - 0.5) / 0.5 in [-1, 1] (PyTorch's ToTensor() then
                        Normalize((0.5,), (0.5,)))
               None  -> the raw uint8 pixels 0..255
    flatten:   images of shape (N, 784) instead of (N, 28, 28)
    path:      a folder holding the same four file names (e.g. Fashion-MNIST); default $TINYAE_DATA
               or the MNIST shipped with tinyae. Its SHA256SUMS, if it has one, is checked.

    Labels are uint8 class numbers 0-9. A missing file raises FileNotFoundError and a corrupt one
    ChecksumError (a ValueError), each naming the file.
    """
    if normalize not in NORMALIZATIONS:
        raise ValueError(f"load_mnist: normalize must be one of {NORMALIZATIONS}, got {normalize!r}")
    if not isinstance(flatten, bool):
        raise TypeError(f"load_mnist: flatten must be True or False, got {type(flatten).__name__} {flatten!r}")
    folder = mnist_folder(path)
    arrays = {part: _load_idx_file(folder, file_name) for part, file_name in FILES.items()}
    for split in ("train", "test"):
        images, labels = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise ValueError(f"load_mnist: {folder} holds {split} images of shape {images.shape} and labels of "
                             f"shape {labels.shape}; expected (N, height, width) and (N,)")
        arrays[f"{split}_images"] = _prepare(images, normalize, flatten)
    return ((arrays["train_images"], arrays["train_labels"]),
            (arrays["test_images"], arrays["test_labels"]))


def _load_idx_file(folder, file_name):
    """The decoded array of one .gz IDX file, after checking its SHA-256."""
    file_path = folder / file_name
    if not file_path.is_file():
        raise FileNotFoundError(f"load_mnist: {file_path} is missing; the folder must hold {sorted(FILES.values())}")
    raw = file_path.read_bytes()
    sums_path = folder / "SHA256SUMS"
    if sums_path.is_file():
        sums = read_sha256sums(sums_path)
        if file_name not in sums:
            raise ValueError(f"load_mnist: {sums_path} lists no checksum for {file_name}")
        digest = verify_sha256(raw, sums[file_name], file_path)
    else:
        digest = sha256_hex(raw)
    return cached_array(f"{file_name[:-3]}-{digest[:16]}", lambda: _decode(raw, file_path))


def _decode(raw, file_path):
    """gunzip, then parse the IDX bytes."""
    try:
        unzipped = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as error:
        raise ValueError(f"load_mnist: {file_path} is not a valid .gz file ({error})") from None
    return parse_idx(unzipped, file_path.name)


def _prepare(images, normalize, flatten):
    """uint8 images -> the requested scale (float32 unless normalize is None) and shape."""
    if flatten:
        images = images.reshape(len(images), -1)
    if normalize is None:
        return images
    x = images.astype("float32")
    x /= 255                    # NumPy keeps float32: the Python int is a weak scalar
    if normalize == "-11":
        x -= 0.5
        x /= 0.5
    return x
