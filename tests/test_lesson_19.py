"""Lesson 19 (winner-take-all autoencoders, Makhzani & Frey 2015, from the slides' 赢家通吃 line) in
quick mode. What it teaches and quick mode can show:

- the WTA codes have exactly the sparsity asked for: each hidden unit is non-zero for exactly k% of
  a batch (fewer only when fewer of its ReLU activations are positive), and the conv code keeps one
  winner per feature map and example, in exactly k% of the batch per map;
- the two WTA layers, checked on known input: gradient only through the winners, nothing in
  evaluation mode;
- the WTA decoder filters are more concentrated (local strokes) than the plain autoencoder's, and the
  classifier on the codes works.

Quick mode (one epoch on 3,000 images) is far too short for the full run's classification ordering
(see lessons/RESULTS.md), so no ordering of the linear errors is asserted here."""

import numpy as np

import tinyae as ta
from saved_files import is_png

LESSON = "19"      # the quick_run fixture (conftest.py) runs this lesson once for the file


def test_lesson_19_wta_codes_have_exactly_the_sparsity_asked_for(quick_run):
    module, printed, _ = quick_run
    results = module.results
    assert "(3000, 784) (1000, 784)" in printed
    # FC-WTA after training, on a training batch of 100: 5 winners per unit
    assert results["fc_rate"] == 0.05 and results["batch"] == 100
    assert results["active_fraction_max"] == 0.05
    assert results["every_unit_at_min_k_positive"]
    assert results["units_at_exactly_k"] > 0.5 * results["fc_units"]
    assert results["nonzero_per_example"] < 0.1 * results["fc_units"]
    # CONV-WTA: one winner per (example, map), each map active in exactly 20% of the batch
    assert results["conv_max_nonzeros_per_map"] == 1
    assert results["conv_active_fraction_min"] == results["conv_active_fraction_max"] == results["conv_rate"]


def test_lesson_19_filters_and_classifier(quick_run):
    module, printed, out = quick_run
    results = module.results
    # the WTA filters concentrate their energy in fewer pixels than the plain AE's noise-like filters
    assert results["concentration"]["WTA 5%"] > results["concentration"]["plain AE"]
    # every linear classifier learns (chance is 90% error)
    for name, error in results["linear_error"].items():
        assert error < 0.6, (name, error)
    assert "quoted: FC-WTA 784-2000-784, k=5%" in printed
    for figure in results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == {"filters_wta_5.png", "filters_plain.png", "filters_by_k.png",
                                              "filters_conv.png"}


def test_lifetime_wta_keeps_each_units_top_k_and_routes_the_gradient_to_them(quick_run):
    module = quick_run[0]
    h = ta.tensor(np.array([[1., 5., 0.], [4., 2., 0.], [3., 6., 2.], [2., 1., 0.]], dtype=np.float32),
                  requires_grad=True)
    wta = module.LifetimeWTA(0.5)                       # k = 2 of 4 examples per unit
    out = wta(h)
    expected = np.array([[0, 5, 0], [4, 0, 0], [3, 6, 2], [0, 0, 0]], dtype=np.float32)
    np.testing.assert_array_equal(out.numpy(), expected)
    out.sum().backward()
    # units 0 and 1: the gradient reaches their two winners only (unit 2 has a single positive
    # activation, so its threshold is 0 and its code equals h: nothing to check there)
    np.testing.assert_array_equal(h.grad[:, :2], (expected[:, :2] > 0).astype(np.float32))
    # ties: four equal activations, k = 2 -> exactly two kept, the lower indices (a threshold test
    # h >= t would keep all four)
    tied = module.LifetimeWTA(0.5)(ta.tensor(np.full((4, 1), 3.0, dtype=np.float32))).numpy()
    np.testing.assert_array_equal(tied[:, 0], [3, 3, 0, 0])
    wta.eval()
    np.testing.assert_array_equal(wta(h).numpy(), h.numpy())   # no selection in evaluation mode


def test_spatial_lifetime_wta_keeps_one_winner_per_map_then_the_batchs_best(quick_run):
    module = quick_run[0]
    rng = np.random.default_rng(0)
    x = rng.random((10, 3, 4, 4)).astype(np.float32)
    x[:, 2] = 0.5                              # map 2: every pixel of every example ties
    out = module.SpatialLifetimeWTA(0.2)(ta.tensor(x)).numpy()      # k = 2 of 10 per map
    nonzero = (out > 0).reshape(10, 3, 16)
    assert nonzero.sum(axis=2).max() == 1                            # one winner per (example, map)
    peaks = x.reshape(10, 3, 16).max(axis=2)
    assert (nonzero[:, 2].sum(axis=1) > 0).sum() == 2                   # still exactly k of the batch ...
    assert nonzero[0, 2, 0] and nonzero[1, 2, 0]                         # ... the first ones, first pixel
    for c in range(2):
        kept = np.flatnonzero(nonzero[:, c].any(axis=1))
        np.testing.assert_array_equal(np.sort(kept), np.sort(np.argsort(-peaks[:, c])[:2]))
        np.testing.assert_array_equal(out.reshape(10, 3, 16)[kept, c].max(axis=1), peaks[kept, c])
