"""Lesson 03 (the vanilla MNIST autoencoder, seed 002) in quick mode, through the runner: it prints
the chapter's summary table, its validation loss falls, and its reconstructions beat the trivial
autoencoder that outputs the mean training image for every digit."""
import lessons
from saved_files import is_png


def test_lesson_03_learns_to_reconstruct_mnist(tmp_path, capsys):
    lesson, results, _ = lessons.run("03", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "03_vanilla_mnist"

    # the chapter's model.summary()
    assert "dense (Dense)                (None, 32)                25120" in printed
    assert "dense_1 (Dense)              (None, 784)               25872" in printed
    assert "Total params: 50,992" in printed and "Non-trainable params: 0" in printed
    assert results["total_params"] == 50992
    assert "(12000, 784) (1000, 784)" in printed

    # training works: the validation loss falls a long way ...
    assert results["val_loss"] < 0.6 * results["first_val_loss"]
    # ... and ends well below what the mean image achieves (0.256 on this subset)
    assert results["val_loss"] < 0.85 * results["mean_image_val_loss"]
    assert 0.2 < results["mean_image_val_loss"] < 0.3

    # the companion repository's log (quoted) beside ours, for the epochs quick mode reaches
    table = printed[printed.index("companion repo (quoted)"):].splitlines()
    assert [int(line.split()[0]) for line in table[1:6]] == [1, 2, 3, 5, 10]
    assert table[1].split("|")[1].strip() == "0.3566 / 0.2724"
    assert results["companion_val_loss"] == 0.1015

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"reconstructions.png", "loss.png"}
