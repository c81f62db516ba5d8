"""The benchmark is a measurement, not a test: this only checks that it runs and reports."""
import math

from tinyae.bench.__main__ import main


def test_bench_runs_one_case_on_a_few_samples(capsys):
    main(["mlp3", "--samples", "2000", "--repeat", "1"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("backend numpy, 2000 images per epoch")
    row = next(line for line in lines if line.startswith("mlp3"))
    seconds, peak_mib, loss = (float(v) for v in row.split()[1:4])
    assert seconds > 0 and peak_mib > 0
    assert math.isfinite(loss) and 0 < loss < 0.25      # MSE of sigmoid outputs on [0, 1] pixels
