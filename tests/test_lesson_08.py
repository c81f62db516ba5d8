"""Lesson 08 (seed 001: greedy layer-wise training of the 784-300-150-300-784 stack, Géron's two
ways) in quick mode: both ways build the same network, both beat the untrained stack before any
fine-tuning, fine-tuning way 1 helps, the book's single Adam for both phases makes phase 2 start
badly (its shared bias-correction counter), and with the old recipe the gradient reaching the
first layer of the stack is orders of magnitude smaller than in a shallow autoencoder."""
import re

import lessons
from saved_files import is_png

TRAIN_LINE = re.compile(r"^(\d+) Train MSE: (\d\.\d+(?:e-\d+)?)$", re.MULTILINE)


def test_lesson_08_greedy_layerwise(tmp_path, capsys):
    lesson, results, _ = lessons.run("08", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert "(5500, 784) (1000, 784)" in printed

    # the same kind of network from both ways
    assert results["way1_params"] == results["way2_params"] == 561934
    assert printed.count("Total params: 561,934") == 2

    # every greedy network beats the untrained stack by far, before any fine-tuning
    for key in ("way1_test_mse", "way1_weak_l2_test_mse", "way2_test_mse", "way2_cached_test_mse",
                "way2_shared_optimizer_test_mse"):
        assert results[key] < 0.1 * results["untrained_test_mse"], key
    assert results["way1_finetuned_test_mse"] < results["way1_test_mse"]

    # the book's log format: way 1's two AEs (twice: L2 5e-4, 1e-4), the fine-tuning epoch, three way-2
    # runs of two phases, then the 8 end-to-end epochs
    assert printed.count("Training phase #1") == 3 and printed.count("Training phase #2") == 3
    epochs = [int(e) for e, _ in TRAIN_LINE.findall(printed)]
    assert epochs == list(range(4)) * 4 + [0] + list(range(4)) * 6 + list(range(8))
    # phase 2 learns to reconstruct h1
    for key in ("way2_phase2_train_mse", "cached_phase2_train_mse", "shared_phase2_train_mse"):
        assert results[key][-1] < 0.5 * results[key][0], key

    # one Adam for both phases (the book's code): phase 2 starts without bias correction, with
    # larger steps, and its first epoch ends far worse than with an optimizer of its own
    assert results["shared_phase2_train_mse"][0] > 1.5 * results["way2_phase2_train_mse"][0]

    # why greedy training mattered: sigmoid + small weights starve the stack's first layer
    assert results["first_layer_gradient_ratio_old"] < 0.01
    assert results["first_layer_gradient_ratio_modern"] > 0.1

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"reconstructions.png"}
