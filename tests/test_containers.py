"""nn.ModuleList (append, extend, indexing, slicing, len, iteration; its parameters are found and
named "blocks.0.W", ...), Module's refusal of a plain list or tuple of modules and of a tensor that
requires grad but is not a Parameter (either would hide weights from the optimizer), and nn.Lambda
(any tensor function as a layer)."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, nn, optim

to_np = backend.to_numpy


class Stack(nn.Module):
    def __init__(self, sizes):
        self.blocks = nn.ModuleList()
        for n_in, n_out in zip(sizes, sizes[1:]):
            self.blocks.append(nn.Dense(n_in, n_out, activation="tanh"))

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


def test_module_list_behaves_like_a_list(xp):
    a, b, c = nn.Dense(2, 3), nn.ELU(), nn.Dense(3, 1)
    layers = nn.ModuleList([a, b])
    layers.extend([c])
    assert len(layers) == 3 and list(layers) == [a, b, c]
    assert layers[0] is a and layers[-1] is c
    assert isinstance(layers[1:], nn.ModuleList) and list(layers[1:]) == [b, c]
    assert [name for name, _ in layers.named_modules()] == ["", "0", "1", "2"]
    with pytest.raises(IndexError):
        layers[3]
    with pytest.raises(TypeError, match="expected a Module, got int"):
        layers.append(3)


def test_module_list_parameters_are_found_and_trained(xp, rng):
    model = Stack([4, 3, 2])
    assert [name for name, _ in model.named_parameters()] == ["blocks.0.W", "blocks.0.b", "blocks.1.W", "blocks.1.b"]
    assert [name for name, _ in model.named_modules()] == ["", "blocks", "blocks.0", "blocks.1"]
    before = [p.numpy().copy() for p in model.parameters()]
    opt = optim.SGD(model.parameters(), lr=0.1)
    x = ta.tensor(rng.normal(size=(5, 4)))
    (model(x) ** 2).mean().backward()
    opt.step()
    assert all(not np.array_equal(b, p.numpy()) for b, p in zip(before, model.parameters()))


def test_module_list_gradcheck(xp, rng):
    model = Stack([3, 4, 2]).to(dtype="float64")
    x = ta.tensor(rng.normal(size=(2, 3)), dtype="float64")
    assert ta.gradcheck(lambda x, *params: model(x), x, *model.parameters())


@pytest.mark.parametrize("value", [[nn.Dense(2, 2)], (nn.ReLU(), nn.Dense(2, 2)), [1, [nn.Dense(2, 2)]]],
                         ids=["list", "tuple", "nested"])
def test_a_list_of_modules_is_refused(value):
    class Holder(nn.Module):
        pass
    with pytest.raises(TypeError, match=r"Holder\.blocks: a (list|tuple) of modules.*nn\.ModuleList\(blocks\)"):
        Holder().blocks = value


def test_a_dict_of_modules_and_a_list_of_parameters_are_refused():
    """parameters() walks attributes only: a dict of modules or a list of Parameters would leave
    their weights out of every optimizer, silently (0 parameters). Refused, naming the fix."""
    class Holder(nn.Module):
        pass
    with pytest.raises(TypeError, match=r"Holder\.parts: a dict of modules would hide them.*own attribute"):
        Holder().parts = {"encoder": nn.Dense(2, 2)}
    with pytest.raises(TypeError, match=r"Holder\.ws: a list of Parameters would hide them.*nn\.Parameter"):
        Holder().ws = [nn.Parameter(ta.tensor([1.0]))]
    with pytest.raises(TypeError, match=r"Holder\.ws: a dict of Parameters"):
        Holder().ws = {"w": (nn.Parameter(ta.tensor([1.0])),)}


def test_a_subclass_cannot_store_its_own_layers_attribute():
    """`self.layers = nn.ModuleList(...)`, common in PyTorch code, would collide with every module's
    read-only .layers (Keras's model.layers, which summary() reads): an error that says so."""
    class Net(nn.Module):
        def __init__(self):
            self.layers = nn.ModuleList([nn.Dense(2, 2)])
    with pytest.raises(AttributeError, match=r"Net\.layers: every module already has \.layers, a read-only "
                                             r"property.*another name, such as self\.blocks"):
        Net()


def test_lists_without_modules_are_fine():
    class Holder(nn.Module):
        pass
    holder = Holder()
    holder.sizes = [784, 32]
    holder.pair = (1, "a")
    holder.settings = {"lr": 0.1, "sizes": [784, 32]}
    holder.constants = [ta.tensor([1.0])]
    assert holder.sizes == [784, 32] and holder.settings["lr"] == 0.1 and holder.parameters() == []


def test_a_tensor_that_requires_grad_is_refused_unless_it_is_a_parameter(xp):
    """self.b = ta.tensor(..., requires_grad=True) in a module would be left out of parameters(),
    so the optimizer would never train it: refused with the fix. A Parameter, a constant and an
    output of the graph (kept on self, e.g. the last code) are fine."""
    class Holder(nn.Module):
        pass
    holder = Holder()
    with pytest.raises(TypeError, match=r"Holder\.bias: a Tensor with requires_grad=True is not a parameter: "
                                        r"parameters\(\) would leave it out.*nn\.Parameter\(values\)"):
        holder.bias = ta.tensor(xp.zeros(3), requires_grad=True)
    holder.bias = nn.Parameter(xp.zeros(3, dtype="float32"))
    holder.mask = ta.tensor(xp.ones(3))
    holder.code = ta.tanh(holder.bias)                   # not a leaf: a graph output
    assert holder.parameters() == [holder.bias]


def test_lambda_wraps_a_function(xp, rng):
    x = ta.tensor(rng.normal(size=(3, 4)), dtype="float64")
    double = nn.Lambda(lambda t: 2 * t - 1)
    np.testing.assert_allclose(to_np(double(x).data), 2 * x.numpy() - 1)
    assert ta.gradcheck(nn.Lambda(ta.exp), x)
    assert repr(nn.Lambda(ta.exp)) == "Lambda(exp)" and repr(double) == "Lambda(<lambda>)"
    join = nn.Lambda(lambda a, b: ta.concatenate([a, b], axis=1), name="join")
    assert join(x, x).shape == (3, 8) and join.name == "join"
    model = nn.Sequential(nn.Dense(4, 2), nn.Lambda(ta.softmax))
    np.testing.assert_allclose(to_np(model(ta.tensor(x.numpy())).data).sum(axis=1), 1, rtol=1e-6)
    with pytest.raises(TypeError, match="fn must be callable"):
        nn.Lambda(3)


def test_a_layer_that_returns_a_numpy_array_is_refused(xp, rng):
    """nn.Lambda(lambda t: np.tanh(t.numpy())) gave the layer after it an array cut off from the graph:
    the encoder before it got no gradient and never trained, while the decoder did (no error: the
    optimizer steps whenever some parameter has a gradient). Any module's forward is checked."""
    encoder = nn.Dense(4, 3)
    model = nn.Sequential(encoder, nn.Lambda(lambda t: np.tanh(t.numpy())), nn.Dense(3, 4))
    x = ta.tensor(rng.normal(size=(5, 4)))
    with pytest.raises(TypeError, match=r"^Lambda: forward returned a numpy array, not a Tensor, so no gradient can "
                                        r"flow back through it .* compute it with tinyae's ops"):
        model(x)

    class Codes(nn.Module):
        def forward(self, t):
            return t * 2, np.zeros(3)                     # one of its outputs an array

    with pytest.raises(TypeError, match="^Codes: forward returned a numpy array"):
        Codes()(x)
    assert nn.Lambda(lambda t: (t * 2, ta.tanh(t)))(x)[1].shape == (5, 4)       # tensors, also in a tuple


def test_new_layers_store_their_name():
    for layer in (nn.ELU(name="e"), nn.LeakyReLU(name="e"), nn.Softmax(name="e"), nn.Lambda(abs, name="e"),
                  nn.Sampling(name="e"), nn.GaussianNoise(0.1, name="e"), nn.ModuleList(name="e")):
        assert layer.name == "e"
