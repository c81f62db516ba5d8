"""Regularisers: each value against its formula computed here with NumPy and against numbers worked
out by hand from Keras's and TF1's definitions (keras/regularizers.py L1L2.__call__: l1 * sum|x| +
l2 * sum x^2; tf.contrib.layers.l2_regularizer: scale * tf.nn.l2_loss(x) = scale * sum x^2 / 2);
float64 gradient checks of every kernel, bias and activity penalty through Dense, TiedDense,
Conv2D and Conv2DTranspose; both batch-size conventions of activity penalties (tf.keras and
tinyae's default add Omega(y) / N for a batch of N, standalone Keras 2 Omega(y)); the names and
order of regularization_terms(); what the terms are after an evaluation pass under no_grad; and
that no graph outlives the next batch."""
import gc
import math
import weakref

import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, losses, nn, regularizers

to_np = backend.to_numpy

W_BY_HAND = [[1.0, -2.0], [3.0, 0.5]]        # sum |w| = 6.5, sum w^2 = 14.25


def kl_numpy(rho, rho_hat):
    return np.sum(rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat)))


FORMULAS = {   # regulariser -> its value computed with NumPy
    "l1": (lambda: regularizers.l1(0.03), lambda a: 0.03 * np.abs(a).sum()),
    "l2": (lambda: regularizers.l2(0.03), lambda a: 0.03 * (a ** 2).sum()),
    "l1_l2": (lambda: regularizers.l1_l2(l1=0.02, l2=0.05), lambda a: 0.02 * np.abs(a).sum() + 0.05 * (a ** 2).sum()),
    "tf_l2": (lambda: regularizers.tf_l2(0.03), lambda a: 0.03 * (a ** 2).sum() / 2),
}


@pytest.mark.parametrize("kind", list(FORMULAS))
def test_weight_regularizers_match_their_formulas(xp, rng, kind):
    make, formula = FORMULAS[kind]
    a = rng.uniform(-1, 1, size=(5, 3)).astype(np.float32)
    value = make()(ta.tensor(a))
    assert value.dtype == np.float32 and value.size == 1
    np.testing.assert_allclose(value.item(), formula(a.astype(np.float64)), rtol=1e-6)


def test_keras_and_tf1_numbers_worked_out_by_hand(xp):
    W = ta.tensor(W_BY_HAND)
    # Keras: l1(0.01) = 0.01 * 6.5, l2(0.01) = 0.01 * 14.25, l1_l2(0.01, 0.02) = 0.065 + 0.285
    assert regularizers.l1(0.01)(W).item() == pytest.approx(0.065, rel=1e-6)
    assert regularizers.l2(0.01)(W).item() == pytest.approx(0.1425, rel=1e-6)
    assert regularizers.l1_l2(l1=0.01, l2=0.02)(W).item() == pytest.approx(0.35, rel=1e-6)
    # TF1: l2_regularizer(0.01) = 0.01 * l2_loss = 0.01 * 14.25 / 2, half of Keras's l2(0.01)
    assert regularizers.tf_l2(0.01)(W).item() == pytest.approx(0.07125, rel=1e-6)
    # Keras's defaults are 0.01
    assert regularizers.l2()(W).item() == pytest.approx(0.1425, rel=1e-6)
    assert regularizers.l1_l2()(W).item() == pytest.approx(0.065 + 0.1425, rel=1e-6)


def test_sparsity_kl_matches_its_formula_and_a_hand_number(xp, rng):
    # column means 0.1 and 0.5: 3 * (KL(0.05 || 0.1) + KL(0.05 || 0.5)) = 3 * (0.0167065 + 0.4946319)
    h = ta.tensor([[0.1, 0.9], [0.1, 0.1]])
    assert regularizers.sparsity_kl(0.05, 3.0)(h).item() == pytest.approx(1.5340153, rel=1e-6)
    a = rng.uniform(0.05, 0.95, size=(8, 4))
    value = regularizers.sparsity_kl(0.2, 0.7)(ta.tensor(a, dtype="float64"))
    np.testing.assert_allclose(value.item(), 0.7 * kl_numpy(0.2, a.mean(axis=0)), rtol=1e-12)
    # the same thing as losses.sparsity_kl, times beta (one formula, reused)
    assert value.item() == pytest.approx(0.7 * losses.sparsity_kl(ta.tensor(a, dtype="float64"), 0.2).item())


def test_a_zero_factor_gives_a_zero_term(xp):
    assert regularizers.l1_l2(l1=0, l2=0)(ta.tensor(W_BY_HAND)).item() == 0.0


def float64_layer(make):
    layer = make().to(dtype="float64")
    for p in layer.parameters():    # biases start at zero (|b| has a kink there): move them off it
        p.data[...] = p.data + 0.1 * (1 + backend.xp.arange(p.size).reshape(p.shape) % 3)
    return layer


DENSE = dict(make=lambda **kw: nn.Dense(4, 3, "tanh", **kw), x_shape=(5, 4))
LAYERS = {
    "Dense": DENSE,
    "TiedDense": dict(make=lambda **kw: nn.TiedDense(nn.Dense(3, 4), "sigmoid", **kw), x_shape=(5, 4)),
    "Conv2D": dict(make=lambda **kw: nn.Conv2D(2, 3, 3, padding="same", activation="tanh", **kw), x_shape=(2, 2, 4, 4)),
    "Conv2DTranspose": dict(make=lambda **kw: nn.Conv2DTranspose(2, 3, 2, stride=2, activation="sigmoid", **kw),
                            x_shape=(2, 2, 3, 3)),
}
REGULARIZERS = {"l1": lambda **kw: regularizers.l1(0.03, **kw), "l2": lambda **kw: regularizers.l2(0.03, **kw),
                "l1_l2": lambda **kw: regularizers.l1_l2(0.02, 0.05, **kw),
                "tf_l2": lambda **kw: regularizers.tf_l2(0.03, **kw)}


@pytest.mark.parametrize("reg", list(REGULARIZERS))
@pytest.mark.parametrize("layer_kind", list(LAYERS))
def test_weight_penalties_gradcheck_through_each_layer(xp, reg, layer_kind):
    spec = LAYERS[layer_kind]
    layer = float64_layer(lambda: spec["make"](kernel_regularizer=REGULARIZERS[reg](),
                                               bias_regularizer=REGULARIZERS[reg]()))
    terms = layer.regularization_terms()
    assert list(terms) == [f"{layer.name}.kernel_regularizer", f"{layer.name}.bias_regularizer"]
    _, formula = FORMULAS[reg]
    expected = formula(to_np(layer.W.data)) + formula(to_np(layer.b.data))
    assert layer.regularization_loss().item() == pytest.approx(expected, rel=1e-12)
    assert ta.gradcheck(lambda W, b: layer.regularization_loss(), layer.W, layer.b)


@pytest.mark.parametrize("reg", list(REGULARIZERS))
@pytest.mark.parametrize("layer_kind", list(LAYERS))
@pytest.mark.parametrize("divide_by_batch", [False, True])
def test_activity_penalties_gradcheck_through_each_layer(xp, rng, reg, layer_kind, divide_by_batch):
    spec = LAYERS[layer_kind]
    activity = REGULARIZERS[reg](divide_by_batch=divide_by_batch)
    layer = float64_layer(lambda: spec["make"](activity_regularizer=activity))
    x = ta.tensor(rng.uniform(-1, 1, size=spec["x_shape"]), dtype="float64")
    y = layer(x)
    _, formula = FORMULAS[reg]
    expected = formula(to_np(y.data)) / (len(x) if divide_by_batch else 1)
    (name, term), = layer.regularization_terms().items()
    assert name == f"{layer.name}.activity_regularizer"
    assert term.item() == pytest.approx(expected, rel=1e-12)

    def activity_loss(x, *params):
        layer(x)
        return layer.regularization_loss()
    assert ta.gradcheck(activity_loss, x, *layer.parameters())


@pytest.mark.parametrize("divide_by_batch", [False, True])
def test_sparsity_kl_activity_gradcheck(xp, rng, divide_by_batch):
    layer = float64_layer(lambda: nn.Dense(4, 3, "sigmoid",
                                           activity_regularizer=regularizers.sparsity_kl(0.1, 3.0, divide_by_batch)))
    x = ta.tensor(rng.uniform(-1, 1, size=(6, 4)), dtype="float64")
    h = to_np(layer(x).data)
    expected = 3.0 * kl_numpy(0.1, h.mean(axis=0)) / (6 if divide_by_batch else 1)
    assert layer.regularization_loss().item() == pytest.approx(expected, rel=1e-12)

    def activity_loss(x, W, b):
        layer(x)
        return layer.regularization_loss()
    assert ta.gradcheck(activity_loss, x, layer.W, layer.b)


def test_the_two_batch_size_conventions_by_hand(xp):
    # y = x W + b with W = I, b = 0 is x itself: sum |y| = 6.5 over a batch of 2.
    # tf.keras adds l1(0.01)(y) / 2 = 0.0325 (tinyae's default); standalone Keras 2 adds 0.065.
    for regularizer, expected in ((regularizers.l1(0.01), 0.0325),
                                  (regularizers.l1(0.01, divide_by_batch=True), 0.0325),
                                  (regularizers.l1(0.01, divide_by_batch=False), 0.065),
                                  (lambda y: 0.01 * abs(y).sum(), 0.0325)):    # a plain function: as tf.keras
        layer = nn.Dense(2, 2, activity_regularizer=regularizer)
        layer.set_weights([np.eye(2, dtype=np.float32), np.zeros(2, dtype=np.float32)])
        layer(ta.tensor(W_BY_HAND))
        assert layer.regularization_loss().item() == pytest.approx(expected, rel=1e-6)


def test_divide_by_batch_plays_no_part_in_weight_penalties(xp):
    for regularizer in (regularizers.l2(0.01), regularizers.l2(0.01, divide_by_batch=False)):
        layer = nn.Dense(2, 2, kernel_regularizer=regularizer)
        layer.set_weights([np.array(W_BY_HAND, dtype=np.float32), np.zeros(2, dtype=np.float32)])
        assert layer.regularization_loss().item() == pytest.approx(0.1425, rel=1e-6)


def test_terms_are_named_by_layer_and_listed_in_order(xp, rng):
    model = nn.Sequential(
        nn.Dense(6, 4, "relu", kernel_regularizer=regularizers.l2(1e-3)),
        nn.Dense(4, 2, "sigmoid", activity_regularizer=regularizers.l1(1e-2), name="code"),
        nn.Dense(2, 6, bias_regularizer=regularizers.l1(0.5), kernel_regularizer=regularizers.tf_l2(0.1)),
    )
    # before a forward pass: the weight terms only
    assert list(model.regularization_terms()) == ["dense.kernel_regularizer", "dense_1.kernel_regularizer",
                                                  "dense_1.bias_regularizer"]
    x = ta.tensor(rng.uniform(0, 1, size=(3, 6)))
    model(x)
    terms = model.regularization_terms()
    assert list(terms) == ["dense.kernel_regularizer", "code.activity_regularizer", "dense_1.kernel_regularizer",
                           "dense_1.bias_regularizer"]
    assert all(t.dtype == np.float32 and t.size == 1 for t in terms.values())
    h = to_np(model[:2](x).data)
    assert terms["code.activity_regularizer"].item() == pytest.approx(1e-2 * np.abs(h).sum() / 3, rel=1e-5)
    assert model.regularization_loss().item() == pytest.approx(sum(t.item() for t in terms.values()), rel=1e-6)


def test_a_model_without_regularizers_has_no_terms(xp):
    model = nn.Sequential(nn.Dense(3, 2), nn.ReLU())
    model(ta.tensor([[1.0, 2.0, 3.0]]))
    assert model.regularization_terms() == {}
    assert model.regularization_loss() == 0.0


def test_a_hand_written_training_step_follows_the_penalised_loss(xp, rng):
    # one SGD step on mse + l2(c) W: the gradient of the penalty is 2 c W, added to the data gradient
    x = ta.tensor(rng.uniform(-1, 1, size=(8, 3)), dtype="float64")
    plain = nn.Dense(3, 3).to(dtype="float64")
    penalised = nn.Dense(3, 3, kernel_regularizer=regularizers.l2(0.1)).to(dtype="float64")
    penalised.set_weights(plain.get_weights())
    losses.mse(plain(x), x).backward()
    (losses.mse(penalised(x), x) + penalised.regularization_loss()).backward()
    np.testing.assert_allclose(to_np(penalised.W.grad), to_np(plain.W.grad + 2 * 0.1 * plain.W.data), rtol=1e-12)
    np.testing.assert_allclose(to_np(penalised.b.grad), to_np(plain.b.grad), rtol=1e-12)


def test_tied_kernel_regularizer_is_a_second_term_on_the_shared_weight(xp):
    encoder = nn.Dense(4, 2, kernel_regularizer=regularizers.l2(0.01))
    model = nn.Sequential(encoder, nn.TiedDense(encoder, kernel_regularizer=regularizers.l2(0.01)))
    terms = model.regularization_terms()
    assert list(terms) == ["dense.kernel_regularizer", "tied_dense.kernel_regularizer"]
    assert terms["dense.kernel_regularizer"].item() == pytest.approx(terms["tied_dense.kernel_regularizer"].item())


def test_after_an_evaluation_pass_the_terms_are_that_batchs_values_without_a_graph(xp, rng):
    layer = nn.Dense(3, 2, "sigmoid", activity_regularizer=regularizers.l2(0.5), name="code")
    model = nn.Sequential(layer)
    x_train, x_test = (ta.tensor(rng.uniform(-1, 1, size=(4, 3))) for _ in range(2))
    model(x_train)
    assert model.regularization_terms()["code.activity_regularizer"].requires_grad
    model.eval()
    with ta.no_grad():
        y = model(x_test)
    term = model.regularization_terms()["code.activity_regularizer"]     # readable for reporting
    assert not term.requires_grad
    assert term.item() == pytest.approx(0.5 * (to_np(y.data).astype(np.float64) ** 2).sum() / 4, rel=1e-6)
    with pytest.raises(RuntimeError, match="'code' ran under no_grad"):
        model.regularization_loss()        # for a training loss it would add no gradient: refused
    with ta.no_grad():
        assert model.regularization_loss().item() == term.item()
    model.train()
    model(x_train)
    assert model.regularization_loss().requires_grad


def test_no_graph_outlives_the_next_batch(xp, rng):
    layer = nn.Dense(3, 2, "tanh", activity_regularizer=regularizers.l1(0.1))
    first = layer(ta.tensor(rng.uniform(-1, 1, size=(4, 3))))
    term = layer.regularization_loss()
    (losses.mse(first, first.detach() * 0) + term).backward()
    assert term.creator.inputs is None               # backward released the penalty's graph
    first_term = weakref.ref(term)
    del first, term
    layer(ta.tensor(rng.uniform(-1, 1, size=(4, 3))))  # the next batch replaces the term
    gc.collect()
    assert first_term() is None


@pytest.mark.parametrize("bad, error, match", [
    (dict(kernel_regularizer="l2"), TypeError, "kernel_regularizer must be a regulariser"),
    (dict(activity_regularizer=0.01), TypeError, "activity_regularizer must be"),
])
def test_bad_regularizer_arguments(xp, bad, error, match):
    for make in (lambda: nn.Dense(3, 2, **bad), lambda: nn.Conv2D(1, 2, 3, **bad)):
        with pytest.raises(error, match=match):
            make()


@pytest.mark.parametrize("arg", ["kernel_regularizer", "bias_regularizer"])
def test_sparsity_kl_is_refused_as_a_weight_regularizer(xp, arg):
    """Review finding 9: sparsity_kl is for activity_regularizer= only (rho_hat is a mean over the
    batch); as a kernel regulariser it used to return a number. Refused at construction, and at
    regularization_terms() when it was assigned to the layer later."""
    for make in (lambda **kw: nn.Dense(3, 2, **kw), lambda **kw: nn.Conv2D(1, 2, 3, **kw)):
        with pytest.raises(ValueError, match=rf"{arg}: sparsity_kl\(rho=0.1, beta=1.0\) is a penalty on a "
                                             r"layer's output .* for activity_regularizer= only"):
            make(**{arg: regularizers.sparsity_kl(0.1, 1.0)})
    layer = nn.Dense(3, 2)
    setattr(layer, arg, regularizers.sparsity_kl(0.1, 1.0))
    with pytest.raises(ValueError, match="for activity_regularizer= only"):
        layer.regularization_terms()
    assert nn.Dense(3, 2, "sigmoid", activity_regularizer=regularizers.sparsity_kl(0.1, 1.0)).activity_regularizer


@pytest.mark.parametrize("make, match", [
    (lambda: regularizers.l2(-1.0), "l2 must be a finite number >= 0, got -1.0"),
    (lambda: regularizers.l1(True), "l1 must be a finite number >= 0, got True"),
    (lambda: regularizers.l1_l2(l1="0.1"), "l1 must be"),
    (lambda: regularizers.tf_l2(math.inf), "scale must be"),
    (lambda: regularizers.sparsity_kl(1.0, 3.0), "rho must be a number in \\(0, 1\\)"),
    (lambda: regularizers.sparsity_kl(0.05, -3.0), "beta must be"),
    (lambda: regularizers.l1(0.1, divide_by_batch="yes"), "divide_by_batch must be True or False"),
])
def test_bad_factors_are_refused(xp, make, match):
    with pytest.raises((ValueError, TypeError), match=match):
        make()


def test_a_plain_function_must_return_a_single_number_tensor(xp):
    layer = nn.Dense(2, 2, kernel_regularizer=lambda w: 0.5, activity_regularizer=lambda y: y * 2)
    with pytest.raises(TypeError, match="must return a single-number Tensor, got float"):
        layer.regularization_terms()
    with pytest.raises(TypeError, match="must return a single-number Tensor, got shape \\(3, 2\\)"):
        layer(ta.tensor(np.ones((3, 2))))


def test_a_regularizer_needs_a_tensor_and_sparsity_kl_a_matrix(xp):
    with pytest.raises(TypeError, match="expected a Tensor, got list"):
        regularizers.l2(0.1)([1.0, 2.0])
    with pytest.raises(ValueError, match="shape \\(batch, units\\)"):
        regularizers.sparsity_kl(0.1, 1.0)(ta.tensor(np.full((2, 1, 3, 3), 0.5)))


def test_reprs_name_the_regularizer(xp):
    assert repr(regularizers.l1(1e-5)) == "l1(1e-05)"
    assert repr(regularizers.l2(0.01, divide_by_batch=False)) == "l2(0.01, divide_by_batch=False)"
    assert repr(regularizers.l1_l2(0.01, 0.02)) == "l1_l2(l1=0.01, l2=0.02)"
    assert repr(regularizers.tf_l2(0.001)) == "tf_l2(0.001)"
    assert repr(regularizers.sparsity_kl(0.05, 3)) == "sparsity_kl(rho=0.05, beta=3.0)"


def test_any_module_may_have_an_activity_regularizer(xp, rng):
    class Encoder(nn.Module):
        def __init__(self):
            self.hidden = nn.Dense(4, 3, "tanh")
            self.code = nn.Dense(3, 2, "sigmoid")
            self.activity_regularizer = regularizers.l2(0.5)     # on the Encoder's own output

        def forward(self, x):
            return self.code(self.hidden(x))

    model = nn.Sequential(Encoder(), nn.Dense(2, 4))
    x = ta.tensor(rng.uniform(-1, 1, size=(3, 4)))
    model(x)
    (name, term), = model.regularization_terms().items()
    assert name == "encoder.activity_regularizer"
    assert term.item() == pytest.approx(0.5 * (to_np(model[0](x).data).astype(np.float64) ** 2).sum() / 3, rel=1e-6)
