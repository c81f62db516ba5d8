"""Lesson 06 (depth decides the latent space, seed 004) in quick mode, through the runner: the four
autoencoders of the chapter's figure 7.5 all train, the table lists them deepest first, and the 2-d
codes carry label information, as measured by the k-nearest-neighbour score of tinyae.probes
(checked on codes whose answer is known in tests/test_probes.py).

Quick mode (6,000 training images, 5 epochs, ~120 steps per model) is far too short to leave the
plateau where every model outputs roughly the mean image (the full run needs hundreds to thousands
of steps for that), so it asserts no ordering of the depths and no claim about the shallowest model:
in the full run the 784-2 model's tanh code saturates and its codes end at chance level (see
lessons/RESULTS.md). What quick mode can show honestly is asserted here."""

from saved_files import is_png

LESSON = "06"      # the quick_run fixture (conftest.py) runs this lesson once for the file
ENCODERS = ["784-392-28-10-2", "784-28-10-2", "784-10-2", "784-2"]


def test_lesson_06_trains_four_depths_and_scores_their_codes(quick_run):
    module, printed, tmp_path = quick_run
    results = module.results
    assert module.__name__ == "lessons.06_depth_decides_the_latent_space"
    assert "(6000, 784) (2000, 784)" in printed
    assert results["encoders"] == ENCODERS and results["epochs"] == 5

    # every depth learns: its validation loss falls from the first epoch's
    for name, first, last in zip(ENCODERS, results["first_val_loss"], results["val_loss"]):
        assert last < 0.98 * first, (name, first, last)

    # the test codes separate the digits better than always guessing the most frequent one; for the
    # three models with hidden layers (the 784-2 model's codes collapse to chance in the full run)
    assert 0.10 < results["chance_accuracy"] < 0.13
    for name, accuracy in zip(ENCODERS[:3], results["knn_accuracy"][:3]):
        assert accuracy > results["chance_accuracy"] + 0.03, (name, accuracy)
    # the linear yardstick: the best 2-d linear view (PCA) separates the digits far better than chance
    assert results["pca_knn_accuracy"] > 3 * results["chance_accuracy"]

    # the table: the four depths, deepest first, each with its final validation loss
    table = printed[printed.index("model        encoder"):].splitlines()
    rows = [line.split() for line in table[1:5]]
    assert [row[:4] for row in rows] == [["a)", "8", "layers", ENCODERS[0]], ["b)", "6", "layers", ENCODERS[1]],
                                         ["c)", "4", "layers", ENCODERS[2]], ["d)", "2", "layers", ENCODERS[3]]]
    for row, val_loss in zip(rows, results["val_loss"]):
        assert row[5] == f"{val_loss:.4f}"
    assert [line.split()[0] for line in table[5:8]] == ["mean", "PCA", "chance"]

    for figure in results["figures"]:
        assert is_png(figure)
    tags = [name.replace("-", "_") for name in ENCODERS]
    assert {p.name for p in tmp_path.iterdir()} == \
        {f"loss_{t}.png" for t in tags} | {f"latent_{t}.png" for t in tags} | {"reconstructions.png"}


def test_lesson_06_prints_the_book_notebooks_run_beside_ours(quick_run):
    """The book notebook's four logs are quoted (marked as such) and printed beside this run's
    numbers, one row per depth; the plateau rule finds the first epoch off the mean-image loss."""
    lesson, printed, _ = quick_run
    table = printed[printed.index("epoch 1 val_loss"):].splitlines()
    for name, row in zip(ENCODERS, table[2:6]):
        assert row.split()[0] == name
        book = lesson.BOOK_NOTEBOOK[name]
        assert f"{book['val_loss']:.4f} / " in row
    assert "quoted from Chapter_7.ipynb" in table[6]
    assert lesson.results["book_notebook_val_loss"] == [0.1741, 0.1905, 0.2055, 0.2625]

    assert lesson.leaves_plateau([0.30, 0.2625, 0.2580, 0.2570, 0.20], 0.2625) == 4
    assert lesson.leaves_plateau([0.30, 0.2626, 0.2625], 0.2625) is None
