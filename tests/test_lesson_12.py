"""Lesson 12 (the contractive autoencoder and its gradient; seeds 001, 002, 003) in quick mode, through
the runner. What it teaches, asserted:

- the closed form sum_i (h_i(1-h_i))^2 sum_j W_ji^2 is ||J_f(x)||_F^2 (against ta.jacobian, on random
  weights and on the trained encoder), its hand-derived gradient equals finite differences
  (ta.gradcheck), and the derivation's last line (both paths of W) equals what autograd assembles;
- generic autograd gives the same numbers, and forming the whole Jacobian costs far more;
- the chapter's function is a SyntaxError (`lambda`), and swapping (y_pred, y_true) is harmless for
  the MSE only;
- the trained CAE has a smaller Jacobian norm than the plain autoencoder at about the same
  reconstruction error, while 002's frozen copy of W leaves it where the plain one is;
- the code's change under small noise is sigma * ||J||_F, the linear prediction;
- the tanh and ReLU forms match their Jacobians, and the sigmoid formula on those codes does not.

Quick mode trains 8 epochs on 6,000 images (the full run's numbers are in lessons/RESULTS.md); in it
the chapter's literal recipe (Adadelta) is still far above the mean image's error, so the test only
asserts that it has not beaten the mean image."""
import lessons
from saved_files import is_png

MODELS = ["002 recipe (Adadelta)", "plain AE", "CAE 1e-4", "CAE 1e-4, frozen W (002)", "AE+wd 1e-4"]


def test_lesson_12_contractive_penalty_and_what_it_buys(tmp_path, capsys):
    lesson, results, _ = lessons.run("12", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "12_contractive_autoencoder"
    assert "(6000, 784) (1000, 784)" in printed
    assert "Total params: 50,992" in printed

    # the closed form is the squared Frobenius norm of the Jacobian, and its gradient is right
    assert results["value_vs_jacobian_rel_error"] < 1e-6
    assert results["trained_cae_vs_jacobian_rel_error"] < 1e-6
    assert results["gradcheck_passed"] is True
    assert results["dP_dW_formula_max_error"] < 1e-10

    # generic autograd: the same value and gradient (float32 rounding), the whole Jacobian far dearer
    assert results["generic_value_max_diff"] < 1e-5
    assert results["generic_grad_max_diff"] < 1e-6
    assert results["ms_whole_jacobian"] > 5 * results["ms_hand_derived"]

    # the chapter's code
    assert results["chapter_syntax_error"] is not None and "lambda" in results["chapter_syntax_error"]
    assert "the companion notebook's code (lm): parses" in printed

    assert results["models"] == MODELS
    mse = dict(zip(MODELS, results["test_mse"]))
    jac = dict(zip(MODELS, results["jacobian_norm"]))
    small_noise = dict(zip(MODELS, results["code_change_small_noise"]))

    # the networks trained with Adam and the mean-image output bias learned to use their code; the
    # chapter's literal recipe has not beaten the mean image
    for name in MODELS[1:]:
        assert mse[name] < 0.85 * results["mean_image_mse"], name
    assert mse["002 recipe (Adadelta)"] > 0.97 * results["mean_image_mse"]

    # what the penalty buys: a smaller Jacobian norm than the plain autoencoder's, at about the same
    # reconstruction error; 002's frozen copy of W contracts (almost) nothing
    assert jac["CAE 1e-4"] < 0.85 * jac["plain AE"]
    assert mse["CAE 1e-4"] < 1.05 * mse["plain AE"]
    assert jac["CAE 1e-4, frozen W (002)"] > 0.95 * jac["plain AE"]
    assert jac["CAE 1e-4, frozen W (002)"] > 1.15 * jac["CAE 1e-4"]

    # small noise moves the code by sigma ||J||_F (root mean square over the test images)
    for name in MODELS:
        assert abs(small_noise[name] / jac[name] ** 0.5 - 1) < 0.05, name

    # other codes: each form is its Jacobian norm; the sigmoid formula is not
    assert max(results["activation_forms_rel_error"]) < 1e-6
    assert min(results["sigmoid_formula_on_other_codes_rel_error"]) > 0.5

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"jacobian_spectrum.png", "noise_and_tradeoff.png",
                                                   "reconstructions.png"}
