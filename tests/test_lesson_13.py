"""Lesson 13 (the contractive denoising autoencoder, seed 001 其他自编码器; R7) in quick mode, through
the runner: the closed form of the penalty equals the Jacobian by finite differences on every trained
encoder, and what the full run showed holds on the quick budget too: the CDAE is the DAE made
contractive (smaller Jacobian norm, slightly better denoising), the plain AE is neither contractive nor
a denoiser, and the penalty taken at the clean input instead of the corrupted one (the variant the
decks' notation could suggest) ruins the reconstruction of clean images. Not asserted, because quick
mode and the full run disagree: how the CAE ranks (in quick mode it denoises worse than the CDAE, in
the full run better) and whether the CDAE's codes move less under noise than the DAE's."""

from saved_files import is_png

LESSON = "13"      # the quick_run fixture (conftest.py) runs this lesson once for the file
MODELS = ["AE", "DAE", "CAE", "CDAE", "CDAE, J at x"]


def test_lesson_13_closed_form_is_the_jacobian(quick_run):
    module, printed, _ = quick_run
    results = module.results
    assert list(results["jacobian_check"]) == MODELS
    for name, (finite_differences, closed_form) in results["jacobian_check"].items():
        assert finite_differences > 0.01, name
        assert abs(finite_differences / closed_form - 1) < 1e-6, (name, finite_differences, closed_form)
    assert "(8000, 784) (1000, 784) (1000, 784) float32" in printed
    assert "Total params: 101,200" in printed


def test_lesson_13_cdae_is_contractive_and_denoises(quick_run):
    module, printed, out = quick_run
    results = module.results
    assert module.__name__ == "lessons.13_contractive_denoising"
    scores = results["scores"]
    assert list(scores) == MODELS and results["epochs"] == 4 and results["lambda"] == 1.0

    # the plain AE has by far the largest Jacobian norm and denoises worst (full run: 227 and 0.105,
    # worse than the mean image)
    for name in MODELS[1:]:
        assert scores["AE"]["jacobian_clean"] > 2 * scores[name]["jacobian_clean"], name
        assert scores["AE"]["denoised_mse"] > 1.2 * scores[name]["denoised_mse"], name
    # the CDAE is the DAE made contractive: a smaller Jacobian norm at clean and at noisy images
    # (full run: 0.57 against 0.93, 0.81 against 1.24) and a (slightly) better denoiser
    assert scores["CDAE"]["jacobian_clean"] < 0.9 * scores["DAE"]["jacobian_clean"]
    assert scores["CDAE"]["jacobian_noisy"] < 0.9 * scores["DAE"]["jacobian_noisy"]
    assert scores["CDAE"]["denoised_mse"] < 0.98 * scores["DAE"]["denoised_mse"]
    # denoising is learned: far better than the noisy input and than the mean image
    for name in ("DAE", "CDAE"):
        assert scores[name]["denoised_mse"] < 0.75 * results["mean_image_mse"], name
        assert scores[name]["denoised_mse"] < 0.5 * results["noisy_input_mse"], name

    # the penalty at the clean x (not what the slides write) flattens the encoder at images the
    # reconstruction term never sees: clean images come out much worse than the CDAE's, and noise
    # moves their codes further than any other noisy-trained model's
    assert scores["CDAE, J at x"]["clean_mse"] > 1.5 * scores["CDAE"]["clean_mse"]
    assert scores["CDAE, J at x"]["code_shift"] > 2 * max(scores[n]["code_shift"] for n in ("DAE", "CAE", "CDAE"))

    # the table printed the scores
    table = printed[printed.index("model         clean MSE"):].splitlines()
    for line, name in zip(table[1:6], MODELS):
        assert line.startswith(name)
        assert f"{scores[name]['denoised_mse']:.4f}" in line
    assert table[6].startswith("mean image")

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == {"denoised.png", "robustness.png"}
