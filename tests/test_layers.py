"""Layers and modules: gradient checks of Dense (every activation and initialiser) and TiedDense
(one shared W whose gradient sums the encoder's and the decoder's parts), the activation layers,
Dropout and GaussianNoise (training vs evaluation, their statistics, fixed-seed gradient checks),
Sequential, freezing, state_dict round trips, Module.to, and the initialisers' statistics."""
import inspect
import math
from collections import OrderedDict

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, ops, optim

to_np = backend.to_numpy

ACTIVATIONS = {None: lambda a: a, "linear": lambda a: a, "tanh": np.tanh,
               "sigmoid": lambda a: 1 / (1 + np.exp(-a)), "relu": lambda a: np.maximum(a, 0)}
INITS = ["glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "variance_scaling", "torch", "zeros"]


def float64_input(rng, shape):
    return ta.tensor(rng.uniform(-1, 1, size=shape), dtype="float64")


def dense_away_from_the_relu_kink(rng, init, activation):
    """A float64 Dense(4, 3) and an input whose pre-activations are all at least 0.05 from 0."""
    for attempt in range(100):
        ta.seed(attempt)
        layer = nn.Dense(4, 3, activation, init=init).to(dtype="float64")
        x = float64_input(rng, (5, 4))
        a = x.numpy() @ layer.W.numpy() + layer.b.numpy()
        if activation != "relu" or np.min(np.abs(a)) > 0.05:
            return layer, x
    raise AssertionError("no input away from the kink found")


@pytest.mark.parametrize("init", INITS)
@pytest.mark.parametrize("activation", list(ACTIVATIONS), ids=str)
def test_dense_forward_and_gradcheck(xp, rng, init, activation):
    if init == "zeros" and activation == "relu":
        # W = 0 and b = 0 put every pre-activation on relu's kink; start from zeros and move off it
        layer = nn.Dense(4, 3, activation, init=init).to(dtype="float64")
        assert np.all(layer.W.numpy() == 0) and np.all(layer.b.numpy() == 0)
        layer.b.data += 0.5
        x = float64_input(rng, (5, 4))
    else:
        layer, x = dense_away_from_the_relu_kink(rng, init, activation)
    expected = ACTIVATIONS[activation](x.numpy() @ layer.W.numpy() + layer.b.numpy())
    np.testing.assert_allclose(to_np(layer(x).data), expected, rtol=1e-12)
    assert ta.gradcheck(lambda t, W, b: layer(t), x, layer.W, layer.b)


def test_dense_shapes_and_names(xp):
    layer = nn.Dense(4, 3)
    assert layer.W.shape == (4, 3) and layer.b.shape == (3,)
    assert layer.W.dtype == np.float32 and layer.b.dtype == np.float32
    assert [name for name, _ in layer.named_parameters()] == ["W", "b"]


def test_dense_bad_arguments(xp, rng):
    with pytest.raises(ValueError, match="in_features"):
        nn.Dense(0, 3)
    with pytest.raises(ValueError, match="out_features"):
        nn.Dense(3, 2.5)
    with pytest.raises(ValueError) as info:
        nn.Dense(4, 3)(ta.tensor(rng.uniform(size=(2, 5))))
    assert "(2, 5)" in str(info.value) and "(4, 3)" in str(info.value)



def test_keras_ways_of_writing_a_dense_layer_get_tinyaes_order(xp):
    """The chapters' Keras Dense(encoding_dim, activation='relu') has no input size."""
    with pytest.raises(TypeError, match=r"^Dense: out_features is missing; tinyae's layers take their input size "
                                        r"first, Dense\(in_features, out_features\) as PyTorch's Linear: Keras's "
                                        r"Dense\(32, activation='relu'\) after 784 inputs is Dense\(784, 32, "
                                        r"activation='relu'\) here$"):
        nn.Dense(32, activation="relu")
    with pytest.raises(TypeError, match=r"^Dense: unexpected keyword argument\(s\) 'units', 'input_dim', 'use_bias'; "
                                        r"units: out_features.*; input_dim: in_features.*; use_bias: no option"):
        nn.Dense(784, units=32, input_dim=784, use_bias=False)
    with pytest.raises(TypeError, match=r"kernel_initializer: init \(e.g. init=\"glorot_uniform\""):
        nn.Dense(784, 32, kernel_initializer="glorot_uniform")
    assert "out_features: int | tinyae.nn.sizes.Required = <required>" in str(inspect.signature(nn.Dense))


@pytest.mark.parametrize("make", [lambda: nn.Dense(3, 2, activation="softplus"),
                                  lambda: nn.TiedDense(nn.Dense(3, 2), activation="swish")],
                         ids=["Dense", "TiedDense"])
def test_unknown_activation_lists_the_known_names(xp, make):
    with pytest.raises(ValueError) as info:
        make()
    for name in ("tanh", "sigmoid", "relu", "linear"):
        assert name in str(info.value)


def test_unknown_init_lists_the_known_names(xp):
    with pytest.raises(ValueError) as info:
        nn.Dense(3, 2, init="lecun_normal")
    for name in INITS:
        assert name in str(info.value)


@pytest.mark.parametrize("module, reference, make", [
    (nn.Tanh, np.tanh, float64_input),
    (nn.Sigmoid, lambda a: 1 / (1 + np.exp(-a)), float64_input),
    (nn.ReLU, lambda a: np.maximum(a, 0),
     lambda r, s: ta.tensor(r.uniform(0.2, 1, size=s) * r.choice((-1.0, 1.0), size=s), dtype="float64")),
    (nn.Identity, lambda a: a, float64_input),
], ids=["Tanh", "Sigmoid", "ReLU", "Identity"])
def test_activation_layers(xp, rng, module, reference, make):
    x = make(rng, (3, 4))
    np.testing.assert_allclose(to_np(module()(x).data), reference(x.numpy()), rtol=1e-12)
    assert ta.gradcheck(module(), x)


# ----- initialisers -----------------------------------------------------------------------------
def test_glorot_uniform_statistics(xp):
    layer = nn.Dense(300, 200)
    W, bound = layer.W.numpy(), math.sqrt(6 / (300 + 200))
    assert np.all(np.abs(W) <= bound) and np.abs(W).max() > 0.99 * bound
    assert W.var() == pytest.approx(bound ** 2 / 3, rel=0.03)          # variance of U(-a, a)
    assert abs(W.mean()) < 4 * bound / math.sqrt(3 * W.size)
    assert np.all(layer.b.numpy() == 0)                                  # Keras: bias zeros


@pytest.mark.parametrize("fan_in, fan_out", [(300, 200), (50, 400)])
def test_torch_init_statistics(xp, fan_in, fan_out):
    layer = nn.Dense(fan_in, fan_out, init="torch")
    W, b, bound = layer.W.numpy(), layer.b.numpy(), 1 / math.sqrt(fan_in)
    assert np.all(np.abs(W) <= bound) and np.abs(W).max() > 0.99 * bound
    assert W.var() == pytest.approx(bound ** 2 / 3, rel=0.03)
    assert np.all(np.abs(b) <= bound) and np.abs(b).max() > 0.8 * bound    # PyTorch draws b like W
    assert b.var() == pytest.approx(bound ** 2 / 3, rel=0.3)


def test_zeros_init(xp):
    layer = nn.Dense(5, 4, init="zeros")
    assert np.all(layer.W.numpy() == 0) and np.all(layer.b.numpy() == 0)


def test_one_seed_gives_one_model(xp):
    ta.seed(11)
    first = nn.Dense(6, 4).W.numpy()
    ta.seed(11)
    np.testing.assert_array_equal(nn.Dense(6, 4).W.numpy(), first)
    assert not np.array_equal(nn.Dense(6, 4).W.numpy(), first)


# ----- tied weights -----------------------------------------------------------------------------
def tied_autoencoder():
    encoder = nn.Dense(5, 3, "sigmoid")
    decoder = nn.TiedDense(encoder, "sigmoid")
    return encoder, decoder, nn.Sequential(encoder, decoder)


def test_tied_weight_is_listed_once(xp):
    encoder, decoder, model = tied_autoencoder()
    assert decoder.W is encoder.W
    params = model.parameters()
    assert len(params) == 3 and sum(p is encoder.W for p in params) == 1
    assert [name for name, _ in model.named_parameters()] == ["0.W", "0.b", "1.b"]
    assert decoder.b.shape == (5,) and np.all(decoder.b.numpy() == 0)


def test_tied_dense_needs_a_dense(xp):
    with pytest.raises(TypeError, match="Dense"):
        nn.TiedDense(nn.Tanh())


def test_tied_dense_forward_and_gradcheck(xp, rng):
    encoder, decoder, model = tied_autoencoder()
    model.to(dtype="float64")
    assert decoder.W is encoder.W and decoder.W.dtype == np.float64
    x = ta.tensor(rng.uniform(size=(4, 5)), dtype="float64")
    W, b, c = encoder.W.numpy(), encoder.b.numpy(), decoder.b.numpy()
    sigmoid = ACTIVATIONS["sigmoid"]
    expected = sigmoid(sigmoid(x.numpy() @ W + b) @ W.T + c)
    np.testing.assert_allclose(to_np(model(x).data), expected, rtol=1e-12)
    assert ta.gradcheck(lambda t, *params: model(t), x, *model.parameters())
    assert ta.gradcheck(lambda t, *params: losses.mse(model(t), t), x, *model.parameters())


def test_tied_gradient_sums_encoder_and_decoder_parts(xp, rng):
    encoder, decoder, model = tied_autoencoder()
    model.to(dtype="float64")
    x = ta.tensor(rng.uniform(size=(4, 5)), dtype="float64")
    losses.mse(model(x), x).backward()
    # the same network with two separate copies of W
    W_enc = ta.tensor(encoder.W.data.copy(), requires_grad=True, dtype="float64")
    W_dec = ta.tensor(encoder.W.data.copy(), requires_grad=True, dtype="float64")
    h = ops.linear(x, W_enc, encoder.b.detach()).sigmoid()
    losses.mse(ops.linear(h, W_dec.T, decoder.b.detach()).sigmoid(), x).backward()
    assert np.abs(to_np(W_enc.grad)).max() > 0 and np.abs(to_np(W_dec.grad)).max() > 0
    np.testing.assert_allclose(to_np(encoder.W.grad), to_np(W_enc.grad + W_dec.grad), rtol=1e-12)


def test_tied_weight_is_updated_once_per_step(xp, rng):
    encoder, decoder, model = tied_autoencoder()
    x = ta.tensor(rng.uniform(size=(4, 5)))
    # the tied W appears twice in this list; the optimizer must still update it once
    opt = optim.SGD(encoder.parameters() + decoder.parameters(), lr=0.5)
    assert len(opt.params) == 3
    losses.mse(model(x), x).backward()
    before, grad = encoder.W.numpy().copy(), to_np(encoder.W.grad)
    opt.step()
    np.testing.assert_allclose(encoder.W.numpy(), before - np.float32(0.5) * grad, rtol=1e-6)


# ----- Sequential -------------------------------------------------------------------------------
def test_sequential_indexing_slicing_iteration(xp, rng):
    layers = [nn.Dense(4, 3, "tanh"), nn.Dense(3, 2), nn.Sigmoid()]
    model = nn.Sequential(*layers)
    assert len(model) == 3
    assert model[0] is layers[0] and model[-1] is layers[2]
    assert list(model) == layers
    head = model[:2]
    assert isinstance(head, nn.Sequential) and list(head) == layers[:2]
    assert head[1].W is layers[1].W                          # a slice shares the layers
    assert list(model[1:]) == layers[1:]
    x = ta.tensor(rng.uniform(size=(5, 4)))
    np.testing.assert_array_equal(to_np(head(x).data), to_np(layers[1](layers[0](x)).data))
    np.testing.assert_array_equal(to_np(model(x).data), to_np(layers[2](head(x)).data))
    with pytest.raises(IndexError, match="layer 3 asked for, but it has 3 layers"):
        model[3]
    with pytest.raises(TypeError, match=r"index with an int or a slice, got str '1'; .*model\.get_layer\(name\)"):
        model["1"]


def test_sequential_gradcheck(xp, rng):
    model = nn.Sequential(nn.Dense(4, 3, "tanh"), nn.Dense(3, 2, "sigmoid")).to(dtype="float64")
    x = float64_input(rng, (3, 4))
    assert ta.gradcheck(lambda t, *params: model(t), x, *model.parameters())


def test_sequential_rejects_non_modules(xp):
    with pytest.raises(TypeError, match=r"Sequential: layer 1 is a function, expected a Module; wrap a function "
                                        r"as nn.Lambda\(fn\)"):
        nn.Sequential(nn.Tanh(), ops.tanh)
    with pytest.raises(TypeError, match="layer 0 is a int, expected a Module$"):
        nn.Sequential([3])


def test_sequential_takes_keras_list_of_layers_too(xp):
    """Keras writes Sequential([layer, ...]), PyTorch Sequential(layer, ...): the same model."""
    layers = [nn.Dense(4, 3, "tanh"), nn.Dense(3, 2)]
    keras_style, torch_style = nn.Sequential(layers), nn.Sequential(*layers)
    assert list(keras_style) == list(torch_style) == layers and len(nn.Sequential(tuple(layers))) == 2
    assert [name for name, _ in keras_style.named_parameters()] == ["0.W", "0.b", "1.W", "1.b"]


def test_sequential_grows_by_keras_add_and_pytorch_append(xp):
    model = nn.Sequential(nn.Dense(4, 3, "tanh"))
    model.add(nn.Dense(3, 2))
    last = nn.Sigmoid()
    assert model.append(last) is model and model[-1] is last and len(model) == 3
    assert [name for name, _ in model.named_parameters()] == ["0.W", "0.b", "1.W", "1.b"]
    with pytest.raises(TypeError, match="Sequential.add: expected a Module"):
        model.append(ops.tanh)


def test_train_and_eval_reach_every_module(xp):
    model = nn.Sequential(nn.Dense(3, 3), nn.Sequential(nn.Dropout(0.5), nn.GaussianNoise(0.1)))
    model.eval()
    assert all(not m.training for _, m in model.named_modules())
    model.train()
    assert all(m.training for _, m in model.named_modules())


# ----- Dropout and GaussianNoise ----------------------------------------------------------------
def test_dropout_in_training(xp):
    p = 0.3
    x = ta.tensor(np.ones((200, 100)), requires_grad=True)
    y = nn.Dropout(p)(x)
    values = to_np(y.data)
    assert y.dtype == np.float32
    kept = values != 0
    np.testing.assert_allclose(values[kept], 1 / (1 - p), rtol=1e-6)          # inverted dropout
    assert abs((~kept).mean() - p) < 4 * math.sqrt(p * (1 - p) / values.size)
    assert abs(values.mean() - 1) < 0.03                                      # E[y] = x
    y.sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), values)                      # dL/dx = m / (1 - p)


def test_dropout_draws_a_new_mask_each_call_and_a_seed_fixes_it(xp):
    drop, x = nn.Dropout(0.5), ta.tensor(np.ones((10, 10)))
    assert not np.array_equal(to_np(drop(x).data), to_np(drop(x).data))
    ta.seed(5)
    first = to_np(drop(x).data)
    ta.seed(5)
    np.testing.assert_array_equal(to_np(drop(x).data), first)


def test_dropout_gradcheck_with_a_fixed_mask(xp, rng):
    drop = nn.Dropout(0.4)
    x = float64_input(rng, (4, 5))

    def fixed_mask_dropout(t):
        ta.seed(3)
        return drop(t)

    y = to_np(fixed_mask_dropout(x).data)
    assert 0 < np.sum(y == 0) < y.size
    assert ta.gradcheck(fixed_mask_dropout, x)


def test_dropout_in_evaluation_and_bad_p(xp, rng):
    x = ta.tensor(rng.uniform(size=(3, 4)))
    drop = nn.Dropout(0.5)
    assert drop.eval()(x) is x
    assert nn.Dropout(0.0)(x) is x
    for p in (-0.1, 1.0):
        with pytest.raises(ValueError, match="p"):
            nn.Dropout(p)


def test_gaussian_noise_in_training(xp):
    stddev = 0.5
    x = ta.tensor(np.full((200, 100), 2.0), requires_grad=True)
    y = nn.GaussianNoise(stddev)(x)
    noise = to_np(y.data) - 2.0
    assert y.dtype == np.float32
    assert abs(noise.mean()) < 4 * stddev / math.sqrt(noise.size)
    assert noise.std() == pytest.approx(stddev, rel=0.03)
    y.sum().backward()
    np.testing.assert_array_equal(to_np(x.grad), np.ones((200, 100)))


def test_gaussian_noise_gradcheck_with_fixed_noise(xp, rng):
    noise = nn.GaussianNoise(0.3)
    x = float64_input(rng, (3, 4))

    def fixed_noise(t):
        ta.seed(4)
        return noise(t) * t

    assert ta.gradcheck(fixed_noise, x)


def test_gaussian_noise_in_evaluation_and_bad_stddev(xp, rng):
    x = ta.tensor(rng.uniform(size=(3, 4)))
    assert nn.GaussianNoise(0.2).eval()(x) is x
    assert nn.GaussianNoise(0.0)(x) is x
    with pytest.raises(ValueError, match="stddev"):
        nn.GaussianNoise(-1.0)


# ----- freezing ---------------------------------------------------------------------------------
def small_model():
    return nn.Sequential(nn.Dense(4, 3, "tanh"), nn.Dense(3, 4, "sigmoid"))


def test_frozen_module_gets_no_gradient_and_is_not_updated(xp, rng):
    model = small_model()
    model[0].freeze()
    opt = optim.SGD(model.parameters(), lr=0.5)
    before = [p.numpy().copy() for p in model.parameters()]
    x = ta.tensor(rng.uniform(size=(5, 4)))
    losses.mse(model(x), x).backward()
    assert model[0].W.grad is None and model[0].b.grad is None
    assert model[1].W.grad is not None and model[1].b.grad is not None
    opt.step()
    after = [p.numpy() for p in model.parameters()]
    np.testing.assert_array_equal(after[0], before[0])
    np.testing.assert_array_equal(after[1], before[1])
    assert not np.array_equal(after[2], before[2]) and not np.array_equal(after[3], before[3])


def test_gradient_flows_through_a_frozen_layer(xp, rng):
    model = small_model()
    model[1].freeze()
    x = ta.tensor(rng.uniform(size=(5, 4)))
    losses.mse(model(x), x).backward()
    assert model[1].W.grad is None
    assert model[0].W.grad is not None and np.abs(to_np(model[0].W.grad)).max() > 0


def test_freezing_one_parameter_and_unfreezing(xp, rng):
    model = small_model()
    bias = model[1].b
    bias.requires_grad = False
    x = ta.tensor(rng.uniform(size=(5, 4)))
    losses.mse(model(x), x).backward()
    assert bias.grad is None
    bias.grad = xp.ones(bias.shape, dtype=bias.dtype)     # a stale gradient must not be used either
    before = bias.numpy().copy()
    optim.SGD(model.parameters(), lr=0.5).step()
    np.testing.assert_array_equal(bias.numpy(), before)
    model.unfreeze()
    model.zero_grad()
    losses.mse(model(x), x).backward()
    assert all(p.grad is not None for p in model.parameters())


# ----- saving, loading, moving ------------------------------------------------------------------
def test_state_dict_round_trip(xp, rng):
    ta.seed(1)
    source = small_model()
    ta.seed(2)
    target = small_model()
    x = ta.tensor(rng.uniform(size=(3, 4)))
    assert not np.allclose(to_np(source(x).data), to_np(target(x).data))
    state = source.state_dict()
    assert list(state) == ["0.W", "0.b", "1.W", "1.b"]
    target.load_state_dict(state)
    np.testing.assert_array_equal(to_np(target(x).data), to_np(source(x).data))
    source[0].W.data += 1                 # the state and the loaded copy are independent copies
    np.testing.assert_array_equal(to_np(state["0.W"]), target[0].W.numpy())
    assert not np.array_equal(source[0].W.numpy(), target[0].W.numpy())


def test_state_dict_of_a_tied_model(xp):
    encoder, decoder, model = tied_autoencoder()
    assert list(model.state_dict()) == ["0.W", "0.b", "1.b"]
    _, _, other = tied_autoencoder()
    other.load_state_dict(model.state_dict())
    assert other[1].W is other[0].W
    np.testing.assert_array_equal(other[1].W.numpy(), encoder.W.numpy())


def test_load_state_dict_lists_every_difference_and_changes_nothing(xp, rng):
    model = small_model()
    before = {name: to_np(value) for name, value in model.state_dict().items()}
    state = model.state_dict()
    del state["1.b"]
    state["2.W"] = xp.zeros((3, 3), dtype=xp.float32)
    state["0.W"] = xp.zeros((3, 4), dtype=xp.float32)
    state["1.W"] = state["1.W"].astype(xp.float64)
    with pytest.raises(ValueError) as info:
        model.load_state_dict(state)
    message = str(info.value)
    assert "missing: 1.b" in message and "unexpected: 2.W" in message
    assert "0.W" in message and "(3, 4)" in message and "(4, 3)" in message
    assert "1.W" in message and "float64" in message and "float32" in message
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(to_np(value), before[name])


def test_a_module_without_forward_names_a_misspelt_one(xp):
    class Foward(nn.Module):
        def __init__(self):
            self.encoder = nn.Dense(4, 2)

        def foward(self, x):
            return self.encoder(x)

    class NoForward(nn.Module):
        def encode(self, x):
            return x

    with pytest.raises(NotImplementedError, match=r"^Foward must define forward\(\) \(it defines foward\(\): a "
                                                  r"misspelling\?\)$"):
        Foward()(ta.tensor([[1.0, 2.0, 3.0, 4.0]]))
    with pytest.raises(NotImplementedError, match=r"^NoForward must define forward\(\)$"):
        NoForward()(ta.tensor([1.0]))


def test_a_missing_attribute_with_a_keras_or_pytorch_name_says_where_it_is(xp):
    model = nn.Sequential(nn.Dense(4, 2, "relu"), nn.Dense(2, 4))
    with pytest.raises(AttributeError, match=r"^'Sequential' object has no attribute 'fit'; Keras's training API is "
                                             r"ta.Model's: model = ta.Model\(module, input_shape=\(784,\)\)"):
        model.fit
    with pytest.raises(AttributeError, match=r"'Dense' object has no attribute 'weight'; a Dense keeps W of shape "
                                             r"\(in, out\), PyTorch's Linear weight.T"):
        model[0].weight
    with pytest.raises(AttributeError, match=r"'cuda'; module.to\('cupy'\)"):
        model.cuda()
    with pytest.raises(AttributeError, match=r"^'Sequential' object has no attribute 'encoder'$"):
        model.encoder
    assert not hasattr(model, "predict") and getattr(model, "summary", None) is None


def test_pytorchs_module_habits_say_what_tinyae_writes(xp):
    """model.apply(init_fn), nn.init.xavier_uniform_, model.to('cuda'), Sequential(OrderedDict(...)):
    PyTorch's ways, each answered with tinyae's."""
    model = nn.Sequential(nn.Dense(4, 2, "relu"), nn.Dense(2, 4))
    with pytest.raises(AttributeError, match=r"'apply'; a loop: for _, m in module.named_modules\(\): fn\(m\)"):
        model.apply(lambda m: None)
    with pytest.raises(AttributeError, match=r"'requires_grad_'; module.freeze\(\) and module.unfreeze\(\)$"):
        model.requires_grad_(False)
    with pytest.raises(AttributeError, match=r"^module 'tinyae.nn.init' has no attribute 'xavier_uniform_'; "
                                             r"init='glorot_uniform' on the layer"):
        nn.init.xavier_uniform_(model[0].W)
    with pytest.raises(AttributeError, match=r"'kaiming_normal_'; init='he_normal' .* PyTorch's kaiming_normal_ is "
                                             r"not truncated\)$"):
        nn.init.kaiming_normal_
    with pytest.raises(ValueError, match=r"got 'cuda'; PyTorch's 'cuda' is 'cupy' here \(the GPU\)$"):
        model.to("cuda")
    with pytest.raises(ValueError, match=r"got 'cpu'; PyTorch's 'cpu' is 'numpy' here$"):
        ta.use_backend("cpu")
    with pytest.raises(ValueError, match=r"got 'float64'; a dtype goes by name: .to\(dtype='float64'\)$"):
        model.to("float64")
    with pytest.raises(TypeError, match=r"layer 0 is a OrderedDict, expected a Module; PyTorch's "
                                        r"Sequential\(OrderedDict\(...\)\) names its layers: give each layer a name"):
        nn.Sequential(OrderedDict([("encoder", nn.Dense(4, 2)), ("decoder", nn.Dense(2, 4))]))
    assert model.to(dtype="float64")[0].W.dtype == np.float64


def test_attributes_assigned_after_construction_take_effect(xp, rng):
    """Three assignments that changed the repr or nothing, and never the computation:
    dense.activation = "sigmoid" (the layer stayed linear), Keras's layer.trainable = False (the layer
    kept training) and Keras's dropout.rate = 0.2 (p stayed 0.5). Each now does what it says."""
    x = ta.tensor(rng.normal(size=(4, 3)).astype(np.float32) * 4)
    dense = nn.Dense(3, 2)
    linear = dense(x).numpy()
    dense.activation = "sigmoid"
    np.testing.assert_allclose(dense(x).numpy(), 1 / (1 + np.exp(-linear)), rtol=1e-5)
    assert "activation='sigmoid'" in repr(dense)
    with pytest.raises(ValueError, match=r"unknown activation 'sigmod' \(did you mean 'sigmoid'\?\)"):
        dense.activation = "sigmod"
    conv = nn.Conv2D(1, 2, 3, activation="relu")
    conv.activation = None                                         # leaves the fused conv + ReLU node too
    images = ta.tensor(rng.normal(size=(2, 1, 5, 5)).astype(np.float32))
    assert (conv(images).numpy() < 0).any()

    model = nn.Sequential(nn.Dense(3, 2), nn.Dense(2, 3))
    model[0].trainable = False                                     # Keras's way to freeze a layer
    assert not model[0].W.requires_grad and model[1].W.requires_grad
    assert model[0].trainable is False and model.trainable is False and model[1].trainable is True
    frozen = model[0].W.numpy().copy()
    ta.Model(model).compile("sgd", "mse").fit(x.numpy(), x.numpy(), verbose=0)
    np.testing.assert_array_equal(model[0].W.numpy(), frozen)
    model.trainable = True
    assert model[0].W.requires_grad
    with pytest.raises(TypeError, match=r"Sequential.trainable must be True or False, got 0"):
        model.trainable = 0

    dropout = nn.Dropout(0.5)
    dropout.rate = 0.2                                             # Keras's name for p
    assert dropout.p == 0.2 and repr(dropout) == "Dropout(p=0.2)"
    with pytest.raises(ValueError, match=r"Dropout: p must be in \[0, 1\), got 1.0"):
        dropout.p = 1.0                                            # checked as in the constructor
    with pytest.raises(TypeError, match=r"'rate'; rate: p, the first argument: Keras's Dropout\(rate=0.2\) is "
                                        r"Dropout\(0.2\)"):
        nn.Dropout(rate=0.2)


def test_kerass_lambda_output_shape_is_named_as_not_needed(xp):
    """Chapter 002's Keras VAE writes Lambda(sampling, output_shape=(latent_dim,))."""
    with pytest.raises(TypeError, match=r"^Lambda: unexpected keyword argument\(s\) 'output_shape'; output_shape: "
                                        r"not needed: tinyae's shapes are those of the arrays when fn runs"):
        nn.Lambda(lambda args: args[0], output_shape=(2,))
    assert nn.Lambda(lambda args: args[0])([ta.tensor([1.0]), ta.tensor([2.0])]).numpy().tolist() == [1.0]


def test_load_state_dict_refuses_what_is_no_state_and_names_pytorch_habits(xp):
    model = nn.Dense(2, 3)
    with pytest.raises(TypeError, match="state must be a dict .* got list"):
        model.load_state_dict([model.W.data, model.b.data])
    torch_like = type("Tensor", (), {"__module__": "torch", "shape": (2, 3)})     # what a torch tensor says of itself
    with pytest.raises(ValueError) as info:
        model.load_state_dict({"W": torch_like(), "b": [0.0, 0.0, 0.0]})
    message = str(info.value)
    assert "W: a torch.Tensor given" in message and ".detach().cpu().numpy()" in message
    assert "b: a list given, expected a NumPy or CuPy array" in message
    with pytest.raises(ValueError, match=r"(?s)unexpected: weight.*PyTorch's Linear weight\.T"):
        model.load_state_dict({"weight": xp.zeros((3, 2), dtype=xp.float32), "bias": xp.zeros(3, dtype=xp.float32)})


def test_module_to_dtype(xp, rng):
    model = small_model()
    x32 = ta.tensor(rng.uniform(size=(2, 4)))
    losses.mse(model(x32), x32).backward()
    assert model.to(dtype="float64") is model
    assert all(p.dtype == np.float64 and p.grad is None for p in model.parameters())
    x64 = ta.tensor(rng.uniform(size=(2, 4)), dtype="float64")
    assert model(x64).dtype == np.float64
    with pytest.raises(TypeError):
        model(x32)                        # float32 input into a float64 model: no silent cast
    model.to(dtype="float32")
    assert all(p.dtype == np.float32 for p in model.parameters())
    assert model(x32).dtype == np.float32


@pytest.mark.skipif(backend.cupy_available(), reason="CuPy with a GPU is present")
def test_asking_for_cupy_without_it_gives_the_install_error():
    model = small_model()
    with pytest.raises(RuntimeError) as info:
        model.to("cupy")
    assert "pip install" in str(info.value) and "cupy" in str(info.value).lower()
    assert all(backend.array_module(p.data) is np for p in model.parameters())
    previous = backend.name
    with pytest.raises(RuntimeError, match="pip install"):
        ta.use_backend("cupy")
    assert backend.name == previous


def test_dropout_with_a_numpy_float64_p_keeps_float32(xp):
    x = ta.tensor(xp.ones((4, 8), dtype=xp.float32))
    y = nn.Dropout(np.float64(0.5))(x)
    assert y.dtype == np.float32
