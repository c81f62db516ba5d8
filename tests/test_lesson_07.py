"""Lesson 07 (seed 001: the stacked autoencoder 784-300-150-300-784 and tied weights, with Géron's
settings) in quick mode: both networks print the notebook's "N Train MSE: x" line per epoch and
the model summaries the book's parameter counts; tying halves the weights (not the biases) and, with the same L2 as the
untied network, no higher error; the tied decoder really uses the encoder's weights; and in the "too powerful"
experiment the powerful pair's codes classify the digits no better than the small one's."""
import re


import lessons
from saved_files import is_png

TRAIN_LINE = re.compile(r"^(\d+) Train MSE: (\d\.\d+(?:e-\d+)?)$", re.MULTILINE)


def test_lesson_07_stacked_and_tied(tmp_path, capsys):
    module = lessons.execute("07", quick=True, out=tmp_path)
    results = module.results
    printed = capsys.readouterr().out
    assert "(5500, 784) (1000, 784)" in printed

    # the book's parameter counts, in the summaries and in the results
    assert "Total params: 561,934" in printed and "Total params: 281,734" in printed
    assert results["untied_params"] == 561934 and results["tied_params"] == 281734
    # tying halves the weights and keeps every bias: 784+300+150+300 ... biases in both
    biases = 300 + 150 + 300 + 784
    assert (results["tied_params"] - biases) * 2 == results["untied_params"] - biases

    # Géron's log lines: epochs 0..4 for the three 5-epoch trainings, each value the returned one
    lines = TRAIN_LINE.findall(printed)
    assert [int(e) for e, _ in lines[:15]] == list(range(5)) * 3
    logged = results["untied_train_mse"] + results["tied_train_mse"] + results["tied_weak_l2_train_mse"]
    assert [float(v) for _, v in lines[:15]] == [float(f"{v:.6g}") for v in logged]

    # all three learn: the test error ends well below the mean image's; with the untied network's
    # L2 (1e-4), tying costs nothing (the book's tied network is worse because of its L2 5e-4, not
    # the tying: full run 0.0071 < 0.0103, quick mode too)
    for key in ("untied_test_mse", "tied_test_mse", "tied_weak_l2_test_mse"):
        assert results[key] < 0.7 * results["mean_image_test_mse"], key
    assert results["tied_weak_l2_test_mse"] < results["untied_test_mse"]

    # the tied decoder's weights are the encoder's, transposed: one parameter, not a copy
    tied = module.tied
    assert tied.get_layer("outputs").W is tied.get_layer("hidden1").W
    assert tied.get_layer("hidden3").W is tied.get_layer("hidden2").W
    assert len(tied.get_weights()) == 6       # W1 b1 W2 b2, then the two decoder biases

    # the too-powerful pair: its codes know no more about the digits than the small pair's
    assert results["powerful_knn"] < results["small_knn"] + 0.05
    assert results["powerful_probe"] < results["small_probe"] + 0.05
    for name in ("small", "powerful"):
        assert results[f"{name}_train_mse"] < results["mean_image_test_mse"]

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"reconstructions.png", "features.png"}

