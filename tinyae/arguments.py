"""The two checks of plain arguments that all of tinyae shares, so that every function accepts the
same things:

    is_int(v)      a whole number that is not a bool: 3 and np.int64(3) are, True, 3.0 and "3" are not
    is_number(v)   a real number that is not a bool: 0.5, 2 and np.float32(0.5) are, True and "0.5" not

(A bool is an int in Python, but nn.Dropout(True) or batch_size=True is a mistake, not a value.)
Each caller adds its own range and an error naming the argument and what it got."""
import numbers


def is_int(value: object) -> bool:
    """True for a whole number that is not a bool (a Python or NumPy integer)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    """True for a real number that is not a bool (int, float, NumPy integer or float)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
