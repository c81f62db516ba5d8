"""The phrasebook (tinyae/other_names.py): a PyTorch or Keras name that tinyae writes otherwise
raises the usual AttributeError, with where tinyae has it; every entry is a name tinyae really
lacks (an entry for a name that exists would never be read)."""
import numpy as np
import pytest

import tinyae as ta
from tinyae import nn, other_names


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


def test_a_name_in_no_table_gets_pythons_message_alone():
    with pytest.raises(AttributeError, match=r"^module 'tinyae.nn' has no attribute 'BatchNorm1d'$"):
        nn.BatchNorm1d(3)
    with pytest.raises(AttributeError, match=r"^module 'tinyae' has no attribute 'no_such_name'$"):
        ta.no_such_name
    assert not hasattr(ta, "Linear") and hasattr(ta, "concatenate")      # hasattr still works


@pytest.mark.parametrize("table, owner", [(other_names.PACKAGE, ta), (other_names.LAYERS, nn),
                                          (other_names.TENSOR_METHODS, ta.Tensor),
                                          (other_names.MODULE_ATTRIBUTES, nn.Module)],
                         ids=["package", "layers", "tensor", "module"])
def test_every_entry_is_a_name_tinyae_lacks(table, owner):
    present = [name for name in table if name in dir(owner)]
    assert not present, f"{present} exist on {owner.__name__}: their entries would never be read"
