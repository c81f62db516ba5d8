"""Mini-batches: the data set cut into pieces of batch_size examples, in a fresh random order each pass."""
from collections.abc import Iterator

from .. import backend
from ..arguments import is_int
from ..backend import Array, Generator


def batches(x: Array, y: Array | None = None, batch_size: int = 32, shuffle: bool = True, rng: Generator | None = None,
            drop_last: bool = False) -> Iterator[Array | tuple[Array, Array]]:
    """Yield x[i:i+batch_size] (or (x_batch, y_batch) pairs when `y` is given) over one pass of the
    data; the last batch holds the remainder, as in Keras and PyTorch's DataLoader, unless
    `drop_last` (PyTorch's name): then every batch is full and the remainder is skipped this pass
    (n // batch_size batches, TF1's `mnist.train.next_batch` count per epoch).

    shuffle: visit the examples in a random order (drawn from `rng`, a NumPy Generator, default
    tinyae's own generator so that `ta.seed` fixes it). The batches are slices of the arrays you
    pass (NumPy or CuPy); nothing is copied to the GPU here.
    """
    if not is_int(batch_size) or batch_size < 1:
        raise ValueError(f"batches: batch_size must be a positive int, got {batch_size!r}")
    for arg, value in (("shuffle", shuffle), ("drop_last", drop_last)):
        if not isinstance(value, bool):
            raise TypeError(f"batches: {arg} must be True or False, got {type(value).__name__} {value!r}")
    n = len(x)
    if y is not None and len(y) != n:
        raise ValueError(f"batches: x has {n} examples but y has {len(y)}; they must be equal")
    order = (rng or backend.rng()).permutation(n) if shuffle else None
    if order is not None and backend.array_module(x) is not backend.array_module(order):
        order = backend.array_module(x).asarray(order)
    end = n - n % batch_size if drop_last else n
    for start in range(0, end, batch_size):
        index = slice(start, start + batch_size) if order is None else order[start:start + batch_size]
        yield x[index] if y is None else (x[index], y[index])
