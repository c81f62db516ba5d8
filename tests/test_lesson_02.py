"""Lesson 02 (a linear autoencoder is PCA, seeds 001/003) in quick mode, through the runner: the
3-2-3 autoencoder finds the plane of the 3-D points; on MNIST the decoder of a 784-16-784 linear
autoencoder spans PCA's 16-dimensional subspace (small principal angles) in a basis that is not
PCA's, and its error sits just above PCA's Eckart-Young optimum, far below the mean image's."""
import lessons
from saved_files import is_png


def test_lesson_02_linear_autoencoder_spans_the_pca_subspace(tmp_path, capsys):
    lesson, results, _ = lessons.run("02", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "02_linear_autoencoder_is_pca"
    assert "(10000, 784) (2000, 784)" in printed and results["train_images"] == 10000

    # (a) 3-D points: the decoder's plane is PCA's plane, and the error is PCA's
    assert len(results["angles_3d"]) == 2 and max(results["angles_3d"]) < 3.0
    assert results["pca_3d_mse"] * (1 - 1e-4) <= results["ae_3d_mse"] < 1.05 * results["pca_3d_mse"]

    # (b) MNIST: every principal angle between the decoder's rows and the top-16 PCs is small
    # (quick mode gives a median near 0.5 and a largest angle near 1.4 degrees)
    angles = results["angles"]
    assert len(angles) == results["k"] == 16 and angles == sorted(angles)
    assert results["angle_max"] < 5.0 and results["angle_median"] < 1.5

    # Eckart-Young: PCA's training error is the sum of the discarded sigma^2; the autoencoder
    # cannot beat it (up to float32 rounding) and gets within 1 % of it ...
    assert abs(results["pca_train_mse"] - results["eckart_young_mse"]) < 1e-4 * results["pca_train_mse"]
    assert results["pca_train_mse"] * (1 - 1e-4) <= results["ae_train_mse"] < 1.01 * results["pca_train_mse"]
    assert results["ae_test_mse"] < 1.01 * results["pca_test_mse"]
    # ... which is far below the mean image (k = 0)
    assert results["ae_train_mse"] < 0.6 * results["mean_image_train_mse"]
    assert results["ae_test_mse"] < 0.6 * results["mean_image_test_mse"]

    # same subspace, not the same basis: each decoder row lies inside PCA's subspace, but is a
    # mixture of components rather than one of them
    assert results["share_inside_min"] > 0.99
    assert results["best_single_cos_max"] < 0.95
    # the encoder's columns only match where the data vary
    assert results["encoder_angle_max"] > 20.0 and results["encoder_seen_angle_max"] < 5.0

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"points_3d.png", "components.png", "reconstructions.png",
                                                    "loss.png"}
