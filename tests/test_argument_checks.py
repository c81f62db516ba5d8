"""Review finding 11: every plain int / number argument is checked by the same two tests
(tinyae/arguments.py): NumPy integers and floats are accepted wherever Python's are, a bool is never
a number, and a wrong type is an error that names the argument (not a raw error, and never run as
if it were True)."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import datasets, losses, nn, optim
from tinyae.arguments import is_int, is_number
from tinyae.training import EarlyStopping, LivePlot, SaveImageGrid


def test_the_two_checks():
    assert all(is_int(v) for v in (3, -1, np.int64(3), np.uint8(2)))
    assert not any(is_int(v) for v in (True, np.bool_(True), 3.0, np.float32(3), "3", None))
    assert all(is_number(v) for v in (0.5, 2, np.float32(0.5), np.int64(2)))
    assert not any(is_number(v) for v in (True, np.bool_(False), "0.5", None, [0.5]))


def _fit_once(batch_size=4, epochs=1):
    model = ta.Model(nn.Dense(2, 2)).compile("sgd", losses.mse)
    x = np.zeros((8, 2), np.float32)
    return model.fit(x, x, batch_size=batch_size, epochs=epochs, verbose=0)


@pytest.mark.parametrize("call", [
    lambda: ta.softmax(ta.tensor(np.ones((2, 3))), axis=np.int64(1)),
    lambda: ta.log_softmax(ta.tensor(np.ones((2, 3))), axis=np.int32(-1)),
    lambda: ta.topk(ta.tensor(np.ones((2, 3))), np.int64(2), axis=np.int64(1)),
    lambda: ta.randn(np.int64(2), 3),
    lambda: ta.bernoulli_like(ta.tensor(np.ones(3)), np.float32(0.5)),
    lambda: _fit_once(batch_size=np.int64(4), epochs=np.int64(2)),
    lambda: list(datasets.batches(np.zeros((10, 2)), batch_size=np.int64(3))),
    lambda: nn.Dropout(np.float32(0.25)), lambda: nn.GaussianNoise(np.float64(0.1), clip=(np.float32(0), 1)),
    lambda: nn.ELU(np.float32(0.5)), lambda: nn.LeakyReLU(np.float64(0.3)),
    lambda: nn.Conv2D(1, 2, np.int64(3), stride=np.int64(1), padding=np.int64(1)),
    lambda: nn.Reshape((np.int64(2), -1)),
    lambda: EarlyStopping(patience=np.int64(2), min_delta=np.float32(0.01)),
    lambda: SaveImageGrid(np.zeros((2, 4)), "x_{epoch}.png", every=np.int64(5)),
], ids=["softmax_axis", "log_softmax_axis", "topk_k_axis", "randn_dims", "bernoulli_p", "fit_batch_size_epochs",
        "batches_batch_size", "dropout_p", "gaussian_noise", "elu_alpha", "leaky_relu_slope", "conv_sizes",
        "reshape", "early_stopping", "save_image_grid"])
def test_numpy_numbers_are_accepted_like_python_ones(xp, call):
    call()


def test_numpy_numbers_come_out_as_python_numbers(xp):
    assert ta.randn(np.int64(2), 3).shape == (2, 3) and type(ta.randn(np.int64(2)).shape[0]) is int
    assert type(nn.Dropout(np.float32(0.25)).p) is float and type(nn.ELU(np.float32(0.5)).alpha) is float
    assert type(nn.Conv2D(1, 2, np.int64(3)).kernel_size[0]) is int


@pytest.mark.parametrize("call, error, message", [
    (lambda: nn.Dropout("a"), TypeError, "Dropout: p must be a number in \\[0, 1\\), got str 'a'"),
    (lambda: nn.Dropout(True), TypeError, "Dropout: p must be a number in \\[0, 1\\), got bool True"),
    (lambda: nn.GaussianNoise("a"), TypeError, "GaussianNoise: stddev must be a number >= 0, got str 'a'"),
    (lambda: nn.GaussianNoise(float("inf")), ValueError, "GaussianNoise: stddev must be a finite number >= 0"),
    (lambda: nn.GaussianNoise(0.1, clip=("0", 1)), ValueError, "GaussianNoise: clip must be None or a pair"),
    (lambda: nn.ELU("x"), TypeError, "ELU: alpha must be a finite real number, got str 'x'"),
    (lambda: nn.LeakyReLU(None), TypeError, "LeakyReLU: negative_slope must be a finite real number, got NoneType"),
    (lambda: ta.elu(ta.tensor([1.0]), alpha="x"), TypeError, "elu: alpha must be a finite real number"),
    (lambda: list(datasets.batches(np.zeros((10, 2)), batch_size=3, drop_last="no")), TypeError,
     "batches: drop_last must be True or False, got str 'no'"),
    (lambda: list(datasets.batches(np.zeros((10, 2)), batch_size=3, shuffle="yes")), TypeError,
     "batches: shuffle must be True or False, got str 'yes'"),
    (lambda: list(datasets.batches(np.zeros((10, 2)), batch_size=True)), ValueError,
     "batches: batch_size must be a positive int, got True"),
    (lambda: _fit_once(batch_size=np.float64(4)), ValueError, r"fit: batch_size must be a positive int, got np.float64\(4.0\)"),
    (lambda: ta.softmax(ta.tensor(np.ones((2, 3))), axis=True), ValueError, "softmax: axis must be an int"),
    (lambda: ta.bernoulli_like(ta.tensor(np.ones(3)), np.bool_(True)), ValueError,
     "bernoulli_like: p must be a number in \\[0, 1\\]"),
    (lambda: EarlyStopping(patience=-1), ValueError, r"EarlyStopping: patience must be an int >= 0, got -1 \(int\)"),
    (lambda: EarlyStopping(patience=1.5), ValueError, r"EarlyStopping: patience must be an int >= 0, got 1.5 \(float\)"),
    (lambda: EarlyStopping(min_delta="0.1"), TypeError, "EarlyStopping: min_delta must be a number, got str"),
    (lambda: SaveImageGrid(np.zeros((2, 4)), "x_{epoch}.png", every=0), ValueError,
     r"SaveImageGrid: every must be a positive int, got 0 \(int\)"),
    (lambda: LivePlot(np.zeros((2, 4)), every_batches=True), ValueError,
     r"LivePlot: every_batches must be a positive int, got True \(bool\)"),
    (lambda: ta.concatenate(ta.tensor(np.ones((2, 3)))), TypeError,
     r"concatenate: tensors must be a list or tuple of tensors, got one Tensor of shape \(2, 3\); put them in a list"),
    (lambda: ta.stack([]), ValueError, "stack: needs at least one tensor, got an empty list"),
    (lambda: ta.optim.SGD(nn.Dense(2, 2), lr=0.1), TypeError, r"SGD: got the Dense itself; pass its parameters: "
     r"SGD\(model.parameters\(\), ...\)"),
    (lambda: ta.optim.Adam(ta.Model(nn.Dense(2, 2))), TypeError, "Adam: got the Model itself; pass its parameters"),
    (lambda: ta.optim.Adam(3), TypeError, r"Adam: params must be an iterable of parameters \(model.parameters\(\)\), "
     "got int 3"),
    (lambda: ta.optim.SGD([{"params": nn.Dense(2, 2).parameters(), "lr": 0.1}]), TypeError,
     r"SGD: parameter 0 is a dict, expected a Parameter; PyTorch's parameter groups .* one optimizer per group"),
], ids=["dropout_str", "dropout_bool", "noise_str", "noise_inf", "noise_clip_str", "elu_str", "leaky_none",
        "elu_op_str", "drop_last_str", "shuffle_str", "batch_size_bool", "fit_float_batch_size", "softmax_axis_bool",
        "bernoulli_numpy_bool", "patience_negative", "patience_float", "min_delta_str", "every_zero",
        "every_batches_bool", "concatenate_one_tensor", "stack_empty", "optimizer_given_a_module",
        "optimizer_given_a_model", "optimizer_given_a_number", "optimizer_given_parameter_groups"])
def test_wrong_types_are_refused_by_name(xp, call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_an_optimizer_refuses_a_single_tensor_that_it_would_take_row_by_row(xp):
    """A Tensor is iterable (by rows, like a NumPy array): SGD(w) used to take w's rows as three
    parameters, which get no gradient, so training silently changed nothing."""
    w = nn.Parameter(xp.ones((3, 2), dtype="float32"))
    with pytest.raises(TypeError, match=r"SGD: params must be a list of parameters, got a single Tensor of shape "
                                        r"\(3, 2\); wrap it: SGD\(\[w\], ...\)"):
        ta.optim.SGD(w, lr=0.1)
    optimizer = ta.optim.SGD([w], lr=0.5)          # the list form trains w
    (w * w).sum().backward()
    optimizer.step()
    assert float(w.data.sum()) == 0.0              # 1 - 0.5 * 2 = 0 everywhere
    assert ta.optim.Adam(iter([w])).params == [w]  # any iterable of parameters, a generator too


def test_an_unknown_name_is_answered_with_the_known_one_it_looks_like():
    from tinyae.arguments import close_match
    known = ["relu", "sigmoid", "binary_crossentropy"]
    assert close_match("ReLU", known) == " (did you mean 'relu'?)"              # the case alone differs
    assert close_match("sigmod", known) == " (did you mean 'sigmoid'?)"
    assert close_match("binary_cross_entropy", known) == " (did you mean 'binary_crossentropy'?)"
    assert close_match("bce", known) == "" and close_match(3, known) == ""     # nothing close: nothing added
    for make, message in [(lambda: nn.Dense(3, 2, "Relu"), r"unknown activation 'Relu' \(did you mean 'relu'\?\)"),
                          (lambda: nn.Dense(3, 2, init="glorot_unifrom"), r"\(did you mean 'glorot_uniform'\?\)"),
                          (lambda: ta.Model(nn.Dense(3, 2)).compile("adma", "mse"), r"\(did you mean 'adam'\?\)"),
                          (lambda: ta.Model(nn.Dense(3, 2)).compile("adam", "binary_cross_entropy"),
                           r"got 'binary_cross_entropy' \(did you mean 'binary_crossentropy'\?\)"),
                          (lambda: ta.Model(nn.Dense(3, 2)).compile("adam", "mse", metrics=["Accuracy"]),
                           r"unknown metric 'Accuracy' \(did you mean 'accuracy'\?\)"),
                          (lambda: losses.mse(ta.tensor([1.0]), ta.tensor([1.0]), reduction="Sum"),
                           r"got 'Sum' \(did you mean 'sum'\?\)")]:
        with pytest.raises(ValueError, match=message):
            make()


def test_an_optimizer_class_given_to_compile_says_how_to_build_one():
    """compile(optim.Adam, ...) (the class, as Keras takes a name) failed with 'must be an optim.Optimizer
    or one of [...]', which the class seems to be."""
    model = ta.Model(nn.Dense(3, 2))
    with pytest.raises(TypeError, match=r"^compile: optimizer is the class Adam, not an optimizer; build one over "
                                        r"the model's parameters: optim.Adam.keras\(model.parameters\(\)\) \(Keras's "
                                        r"defaults\) or optim.Adam\(model.parameters\(\)\) \(PyTorch's\), or pass "
                                        r"the name 'adam'$"):
        model.compile(optim.Adam, "mse")

    class Halving(optim.SGD):
        pass

    with pytest.raises(TypeError, match=r"class Halving, not an optimizer; .*parameters: Halving\(model.parameters"):
        model.compile(Halving, "mse")
    assert model.compile(optim.Adam.keras(model.parameters()), "mse").optimizer.flavor == "keras"


def test_kerass_upper_case_loss_aliases_are_its_losses(rng):
    """Keras's losses.py: mse = MSE = mean_squared_error, mae = MAE, kld = KLD."""
    from tinyae.training import keras_loss
    p = ta.tensor(rng.uniform(0.1, 0.9, size=(4, 3)))
    t = ta.tensor(rng.uniform(0.1, 0.9, size=(4, 3)))
    for alias, name in (("MSE", "mean_squared_error"), ("MAE", "mean_absolute_error"),
                        ("KLD", "kullback_leibler_divergence")):
        assert keras_loss(alias)(p, t).item() == keras_loss(name)(p, t).item()
