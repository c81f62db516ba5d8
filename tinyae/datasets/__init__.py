"""Data sets and data helpers: `from tinyae import datasets`.

Data live in host memory as NumPy arrays (as in Keras): float32 images, uint8 labels. The training
loop moves one batch at a time to the backend in use (NumPy or CuPy).
"""
from ..other_names import DATASETS, no_attribute
from .batching import batches
from .checksums import ChecksumError
from .idx import parse_idx, read_idx
from .mnist import load_mnist
from .noise import add_gaussian_noise, mask_noise
from .toy import binary_vector, points_near_plane

__all__ = ["load_mnist", "batches", "binary_vector", "points_near_plane", "add_gaussian_noise", "mask_noise",
           "read_idx", "parse_idx", "ChecksumError"]


def __getattr__(name: str):
    """Called only for a name tinyae.datasets lacks: PyTorch's DataLoader and torchvision's MNIST
    say what tinyae has (other_names.DATASETS)."""
    raise no_attribute("module 'tinyae.datasets'", name, DATASETS)
