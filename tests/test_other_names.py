"""The phrasebook (tinyae/other_names.py): a PyTorch or Keras name that tinyae writes otherwise
raises the usual AttributeError, with where tinyae has it; every entry is a name tinyae really
lacks (an entry for a name that exists would never be read)."""
import inspect

import numpy as np
import pytest

import tinyae as ta
from tinyae import datasets, nn, optim, other_names


def test_the_chapters_pytorch_names_say_where_tinyae_has_them():
    with pytest.raises(AttributeError, match=r"^module 'tinyae.nn' has no attribute 'Linear'; nn.Dense\(in_features, "
                                             r"out_features\) is PyTorch's nn.Linear"):
        nn.Linear(784, 32)
    with pytest.raises(AttributeError, match=r"'MSELoss'; losses.mse\(prediction, target\)"):
        nn.MSELoss()
    with pytest.raises(AttributeError, match=r"^module 'tinyae' has no attribute 'cat'; ta.concatenate"):
        ta.cat([ta.tensor([1.0]), ta.tensor([2.0])], dim=0)
    with pytest.raises(AttributeError, match=r"'from_numpy'; ta.tensor\(array\)"):
        ta.from_numpy(np.zeros(3))
    with pytest.raises(AttributeError, match=r"^'Tensor' object has no attribute 'clamp'; t.clip\(lo, hi\)"):
        ta.tensor([0.5]).clamp(0, 1)
    with pytest.raises(AttributeError, match=r"^module 'tinyae.datasets' has no attribute 'DataLoader'; "
                                             r"datasets.batches\(x, y, batch_size=128, shuffle=True\)"):
        datasets.DataLoader


def test_a_name_in_no_table_gets_pythons_message_alone():
    with pytest.raises(AttributeError, match=r"^module 'tinyae.nn' has no attribute 'BatchNorm1d'$"):
        nn.BatchNorm1d(3)
    with pytest.raises(AttributeError, match=r"^module 'tinyae' has no attribute 'no_such_name'$"):
        ta.no_such_name
    assert not hasattr(ta, "Linear") and hasattr(ta, "concatenate")      # hasattr still works


@pytest.mark.parametrize("table, owner", [(other_names.PACKAGE, ta), (other_names.LAYERS, nn),
                                          (other_names.TENSOR_METHODS, ta.Tensor),
                                          (other_names.MODULE_ATTRIBUTES, nn.Module),
                                          (other_names.MODEL_ATTRIBUTES, ta.Model),
                                          (other_names.OPTIMIZER_ATTRIBUTES, optim.Adam),
                                          (other_names.OPTIMIZER_ATTRIBUTES, optim.SGD),
                                          (other_names.OPTIMIZERS, optim),
                                          (other_names.INIT_FUNCTIONS, nn.init),
                                          (other_names.DATASETS, datasets)],
                         ids=["package", "layers", "tensor", "module", "model", "adam", "sgd", "optim", "init",
                              "datasets"])
def test_every_entry_is_a_name_tinyae_lacks(table, owner):
    if isinstance(owner, type) and issubclass(owner, optim.Optimizer):       # instance attributes too
        owner = owner([nn.Parameter(np.zeros(2, np.float32))])
    present = [name for name in table if name in dir(owner)]
    assert not present, f"{present} exist on {owner}: their entries would never be read"


@pytest.mark.parametrize("table, layers", [(other_names.LAYER_KEYWORDS, [nn.Dense, nn.Conv2D, nn.Conv2DTranspose,
                                                                          nn.MaxPool2D, nn.UpSampling2D, nn.Dropout,
                                                                          nn.Lambda]),
                                           (other_names.TENSOR_KEYWORDS, [ta.Tensor.sum, ta.softmax, ta.concatenate])],
                         ids=["layers", "tensor functions"])
def test_every_keyword_entry_is_one_its_owner_does_not_take(table, layers):
    for layer in layers:
        taken = set(inspect.signature(layer).parameters)
        own = {key.split(".")[1] for key in table if key.startswith(f"{layer.__name__}.")}
        general = {key for key in table if "." not in key}
        assert not (taken & (own | general)), f"{layer.__name__} takes {taken & (own | general)}"
