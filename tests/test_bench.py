"""The benchmark is a measurement, not a test: this only checks that it runs and reports, that every
case trains, and that --threads does what it says (no timing assertions)."""
import math
import os
import subprocess
import sys

import numpy as np
import pytest

import tinyae as ta
from tinyae.bench.__main__ import epoch_data, main
from tinyae.bench.cases import CASES, build, lifetime_sparse


def test_bench_runs_one_case_on_a_few_samples(capsys):
    main(["mlp3", "--samples", "2000", "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("backend numpy, 2000 images per epoch")
    row = next(line for line in lines if line.startswith("mlp3"))
    seconds, peak_mib, loss = (float(v) for v in row.split()[1:4])
    assert seconds > 0 and peak_mib > 0
    assert math.isfinite(loss) and 0 < loss < 0.25      # MSE of sigmoid outputs on [0, 1] pixels


# What a loss of each new case can be on MNIST pixels in [0, 1], from its definition:
# stacked: MSE of a linear output (+ a small L2 term) is >= 0; vae_sum: the summed squared error of
# sigmoid outputs over 784 pixels is in (0, 784), plus a KL >= 0; wta: MSE >= 0.
@pytest.mark.parametrize("name", ["stacked", "vae_sum", "wta"])
def test_lesson_cases_train_and_lower_their_loss(name):
    case = CASES[name]
    x, noise = epoch_data(case, 20 * case.batch_size)
    ta.seed(0)
    _, step = build(name)
    losses = []
    for i in range(0, len(x), case.batch_size):
        batch = ta.tensor(x[i:i + case.batch_size])
        eps = None if noise is None else ta.tensor(noise[i:i + case.batch_size])
        losses.append(step(batch, eps).item())
    assert all(math.isfinite(v) and v >= 0 for v in losses)
    assert np.mean(losses[-5:]) < np.mean(losses[:5])      # 20 steps of training lower the loss


def test_lifetime_sparse_keeps_the_k_largest_of_each_unit_over_the_batch():
    h = ta.tensor([[1.0, 5.0], [3.0, 2.0], [2.0, 4.0], [0.5, 1.0]])
    kept = lifetime_sparse(h, rate=0.5)                     # k = 2 of a batch of 4
    assert np.array_equal(kept.numpy(), [[0, 5], [3, 0], [2, 4], [0, 0]])


def test_lifetime_sparse_gradcheck():
    h = ta.tensor(np.random.default_rng(0).normal(size=(20, 6)), dtype="float64", requires_grad=True)
    assert ta.gradcheck(lambda t: lifetime_sparse(t, rate=0.1), h)


def test_threads_refuses_a_count_it_cannot_set_in_this_process(monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "7")
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)    # as if it were not installed
    with pytest.raises(RuntimeError, match="OPENBLAS_NUM_THREADS=3 and OMP_NUM_THREADS=3"):
        main(["mlp3", "--threads", "3", "--samples", "200", "--repeat", "1"])


def test_threads_from_the_command_line_restarts_with_the_variables_set():
    """The restarted process runs the same command (here also with CPU-time clocks)."""
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), env.get("PYTHONPATH")]))
    env["PYTHONNOUSERSITE"] = "1"
    code = ("import sys, runpy; sys.modules['threadpoolctl'] = None; sys.argv[0] = 'tinyae.bench'; "
            "runpy.run_module('tinyae.bench', run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code, "mlp3", "--threads", "1", "--clock", "cpu", "--samples",
                             "200", "--repeat", "1"], env=env, capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("restarting with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1")
    assert lines[1].endswith("BLAS/PyTorch threads 1, CPU seconds")
    assert any(line.startswith("mlp3") for line in lines)


def test_drift_samples_and_splits_by_the_product_probe(capsys):
    from tinyae.bench import drift
    samples = drift.main(["vanilla32", "--seconds", "0", "--steps", "2"])
    out = capsys.readouterr().out.splitlines()
    assert len(samples) == 1 and all(v is None or v > 0 for v in samples[0])
    assert out[0].startswith("vanilla32: median ms of 2 steps per sample")
    summary = next(i for i, line in enumerate(out) if line.startswith("1 sample; 0 slow"))
    assert [line.split()[:2] for line in out[summary + 1:]] == [["all", "tinyae"], ["others", "tinyae"]]


def test_drift_summary_separates_slow_samples(capsys):
    from tinyae.bench import drift
    # (tinyae ms, torch ms, GFLOP/s): the probe's median is 200, so the 100 GFLOP/s sample is slow
    drift.summarize([(20.0, 25.0, 200.0), (22.0, 25.0, 210.0), (40.0, 30.0, 100.0)])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("3 samples; 1 slow (product below 160 GFLOP/s")
    assert lines[2].split()[:4] == ["slow", "tinyae", "40.0", "ms,"] and "ratio 1.33" in lines[2]
    assert lines[3].split()[:3] == ["others", "tinyae", "21.0"] and "ratio 0.84" in lines[3]
