"""Mini-batches: the data set cut into pieces of batch_size examples, in a fresh random order each pass."""
from collections.abc import Iterator

from .. import backend
from ..arguments import is_int
from ..backend import Array, Generator


def batches(x: Array, y: Array | None = None, batch_size: int = 32, shuffle: bool = True, rng: Generator | None = None,
            drop_last: bool = False) -> "OnePass":
    """Yield x[i:i+batch_size] (or (x_batch, y_batch) pairs when `y` is given) over one pass of the
    data; the last batch holds the remainder, as in Keras and PyTorch's DataLoader, unless
    `drop_last` (PyTorch's name): then every batch is full and the remainder is skipped this pass
    (n // batch_size batches, TF1's `mnist.train.next_batch` count per epoch).

    shuffle: visit the examples in a random order (drawn from `rng`, a NumPy Generator, default
    tinyae's own generator so that `ta.seed` fixes it, when the first batch is taken). The batches
    are slices of the arrays you pass (NumPy or CuPy); nothing is copied to the GPU here.

    One call is one pass, an iterator as a generator is (next() works): call batches() again for
    each epoch. A loop over a pass that is used up raises an error (see OnePass).
    """
    if not is_int(batch_size) or batch_size < 1:
        raise ValueError(f"batches: batch_size must be a positive int, got {batch_size!r}")
    for arg, value in (("shuffle", shuffle), ("drop_last", drop_last)):
        if not isinstance(value, bool):
            raise TypeError(f"batches: {arg} must be True or False, got {type(value).__name__} {value!r}")
    if y is not None and len(y) != len(x):
        raise ValueError(f"batches: x has {len(x)} examples but y has {len(y)}; they must be equal")
    return OnePass(_one_pass(x, y, batch_size, shuffle, rng, drop_last))


def _one_pass(x, y, batch_size, shuffle, rng, drop_last):
    n = len(x)
    order = (rng or backend.rng()).permutation(n) if shuffle else None
    if order is not None and backend.array_module(x) is not backend.array_module(order):
        order = backend.array_module(x).asarray(order)
    end = n - n % batch_size if drop_last else n
    for start in range(0, end, batch_size):
        index = slice(start, start + batch_size) if order is None else order[start:start + batch_size]
        yield x[index] if y is None else (x[index], y[index])


class OnePass:
    """The batches of one pass, handed out as a generator hands them out, except that a `for` loop
    that meets the pass already used up raises an error instead of running zero times: PyTorch's
    DataLoader, made once before the epoch loop, starts a new pass at every loop, and a generator
    made once would give every epoch after the first no batch at all, training nothing in silence."""

    def __init__(self, batches: Iterator):
        self._batches, self._used_up = batches, False

    def __iter__(self) -> "OnePass":
        if self._used_up:
            raise RuntimeError("datasets.batches(...) gives one pass over the data, and this one is used up: call "
                               "datasets.batches(...) again for each epoch (PyTorch's DataLoader starts a new pass "
                               "at every for loop; a pass here is one loop)")
        return self

    def __next__(self):
        try:
            return next(self._batches)
        except StopIteration:
            self._used_up = True
            raise
