"""The checks of plain arguments that all of tinyae shares, so that every function accepts the
same things:

    is_int(v)      a whole number that is not a bool: 3 and np.int64(3) are, True, 3.0 and "3" are not
    is_number(v)   a real number that is not a bool: 0.5, 2 and np.float32(0.5) are, True and "0.5" not

and the "did you mean" that an error about an unknown name adds (close_match).

(A bool is an int in Python, but nn.Dropout(True) or batch_size=True is a mistake, not a value.)
Each caller adds its own range and an error naming the argument and what it got."""
import difflib
import numbers
from collections.abc import Iterable


def is_int(value: object) -> bool:
    """True for a whole number that is not a bool (a Python or NumPy integer)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """True for a real number that is not a bool (int, float, NumPy integer or float)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def close_match(name: object, known: Iterable[str]) -> str:
    """" (did you mean 'relu'?)" for the known name that `name` most looks like ("ReLU", "Relu",
    "binary_cross_entropy"), or "" when none is close (or name is no str)."""
    if not isinstance(name, str):
        return ""
    known = list(known)
    by_case = [k for k in known if k.lower() == name.lower()]
    found = by_case or difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.75)
    return f" (did you mean {found[0]!r}?)" if found else ""
