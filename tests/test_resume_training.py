"""A long lesson can stop and resume: Model.save_weights(path, include_optimizer=True) puts the
optimizer's state beside the weights, and load_weights into a fresh model and optimizer continues
exactly as if training had never stopped."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import backend, nn, optim

OPTIMIZERS = {
    "adam keras": optim.Adam.keras, "adam torch": lambda ps: optim.Adam(ps, lr=0.01, weight_decay=1e-3),
    "adadelta keras": optim.Adadelta.keras, "rmsprop": optim.RMSprop,
    "sgd momentum": lambda ps: optim.SGD(ps, 0.05, momentum=0.9, nesterov=True),
}


def build(seed, make_optimizer):
    ta.seed(seed)
    model = ta.Model(nn.Sequential(nn.Dense(6, 4, activation="tanh"), nn.Dense(4, 6, activation="sigmoid")))
    return model.compile(make_optimizer(model.parameters()), "binary_crossentropy")


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_k_epochs_saved_and_k_more_after_loading_equal_2k_epochs(xp, rng, tmp_path, name):
    x = xp.asarray(rng.uniform(size=(20, 6)).astype(np.float32))
    straight = build(0, OPTIMIZERS[name])
    straight.fit(x, x, epochs=6, batch_size=8, shuffle=False, verbose=0)

    first = build(0, OPTIMIZERS[name])
    first.fit(x, x, epochs=3, batch_size=8, shuffle=False, verbose=0)
    path = first.save_weights(tmp_path / "halfway.npz", include_optimizer=True)
    resumed = build(1, OPTIMIZERS[name])                     # other initial weights, a fresh optimizer
    resumed.load_weights(path)
    resumed.fit(x, x, epochs=3, batch_size=8, shuffle=False, verbose=0)
    assert resumed.optimizer.iterations == straight.optimizer.iterations == 18   # 6 epochs of 3 batches
    for key, value in straight.module.state_dict().items():
        np.testing.assert_array_equal(backend.to_numpy(resumed.module.state_dict()[key]), backend.to_numpy(value))


def test_without_the_optimizer_state_resuming_is_not_the_same(rng, tmp_path):
    """The check above can fail: restarting Adam's moments changes the result."""
    x = rng.uniform(size=(20, 6)).astype(np.float32)
    straight = build(0, optim.Adam.keras)
    straight.fit(x, x, epochs=6, batch_size=8, shuffle=False, verbose=0)
    first = build(0, optim.Adam.keras)
    first.fit(x, x, epochs=3, batch_size=8, shuffle=False, verbose=0)
    path = first.save_weights(tmp_path / "weights_only.npz")
    with np.load(path, allow_pickle=False) as archive:
        assert not [name for name in archive.files if name.startswith("optimizer/")]
    resumed = build(1, optim.Adam.keras).load_weights(path)
    resumed.fit(x, x, epochs=3, batch_size=8, shuffle=False, verbose=0)
    assert not np.allclose(resumed.module[0].W.numpy(), straight.module[0].W.numpy(), rtol=1e-6, atol=0)


def test_the_file_holds_plain_named_arrays(rng, tmp_path):
    model = build(0, optim.Adam.keras)
    x = rng.uniform(size=(8, 6)).astype(np.float32)
    model.fit(x, x, epochs=1, batch_size=8, verbose=0)
    path = model.save_weights(tmp_path / "w.npz", include_optimizer=True)
    with np.load(path, allow_pickle=False) as archive:
        names = set(archive.files)
        assert str(archive["optimizer/type"]) == "Adam" and int(archive["optimizer/iterations"]) == 1
        assert float(archive["optimizer/hyperparameters/beta2"]) == 0.999
    assert {"0.W", "0.b", "1.W", "1.b", "optimizer/flavor", "optimizer/state/0/m", "optimizer/state/3/v",
            "optimizer/state/3/step"} <= names
    assert not [n for n in names if "scratch" in n]                # work buffers are not state
    weights_only = ta.Model(build(5, optim.Adam.keras).module).load_weights(path)   # not compiled: weights only
    np.testing.assert_array_equal(weights_only.module[0].W.numpy(), model.module[0].W.numpy())


def test_loading_into_another_kind_of_optimizer_is_refused_and_changes_nothing(rng, tmp_path):
    model = build(0, optim.Adam.keras)
    x = rng.uniform(size=(8, 6)).astype(np.float32)
    model.fit(x, x, epochs=1, batch_size=8, verbose=0)
    path = model.save_weights(tmp_path / "adam.npz", include_optimizer=True)
    other = build(1, optim.RMSprop.keras)
    before = other.module.state_dict()
    with pytest.raises(ValueError, match=r"adam.npz.*the state was saved by the optimizer Adam .flavor 'keras'., "
                                         r"this optimizer is RMSprop(.|\n)*Model.load_weights\(path, include_optimizer=False\)"):
        other.load_weights(path)
    for key, value in other.module.state_dict().items():
        np.testing.assert_array_equal(value, before[key])
    # review finding 13: the weights alone load into a model compiled with another optimizer
    other.load_weights(path, include_optimizer=False)
    for key, value in other.module.state_dict().items():
        np.testing.assert_array_equal(value, model.module.state_dict()[key])
    assert other.optimizer.iterations == 0 and not any(other.optimizer.state.values())
    with pytest.raises(TypeError, match="include_optimizer must be True or False, got 'no'"):
        other.load_weights(path, include_optimizer="no")
    with pytest.raises(RuntimeError, match="compile"):
        ta.Model(nn.Dense(2, 2)).save_weights(tmp_path / "x.npz", include_optimizer=True)
