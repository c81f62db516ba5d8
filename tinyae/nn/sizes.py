"""The checks every layer applies to its arguments: sizes (features, channels), and names it does not
know, with tinyae's name for Keras's and PyTorch's."""
from ..arguments import is_int
from ..other_names import LAYER_KEYWORDS, unexpected_keywords


def positive_int(value, arg, layer):
    """`value` as an int if it is a whole number >= 1 (a NumPy integer is fine, a bool or a float is
    not: nn.Dense(True, 3) is a mistake, not a layer with one input), else a ValueError."""
    if not is_int(value) or value < 1:
        raise ValueError(f"{layer}: {arg} must be a positive int, got {value!r} ({type(value).__name__})")
    return int(value)


def refuse_unknown(layer, unknown):
    """A TypeError naming the keyword arguments `layer` does not take, and what to write instead where
    Keras or PyTorch has the name; nothing when `unknown` is empty."""
    if unknown:
        raise unexpected_keywords(layer, list(unknown), LAYER_KEYWORDS)


class Required:
    """The default of a layer argument that must be given, shown as <required> by help(). It lets a
    layer called the Keras way, Dense(32, activation="relu") (Keras layers have no input size),
    answer with tinyae's order instead of Python's "missing 1 required positional argument"."""

    def __repr__(self):
        return "<required>"


REQUIRED = Required()


def check_given(layer, arg, value, hint):
    """A TypeError saying that `arg` of `layer` was not given (value is REQUIRED), and `hint`."""
    if value is REQUIRED:
        raise TypeError(f"{layer}: {arg} is missing; {hint}")
