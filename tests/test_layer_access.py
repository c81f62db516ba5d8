"""Reaching inside a model: Keras-style automatic names (deterministic for a fresh model, unique
within it, given names kept), name= on every layer, Sequential.add, layers, get_layer, get_weights /
set_weights (Keras's order, tied weights once, every error), capture() of a named layer's output in
a training step (it is part of the graph) and in evaluation (no graph, nothing kept by the model),
and the size arguments of every layer (positive ints, bools refused)."""
import gc
import weakref

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, optim, regularizers
from tinyae.nn.module import default_name

to_np = backend.to_numpy

EVERY_LAYER = {   # class -> a way to build it with a name
    "dense": lambda **kw: nn.Dense(3, 2, **kw),
    "tied_dense": lambda **kw: nn.TiedDense(nn.Dense(2, 3), **kw),
    "conv2d": lambda **kw: nn.Conv2D(1, 2, 3, **kw),
    "conv2d_transpose": lambda **kw: nn.Conv2DTranspose(2, 1, 3, **kw),
    "max_pool2d": lambda **kw: nn.MaxPool2D(2, **kw),
    "up_sampling2d": lambda **kw: nn.UpSampling2D(2, **kw),
    "flatten": lambda **kw: nn.Flatten(**kw),
    "reshape": lambda **kw: nn.Reshape((1, 28, 28), **kw),
    "tanh": lambda **kw: nn.Tanh(**kw),
    "sigmoid": lambda **kw: nn.Sigmoid(**kw),
    "re_lu": lambda **kw: nn.ReLU(**kw),
    "identity": lambda **kw: nn.Identity(**kw),
    "dropout": lambda **kw: nn.Dropout(0.2, **kw),
    "gaussian_noise": lambda **kw: nn.GaussianNoise(0.1, **kw),
    "sequential": lambda **kw: nn.Sequential(nn.Dense(2, 2), **kw),
}


@pytest.mark.parametrize("automatic", list(EVERY_LAYER))
def test_every_layer_has_keras_automatic_name_and_takes_name(xp, automatic):
    assert EVERY_LAYER[automatic]().name == automatic
    assert EVERY_LAYER[automatic](name="mine").name == "mine"


def test_default_name_is_keras_to_snake_case(xp):
    # Keras's to_snake_case gives these names to its own classes (e.g. MaxPooling2D -> max_pooling2d)
    for cls_name, expected in [("Dense", "dense"), ("MaxPooling2D", "max_pooling2d"), ("ReLU", "re_lu"),
                               ("Conv2DTranspose", "conv2d_transpose"), ("GaussianNoise", "gaussian_noise"),
                               ("UpSampling2D", "up_sampling2d"), ("_Private", "private__private")]:
        assert default_name(type(cls_name, (), {})) == expected


def test_names_are_unique_in_a_model_and_the_same_for_every_fresh_model(xp):
    def build():
        return nn.Sequential(nn.Dense(784, 32, "relu"), nn.Dense(32, 784, "sigmoid"))
    for _ in range(3):   # no global counter: the third model built in this process is named like the first
        assert [layer.name for layer in build().layers] == ["dense", "dense_1"]


def test_a_model_built_from_two_halves_is_named_as_in_a_fresh_keras_session(xp):
    encoder = nn.Sequential(nn.Dense(784, 128, "relu"), nn.Dense(128, 32, "relu", name="code"))
    decoder = nn.Sequential(nn.Dense(32, 128, "relu"), nn.Dense(128, 784, "sigmoid"))
    assert [layer.name for layer in decoder.layers] == ["dense", "dense_1"]
    autoencoder = nn.Sequential(encoder, decoder, name="autoencoder")
    assert [layer.name for layer in autoencoder.layers] == ["dense", "code", "dense_1", "dense_2"]
    assert (autoencoder.name, encoder.name, decoder.name) == ("autoencoder", "sequential", "sequential_1")


def test_given_names_are_kept_and_automatic_names_step_around_them(xp):
    model = nn.Sequential(nn.Dense(3, 3), nn.Dense(3, 3, name="dense"), nn.Dense(3, 3, name="dense_1"))
    assert [layer.name for layer in model.layers] == ["dense_2", "dense", "dense_1"]


def test_two_given_names_alike_in_one_model_are_an_error(xp):
    with pytest.raises(ValueError, match="two modules of one model are named 'code'"):
        nn.Sequential(nn.Dense(3, 2, name="code"), nn.Dense(2, 3, name="code"))


@pytest.mark.parametrize("bad", ["", "a.b", 3])
def test_bad_names_are_refused(xp, bad):
    with pytest.raises(ValueError, match="name must be a non-empty str without '.'"):
        nn.Dense(3, 2, name=bad)


def test_modules_that_set_self_name_themselves_fit_the_mechanism(xp):
    class Scale(nn.Module):            # the style of the newer layers: name=None stored as self.name
        def __init__(self, factor, name=None):
            self.name = name
            self.factor = factor

        def forward(self, x):
            return x * self.factor

    class Half(nn.Module):             # no __init__ at all
        def forward(self, x):
            return x * 0.5

    assert Scale(2.0).name == "scale" and Scale(2.0, name="double").name == "double"
    model = nn.Sequential(Scale(2.0), Scale(3.0), Half())
    assert [layer.name for layer in model.layers] == ["scale", "scale_1", "half"]
    layer = nn.Dense(2, 2, name="given")
    layer.name = None                  # back to automatic
    assert layer.name == "dense"


def test_sequential_add_layers_and_get_layer(xp, rng):
    model = nn.Sequential(name="autoencoder")
    model.add(nn.Dense(6, 3, "relu"))
    model.add(nn.Dense(3, 2, "sigmoid", name="code"))
    model.add(nn.Dense(2, 6, "sigmoid"))
    assert len(model) == 3 and [layer.name for layer in model.layers] == ["dense", "code", "dense_1"]
    assert model.get_layer("code") is model[1]
    x = ta.tensor(rng.uniform(0, 1, size=(4, 6)))
    assert np.array_equal(to_np(model(x).data), to_np(model[2](model[1](model[0](x))).data))
    names = "'autoencoder', 'dense', 'code', 'dense_1'"
    with pytest.raises(KeyError, match=f"no layer named 'coda'; the names are {names}"):
        model.get_layer("coda")
    with pytest.raises(TypeError, match="Sequential.add: expected a Module"):
        model.add(lambda x: x)


def test_get_layer_finds_sub_models_and_layers_lists_the_leaves_once(xp):
    encoder = nn.Sequential(nn.Dense(4, 2), name="encoder")
    tied = nn.TiedDense(encoder[0])
    model = nn.Sequential(encoder, nn.Sigmoid(), tied, encoder)     # encoder used twice: listed once
    assert model.get_layer("encoder") is encoder
    assert model.layers == [encoder[0], model[1], tied]
    assert encoder[0].layers == [encoder[0]]


def test_get_layer_reports_a_name_given_to_two_layers_after_building(xp):
    model = nn.Sequential(nn.Dense(3, 2), nn.Dense(2, 3))
    model[1].name = "dense"            # renamed afterwards: the tree cannot check at that moment
    with pytest.raises(ValueError, match="2 modules are named 'dense'"):
        model.get_layer("dense")


def test_get_weights_in_keras_order_as_numpy_copies(xp):
    encoder = nn.Dense(4, 2)
    model = nn.Sequential(encoder, nn.ReLU(), nn.TiedDense(encoder), nn.Conv2D(1, 2, 3))
    weights = model.get_weights()
    # Dense kernel, bias; TiedDense's bias only (its kernel is the Dense's); Conv2D kernel, bias
    assert [w.shape for w in weights] == [(4, 2), (2,), (4,), (2, 1, 3, 3), (2,)]
    assert all(type(w) is np.ndarray and w.dtype == np.float32 for w in weights)
    weights[0][...] = 7.0
    assert not np.any(to_np(encoder.W.data) == 7.0)     # copies: changing them changes nothing


def test_set_weights_round_trip(xp, rng):
    def build():
        encoder = nn.Dense(5, 3, "tanh")
        return nn.Sequential(encoder, nn.TiedDense(encoder, "sigmoid"))
    ta.seed(1)
    trained, fresh = build(), build()
    x = ta.tensor(rng.uniform(-1, 1, size=(4, 5)))
    assert not np.array_equal(to_np(trained(x).data), to_np(fresh(x).data))
    W_array = fresh[0].W.data
    fresh.set_weights(trained.get_weights())
    assert fresh[0].W.data is W_array                  # written in place, the same arrays
    assert np.array_equal(to_np(trained(x).data), to_np(fresh(x).data))
    for a, b in zip(trained.get_weights(), fresh.get_weights()):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("change, match", [
    (lambda w: w[:2], "got 2 arrays, the model has 3 parameters \\(0.W, 0.b, 1.b\\); a tied weight counts once"),
    (lambda w: [w[0].T, w[1], w[2]], "array 0 \\(0.W\\): shape \\(3, 5\\), expected \\(5, 3\\)"),
    (lambda w: [w[0], w[1].astype(np.float64), w[2]], "array 1 \\(0.b\\): dtype float64, expected float32"),
    (lambda w: [w[0], w[1], [0.0] * 5], "array 2 \\(1.b\\): got a list, expected an array"),
    (lambda w: tuple(w[:1]), "got 1 arrays"),
])
def test_set_weights_errors_name_the_problem_and_change_nothing(xp, change, match):
    encoder = nn.Dense(5, 3)
    model = nn.Sequential(encoder, nn.TiedDense(encoder))
    before = model.get_weights()
    bad = change([w + 1 for w in before])
    with pytest.raises(ValueError, match=match):
        model.set_weights(bad)
    for a, b in zip(before, model.get_weights()):
        assert np.array_equal(a, b)
    with pytest.raises(TypeError, match="expected a list of arrays, got ndarray"):
        model.set_weights(before[0])


def sparse_autoencoder():
    return nn.Sequential(nn.Dense(6, 3, "sigmoid", name="code"), nn.Dense(3, 6, "sigmoid"))


def test_capture_in_a_training_step_is_part_of_the_graph(xp, rng):
    ta.seed(3)
    model = sparse_autoencoder().to(dtype="float64")
    x = ta.tensor(rng.uniform(0, 1, size=(5, 6)), dtype="float64")

    def loss_with_capture(x, *params):
        with model.capture("code") as outputs:
            x_hat = model(x)
        return losses.mse(x_hat, x) + 3 * losses.sparsity_kl(outputs["code"], 0.1)
    assert ta.gradcheck(loss_with_capture, x, *model.parameters())

    # the same gradients as computing the code by hand with the encoder half
    loss_with_capture(x).backward()
    captured = [to_np(p.grad) for p in model.parameters()]
    model.zero_grad()
    h = model[0](x)
    (losses.mse(model[1](h), x) + 3 * losses.sparsity_kl(h, 0.1)).backward()
    for a, p in zip(captured, model.parameters()):
        np.testing.assert_allclose(a, to_np(p.grad), rtol=1e-12)


def test_capture_inside_an_optimizer_loop(xp, rng):
    ta.seed(4)
    model = sparse_autoencoder()
    optimizer = optim.Adam(model.parameters(), lr=0.05)
    x = ta.tensor(rng.uniform(0, 1, size=(16, 6)))
    for step in range(60):
        with model.capture("code") as outputs:
            x_hat = model(x)
        sparsity = losses.sparsity_kl(outputs["code"], 0.05)
        if step == 0:
            first = sparsity.item()
        optimizer.zero_grad()
        (losses.mse(x_hat, x) + sparsity).backward()
        optimizer.step()
    assert sparsity.item() < first / 2       # the penalty on the captured code trained the encoder


def test_capture_in_evaluation_gives_the_codes_without_a_graph_and_keeps_nothing(xp, rng):
    model = sparse_autoencoder()
    x_test = ta.tensor(rng.uniform(0, 1, size=(10, 6)))
    with ta.no_grad(), model.capture("code") as outputs:
        model.eval()(x_test)
    codes = outputs["code"]
    assert not codes.requires_grad and codes.creator is None
    np.testing.assert_array_equal(to_np(codes.data), to_np(model[:1](x_test).data))   # the encoder half
    assert model.get_layer("code")._captures == []      # the model holds no reference after the block
    kept = weakref.ref(codes)
    del outputs, codes
    gc.collect()
    assert kept() is None


def test_capture_over_several_calls_keeps_each_and_explains_what_is_missing(xp, rng):
    model = sparse_autoencoder()
    batches = [ta.tensor(rng.uniform(0, 1, size=(n, 6))) for n in (3, 2)]
    with ta.no_grad(), model.capture("code", "dense", "code") as outputs:
        with pytest.raises(KeyError, match="layer 'code' has not run inside this capture block"):
            outputs["code"]
        for x in batches:          # e.g. the batches of Model.predict
            model(x)
    with pytest.raises(KeyError, match="layer 'code' ran 2 times inside this capture block.*outputs.all\\('code'\\)"):
        outputs["code"]
    codes = outputs.all("code")
    assert [c.shape for c in codes] == [(3, 3), (2, 3)]
    for x, c in zip(batches, codes):
        np.testing.assert_array_equal(to_np(c.data), to_np(model[0](x).data))
    assert repr(outputs) == "LayerOutputs('code': 2 call(s), 'dense': 2 call(s))"
    with pytest.raises(KeyError, match="layer 'dense_1' was not captured; this block captures 'code', 'dense'"):
        outputs["dense_1"]
    with pytest.raises(KeyError, match="no layer named 'cod'"):
        with model.capture("cod"):
            pass


def test_nested_captures_both_receive_the_output(xp, rng):
    model = sparse_autoencoder()
    x = ta.tensor(rng.uniform(0, 1, size=(2, 6)))
    with model.capture("code") as outer:
        with model.capture("code") as inner:
            model(x)
    assert outer["code"] is inner["code"]


@pytest.mark.parametrize("make, match", [
    (lambda: nn.Dense(True, 3), "Dense: in_features must be a positive int, got True \\(bool\\)"),
    (lambda: nn.Dense(3, 2.0), "Dense: out_features must be a positive int, got 2.0 \\(float\\)"),
    (lambda: nn.Dense(0, 3), "in_features must be a positive int, got 0"),
    (lambda: nn.Conv2D(True, 2, 3), "Conv2D: in_channels must be a positive int, got True"),
    (lambda: nn.Conv2DTranspose(2, 1.5, 3), "Conv2DTranspose: out_channels must be a positive int, got 1.5"),
    (lambda: nn.Conv2D(1, 2, True), "kernel_size must be a positive int"),
    (lambda: nn.MaxPool2D(False), "pool_size must be a positive int"),
    (lambda: nn.UpSampling2D(2.0), "size must be a positive int"),
    (lambda: nn.Reshape((True, 28, 28)), "shape must be positive ints"),
])
def test_sizes_must_be_positive_ints(xp, make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_numpy_integer_sizes_are_fine(xp):
    n = np.int64(4)
    layer = nn.Dense(n, np.int32(2))
    assert type(layer.in_features) is int and layer.W.shape == (4, 2)
    assert nn.Conv2D(np.int64(1), n, 3).out_channels == 4


def test_slicing_or_wrapping_a_model_renames_none_of_its_modules(xp):
    encoder = nn.Sequential(nn.Dense(4, 2), nn.Dense(2, 2))
    autoencoder = nn.Sequential(encoder, nn.Dense(2, 4), name="autoencoder")
    before = [m.name for m in autoencoder.layers] + [encoder.name]
    half = autoencoder[:1]             # a new Sequential around the same encoder: it takes the next free name
    assert [m.name for m in autoencoder.layers] + [encoder.name] == before == ["dense", "dense_1", "dense_2",
                                                                              "sequential"]
    assert half.name == "sequential_1"


def test_repr_shows_given_names_and_regularizers(xp):
    layer = nn.Dense(3, 2, "relu", name="code", activity_regularizer=regularizers.l1(1e-05))
    assert repr(layer) == "Dense(3, 2, activation='relu', name='code', activity_regularizer=l1(1e-05))"
    assert repr(nn.Dense(3, 2)) == "Dense(3, 2, activation=None)"
