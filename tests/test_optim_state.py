"""Optimizer hyper-parameter checks (issue 10, item 9) and optimizer state: state_dict() /
load_state_dict() resume training exactly where it stopped."""
import numpy as np
import pytest

from tinyae import nn, optim

ALL = {
    "SGD": lambda ps: optim.SGD(ps, 0.1), "SGD momentum": lambda ps: optim.SGD(ps, 0.1, momentum=0.9),
    "SGD nesterov keras": lambda ps: optim.SGD.keras(ps, momentum=0.9, nesterov=True),
    "Adam": lambda ps: optim.Adam(ps, lr=0.1, weight_decay=0.01), "Adam keras": optim.Adam.keras,
    "Adadelta": optim.Adadelta, "Adadelta keras": optim.Adadelta.keras,
    "RMSprop": optim.RMSprop, "RMSprop keras": optim.RMSprop.keras,
}


@pytest.mark.parametrize("make, message", [
    (lambda p: optim.SGD(p, float("nan")), "lr must be a finite real number >= 0, got nan"),
    (lambda p: optim.SGD(p, float("inf")), "lr must be a finite real number >= 0, got inf"),
    (lambda p: optim.SGD(p, -0.1), "lr must be a finite real number >= 0, got -0.1"),
    (lambda p: optim.Adam(p, betas=(1.5, -1)), r"beta1 must be a real number in \[0, 1\), got 1.5"),
    (lambda p: optim.Adam(p, betas=(0.9, -1)), r"beta2 must be a real number in \[0, 1\), got -1"),
    (lambda p: optim.Adam(p, betas=(0.9, 1.0)), r"beta2 must be a real number in \[0, 1\), got 1.0"),
    (lambda p: optim.Adam(p, eps=0.0), "eps must be a finite real number > 0, got 0.0"),
    (lambda p: optim.Adam(p, weight_decay=-1e-4), "weight_decay must be a finite real number >= 0"),
    (lambda p: optim.Adadelta(p, rho=1.0), r"rho must be a real number in \[0, 1\), got 1.0"),
    (lambda p: optim.Adadelta.keras(p, epsilon=-1e-7), "eps must be a finite real number > 0"),
    (lambda p: optim.RMSprop(p, alpha=-0.1), r"alpha must be a real number in \[0, 1\)"),
    (lambda p: optim.RMSprop.keras(p, rho=float("nan")), r"alpha must be a real number in \[0, 1\), got nan"),
    (lambda p: optim.SGD(p, 0.1, momentum=-0.5), "momentum must be a finite real number >= 0"),
    (lambda p: optim.SGD(p, 0.1, nesterov=True), "nesterov needs a momentum > 0"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_every_optimizer_refuses_bad_hyperparameter_values(make, message):
    with pytest.raises(ValueError, match=message):
        make([nn.Parameter(np.zeros(3, np.float32))])


@pytest.mark.parametrize("make, message", [
    (lambda p: optim.SGD(p, "0.1"), "lr must be a finite real number >= 0, got str '0.1'"),
    (lambda p: optim.Adam(p, lr=None), "lr must be .* got NoneType None"),
    (lambda p: optim.Adam(p, lr=True), "lr must be .* got bool True"),
    (lambda p: optim.Adam(p, betas=0.9), r"betas must be a pair \(beta1, beta2\), got 0.9"),
    (lambda p: optim.SGD(p, 0.1, momentum=0.9, nesterov="yes"), "nesterov must be True or False, got str"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_hyperparameter_of_the_wrong_type_is_a_type_error(make, message):
    with pytest.raises(TypeError, match=message):
        make([nn.Parameter(np.zeros(3, np.float32))])


def test_numpy_scalars_are_accepted_as_plain_numbers():
    opt = optim.Adam([nn.Parameter(np.zeros(3, np.float32))], lr=np.float32(0.5), betas=(np.float64(0.8), 0.9))
    assert (opt.lr, opt.beta1) == (0.5, 0.8) and type(opt.lr) is float


def train(opt, params, grads):
    for g in grads:
        for p, gp in zip(params, g):
            p.grad = gp.copy()
        opt.step()


def make_params(rng, dtype):
    """Three parameters; the last one is frozen for the whole run (it gets no state)."""
    shapes = [(2, 3), (3,), (2,)]
    params = [nn.Parameter(rng.uniform(-1, 1, size=s).astype(dtype)) for s in shapes]
    params[2].requires_grad = False
    return params


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_resuming_from_the_state_dict_equals_training_straight_through(rng, name, dtype):
    start = make_params(rng, dtype)
    grads = [[rng.normal(size=p.shape).astype(dtype) for p in start] for _ in range(8)]

    straight = [nn.Parameter(p.data.copy()) for p in start]
    straight[2].requires_grad = False
    train(ALL[name](straight), straight, grads)

    first = [nn.Parameter(p.data.copy()) for p in start]
    first[2].requires_grad = False
    opt = ALL[name](first)
    train(opt, first, grads[:4])
    saved = opt.state_dict()
    assert 2 not in saved["state"]                                  # the frozen one never had state
    resumed = [nn.Parameter(p.data.copy()) for p in first]
    resumed[2].requires_grad = False
    fresh = ALL[name](resumed)
    fresh.load_state_dict(saved)
    train(fresh, resumed, grads[4:])
    for a, b in zip(resumed, straight):
        np.testing.assert_array_equal(a.data, b.data)
    assert fresh.iterations == 8


def test_state_dict_holds_copies_of_the_memory_not_the_work_buffers(rng):
    p = nn.Parameter(rng.normal(size=(2, 2)).astype(np.float32))
    opt = optim.Adam([p], lr=0.1, betas=(0.5, 0.6))
    p.grad = np.ones((2, 2), np.float32)
    opt.step()
    saved = opt.state_dict()
    assert saved["type"] == "Adam" and saved["flavor"] == "torch" and saved["iterations"] == 1
    assert saved["hyperparameters"] == {"lr": 0.1, "beta1": 0.5, "beta2": 0.6, "eps": 1e-8, "weight_decay": 0.0}
    assert set(saved["state"][0]) == {"m", "v", "step"} and saved["state"][0]["step"] == 1
    np.testing.assert_allclose(saved["state"][0]["m"], 0.5)          # (1 - beta1) * g
    opt.step()
    np.testing.assert_allclose(saved["state"][0]["m"], 0.5)          # a copy: the next step did not change it


def test_load_state_dict_restores_the_hyperparameters_like_pytorch(rng):
    p = nn.Parameter(np.zeros(3, np.float32))
    source = optim.RMSprop([p], lr=0.5, alpha=0.7)
    target = optim.RMSprop([nn.Parameter(np.zeros(3, np.float32))])
    target.load_state_dict(source.state_dict())
    assert (target.lr, target.alpha) == (0.5, 0.7)


def test_load_state_dict_says_what_does_not_fit_and_changes_nothing(rng):
    params = [nn.Parameter(np.zeros((2, 3), np.float32)), nn.Parameter(np.zeros(3, np.float32))]
    opt = optim.Adam(params, lr=0.1)
    for p in params:
        p.grad = np.ones(p.shape, np.float32)
    opt.step()
    saved = opt.state_dict()

    other = optim.Adam([nn.Parameter(np.zeros((3, 2), np.float32))], lr=0.3)
    with pytest.raises(ValueError) as error:
        other.load_state_dict(saved)
    message = str(error.value)
    assert "parameter 0: m has shape (2, 3) in the state, the parameter (3, 2)" in message
    assert "state for parameter 1, but this optimizer has 1 parameters" in message
    assert other.lr == 0.3 and other.iterations == 0 and not other.state[id(other.params[0])]

    with pytest.raises(ValueError, match="the state was saved by the optimizer Adam .flavor 'torch'., this "
                                         "optimizer is Adam .flavor 'keras'"):
        optim.Adam.keras(params).load_state_dict(saved)
    with pytest.raises(ValueError, match="this optimizer is SGD"):
        optim.SGD(params, 0.1).load_state_dict(saved)


@pytest.mark.parametrize("name", ALL)
def test_a_scalar_parameter_resumes_through_a_weights_file(rng, tmp_path, name):
    """Review finding 2: a learnable scalar (a 0-d parameter) has 0-d moments. Saved in a .npz and
    loaded back they stay arrays (once they came back as Python floats, the step count as 0, and
    Adam's in-place update then changed nothing), and training goes on exactly as straight through."""
    from tinyae.training.weights import load_weights, save_weights
    grads = [np.array(g, np.float32) for g in rng.normal(size=6)]

    class Scale(nn.Module):
        def __init__(self):
            self.s = nn.Parameter(np.array(0.5, np.float32))

    straight = Scale()
    train(ALL[name]([straight.s]), [straight.s], [[g] for g in grads])
    first = Scale()
    opt = ALL[name]([first.s])
    train(opt, [first.s], [[g] for g in grads[:3]])
    save_weights(first, tmp_path / "w.npz", opt)
    resumed = Scale()
    fresh = ALL[name]([resumed.s])
    load_weights(resumed, tmp_path / "w.npz", fresh)
    for key, value in opt.state[id(first.s)].items():
        if key in opt.state_names:
            assert type(fresh.state[id(resumed.s)][key]) is type(value)
            np.testing.assert_array_equal(fresh.state[id(resumed.s)][key], value)
    train(fresh, [resumed.s], [[g] for g in grads[3:]])
    np.testing.assert_array_equal(resumed.s.data, straight.s.data)


def test_load_state_dict_refuses_a_number_for_an_array_and_an_array_for_a_count():
    p = nn.Parameter(np.array(0.5, np.float32))
    opt = optim.Adam([p])
    p.grad = np.array(1.0, np.float32)
    opt.step()
    saved = opt.state_dict()
    saved["state"][0]["m"] = 0.1
    saved["state"][0]["step"] = 1.5
    fresh = optim.Adam([nn.Parameter(np.array(0.5, np.float32))])
    with pytest.raises(ValueError) as error:
        fresh.load_state_dict(saved)
    assert "parameter 0: m must be an array of shape (), got float 0.1" in str(error.value)
    assert "parameter 0: step must be a step count (an integer >= 0), got float 1.5" in str(error.value)
    assert not fresh.state[id(fresh.params[0])]


def test_load_state_dict_refuses_a_state_of_another_number_of_parameters(rng, tmp_path):
    """Review finding 5: the state of 4 parameters (two Dense layers) loaded without error into an
    optimizer of 6 (three layers). The state now holds every parameter's shape, and a load into a
    different list is refused, naming both, directly and through a weights file."""
    from tinyae.training.weights import load_weights, save_weights
    two, three = nn.Sequential(nn.Dense(3, 3), nn.Dense(3, 3)), nn.Sequential(nn.Dense(3, 3), nn.Dense(3, 3), nn.Dense(3, 3))
    opt = optim.Adam(two.parameters())
    for p in two.parameters():
        p.grad = np.ones(p.shape, np.float32)
    opt.step()
    assert opt.state_dict()["shapes"] == [(3, 3), (3,), (3, 3), (3,)]
    other = optim.Adam(three.parameters())
    expected = (r"the state is of 4 parameters of shapes \[\(3, 3\), \(3,\), \(3, 3\), \(3,\)\], this optimizer "
                r"has 6 parameters of shapes \[\(3, 3\), \(3,\), \(3, 3\), \(3,\), \(3, 3\), \(3,\)\]")
    with pytest.raises(ValueError, match=expected):
        other.load_state_dict(opt.state_dict())
    assert not any(other.state.values())
    save_weights(two, tmp_path / "two.npz", opt)
    two_again = nn.Sequential(nn.Dense(3, 3), nn.Dense(3, 3))
    with pytest.raises(ValueError, match=expected):
        load_weights(two_again, tmp_path / "two.npz", other)    # the weights fit, the optimizer does not
    fresh = optim.Adam(two_again.parameters())
    load_weights(two_again, tmp_path / "two.npz", fresh)
    assert fresh.state_dict()["shapes"] == [(3, 3), (3,), (3, 3), (3,)] and fresh.iterations == 1


@pytest.mark.parametrize("name", ALL)
def test_a_hyperparameter_assigned_later_is_checked_too(name):
    """Review finding 12: opt.lr = nan after construction used to be accepted; every hyper-parameter
    is checked on assignment as the constructor checks it, and a good value is kept as a float."""
    opt = ALL[name]([nn.Parameter(np.zeros(3, np.float32))])
    for hyper in opt.hyperparameter_names:
        if hyper == "nesterov":
            with pytest.raises(TypeError, match="nesterov must be True or False, got str"):
                opt.nesterov = "yes"
            continue
        with pytest.raises(ValueError, match=f"{type(opt).__name__}: {hyper} must be .*, got nan"):
            setattr(opt, hyper, float("nan"))
        with pytest.raises(TypeError, match=f"{hyper} must be .*, got str '0.1'"):
            setattr(opt, hyper, "0.1")
    opt.lr = np.float32(0.5)
    assert opt.lr == 0.5 and type(opt.lr) is float


@pytest.mark.parametrize("name", ALL)
def test_a_name_the_optimizer_lacks_is_refused_not_silently_set(name):
    """tf.keras's model.optimizer.learning_rate = 1e-4 and Keras's opt.epsilon = 1e-8 made new attributes
    that no update read: training went on with the old values and no error. learning_rate is now
    tf.keras's name for lr; any other name the optimizer lacks is refused with tinyae's name for it."""
    opt = ALL[name]([nn.Parameter(np.zeros(3, np.float32))])
    opt.learning_rate = 0.25
    assert opt.lr == 0.25 == opt.learning_rate
    with pytest.raises(ValueError, match="lr must be a finite real number >= 0, got nan"):
        opt.learning_rate = float("nan")
    with pytest.raises(AttributeError, match=rf"^{type(opt).__name__} has no attribute 'epsilon', so setting it would "
                                             rf"change nothing; eps \(Keras's epsilon\)$"):
        opt.epsilon = 1e-8
    with pytest.raises(AttributeError, match=r"'decay', so setting it would change nothing; no learning-rate decay"):
        opt.decay = 1e-6
    with pytest.raises(AttributeError, match=r"object has no attribute 'param_groups'; optimizer.lr = value sets the "
                                             r"learning rate"):
        opt.param_groups[0]["lr"] = 0.1
    missing = "momentum" if "momentum" not in opt.hyperparameter_names else "beta1"
    with pytest.raises(AttributeError, match=rf"has no attribute '{missing}', so setting it would change nothing; its "
                                             rf"hyper-parameters are {', '.join(opt.hyperparameter_names)}$"):
        setattr(opt, missing, 0.9)
    assert opt.lr == 0.25 and not hasattr(opt, "epsilon")


def test_pytorchs_schedulers_and_other_optimizers_say_what_tinyae_has():
    with pytest.raises(AttributeError, match=r"'lr_scheduler'; no schedulers: change optimizer.lr between epochs"):
        optim.lr_scheduler.StepLR
    with pytest.raises(AttributeError, match=r"'AdamW'; not in tinyae: its optimizers are SGD, Adam, Adadelta and "
                                             r"RMSprop"):
        optim.AdamW
