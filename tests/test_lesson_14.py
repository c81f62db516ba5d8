"""Lesson 14 (the convolutional autoencoder, seed 002, and the stacked CAE of 001) in quick mode, through
the runner: the chapter's NameError is shown, the fixed model has the chapter's 4,385 parameters and a
4x4x8 code, it beats the mean image, and the transposed-convolution decoder has the same size."""
import lessons
from saved_files import is_png


def test_lesson_14_convolutional_autoencoder(tmp_path, capsys):
    lesson, results, _ = lessons.run("14", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "14_convolutional_autoencoder"

    # the chapter's Model(input_image, decoder) names a variable that does not exist
    assert "NameError: name 'decoder' is not defined" in printed
    # the fixed model: 002's summary total, in NCHW
    assert "Total params: 4,385" in printed and results["total_params"] == 4385
    assert "(None, 16, 28, 28)" in printed and "code (MaxPool2D)" in printed
    assert results["code_shape"] == [8, 4, 4]
    assert results["transposed_params"] == 4385

    # it learns: the test loss falls and ends below the mean training image's
    assert results["val_loss"] < 0.9 * results["first_val_loss"]
    assert results["val_loss"] < 0.95 * results["mean_image_val_loss"]
    # greedy stacking gives a model that fine-tuning improves
    assert results["stacked_val_loss"] < results["stacked_pretrained_val_loss"]
    # the comparison table is printed with every model
    for name in ("conv AE, upsampling decoder (002)", "conv AE, transposed-conv decoder",
                 "stacked conv AE, greedy + fine-tuned", "dense 784-128-784", "dense 784-32-784 (lesson 03)"):
        assert name in printed
    assert results["dense128_params"] == 201616 and results["dense32_params"] == 50992

    for figure in results["figures"]:
        assert is_png(figure)
