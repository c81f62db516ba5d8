"""Lesson 21 (generative stochastic networks, seed 001's one-line slide, built from Bengio et al.
2013/2014) in quick mode: the salt-and-pepper DAE trains, and the corrupt-reconstruct Markov chain
run from pure noise ends closer to digits than the noise it started from, for the plain DAE and the
walkback one alike, by the lesson's own measure (the distance to the nearest training image, which
is itself checked on images whose answer is known).

Quick mode (3,000 images, 3 + 1 epochs) is far too short for sharp samples, so nothing is asserted
about which of the two models samples better: the full run's comparison is in lessons/RESULTS.md."""


import tinyae as ta
from saved_files import is_png

LESSON = "21"      # the quick_run fixture (conftest.py) runs this lesson once for the file


def test_lesson_21_chain_from_noise_moves_towards_digits(quick_run):
    module, printed, out = quick_run
    results = module.results
    assert module.__name__ == "lessons.21_generative_stochastic_networks"
    assert "(3000, 784) (500, 784)" in printed
    assert "Total params: 393,284" in printed          # 784 x 500 tied weights + 500 + 784 biases
    assert results["epochs"] == 4 and results["walkback_steps"] == 5

    # salt-and-pepper 0.4 changes about 20 % of the pixels (half the chosen ones already had the value)
    changed = float(printed.split("share of test pixels changed: ")[1].split()[0])
    assert 0.18 < changed < 0.22

    # the DAE learns to denoise: its test BCE falls, in both branches
    first = results["warmup_test_bce"][0]
    assert results["warmup_test_bce"][-1] < first
    assert results["plain_test_bce"][-1] < 0.95 * first
    assert results["walkback_test_bce"][-1] < 0.95 * first

    # the lesson's point: the chain's samples (binary x_t) and means (p_t) are much closer to a
    # training digit than the noise they started from, for both models
    noise = results["noise_distance"]
    assert 0.4 < noise < 0.55                            # random binary images: ~half the pixels wrong
    assert results["test_digit_distance"] < 0.2 * noise  # real digits: the yardstick
    for name in ("plain", "walkback"):
        assert results[f"{name}_chain_sample_distance"] < 0.8 * noise, name
        assert results[f"{name}_chain_mean_distance"] < 0.5 * noise, name

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == {"corruption.png", "chains_from_noise_plain.png",
                                               "chains_from_noise_walkback.png", "chain_from_digit.png"}


def test_lesson_21_nearest_training_image_measure(quick_run):
    """The measure itself: a training image is at distance 0 from its nearest training image (itself)
    and gets its own label; flipping 10 of its 784 pixels puts it at 10/784 at most."""
    module, _, _ = quick_run
    images = module.x_train[:20].copy()
    distances, labels = module.nearest(ta.tensor(images))
    assert max(distances) < 1e-5
    assert list(labels) == list(module.y_train[:20])
    images[:, :10] = 1 - images[:, :10]
    distances, _ = module.nearest(ta.tensor(images))
    assert all(0 < d <= 10 / 784 + 1e-5 for d in distances)
