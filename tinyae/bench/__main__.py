"""python -m tinyae.bench [CASE ...] [--backend numpy|cupy] [--vs-torch] [--repeat N] [--samples N] [--threads N]

Times one training epoch (forward, loss, backward, optimizer step over the MNIST training set) per
case and prints: seconds per epoch (median of N), the peak resident memory of a separate process
that runs one tinyae epoch, and the final batch loss. With --vs-torch it builds the same model in
PyTorch from the same initial weights, feeds it the same batches in the same order, runs the two in
turn (A B A B ..., each epoch after a pause of SETTLE seconds: see time_epoch) and prints the
per-pair ratio tinyae / PyTorch (median, min, max) and whether the final losses agree.

--threads N runs the matrix products of NumPy (OpenBLAS) and PyTorch on N threads. OpenBLAS reads
its thread count once, when NumPy is imported, from OPENBLAS_NUM_THREADS (OMP_NUM_THREADS for
other BLAS builds): so the benchmark starts itself again with both set to N when they differ (the
same command, a new process), or uses threadpoolctl instead when it is installed; PyTorch's twin
gets torch.set_num_threads(N). On a busy machine with few cores, BLAS threads that wait for each
other make matrix products several times slower: use --threads 1 there.

--clock cpu times with the CPU time of the process (time.process_time, all its threads together)
instead of the wall clock: on a machine that other jobs keep busy, the wall clock measures them
too. It counts host work only, so it says nothing about --backend cupy (use the wall clock there).
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

import tinyae as ta
from tinyae import backend
from tinyae.bench.cases import CASES, build
from tinyae.datasets import load_mnist


def epoch_data(case, samples, seed=0):
    """The training images in one shuffled order (host arrays), and the VAE's epsilon draws."""
    (x, _), _ = load_mnist(normalize="01")
    rng = backend.new_rng(seed)
    x = x[rng.permutation(len(x))[:samples]].reshape((-1,) + case.image_shape)
    noise = rng.standard_normal((len(x), case.latent_noise)).astype(x.dtype) if case.latent_noise else None
    return x, noise


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


SETTLE = 0.3    # seconds of idle before each timed epoch


def time_epoch(step, x, noise, batch_size, to_device, synchronize, clock=time.perf_counter):
    """Seconds of `clock` for one pass of `step` over x in batches (data already on the device), final loss.

    It waits SETTLE seconds before starting the clock: after its last matrix product OpenBLAS's idle
    thread keeps spinning for about 0.1 s (measured: 105 ms of CPU time during a sleep after a product;
    PyTorch's threads 5-8 ms), and that would slow the start of the next epoch, PyTorch's when the
    two take turns."""
    x = to_device(x)
    noise = to_device(noise) if noise is not None else None
    synchronize()
    time.sleep(SETTLE)
    start = clock()
    for i in range(0, len(x), batch_size):
        loss = step(x[i:i + batch_size], None if noise is None else noise[i:i + batch_size])
    synchronize()
    return clock() - start, float(loss.item())


def run_tinyae(name, x, noise, seed=0, clock=time.perf_counter):
    ta.seed(seed)
    model, step = build(name)
    wrap = ta.Tensor
    return time_epoch(lambda xb, nb: step(wrap(xb), None if nb is None else wrap(nb)), x, noise,
                      CASES[name].batch_size, backend.as_array, backend.synchronize, clock)


def run_torch(name, x, noise, seed=0, threads=None, clock=time.perf_counter):
    import torch
    from tinyae.bench import torch_twins
    if threads is not None:
        torch.set_num_threads(threads)
    device = "cuda" if backend.name == "cupy" else "cpu"
    ta.seed(seed)
    model, _ = build(name)             # the same initial weights as run_tinyae's model
    step = torch_twins.build(name, model, device)
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    return time_epoch(step, x, noise, CASES[name].batch_size,
                      lambda a: torch.from_numpy(backend.to_numpy(a)).to(device), sync, clock)


def own_peak_rss_mib():
    """This process's peak resident memory in MiB. Linux's VmHWM belongs to the program image, while
    getrusage's ru_maxrss also remembers the parent's memory from before fork/exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_memory_mib(name, samples, backend_name):
    """Peak resident memory (MiB) of a fresh process that loads MNIST and trains one tinyae epoch."""
    out = subprocess.run([sys.executable, "-m", "tinyae.bench", name, "--samples", str(samples),
                          "--backend", backend_name, "--memory-child"],
                         check=True, capture_output=True, text=True).stdout
    return float(out.split()[-1])


THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


def blas_threads_fixed(n):
    """True when this process's BLAS already runs on n threads: both THREAD_VARIABLES say n (they
    were read when NumPy was imported), or threadpoolctl (when installed) has now limited it to n."""
    if all(os.environ.get(v) == str(n) for v in THREAD_VARIABLES):
        return True
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    threadpool_limits(limits=n, user_api="blas")    # for the rest of this process
    return True


def restart_with_threads(n, argv):
    """Replace this process by `python -m tinyae.bench argv` with THREAD_VARIABLES set to n."""
    env = dict(os.environ, **{v: str(n) for v in THREAD_VARIABLES})
    print(f"restarting with {' and '.join(f'{v}={n}' for v in THREAD_VARIABLES)} "
          f"(OpenBLAS reads them when NumPy is imported)", flush=True)
    os.execve(sys.executable, [sys.executable, "-m", "tinyae.bench", *argv], env)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tinyae.bench", description=__doc__.splitlines()[0],
                                     epilog="cases: " + "; ".join(f"{c.name} ({c.source})" for c in CASES.values()))
    parser.add_argument("cases", nargs="*", default=list(CASES), help=f"some of {list(CASES)}")
    parser.add_argument("--backend", default="numpy", choices=backend.BACKENDS)
    parser.add_argument("--vs-torch", action="store_true", help="also time PyTorch on the same batches")
    parser.add_argument("--repeat", type=int, default=3, help="epochs timed per case (median reported)")
    parser.add_argument("--samples", type=int, default=60000, help="training images per epoch")
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS and PyTorch threads (default: their own defaults); see the module docstring")
    parser.add_argument("--clock", default="wall", choices=list(CLOCKS),
                        help="wall clock (default) or the process's CPU time; see the module docstring")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    command_line = argv is None
    args = parser.parse_args(argv)
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {unknown}; known: {list(CASES)}")
    if args.threads is not None:
        if args.threads < 1:
            parser.error(f"--threads must be a positive int, got {args.threads}")
        if not blas_threads_fixed(args.threads):
            if not command_line:
                raise RuntimeError(f"main(threads={args.threads}): NumPy's BLAS threads are fixed when NumPy is "
                                   f"imported; set {' and '.join(f'{v}={args.threads}' for v in THREAD_VARIABLES)} "
                                   f"before starting Python, or install threadpoolctl")
            restart_with_threads(args.threads, sys.argv[1:])
    ta.use_backend(args.backend)

    if args.memory_child:
        x, noise = epoch_data(CASES[args.cases[0]], args.samples)
        run_tinyae(args.cases[0], x, noise)
        print(own_peak_rss_mib())
        return

    clock = CLOCKS[args.clock]
    header = f"{'case':<10} {'tinyae s/epoch':>14} {'peak MiB':>9} {'final loss':>10}"
    if args.vs_torch:
        header += f" {'torch s/epoch':>13} {'ratio med (min-max)':>20} {'torch loss':>10}  losses"
    threads = "their defaults" if args.threads is None else args.threads
    print(f"backend {args.backend}, {args.samples} images per epoch, median of {args.repeat}, BLAS/PyTorch threads "
          f"{threads}, {'CPU' if args.clock == 'cpu' else 'wall-clock'} seconds")
    print(header)
    for name in args.cases:
        case = CASES[name]
        x, noise = epoch_data(case, args.samples)
        warm = min(len(x), 4 * case.batch_size)
        run_tinyae(name, x[:warm], None if noise is None else noise[:warm])
        if args.vs_torch:
            run_torch(name, x[:warm], None if noise is None else noise[:warm], threads=args.threads)
        ours, theirs = [], []
        for _ in range(args.repeat):
            ours.append(run_tinyae(name, x, noise, clock=clock))
            if args.vs_torch:
                theirs.append(run_torch(name, x, noise, threads=args.threads, clock=clock))
        seconds = statistics.median(t for t, _ in ours)
        line = (f"{name:<10} {seconds:>14.2f} {peak_memory_mib(name, args.samples, args.backend):>9.0f} "
                f"{ours[-1][1]:>10.4f}")
        if args.vs_torch:
            ratios = [a[0] / b[0] for a, b in zip(ours, theirs)]
            loss, torch_loss = ours[-1][1], theirs[-1][1]
            agree = abs(loss - torch_loss) <= 0.02 * abs(torch_loss) + 1e-4
            line += (f" {statistics.median(t for t, _ in theirs):>13.2f} "
                     f"{statistics.median(ratios):>7.2f} ({min(ratios):.2f}-{max(ratios):.2f}){'':>4} "
                     f"{torch_loss:>10.4f}  {'agree' if agree else 'DIFFER'}")
        print(line, flush=True)


if __name__ == "__main__":
    main()
