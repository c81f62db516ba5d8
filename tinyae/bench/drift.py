"""python -m tinyae.bench.drift [CASE] [--seconds S] [--steps N] [--vs-torch]

Why one benchmark run can disagree with the next: this samples the machine over time. Each sample
times N training steps of CASE after one more to warm up (the median milliseconds of a step), with
--vs-torch the PyTorch twin's N steps right after on the same batches, and a 384x384 float32 matrix
product on BLAS's threads (the machine's compute rate at that moment, GFLOP/s). At the end the
samples are split by that rate: those below 80 % of its median ("slow minutes") against the rest.

On the development machine (2 virtual CPUs, 2026-12-06) each CPU, probed alone with one thread, ran
below 80 % of its usual rate in 14 to 20 % of samples taken every 0.2 s, one CPU at a time. OpenBLAS
splits a product evenly between its threads, so the slower CPU sets the pace of every product, and a
conv training step is twenty products. The README's Performance section quotes a 5-minute run.
"""
import argparse
import statistics
import time
from itertools import count

import tinyae as ta
from tinyae import backend
from tinyae.bench.__main__ import SETTLE, epoch_data
from tinyae.bench.cases import CASES, build
from tinyae.bench.plain_vs_fast import median_ms

SLOW = 0.8          # a sample is "slow" when the product probe ran below this fraction of its median
PROBE_SIZE = 384


def settled(measure, *args):
    """measure(*args) after SETTLE seconds of idle, as the benchmark's epochs: the other library's idle
    threads (OpenBLAS's, PyTorch's) keep spinning for a while after their last task."""
    time.sleep(SETTLE)
    return measure(*args)


def product_probe():
    """A function that returns the GFLOP/s of one PROBE_SIZE^3 float32 matrix product, just measured."""
    a = backend.random_uniform((PROBE_SIZE, PROBE_SIZE), dtype="float32")
    flops = 2 * PROBE_SIZE ** 3
    return lambda: flops / median_ms(lambda: a @ a, 20) / 1e6


def twin_runner(case_name, x, noise, batch):
    """A function that runs the PyTorch twin's next training step on batch(data, i), i = 0, 1, ..."""
    import torch
    from tinyae.bench import torch_twins
    ta.seed(0)
    step = torch_twins.build(case_name, build(case_name)[0], "cpu")
    xt = torch.from_numpy(backend.to_numpy(x))
    nt = None if noise is None else torch.from_numpy(backend.to_numpy(noise))
    position = count()

    def run():
        i = next(position)
        return step(batch(xt, i), batch(nt, i))
    return run


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tinyae.bench.drift", description=__doc__.splitlines()[0])
    parser.add_argument("case", nargs="?", default="conv", help=f"one of {list(CASES)} (default conv)")
    parser.add_argument("--seconds", type=float, default=300, help="how long to sample (default 300)")
    parser.add_argument("--steps", type=int, default=15, help="training steps per sample (default 15)")
    parser.add_argument("--vs-torch", action="store_true", help="also time the PyTorch twin in every sample")
    args = parser.parse_args(argv)
    if args.case not in CASES:
        parser.error(f"unknown case {args.case!r}; known: {list(CASES)}")
    if args.steps < 1:
        parser.error(f"--steps must be a positive int, got {args.steps}")
    case = CASES[args.case]
    batches = 50
    x, noise = epoch_data(case, batches * case.batch_size)
    bs = case.batch_size

    def batch(data, i):
        return None if data is None else data[(i % batches) * bs:(i % batches + 1) * bs]

    ta.seed(0)
    _, step = build(args.case)
    position = count()                                  # step i trains on batch i (mod 50), as the twin

    def ours():
        i = next(position)
        return step(ta.Tensor(batch(x, i)), None if noise is None else ta.Tensor(batch(noise, i)))
    theirs = twin_runner(args.case, x, noise, batch) if args.vs_torch else None
    probe = product_probe()

    print(f"{args.case}: median ms of {args.steps} steps per sample, {args.seconds:g} s of samples")
    torch_columns = f" {'torch ms':>8} {'ratio':>6}" if theirs else ""
    print(f"{'time':>8} {'tinyae ms':>9}{torch_columns}  product GFLOP/s")
    samples = []                                        # (tinyae ms, torch ms or None, GFLOP/s)
    end = time.time() + args.seconds
    while not samples or time.time() < end:
        sample = (settled(median_ms, ours, args.steps),
                  settled(median_ms, theirs, args.steps) if theirs else None,
                  settled(probe))
        samples.append(sample)
        line = f"{time.strftime('%H:%M:%S'):>8} {sample[0]:9.1f}"
        if theirs:
            line += f" {sample[1]:8.1f} {sample[0] / sample[1]:6.2f}"
        print(line + f"  {sample[2]:14.0f}", flush=True)
    summarize(samples)
    return samples


def summarize(samples):
    """Medians over all samples, and over the slow and the other ones (split by the product probe)."""
    cut = SLOW * statistics.median(s[2] for s in samples)
    slow = [s for s in samples if s[2] < cut]
    rest = [s for s in samples if s[2] >= cut]
    print(f"{len(samples)} sample{'s' * (len(samples) != 1)}; {len(slow)} slow "
          f"(product below {cut:.0f} GFLOP/s, {SLOW:.0%} of its median)")
    for label, group in (("all", samples), ("slow", slow), ("others", rest)):
        if not group:
            continue
        line = f"  {label:<6} tinyae {statistics.median(s[0] for s in group):6.1f} ms"
        if group[0][1] is not None:
            ratios = sorted(s[0] / s[1] for s in group)
            p10, p90 = ratios[len(ratios) // 10], ratios[min(len(ratios) - 1, 9 * len(ratios) // 10)]
            line += (f", torch {statistics.median(s[1] for s in group):6.1f} ms, ratio "
                     f"{statistics.median(ratios):.2f} ({p10:.2f}-{p90:.2f}, 10th-90th percentile)")
        print(line)


if __name__ == "__main__":
    main()
