"""Lesson 11 (sparse autoencoders, seeds 001, 002, 003) in quick mode, through the runner: Eq. 15-1 and
Eq. 15-2 agree and KL's gradient beats the squared error's in the slides' example; Géron's KL-sparse
autoencoder holds its code's mean activation near the target 0.1 while the same network without the
sparsity loss switches its code off; and 002's sparse_regularizer, exactly as printed, rewards activity:
its slope is negative everywhere, it lowers the loss, and in standalone Keras's convention it drives the
code's activity up, where the corrected KL drives it down.

Quick mode trains the KL model for 40 steps (5,000 images, 8 epochs) and the other three 784-1000-784
models for 5 steps each, far too few for them to learn (so nothing is asserted about their
reconstructions), and the companion's model for 2 epochs of 6,000 images."""
import pytest

import lessons
from saved_files import is_png

GERON = "KL, Adam 0.01 (Géron)"


def test_lesson_11_sparse_autoencoders(tmp_path, capsys):
    # 002's sparse_regularizer as printed takes the log of a negative number for p_hat > 0.99: NumPy
    # warns, and the lesson prints the NaN it gives (below)
    with pytest.warns(RuntimeWarning, match="invalid value encountered in log"):
        lesson, results, _ = lessons.run("11", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "11_sparse_autoencoders"

    # the slides' example: 0.3 against a target of 0.1
    assert "squared error (0.3 - 0.1)^2 = 0.0400   d/dq = 0.4000" in printed
    assert "KL(0.1 || 0.3)              = 0.1163   d/dq = 0.9524" in printed
    eq_15_1 = printed.split("Eq. 15-1, two outcomes:")[1].split("\n")[0]
    eq_15_2 = printed.split("Eq. 15-2 (kl_bernoulli):")[1].split("\n")[0]
    assert eq_15_1.split() == eq_15_2.split()

    # Géron's model: 1,569,784 parameters; printed in his notebook's format
    assert "Total params: 1,569,784" in printed
    assert "7 Train MSE: " in printed and "\tSparsity loss: " in printed
    # the KL loss holds the code's mean activation near its target 0.1 (it starts at 0.5) ...
    assert abs(results[f"mean_activation [{GERON}]"] - 0.1) < 0.03
    assert results[f"kl [{GERON}]"] < 5                      # sum over 1000 units; 374 at the start
    # ... while the same network and optimizer without it switch (almost) every unit off
    assert results["silent_units [no sparsity, Adam 0.01]"] >= 990
    assert results["on_per_image [no sparsity, Adam 0.01]"] < 1

    # 002's sparse_regularizer as printed: its slope in p_hat is negative everywhere, the KL's changes sign
    assert all(slope < 0 for slope in results["slopes_as_printed"])
    assert results["slopes_correct"][0] < 0 < results["slopes_correct"][2]
    assert "p_hat = 0.995: as printed nan" in printed
    # the companion's model: its summary, and the "penalty" lowers the loss below the control's
    assert "dense (Dense)                (None, 200)               157000" in printed
    assert "Total params: 314,584" in printed
    assert all(a < b - 0.015 for a, b in zip(results["companion_loss"], results["control_loss"]))
    # it grows the code's activity (standalone Keras's convention, 256 times stronger than tf.keras's) ...
    bug = results["code_mean [as printed, Keras 2 (no /N)]"]
    control = results["code_mean [no activity regulariser]"]
    assert bug[-1] > bug[0] + 0.02 and bug[-1] > control[-1] + 0.02
    # ... where the corrected KL shrinks it, in either convention
    assert results["code_mean [corrected, tf.keras (/N)]"][-1] < control[-1] - 0.01
    assert results["code_mean [corrected, Keras 2 (no /N)]"][-1] < 0.1

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {
        "sparsity_cost.png", "activation_histograms.png", "features.png", "reconstructions.png",
        "sparse_regularizer_penalty.png", "sparse_regularizer_training.png"}
