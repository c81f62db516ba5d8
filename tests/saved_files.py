"""What the tests check about files the lessons and plots save."""
import pathlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"     # the first 8 bytes of every PNG file


def is_png(path) -> bool:
    """True when the file at `path` starts with the PNG signature (read, then closed)."""
    return pathlib.Path(path).read_bytes()[:8] == PNG_SIGNATURE
