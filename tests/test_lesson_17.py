"""Lesson 17 (the Keras VAE with a 2-D code and its generator, seed 002) in quick mode, through the
runner: the chapter's model (404,244 parameters) trains on 784 * BCE + KL added with add_loss and
fit(x, None); its loss falls well below that of a code that carries nothing; the 2-D codes separate
the digits far better than chance; the generator shares the decoder's weights and varies smoothly
over the grid of normal quantiles; and the chapter's two flaws the lesson exposes (the "variance"
head is a log-variance; the chapter's canvas puts z2 growing downwards) are visible in its output."""

import numpy as np
import pytest

from tinyae import plot
from saved_files import is_png

LESSON = "17"      # the quick_run fixture (conftest.py) runs this lesson once for the file
FIGURES = {"loss.png", "latent.png", "generated_samples.png", "generated_7x7_chapter.png", "generated_15x15.png"}


def test_lesson_17_trains_the_chapters_vae(quick_run):
    module, printed, out = quick_run
    results = module.results
    assert module.__name__ == "lessons.17_vae_2d_code_and_generator"
    assert "(6000, 784) (1000, 784)" in printed
    assert "Total params: 404,244" in printed and results["total_params"] == 404244
    assert "Total params: 202,256" in printed and results["generator_params"] == 202256

    # the sampling layer draws z ~ N(mu, sigma^2) with sigma = exp(log_var / 2)
    np.testing.assert_allclose(module.draws.mean(axis=0), [1.0, -2.0], atol=0.05)
    np.testing.assert_allclose(module.draws.std(axis=0), [1.0, 0.5], atol=0.05)

    # the loss falls, far below that of a code that carries nothing (KL 0, the mean image) ...
    assert results["val_loss"] < 0.9 * results["first_val_loss"]
    assert results["val_loss"] < results["collapsed_val_loss"] - 15
    assert results["val_loss"] == pytest.approx(results["val_recon"] + results["val_kl"], rel=1e-5)
    # ... and the code pays for what it carries: a KL term of some nats per image
    assert 1 < results["val_kl"] < 20
    # the companion notebook's logged losses are printed beside ours, marked as quoted
    assert "189.6828" in printed and "157.8535" in printed and "quoted" in printed


def test_the_codes_separate_the_digits(quick_run):
    results = quick_run[0].results
    assert 0.10 < results["chance_accuracy"] < 0.14
    assert results["knn_accuracy"] > results["chance_accuracy"] + 0.2


def test_the_variance_head_is_a_log_variance(quick_run):
    results = quick_run[0].results
    # no variance is negative; this head's outputs are (sigma < 1)
    assert results["negative_log_var_share"] > 0.9
    # each digit's Gaussian q(z|x) is a small blob inside the spread of the codes
    assert results["mean_sigma"] < 0.5 * min(results["code_std"])


def test_the_generator_shares_the_decoder_and_varies_smoothly(quick_run):
    module, _, _ = quick_run
    results = module.results
    assert module.shared
    decoder = module.vae.module
    assert module.generator.parameters() == [decoder.decoder_hidden.W, decoder.decoder_hidden.b,
                                             decoder.decoder_reconstruct.W, decoder.decoder_reconstruct.b]
    # neighbouring grid points decode to images much closer than two grid images picked at random
    assert results["neighbour_distance"] < 0.25 * results["pair_distance"]


def test_the_chapters_canvas_grows_z2_downwards_and_the_lesson_fixes_it(quick_run):
    module, _, _ = quick_run
    generator = module.generator

    def top_left(figure):
        return figure.axes[0].images[0].get_array()[:28, :28]

    q7, q15 = plot.normal_quantiles(7), plot.normal_quantiles(15)
    chapter = generator.predict(np.array([[q7[0], q7[0]]], dtype=np.float32)).reshape(28, 28)
    fixed = generator.predict(np.array([[q15[0], q15[-1]]], dtype=np.float32)).reshape(28, 28)
    # the chapter's top row holds z2 = -1.64 (its lowest value); the lesson's holds z2 = +1.64
    np.testing.assert_allclose(top_left(module.fig_chapter), chapter, atol=1e-6)
    np.testing.assert_allclose(top_left(module.fig_grid), fixed, atol=1e-6)


def test_the_figures_are_saved(quick_run):
    module, _, out = quick_run
    for figure in module.results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == FIGURES
