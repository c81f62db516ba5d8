"""Lesson 04 (the 3-feature autoencoder with a live view, seed 001) in quick mode, through the
runner: it prints the slides' loss lines every 100 steps and redraws the live view each time, the
loss falls far below its first value, the reconstructions beat the mean training image, and the
3-number codes, learnt without labels, separate the digits far better than guessing."""
import re

import lessons
from saved_files import is_png

LOSS_LINE = re.compile(r"^Epoch:  (\d) \| train loss: (\d\.\d{4})$", re.MULTILINE)


def test_lesson_04_compresses_digits_to_three_numbers(tmp_path, capsys):
    lesson, results, _ = lessons.run("04", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "04_three_feature_live_view"
    assert "(8000, 28, 28)\n(8000,)\n" in printed

    # the slides' print, at steps 0 and 100 of each epoch of 125 steps (8,000 images / 64)
    lines = LOSS_LINE.findall(printed)
    assert [int(epoch) for epoch, _ in lines] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert results["printed_lines"] == len(lines) == 10
    assert float(lines[0][1]) == round(results["first_loss"], 4)
    assert [float(loss) for _, loss in lines[-2:]] == results["last_epoch_losses"]

    # a sigmoid output near 0.5 on mostly black pixels: the slides' first loss is 0.2317
    assert 0.21 < results["first_loss"] < 0.25
    # the loss falls a long way, and the network beats outputting the mean image for every digit
    assert max(results["last_epoch_losses"]) < 0.3 * results["first_loss"]
    assert results["test_loss"] < 0.85 * results["mean_image_test_loss"]
    assert 0.06 < results["mean_image_test_loss"] < 0.07

    # the codes were learnt without labels, yet the nearest mean code finds the digit
    # far more often than guessing (10 %)
    assert results["centroid_accuracy"] > 0.3

    # the live view was redrawn at every printed line and saved (no screen here)
    assert results["live_updates"] == 10
    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"example.png", "live_reconstructions.png", "latent_3d.png"}
