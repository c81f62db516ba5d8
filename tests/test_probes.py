"""probes.knn_accuracy and chance_accuracy on codes whose answer is known, on both backends (the
codes are NumPy arrays, as lessons pass them; the score runs on the backend in use)."""
import numpy as np
import pytest

from tinyae import probes


def test_tight_clusters_score_one_in_blocks_of_any_size(xp):
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(10), 50).astype(np.uint8)
    centres = np.stack([np.cos(np.arange(10)), np.sin(np.arange(10))], axis=1)
    codes = (centres[labels] + 0.01 * rng.standard_normal((500, 2))).astype(np.float32)
    assert probes.knn_accuracy(codes, labels) == 1.0
    assert probes.knn_accuracy(codes, labels, block=64) == 1.0


def test_codes_unrelated_to_the_labels_score_near_chance(xp):
    rng = np.random.default_rng(1)
    codes = rng.standard_normal((2000, 2)).astype(np.float32)
    labels = rng.integers(0, 10, 2000).astype(np.uint8)
    assert 0.05 < probes.knn_accuracy(codes, labels) < 0.16
    assert 0.1 <= probes.chance_accuracy(labels) < 0.13


def test_a_code_is_never_its_own_neighbour(xp):
    # each point twice, with two labels: with k = 1 its copy is its only neighbour, so every vote is wrong
    points = np.random.default_rng(2).standard_normal((100, 2)).astype(np.float32)
    codes, labels = np.concatenate([points, points]), np.repeat([0, 1], 100)
    assert probes.knn_accuracy(codes, labels, k=1) == 0.0


def test_chance_is_the_most_frequent_label(xp):
    assert probes.chance_accuracy(np.array([3, 3, 3, 1])) == 0.75


def test_bad_shapes_and_k_are_named():
    codes = np.zeros((10, 2), dtype=np.float32)
    with pytest.raises(ValueError, match=r"codes must be \(n, d\) and labels \(n,\)"):
        probes.knn_accuracy(codes, np.zeros(9, dtype=np.int64))
    with pytest.raises(ValueError, match="k must be between 1 and n - 1 = 9, got 10"):
        probes.knn_accuracy(codes, np.zeros(10, dtype=np.int64), k=10)


@pytest.mark.parametrize("labels, error, message", [
    (np.linspace(0, 1, 10), TypeError, "knn_accuracy: labels must be integers 0..C-1 .class indices., got dtype float64"),
    (np.arange(10) % 2 == 0, TypeError, "labels must be integers 0..C-1 .class indices., got dtype bool"),
    (-(np.arange(10) % 2), ValueError, "knn_accuracy: labels must be integers 0..C-1 .class indices., got a label -1"),
], ids=["float", "bool", "negative"])
def test_labels_must_be_class_indices(xp, labels, error, message):
    """Review finding 8: float labels were truncated (0.5 -> 0) and negative ones indexed eye()
    from the end, silently; chance_accuracy refuses them the same way."""
    with pytest.raises(error, match=message):
        probes.knn_accuracy(np.zeros((10, 2), dtype=np.float32), labels, k=3)
    with pytest.raises(error, match=message.replace("knn_accuracy", "chance_accuracy")):
        probes.chance_accuracy(labels)


@pytest.mark.parametrize("k", [2.5, 3.0, True, "3"])
def test_k_must_be_an_int(k):
    with pytest.raises(TypeError, match=f"knn_accuracy: k must be an int, got {type(k).__name__}"):
        probes.knn_accuracy(np.zeros((10, 2), dtype=np.float32), np.arange(10) % 2, k=k)
    assert probes.knn_accuracy(np.zeros((10, 2), dtype=np.float32), np.arange(10) % 2, k=np.int64(3)) >= 0
