"""Lesson 16 (the slides' PyTorch VAE, seed 001 变分编码器的实现; V1, V2) in quick mode, through the
runner: the slides' latent_loss is the per-example Gaussian KL divided by the 8 code units; the KL
closed form matches its Monte Carlo estimate; the VAE as printed collapses (near-zero KL in every unit,
the same output for every image, a loss at the mean image's level), while the same architecture with
per-example sums and a sigmoid output carries information in its code and reconstructs differently
for different images."""

import pytest
from saved_files import is_png


LESSON = "16"      # the quick_run fixture (conftest.py) runs this lesson once for the file


def test_lesson_16_kl_closed_form_and_latent_loss(quick_run):
    module, printed, _ = quick_run
    results = module.results
    assert "Number of samples: 6000" in printed
    for mu1, sigma1, mu2, sigma2, estimate, error, exact in results["kl_check"]:
        assert abs(estimate - exact) <= 5 * error + 1e-12, (mu1, sigma1, mu2, sigma2, estimate, exact)
    # the slides' latent_loss equals tinyae's per-example KL (summed over units) divided by 8
    assert results["latent_loss_at_start"] > 0
    assert results["latent_loss_at_start"] == pytest.approx(results["gaussian_kl_over_8_at_start"], rel=1e-5)


def test_lesson_16_printed_vae_collapses_and_the_fix_does_not(quick_run):
    module, printed, out = quick_run
    results = module.results
    assert module.__name__ == "lessons.16_pytorch_vae_mean_digit"
    assert results["epochs_as_printed"] == 2 and results["epochs_fixed"] == 2
    collapsed, fixed = results["as_printed"], results["fixed"]

    # as printed: no code unit carries information, every image gets the same output ...
    assert collapsed["kl"] < 0.05
    assert max(collapsed["kl_per_unit"]) < 0.01
    assert collapsed["spread"] < 0.01 * results["data_spread"]
    # ... and its loss sits at the mean image's level, as the slides' log (0.063 to 0.072) does
    assert abs(collapsed["mse"] + collapsed["kl"] / 8 - results["mean_image_mse"]) < 0.02
    assert all(0.06 < l < 0.1 for l in results["history_as_printed"]["last_batch_loss"])

    # fixed (per-example sums, sigmoid output, same architecture and budget): the code is used
    assert fixed["kl"] > 2.0
    assert sum(k > 0.1 for k in fixed["kl_per_unit"]) >= 4
    assert fixed["spread"] > 20 * collapsed["spread"]
    # and by the slides' own loss the working VAE scores worse than the collapsed one: the cause
    assert fixed["mse"] + fixed["kl"] / 8 > 5 * (collapsed["mse"] + collapsed["kl"] / 8)

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == {"reconstructions_and_samples.png", "kl_per_unit.png"}
