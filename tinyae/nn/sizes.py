"""The check every layer applies to its size arguments (features, channels)."""
from ..arguments import is_int


def positive_int(value, arg, layer):
    """`value` as an int if it is a whole number >= 1 (a NumPy integer is fine, a bool or a float is
    not: nn.Dense(True, 3) is a mistake, not a layer with one input), else a ValueError."""
    if not is_int(value) or value < 1:
        raise ValueError(f"{layer}: {arg} must be a positive int, got {value!r} ({type(value).__name__})")
    return int(value)
