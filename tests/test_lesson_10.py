"""Lesson 10 (denoising autoencoders, seeds 001 and 003, Géron's settings) in quick mode, through the
runner: Géron's network and log lines, a denoising autoencoder that undoes noise a plain autoencoder
cannot, and a 2-D DAE whose reconstruction field r(x) - x points back to the curve the data lie on."""
import re

import lessons
from saved_files import is_png


def test_lesson_10_denoising_autoencoders(tmp_path, capsys):
    lesson, results, _ = lessons.run("10", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "10_denoising_autoencoders"

    # Géron's 784-300-150-300-784 network with the noise layer in front, and his log lines
    assert "gaussian_noise (GaussianNoise) (None, 784)               0" in printed
    assert "Total params: 561,934" in printed
    epochs = results["epochs"]
    log_lines = re.findall(r"^\d+ Train MSE: [0-9.e-]+$", printed, re.MULTILINE)
    assert len(log_lines) == 5 * epochs                        # five models
    assert len(results["logged_gaussian_fresh"]) == epochs

    # the corruptions are the slides' ones: N(0, 1) noise adds sigma^2 = 1 to the MSE of the input
    # itself; dropout 0.3 with the 1/0.7 rescaling keeps the MSE of the input small
    assert 0.95 < results["noisy_input_mse_gaussian"] < 1.05
    assert results["noisy_input_mse_dropout"] < 0.1

    # the lesson's point on MNIST: a DAE undoes the corruption it was trained on better than the plain AE
    assert results["test_gaussian_gaussian_fresh"] < 0.9 * results["test_gaussian_plain_ae"]
    assert results["test_gaussian_gaussian_one_copy"] < 0.9 * results["test_gaussian_plain_ae"]
    assert results["test_dropout_dropout_fresh"] < 0.9 * results["test_dropout_plain_ae"]
    assert results["test_gaussian_gaussian_fresh"] < results["mean_image_mse"]

    # the lesson's point in 2-D: every DAE's arrows r(x) - x point towards the curve near it ...
    for sigma in (0.05, 0.2, 0.5):
        assert results[f"toy_cos_near_sigma_{sigma}"] > 0.4, sigma
    # ... and a DAE puts points near the curve a long way back onto it, while the plain autoencoder
    # (no noise: free to learn the identity) barely moves them
    assert results["toy_ratio_near_sigma_0.2"] < 0.6
    assert results["toy_ratio_near_sigma_0.0"] > 0.85
    assert results["toy_arrow_near_sigma_0.0"] < 0.25 * results["toy_arrow_near_sigma_0.2"]

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"mnist_denoising.png", "vector_field.png"}
