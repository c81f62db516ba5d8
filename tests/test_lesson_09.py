"""Lesson 09 (unsupervised pretraining for a classifier with few labels, seed 001 / Géron) in quick
mode: the greedy stacked autoencoder reconstructs better than the mean image, its lower layers go
into the classifier as copies (fine-tuning leaves the autoencoder alone, freezing leaves them
exactly as pretrained, with 1,510 trainable parameters), Géron's summed loss trains like the mean,
and the lesson's finding at both ends of the label counts.

What the full run showed (lessons/RESULTS.md, 3 seeds, 532 updates each): the frozen network is
level with from-scratch at 100-300 labels (+0.6 and -0.1 points on average) and falls 2-3 points
behind from 1,000 labels on, where it levels off near 0.915 (a softmax on fixed features); the
fine-tuned network is within about a point of from-scratch at every count and never ahead by more
than 0.4 points on average. Quick mode (12,000 images, one pretraining epoch, 2,000 test images) pretrains a much
weaker autoencoder, so it cannot show the level start at 100 labels; what it shows, and what is
asserted, is the direction: the frozen network's standing against from-scratch falls as labels grow,
and it ends behind."""
import numpy as np

import lessons
from saved_files import is_png


def test_lesson_09_pretrains_reuses_and_compares(tmp_path, capsys):
    module = lessons.execute("09", quick=True, out=tmp_path)
    results = module.results
    printed = capsys.readouterr().out
    assert "(12000, 784) (12000,) (2000, 784) (2000,)" in printed

    # greedy pretraining, printed as Géron's notebook does, one line per epoch and phase
    assert "Training phase #1\n0 Train MSE: " in printed and "Training phase #2\n0 Train MSE: " in printed
    assert "Total params: 561,934" in printed                  # the 784-300-150-300-784 sandwich
    assert results["test_mse"] < 0.9 * results["mean_image_mse"]

    # the frozen classifier trains only its softmax layer: 150 * 10 + 10 parameters
    assert "Trainable params: 1,510" in printed and "Non-trainable params: 280,650" in printed
    frozen = module.geron_models["pretrained, frozen"]
    fine_tuned = module.geron_models["pretrained, fine-tuned"]
    for layer, pretrained in (("hidden1", module.hidden1), ("hidden2", module.hidden2)):
        for got, want in zip(frozen.get_layer(layer).get_weights(), pretrained.get_weights()):
            np.testing.assert_array_equal(got, want)            # frozen: exactly as pretrained
        assert not np.allclose(fine_tuned.get_layer(layer).W.numpy(), pretrained.W.numpy())
    # fine-tuning changed copies: the autoencoder still reconstructs exactly as before
    reconstructions = module.stacked.predict(module.x_test, batch_size=1000)
    assert float(((reconstructions - module.x_test) ** 2).mean()) == np.float32(results["test_mse"])

    # Géron's loss summed over the batch trains like the mean (Adam ignores the factor)
    assert abs(results["summed_loss_accuracy"] - results["mean_loss_accuracy"]) < 0.01

    # every variant learns from 100 labels (chance is 0.1), Géron's 4 epochs print 4 lines each
    assert results["label_counts"] == [100, 1000]
    for variant in ("from_scratch", "fine_tuned", "frozen"):
        assert results[f"{variant}_min"][0] > 0.5, variant
    assert printed.count("Test accuracy: ") == 12

    # the finding: against from-scratch, the frozen network stands worse with more labels, and
    # ends behind
    gap = [f - s for f, s in zip(results["frozen_mean"], results["from_scratch_mean"])]
    assert gap[-1] < gap[0] - 0.02, gap
    assert results["frozen_mean"][-1] < results["from_scratch_mean"][-1] - 0.02

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"reconstructions.png", "accuracy_vs_labels.png"}
