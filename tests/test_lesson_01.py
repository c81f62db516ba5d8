"""Lesson 01 (memorising one vector, seed 004) in quick mode, through the runner: SGD drives the
MSE on 39 = 00100111 far down, the unseen 216 = 11011000 is reconstructed as 39 (so its MSE is
large and follows from the MSE on 39), and the codes of the two inputs were close before training
and stay close after it."""
import lessons
from saved_files import is_png

BITS_39 = [0, 0, 1, 0, 0, 1, 1, 1]


def test_lesson_01_memorises_its_one_training_vector(tmp_path, capsys):
    lesson, results, _ = lessons.run("01", quick=True, out=tmp_path)
    printed = capsys.readouterr().out
    assert lesson.name == "01_memorising_one_vector"
    assert "39 = 00100111 after 3000 epochs" in printed and "216 = 11011000" in printed

    # training on 39 works: the loss falls by a large factor, and every output bit is on the right side
    assert results["loss"] < results["first_loss"] / 5
    assert results["mse_39"] < 0.06
    assert all((v > 0.5) == bool(bit) for v, bit in zip(results["reconstruction_39"], BITS_39))

    # ... but it memorised: 216 comes back as 39, so its MSE is large
    assert results["mse_216"] > 10 * results["mse_39"]
    assert all(abs(a - b) < 1e-3 for a, b in zip(results["reconstruction_216"], results["reconstruction_39"]))
    assert results["output_gap_after"] < 1e-3
    # MSE(216) = 1 - 2 mean|e| + MSE(39) when the output ignores its input
    predicted = 1 - 2 * results["mean_error_39"] + results["mse_39"]
    assert abs(results["mse_216"] - predicted) < 1e-3

    # the code barely moves between 39 and 216, and it barely moved before training either
    assert results["code_gap_after"] < 0.1 and results["code_gap_before"] < 0.1
    assert all(0 < v < 1 for v in results["code_39"])

    # the spread over random starts: each start memorises 39 the same way
    assert results["seeds"] == 2 and len(results["seed_mse_39"]) == 2
    assert abs(results["seed_mse_39"][0] - results["mse_39"]) < 1e-6      # seed 0 is the run above
    assert all(m < 0.06 for m in results["seed_mse_39"])
    assert all(m216 > 10 * m39 for m39, m216 in zip(results["seed_mse_39"], results["seed_mse_216"]))

    # the chapter's run and the book notebook's second run are quoted and placed among our starts
    assert set(results["starts_below_quoted_mse_39"]) == {"chapter (004's text)",
                                                          "book notebook (Chapter_7.ipynb, cells [10], [12])"}
    assert all(0 <= n <= results["seeds"] for n in results["starts_below_quoted_mse_39"].values())
    assert "of our 2 starts end below it" in printed

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in tmp_path.iterdir()} == {"loss.png"}
