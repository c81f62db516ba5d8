"""The data side: the MNIST loader (shapes, dtypes, label counts, checksums, the cache, other
folders), the IDX reader, toy data, batches and the noise helpers."""
import gzip
import shutil
import struct

import numpy as np
import pytest

from tinyae import datasets
from tinyae.datasets import cache, mnist

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory):
    """A private cache folder, so these tests see a cold cache and leave the user's alone."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def private_cache(cache_home, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    monkeypatch.delenv("TINYAE_DATA", raising=False)
    return cache_home / "tinyae"


@pytest.fixture
def mnist_copy(tmp_path):
    """A copy of the shipped MNIST folder that a test may damage."""
    folder = tmp_path / "mnist"
    shutil.copytree(mnist.PACKAGED, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def test_mnist_shapes_dtypes_and_label_counts(private_cache):
    (x_train, y_train), (x_test, y_test) = datasets.load_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.float32 and x_test.dtype == np.float32
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    assert y_train.dtype == np.uint8 and y_test.dtype == np.uint8
    assert np.bincount(y_train).tolist() == TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == TEST_COUNTS


def test_mnist_normalisations_and_flatten(private_cache):
    (raw, _), _ = datasets.load_mnist(normalize=None, flatten=True)
    (x01, _), _ = datasets.load_mnist(normalize="01", flatten=True)
    (x11, _), _ = datasets.load_mnist(normalize="-11")
    assert raw.dtype == np.uint8 and raw.shape == (60000, 784) and x01.shape == (60000, 784)
    assert raw.max() == 255
    some = slice(0, 60000, 97)                             # 619 images spread over the set
    np.testing.assert_array_equal(x01[some], raw[some].astype(np.float32) / np.float32(255))
    assert x11.dtype == np.float32 and x11.min() == -1.0 and x11.max() == 1.0
    np.testing.assert_allclose(x11.reshape(60000, 784)[some], 2 * x01[some] - 1, atol=1e-6)
    with pytest.raises(ValueError, match="normalize"):
        datasets.load_mnist(normalize="0-255")
    with pytest.raises(TypeError, match="flatten must be True or False, got str 'no'"):
        datasets.load_mnist(flatten="no")                  # a non-empty str is true: it would flatten


def test_decoded_arrays_are_cached_and_a_broken_cache_entry_is_rebuilt(private_cache):
    first = datasets.load_mnist(normalize=None)
    cached = sorted(p.name for p in private_cache.glob("*.npy"))
    assert len(cached) == 4 and all(name.startswith(("train-", "t10k-")) for name in cached)
    assert not list(private_cache.glob(".*tinyae-tmp*"))
    train_labels = next(private_cache.glob("train-labels*.npy"))
    train_labels.write_bytes(b"not an npy file")
    second = datasets.load_mnist(normalize=None)
    np.testing.assert_array_equal(first[0][1], second[0][1])
    assert np.load(train_labels).shape == (60000,)       # rewritten


def test_a_corrupted_file_is_detected_and_named(private_cache, mnist_copy, monkeypatch):
    damaged = mnist_copy / "t10k-labels-idx1-ubyte.gz"
    data = bytearray(damaged.read_bytes())
    data[100] ^= 0x01                                      # flip one bit
    damaged.write_bytes(bytes(data))
    with pytest.raises(datasets.ChecksumError, match="t10k-labels-idx1-ubyte.gz"):
        datasets.load_mnist(path=mnist_copy)
    monkeypatch.setenv("TINYAE_DATA", str(mnist_copy))   # the environment variable is honoured
    with pytest.raises(datasets.ChecksumError, match="SHA-256"):
        datasets.load_mnist()


def test_a_missing_file_is_named(private_cache, mnist_copy):
    (mnist_copy / "train-images-idx3-ubyte.gz").unlink()
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte.gz"):
        datasets.load_mnist(path=mnist_copy)


def _idx_gz(path, array):
    """Write `array` (uint8) as a gzipped IDX file, the way the MNIST files are made."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(struct.pack(">I", n) for n in array.shape)
    path.write_bytes(gzip.compress(header + array.astype(np.uint8).tobytes()))


def test_another_folder_with_the_same_file_names_loads_fashion_style(private_cache, tmp_path):
    rng = np.random.default_rng(0)
    images = {"train": rng.integers(0, 256, (5, 28, 28)), "t10k": rng.integers(0, 256, (3, 28, 28))}
    labels = {"train": np.array([0, 1, 2, 3, 4]), "t10k": np.array([9, 8, 7])}
    for split in ("train", "t10k"):
        _idx_gz(tmp_path / f"{split}-images-idx3-ubyte.gz", images[split])
        _idx_gz(tmp_path / f"{split}-labels-idx1-ubyte.gz", labels[split])
    (x_train, y_train), (x_test, y_test) = datasets.load_mnist(normalize=None, path=tmp_path)
    np.testing.assert_array_equal(x_train, images["train"])
    np.testing.assert_array_equal(y_test, labels["t10k"])
    assert x_test.shape == (3, 28, 28)


def test_idx_reader_reads_other_types_and_rejects_bad_files():
    values = np.arange(6, dtype=">i4").reshape(2, 3)
    raw = bytes([0, 0, 0x0C, 2]) + struct.pack(">II", 2, 3) + values.tobytes()
    parsed = datasets.parse_idx(raw)
    np.testing.assert_array_equal(parsed, values)
    assert parsed.dtype == np.int32 and parsed.dtype.isnative
    with pytest.raises(ValueError, match="not an IDX file"):
        datasets.parse_idx(b"\x01\x00\x08\x01", "bad.idx")
    with pytest.raises(ValueError, match=r"bad.idx: the header says shape \(2, 3\)"):
        datasets.parse_idx(raw[:-1], "bad.idx")
    with pytest.raises(ValueError, match="type code 0x07"):
        datasets.parse_idx(bytes([0, 0, 0x07, 1, 0, 0, 0, 0]))


def test_cache_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "tinyae"


def test_binary_vector_is_the_chapters_39_and_216():
    np.testing.assert_array_equal(datasets.binary_vector(39), [[0, 0, 1, 0, 0, 1, 1, 1]])
    np.testing.assert_array_equal(datasets.binary_vector(216), [[1, 1, 0, 1, 1, 0, 0, 0]])
    assert datasets.binary_vector(39).dtype == np.float32
    assert datasets.binary_vector(5, bits=4).tolist() == [[0, 1, 0, 1]]
    with pytest.raises(ValueError, match="value"):
        datasets.binary_vector(256)


def test_points_near_plane_lie_near_their_plane():
    points = datasets.points_near_plane(500, w1=0.1, w2=0.3, noise=0.1, rng=np.random.default_rng(0))
    assert points.shape == (500, 3) and points.dtype == np.float32
    residual = points[:, 2] - (0.1 * points[:, 0] + 0.3 * points[:, 1])
    assert 0.08 < residual.std() < 0.12                    # the noise, and only the noise
    assert points[:, 0].std() > 0.5                        # spread along the plane


def test_batches_cover_every_example_once_with_a_short_last_batch():
    x = np.arange(10 * 2).reshape(10, 2)
    y = np.arange(10)
    got = list(datasets.batches(x, y, batch_size=4, rng=np.random.default_rng(3)))
    assert [len(xb) for xb, _ in got] == [4, 4, 2]
    order = np.concatenate([yb for _, yb in got])
    assert sorted(order.tolist()) == list(range(10)) and order.tolist() != list(range(10))
    for xb, yb in got:
        np.testing.assert_array_equal(xb[:, 0], 2 * yb)     # x and y stay paired
    in_order = list(datasets.batches(x, batch_size=3, shuffle=False))
    assert np.concatenate(in_order).tolist() == x.tolist()
    again = [yb for _, yb in datasets.batches(x, y, batch_size=4, rng=np.random.default_rng(3))]
    assert np.concatenate(again).tolist() == order.tolist()  # a seed fixes the order
    with pytest.raises(ValueError, match="y has 9"):
        list(datasets.batches(x, y[:9]))
    with pytest.raises(ValueError, match="batch_size"):
        list(datasets.batches(x, batch_size=0))


def test_batches_drop_last_gives_only_full_batches():
    x, y = np.arange(10 * 2).reshape(10, 2), np.arange(10)
    got = list(datasets.batches(x, y, batch_size=4, rng=np.random.default_rng(3), drop_last=True))
    assert [len(xb) for xb, _ in got] == [4, 4]
    kept = np.concatenate([yb for _, yb in got])
    assert len(set(kept.tolist())) == 8                         # 8 different examples, 2 left for next pass
    full = np.concatenate([yb for _, yb in datasets.batches(x, y, batch_size=4, rng=np.random.default_rng(3))])
    assert kept.tolist() == full[:8].tolist()                   # the same order, the remainder cut
    assert [len(b) for b in datasets.batches(x, batch_size=5, drop_last=True)] == [5, 5]


def test_gaussian_noise_is_clipped_and_keeps_dtype(xp):
    x = xp.full((200, 100), 0.5, dtype=xp.float32)
    noisy = datasets.add_gaussian_noise(x, 0.1, rng=np.random.default_rng(0))
    assert noisy.dtype == xp.float32 and type(noisy) is type(x)
    assert 0.09 < float((noisy - x).std()) < 0.11 and abs(float((noisy - x).mean())) < 0.005
    clipped = datasets.add_gaussian_noise(x, 1.0, rng=np.random.default_rng(0))
    assert float(clipped.min()) == 0.0 and float(clipped.max()) == 1.0
    unclipped = datasets.add_gaussian_noise(x, 1.0, clip=None, rng=np.random.default_rng(0))
    assert float(unclipped.min()) < 0.0
    with pytest.raises(TypeError, match="float"):
        datasets.add_gaussian_noise(np.zeros((2, 2), dtype=np.uint8), 0.5)
    for factor in (-0.5, float("nan"), "0.5"):
        with pytest.raises(ValueError, match=r"factor \(the noise's standard deviation\) must be a finite number"):
            datasets.add_gaussian_noise(x, factor)
    with pytest.raises(ValueError, match=r"clip must be None or \(low, high\) with low < high, got \(1, 0\)"):
        datasets.add_gaussian_noise(x, 0.5, clip=(1, 0))         # np.clip would set every value to 0


def test_mask_noise_zeroes_a_fraction_p_and_keeps_the_rest(xp):
    x = xp.full((100, 100), 0.7, dtype=xp.float32)
    masked = datasets.mask_noise(x, 0.3, rng=np.random.default_rng(0))
    zeroed = float((masked == 0).mean())
    assert 0.27 < zeroed < 0.33
    assert bool(((masked == 0) | (masked == x)).all()) and masked.dtype == xp.float32
    with pytest.raises(ValueError, match="p must be"):
        datasets.mask_noise(x, 1.5)


def test_a_pass_of_batches_used_up_is_refused_by_the_next_loop_not_run_empty():
    """PyTorch's habit, a loader made once before the epoch loop: with a generator every epoch after
    the first ran zero batches and trained nothing, silently. One call to batches() is one pass; the
    second loop over it now raises, and next() still works as on a generator."""
    x = np.arange(10 * 2, dtype=np.float32).reshape(10, 2)
    loader = datasets.batches(x, batch_size=4)
    seen = [len(xb) for xb in loader]
    assert seen == [4, 4, 2]
    with pytest.raises(RuntimeError, match=r"one pass over the data, and this one is used up: call "
                                           r"datasets.batches\(...\) again for each epoch \(PyTorch's DataLoader"):
        for _ in loader:
            pass
    fresh = datasets.batches(x, batch_size=4, shuffle=False)
    assert next(fresh).tolist() == x[:4].tolist() and next(fresh).tolist() == x[4:8].tolist()
    assert [len(xb) for xb in fresh] == [2]                  # a loop takes what is left of the pass
    assert [sum(len(xb) for xb in datasets.batches(x, batch_size=4)) for _ in range(2)] == [10, 10]
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        datasets.batches(x, batch_size=0)                    # checked at the call, before any loop
