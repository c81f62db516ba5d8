"""The decoded-array cache checks each entry against the SHA-256 recorded beside it: a zero-byte,
truncated, garbage or valid-but-wrong .npy file is decoded again and rewritten, never raised on
forever nor returned."""
import io

import numpy as np
import pytest

from tinyae.datasets import cache


@pytest.fixture
def cache_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "tinyae"


class Decoder:
    """Stands for the slow decode step, counting its calls."""

    def __init__(self):
        self.calls = 0
        self.array = np.arange(1000, dtype=np.uint8).reshape(10, 100)

    def __call__(self):
        self.calls += 1
        return self.array.copy()


def load(decoder):
    return cache.cached_array("images-0123456789abcdef", decoder)


def test_a_good_entry_is_read_without_decoding(cache_folder):
    decoder = Decoder()
    np.testing.assert_array_equal(load(decoder), decoder.array)
    assert sorted(p.name for p in cache_folder.iterdir()) == ["images-0123456789abcdef.npy",
                                                             "images-0123456789abcdef.npy.sha256"]
    np.testing.assert_array_equal(load(decoder), decoder.array)
    assert decoder.calls == 1


def zero_bytes(raw):
    return b""


def truncated(raw):
    return raw[: len(raw) // 2]


def garbage(raw):
    return bytes(range(256)) * 4


def one_flipped_byte(raw):
    damaged = bytearray(raw)
    damaged[-1] ^= 0x01
    return bytes(damaged)


def valid_but_wrong(raw):
    """A perfectly loadable .npy file of the right shape and dtype, with other values."""
    buffer = io.BytesIO()
    np.save(buffer, np.zeros((10, 100), dtype=np.uint8))
    return buffer.getvalue()


@pytest.mark.parametrize("damage", [zero_bytes, truncated, garbage, one_flipped_byte, valid_but_wrong])
def test_a_damaged_entry_is_decoded_again_and_rewritten(cache_folder, damage):
    decoder = Decoder()
    load(decoder)
    entry = cache_folder / "images-0123456789abcdef.npy"
    entry.write_bytes(damage(entry.read_bytes()))
    np.testing.assert_array_equal(load(decoder), decoder.array)
    assert decoder.calls == 2
    np.testing.assert_array_equal(np.load(entry), decoder.array)         # rewritten
    np.testing.assert_array_equal(load(decoder), decoder.array)
    assert decoder.calls == 2                                              # and trusted again


@pytest.mark.parametrize("checksum", [None, b"", b"0" * 64, b"\xff\xfe"])
def test_a_missing_or_wrong_checksum_rebuilds_the_entry(cache_folder, checksum):
    decoder = Decoder()
    load(decoder)
    sidecar = cache_folder / "images-0123456789abcdef.npy.sha256"
    if checksum is None:
        sidecar.unlink()
    else:
        sidecar.write_bytes(checksum)
    np.testing.assert_array_equal(load(decoder), decoder.array)
    assert decoder.calls == 2
    load(decoder)
    assert decoder.calls == 2


def test_an_unwritable_cache_folder_still_decodes(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    decoder = Decoder()
    np.testing.assert_array_equal(load(decoder), decoder.array)
    np.testing.assert_array_equal(load(decoder), decoder.array)
    assert decoder.calls == 2
