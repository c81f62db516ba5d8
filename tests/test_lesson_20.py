"""Lesson 20 (adversarial autoencoders, seed 001's 对抗自编码器, built from Makhzani et al. 2015) in
quick mode, through the runner: the hand-written loop that reuses a discriminator output after the
discriminator's step is refused (first for the released graph, then, with retain_graph=True, by the
version counters); the regularisation phase pulls the 2-D codes towards each prior (the MMD of the
test codes to prior samples falls during training; with labels, to samples of each digit's own
component), and it is the regularisation phase that does it (the same autoencoder without it has
codes far wider than the prior, and an MMD at least twice the Gaussian AAE's); the codes take the
prior's mean and spread; the autoencoders still reconstruct; and decoded prior samples are images that differ, not
one constant image. (How many test digits land on their own component is a full-run number: the
150 steps of quick mode are too few for it, 10.9 % against a chance of 10 %.)"""

from saved_files import is_png

LESSON = "20"      # the quick_run fixture (conftest.py) runs this lesson once for the file
RUNS = ("gaussian", "mixture", "mixture_labels")


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
    # the MMD statistic itself sees two samples of one prior as (nearly) equal
    assert results["mmd_floor_gaussian"] < 0.01 and results["mmd_floor_mixture"] < 0.01


def test_the_regularisation_phase_is_what_matches_the_prior(quick_run):
    table = quick_run[0].results["table"]
    plain, gaussian = table["plain AE vs N(0, I)"], table["AAE, N(0, I)"]
    # the same encoder and decoder without the regularisation phase: codes far wider than N(0, I)
    assert max(plain["std"]) > 3
    assert gaussian["mmd"] < 0.5 * plain["mmd"]
    # the Gaussian AAE's codes have about the prior's moments (mean 0, std 1 per axis)
    assert all(abs(m) < 0.5 for m in gaussian["mean"])
    assert all(0.5 < s < 2 for s in gaussian["std"])
    # the mixture AAEs' codes have about the mixture's spread (std about 2.15 per axis), not the plain AE's
    for name in ("AAE, 10-Gaussian mixture", "AAE, mixture with labels"):
        assert all(abs(m) < 2.15 for m in table[name]["mean"]), name
        assert all(2.15 / 2 < s < 2.15 * 2 for s in table[name]["std"]), name


def test_the_autoencoders_still_reconstruct(quick_run):
    results = quick_run[0].results
    for run in RUNS:
        recon = results["recon_history"][run]
        assert recon[-1] < 0.75 * recon[0], run
    # about as well as the plain autoencoder does (quick mode: within 15 %)
    plain = results["plain_recon_history"][-1]
    for run in RUNS:
        assert results["recon_history"][run][-1] < 1.15 * plain, run


def test_decoded_prior_samples_are_not_constant(quick_run):
    results = quick_run[0].results
    for name, spread in results["sample_spread"].items():
        # a collapsed generator decodes every sample to one image: a squared distance near 0
        assert spread > 1.0, name
        assert spread < results["test_spread"], name


def test_the_vae_of_lesson_17_is_compared(quick_run):
    module, printed, _ = quick_run
    table = module.results["table"]
    assert set(table) == {"plain AE vs N(0, I)", "plain AE vs the mixture", "VAE (lesson 17), N(0, I) by KL", "AAE, N(0, I)", "AAE, 10-Gaussian mixture",
                          "AAE, mixture with labels"}
    assert "Total params: 267,266" in printed      # encoder 784-256-256-2
    assert "Total params: 66,817" in printed       # discriminator 2-256-256-1


def test_the_figures_are_saved(quick_run):
    module, _, out = quick_run
    for figure in module.results["figures"]:
        assert is_png(figure)
    assert {p.name for p in out.iterdir()} == {p.split("/")[-1] for p in module.results["figures"]}
