"""Lesson 05 (seed 003: MNIST normalised to [-1, 1], ReLU autoencoder with a Tanh output) in quick
mode, through the runner: it prints the notebook's line per epoch (the last batch's loss), the loss
falls far below its first value, the reconstructions beat the mean training image, the pictures of
the last batch are saved every 10 epochs, and the saved weights rebuild the trained network, whose
outputs lie in [-1, 1]."""
import re

import numpy as np
from matplotlib.image import imread

import lessons
import tinyae as ta
from tinyae import datasets, losses
from saved_files import is_png

EPOCH_LINE = re.compile(r"^epoch \[(\d+)/(\d+)\], loss:(\d\.\d{4})$", re.MULTILINE)


def test_lesson_05_learns_digits_in_minus_one_to_one(tmp_path, capsys):
    module = lessons.execute("05", quick=True, out=tmp_path)     # run(), keeping the lesson's names
    results = module.results
    printed = capsys.readouterr().out
    assert module.__name__ == "lessons.05_normalised_minus_one_to_one"
    assert "(6000, 784) -1.0 1.0" in printed

    # the notebook's line after every epoch, holding the loss of the epoch's last batch
    lines = EPOCH_LINE.findall(printed)
    assert [(int(e), int(n)) for e, n, _ in lines] == [(e, 11) for e in range(1, 12)]
    assert float(lines[0][2]) == round(results["first_printed_loss"], 4)
    assert float(lines[-1][2]) == round(results["last_printed_loss"], 4)

    # Tanh starts near 0 on pixels that are mostly -1: the first loss is near mean(x^2) = 0.93;
    # training takes it far down, and below what the mean image achieves (0.26 on this subset)
    assert 0.85 < results["first_step_loss"] < 1.0
    assert results["last_epoch_mean_loss"] < 0.3 * results["first_step_loss"]
    assert results["test_loss"] < 0.85 * results["mean_image_test_loss"]
    assert 0.25 < results["mean_image_test_loss"] < 0.28

    # pictures after epochs 0 and 10 (counted from 0), of the last batch: 6000 = 46 * 128 + 112
    # images, 8 a row with 2 pixels of padding -> 14 rows
    grids = sorted((tmp_path / "mlp_img").iterdir())
    assert [p.name for p in grids] == ["image_0.png", "image_10.png"]
    for grid in grids:
        assert is_png(grid)
        assert imread(grid).shape[:2] == (14 * 30 + 2, 8 * 30 + 2)
    for figure in results["figures"]:
        assert is_png(figure)

    # the weights file rebuilds the trained network in a fresh model ...
    assert results["weights"] == str(tmp_path / "sim_autoencoder.npz")
    assert results["reload_max_abs_difference"] == 0.0
    fresh = module.Autoencoder()
    _, (x_test, _) = datasets.load_mnist(normalize="-11", flatten=True)
    x = ta.tensor(x_test[:1000])
    with ta.no_grad():
        untrained = losses.mse(fresh(x), x).item()
        ta.load_weights(fresh, results["weights"])
        output = fresh(x)
        reloaded = losses.mse(output, x).item()
    assert reloaded == results["test_loss"] != untrained
    # ... whose outputs lie in [-1, 1] and use that range: black background near -1
    output = output.numpy()
    assert -1.0 <= output.min() < -0.9 and output.max() <= 1.0
    assert np.median(output) < -0.9
