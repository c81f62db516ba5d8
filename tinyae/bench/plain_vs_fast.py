"""python -m tinyae.bench.plain_vs_fast [--repeat N] [--batch N]

Times every fast path against its plain teaching version in tinyae/plain/, float32, on the
benchmark's shapes (tinyae/bench/cases.py): forward + backward for an op, one update of all of a
model's parameters for an optimizer. Prints the median milliseconds of N runs of each (after one
warm-up run) and the ratio plain / fast. --batch replaces the benchmark's batch sizes (128 for the
conv model, 256 for vanilla32), e.g. to try it quickly.
"""
import argparse
import statistics
import time

import tinyae as ta
from tinyae import backend, losses, ops, optim, plain
from tinyae.bench.cases import WTA_RATE, build


def op_runner(fn, shapes, target_shape=None):
    """A function that runs fn forward and backward once on fixed random float32 inputs of `shapes`
    (a constant target of `target_shape` goes last when given)."""
    rng = backend.new_rng(0)
    inputs = [ta.tensor(rng.uniform(-1, 1, size=s), requires_grad=True) for s in shapes]
    if target_shape is not None:
        inputs.append(ta.tensor(rng.uniform(0, 1, size=target_shape)))
    gy = None

    def run():
        nonlocal gy
        for t in inputs:
            t.grad = None
        y = fn(*inputs)
        if gy is None:
            gy = ta.tensor(rng.uniform(-1, 1, size=y.shape)) if y.size > 1 else ta.tensor(1.0)
        y.backward(gy)
    return run


def optimizer_runners(case, fast, formula, **kwargs):
    """Two functions that update every parameter of the benchmark model `case` once, from fixed
    random gradients: the optimizer class `fast`, and the plain `formula` in a loop over them."""
    ta.seed(0)
    params = build(case)[0].parameters()
    rng = backend.new_rng(0)
    for p in params:
        p.grad = backend.as_array(rng.normal(size=p.shape), p.dtype)
    optimizer = fast(params, **kwargs)
    states = {}

    def plain_step():
        for p in params:
            p.data, states[id(p)] = formula(p.data, p.grad, states.get(id(p), {}), **kwargs)
    return optimizer.step, plain_step


def cases(conv_batch, dense_batch):
    """(name, fast run, plain run) for every fast path."""
    B, D = conv_batch, dense_batch
    wta_k = max(1, round(WTA_RATE * D))            # lesson 19's lifetime sparsity: 5 % of the batch

    def conv(c_in, c_out, size, padding):
        shapes = [(B, c_in, size, size), (c_out, c_in, 3, 3), (c_out,)]
        return (f"conv2d {c_in}->{c_out} {size}x{size} {padding}, batch {B}",
                op_runner(lambda x, K, b: ops.conv2d(x, K, b, padding=padding), shapes),
                op_runner(lambda x, K, b: plain.conv2d(x, K, b, padding=padding), shapes))

    def transpose(c_in, c_out, size):
        shapes = [(B, c_in, size, size), (c_in, c_out, 3, 3), (c_out,)]
        return (f"conv_transpose2d {c_in}->{c_out} {size}x{size} stride 2 same, batch {B}",
                op_runner(lambda x, K, b: ops.conv_transpose2d(x, K, b, 2, "same"), shapes),
                op_runner(lambda x, K, b: plain.conv_transpose2d(x, K, b, 2, "same"), shapes))

    def pool(channels, size):
        shapes = [(B, channels, size, size)]
        return (f"max_pool2d 2x2 same on {channels}x{size}x{size}, batch {B}",
                op_runner(lambda x: ops.max_pool2d(x, 2, padding="same"), shapes),
                op_runner(lambda x: plain.max_pool2d(x, 2, padding="same"), shapes))

    def optimizer(case, name, fast, formula, **kwargs):
        return (f"{name} step on {case}'s parameters", *optimizer_runners(case, fast, formula, **kwargs))

    return [
        conv(1, 16, 28, "same"), conv(16, 8, 14, "same"), conv(8, 16, 16, "valid"),
        conv(16, 1, 28, "same"),
        transpose(8, 16, 7), transpose(16, 1, 14),
        pool(16, 28), pool(8, 7),
        (f"sigmoid on {D}x784", op_runner(ops.sigmoid, [(D, 784)]), op_runner(plain.sigmoid, [(D, 784)])),
        (f"BCE after sigmoid on {D}x784",
         op_runner(lambda z, t: losses.binary_crossentropy(ops.sigmoid(z), t), [(D, 784)], (D, 784)),
         op_runner(plain.binary_crossentropy_after_sigmoid, [(D, 784)], (D, 784))),
        (f"topk {wta_k} along the batch of a {D}x1000 code (lesson 19)",
         op_runner(lambda h: ops.topk(h, wta_k, axis=0)[0], [(D, 1000)]),
         op_runner(lambda h: plain.topk(h, wta_k, axis=0)[0], [(D, 1000)])),
        (f"topk 1 of 60,000 distances, {D} rows (lesson 21)",
         op_runner(lambda d: ops.topk(d, 1)[0], [(D, 60000)]),
         op_runner(lambda d: plain.topk(d, 1)[0], [(D, 60000)])),
        optimizer("vanilla32", "Keras Adadelta", optim.Adadelta.keras, plain.adadelta_keras),
        optimizer("conv", "Keras Adadelta", optim.Adadelta.keras, plain.adadelta_keras),
        optimizer("deep2", "Keras Adam", optim.Adam.keras, plain.adam_keras),
        optimizer("mlp3", "PyTorch Adam", optim.Adam, plain.adam),
        optimizer("vae2", "Keras RMSprop", optim.RMSprop.keras, plain.rmsprop_keras),
        optimizer("mlp3", "PyTorch RMSprop", optim.RMSprop, plain.rmsprop),
        optimizer("mlp3", "PyTorch Adadelta", optim.Adadelta, plain.adadelta),
        optimizer("mlp3", "PyTorch SGD, momentum 0.9", optim.SGD, plain.sgd, lr=0.01, momentum=0.9),
        optimizer("mlp3", "Keras SGD, momentum 0.9", optim.SGD.keras, plain.sgd_keras, momentum=0.9),
    ]


def median_ms(run, repeat):
    run()                                   # warm-up: first-call allocations, optimizer state
    times = []
    for _ in range(repeat):
        backend.synchronize()
        start = time.perf_counter()
        run()
        backend.synchronize()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tinyae.bench.plain_vs_fast",
                                     description=__doc__.split("\n\n")[1])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--batch", type=int, default=None, help="batch size for every op case")
    parser.add_argument("--backend", choices=backend.BACKENDS, default=backend.name)
    args = parser.parse_args(argv)
    ta.use_backend(args.backend)
    print(f"backend {backend.name}, float32, median of {args.repeat} runs (ms)")
    print(f"{'fast path':58} {'fast':>9} {'plain':>9} {'plain/fast':>10}")
    for name, fast, slow in cases(args.batch or 128, args.batch or 256):
        fast_ms, plain_ms = median_ms(fast, args.repeat), median_ms(slow, args.repeat)
        print(f"{name:58} {fast_ms:9.2f} {plain_ms:9.2f} {plain_ms / fast_ms:10.2f}")


if __name__ == "__main__":
    main()
