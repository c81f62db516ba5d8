"""Lesson 20 (adversarial autoencoders, seed 001's 对抗自编码器, built from Makhzani et al. 2015) in
quick mode, through the runner: the hand-written loop that reuses a discriminator output after the
discriminator's step is refused (first for the released graph, then, with retain_graph=True, by the
version counters); the regularisation phase pulls the 2-D codes towards each prior (the MMD of the
test codes to prior samples falls during training); with labels the codes land on their digit's
component; and decoded prior samples are digits that differ, not one constant image."""
import contextlib
import io

import pytest

import lessons

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
RUNS = ("gaussian", "mixture", "mixture_labels")


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """The lesson run once in quick mode for this file: (its module, what it printed, its folder)."""
    out = tmp_path_factory.mktemp("lesson_20")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        module = lessons.execute("20", quick=True, out=out)
    return module, printed.getvalue(), out


def test_the_hand_written_loop_that_reuses_a_stale_discriminator_output_is_refused(quick_run):
    results = quick_run[0].results
    assert "retain_graph=True" in results["released_graph_error"]
    # with retain_graph=True the graph is there, but D's weights changed under it: the version check
    stale = results["stale_graph_error"]
    assert stale is not None and "changed in place" in stale and "optimizer.step()" in stale


def test_the_codes_move_towards_the_prior(quick_run):
    results = quick_run[0].results
    for run in RUNS:
        mmd = results["mmd_history"][run]          # [untrained, after epoch 1, ..., after the last]
        assert len(mmd) == results["epochs"] + 1
        # the reconstruction phase first spreads the codes; the regularisation phase pulls them in
        assert mmd[-1] < mmd[1], run
    # the untrained codes sit at the origin, far from the mixture's ring of components
    for run in ("mixture", "mixture_labels"):
        mmd = results["mmd_history"][run]
        assert mmd[-1] < 0.5 * mmd[0], run
    # and the MMD statistic itself sees two samples of one prior as (nearly) equal
    assert results["mmd_floor_gaussian"] < 0.01 and results["mmd_floor_mixture"] < 0.01


def test_the_autoencoders_still_reconstruct(quick_run):
    results = quick_run[0].results
    for run in RUNS:
        recon = results["recon_history"][run]
        assert recon[-1] < 0.75 * recon[0], run


def test_labels_put_each_digit_on_its_own_component(quick_run):
    results = quick_run[0].results
    assert results["own_component_share"] > 0.25          # chance: 0.10


def test_decoded_prior_samples_are_not_constant(quick_run):
    results = quick_run[0].results
    for name, spread in results["sample_spread"].items():
        # a collapsed generator decodes every sample to one image: a squared distance near 0
        assert spread > 1.0, name
        assert spread < results["test_spread"], name


def test_the_vae_of_lesson_17_is_compared(quick_run):
    module, printed, _ = quick_run
    table = module.results["table"]
    assert set(table) == {"VAE (lesson 17), N(0, I) by KL", "AAE, N(0, I)", "AAE, 10-Gaussian mixture",
                          "AAE, mixture with labels"}
    assert "Total params: 267,266" in printed      # encoder 784-256-256-2
    assert "Total params: 66,817" in printed       # discriminator 2-256-256-1


def test_the_figures_are_saved(quick_run):
    module, _, out = quick_run
    for figure in module.results["figures"]:
        assert open(figure, "rb").read(8) == PNG_MAGIC
    assert {p.name for p in out.iterdir()} == {p.split("/")[-1] for p in module.results["figures"]}
