"""Small made-up data sets for the first lessons."""
import math

from .. import backend
from ..backend import Array, Generator

np = backend.module_for("numpy")


def binary_vector(value: int, bits: int = 8) -> Array:
    """The binary digits of the integer `value`, most significant first, as a float32 array of shape
    (1, bits): binary_vector(39) is [[0, 0, 1, 0, 0, 1, 1, 1]] (the 004 chapter's 00100111)."""
    if not isinstance(value, int) or not 0 <= value < 2 ** bits:
        raise ValueError(f"binary_vector: value must be an int in [0, 2**{bits}) = [0, {2 ** bits}), got {value!r}")
    digits = [(value >> k) & 1 for k in reversed(range(bits))]
    return np.array([digits], dtype="float32")


def points_near_plane(m: int = 200, w1: float = 0.1, w2: float = 0.3, noise: float = 0.1,
                      rng: Generator | None = None) -> Array:
    """m points in 3-D that lie close to the plane x3 = w1 x1 + w2 x2 (float32, shape (m, 3)): the
    slides' picture of PCA with a linear autoencoder (the data set of Geron's book)

        t ~ U(-0.5, 3 pi / 2 - 0.5)
        x1 = cos t + sin t / 2 + noise * n1 / 2
        x2 = 0.7 sin t + noise * n2 / 2
        x3 = w1 x1 + w2 x2 + noise * n3,        n_k ~ N(0, 1).
    """
    rng = rng or backend.rng()
    t = rng.uniform(0, 1, m) * 3 * math.pi / 2 - 0.5
    points = np.empty((m, 3))
    points[:, 0] = np.cos(t) + np.sin(t) / 2 + noise * rng.standard_normal(m) / 2
    points[:, 1] = np.sin(t) * 0.7 + noise * rng.standard_normal(m) / 2
    points[:, 2] = points[:, 0] * w1 + points[:, 1] * w2 + noise * rng.standard_normal(m)
    return points.astype("float32")
