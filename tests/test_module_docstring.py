"""nn.Module's docstring teaches how to subclass it with a worked example (a tied autoencoder). The
example is run here exactly as printed there, so the docstring cannot drift from what works."""
import textwrap

import tinyae as ta
from tinyae import nn


def docstring_example():
    """The indented code block of nn.Module.__doc__, as source text."""
    lines = nn.Module.__doc__.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("class TiedAutoencoder"))
    block = []
    for line in lines[start:]:
        if line.strip() and not line.startswith(" " * 8):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block))


def test_the_subclassing_example_runs_and_registers_what_it_says():
    namespace = {"ta": ta, "nn": nn}
    exec(docstring_example(), namespace)
    ta.seed(0)
    model = namespace["TiedAutoencoder"](n_in=6, n_code=3)
    params = list(model.parameters())
    assert sorted(p.shape for p in params) == [(3,), (6,), (6, 3)]     # b_out, encoder W (used twice), encoder b
    assert model.get_layer("dense") is model.encoder
    y = model(ta.randn(4, 6))
    assert y.shape == (4, 6) and y.dtype == "float32"


def test_the_tied_gradient_sums_both_uses_of_w():
    namespace = {"ta": ta, "nn": nn}
    exec(docstring_example(), namespace)
    ta.seed(0)
    model = namespace["TiedAutoencoder"](n_in=5, n_code=2).to(dtype="float64")
    x = ta.randn(3, 5).astype("float64")
    W, b, b_out = model.encoder.W, model.encoder.b, model.b_out

    def loss(W, b, b_out):
        h = ta.sigmoid(x @ W + b)
        return (ta.sigmoid(h @ W.T + b_out) - x).sum()

    assert ta.gradcheck(loss, W, b, b_out)
    model_loss = (model(x) - x).sum()
    model_loss.backward()
    reference = [t.grad.copy() for t in (W, b, b_out)]
    for t in (W, b, b_out):
        t.grad = None
    loss(W, b, b_out).backward()
    for t, expected in zip((W, b, b_out), reference):
        assert abs(t.grad - expected).max() < 1e-12
