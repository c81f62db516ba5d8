"""Lesson 13 (the contractive denoising autoencoder, seed 001 其他自编码器; R7) in quick mode, through
the runner: the closed form of the penalty equals the Jacobian by finite differences on every trained
encoder, and the lesson's point holds on the same budget: the CDAE's code is more contractive than the
DAE's (smaller Jacobian norm, smaller code shift under noise) and it denoises better than the CAE;
the penalty taken at the clean input instead of the corrupted one (the variant the two decks' notation
could suggest) ruins the reconstruction of clean images."""
import contextlib
import io

import pytest

import lessons

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MODELS = ["AE", "DAE", "CAE", "CDAE", "CDAE, J at x"]


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("lesson_13")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        lesson, results, _ = lessons.run("13", quick=True, out=out)
    return lesson, results, printed.getvalue(), out


def test_lesson_13_closed_form_is_the_jacobian(quick_run):
    _, results, printed, _ = quick_run
    assert list(results["jacobian_check"]) == MODELS
    for name, (finite_differences, closed_form) in results["jacobian_check"].items():
        assert finite_differences > 0.01, name
        assert abs(finite_differences / closed_form - 1) < 1e-6, (name, finite_differences, closed_form)
    assert "(8000, 784) (1000, 784) (1000, 784) float32" in printed
    assert "Total params: 101,200" in printed


def test_lesson_13_cdae_is_contractive_and_denoises(quick_run):
    lesson, results, printed, out = quick_run
    assert lesson.name == "13_contractive_denoising"
    scores = results["scores"]
    assert list(scores) == MODELS and results["epochs"] == 4 and results["lambda"] == 1.0

    # the penalty works: the contractive models have the smaller Jacobian norms, the plain AE the largest
    assert scores["CAE"]["jacobian_clean"] < scores["DAE"]["jacobian_clean"] < scores["AE"]["jacobian_clean"]
    # the CDAE's code is more contractive than the DAE's (same noise, same budget) ...
    assert scores["CDAE"]["jacobian_clean"] < 0.9 * scores["DAE"]["jacobian_clean"]
    assert scores["CDAE"]["jacobian_noisy"] < 0.9 * scores["DAE"]["jacobian_noisy"]
    assert scores["CDAE"]["code_shift"] < 0.9 * scores["DAE"]["code_shift"]
    # ... and it denoises better than the CAE, which never saw noise, and than the plain AE
    assert scores["CDAE"]["denoised_mse"] < 0.95 * scores["CAE"]["denoised_mse"]
    assert scores["CDAE"]["denoised_mse"] < 0.8 * scores["AE"]["denoised_mse"]
    # denoising is learned: far better than the noisy input and than the mean image
    for name in ("DAE", "CDAE"):
        assert scores[name]["denoised_mse"] < 0.7 * results["mean_image_mse"], name
        assert scores[name]["denoised_mse"] < 0.5 * results["noisy_input_mse"], name

    # the penalty at the clean x (not what the slides write): clean images, which that model never
    # reconstructs in training, come out worse than the mean image
    assert scores["CDAE, J at x"]["clean_mse"] > results["mean_image_mse"]

    # the table printed the scores
    table = printed[printed.index("model         clean MSE"):].splitlines()
    for line, name in zip(table[1:6], MODELS):
        assert line.startswith(name)
        assert f"{scores[name]['denoised_mse']:.4f}" in line
    assert table[6].startswith("mean image")

    for figure in results["figures"]:
        assert open(figure, "rb").read(8) == PNG_MAGIC
    assert {p.name for p in out.iterdir()} == {"denoised.png", "robustness.png"}
