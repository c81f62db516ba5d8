"""Lesson 18 (anomaly detection by reconstruction error, 003 总结) in quick mode: an autoencoder
trained on the nine normal digits only ranks the unseen digit above the normal ones (AUC well above
0.5), the threshold set on held-out normal images keeps the false alarms near the chosen 5 %, and
the hand-written ROC/AUC agrees with the rank form and with known answers."""

import numpy as np
import pytest
from saved_files import is_png


LESSON = "18"      # the quick_run fixture (conftest.py) runs this lesson once for the file


def test_lesson_18_detects_the_unseen_digit(quick_run):
    module, printed, out = quick_run
    results = module.results
    assert results["anomaly"] == 0 and results["n_test"] == 2000
    assert results["n_anomalies"] == int((module.y_test == 0).sum())
    assert results["n_fit"] + results["n_held"] == int((module.y_train != 0).sum())

    # the score ranks the anomalies above the normal digits, far better than chance
    assert results["ae_auc"] > 0.75
    assert abs(results["ae_auc"] - results["ae_auc_ranks"]) < 1e-4      # trapezoids == Mann-Whitney
    assert results["ae_mean_score_anomaly"] > 1.3 * results["ae_mean_score_normal"]

    # a threshold from normal data only: about the chosen 5 % false alarms, and it catches more
    # anomalies than it wrongly flags normal images
    assert 0.01 < results["ae_false_alarms"] < 0.12
    assert results["ae_recall"] > 3 * results["ae_false_alarms"]
    assert results["ae_precision"] > results["n_anomalies"] / results["n_test"]   # better than flagging at random

    # the VAE's scores are computed, thresholded and tabled the same way
    assert set(results["scores"]) == {"dense AE, MSE", "VAE, MSE of the mean code", "VAE, -ELBO"}
    assert results["scores"]["dense AE, MSE"]["auc"] == pytest.approx(results["ae_auc"])
    for row in results["scores"].values():
        assert 0.5 < row["auc"] <= 1 and 0 < row["false_alarms"] < 0.15
    assert "score                          AUC" in printed and "<- the anomaly" in printed

    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == {"scores_and_roc.png", "worst_and_missed.png"}


def test_roc_and_auc_on_known_scores(quick_run):
    lesson = quick_run[0]
    flags = np.array([False, False, True, False, True])
    perfect = np.array([0.1, 0.2, 0.9, 0.3, 0.8], dtype=np.float32)
    fpr, tpr = lesson.roc_curve(perfect, flags)
    assert list(tpr) == [0, 0.5, 1, 1, 1, 1] and list(fpr[:3]) == [0, 0, 0] and fpr[-1] == 1
    assert lesson.auc_trapezoid(fpr, tpr) == 1.0 and lesson.auc_ranks(perfect, flags) == 1.0
    assert lesson.auc_trapezoid(*lesson.roc_curve(-perfect, flags)) == 0.0
    # one anomaly above two of the three normal scores, the other above all three: (2 + 3) / 6
    mixed = np.array([0.1, 0.5, 0.4, 0.3, 0.9], dtype=np.float32)
    assert lesson.auc_trapezoid(*lesson.roc_curve(mixed, flags)) == pytest.approx(5 / 6)
    assert lesson.auc_ranks(mixed, flags) == pytest.approx(5 / 6)
    precision, recall, false_alarms = lesson.at_threshold(mixed, flags, 0.35)
    assert (precision, recall, false_alarms) == (2 / 3, 1.0, 1 / 3)
