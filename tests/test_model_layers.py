"""Reaching inside a ta.Model: Model.layers and Model.get_layer delegate to the module
(module.layers / module.get_layer come from engine2-layers; a test double stands in for them
here), the summary prints a layer's own name, and summary() keeps each module's own mode."""
import pytest

import tinyae as ta
from tinyae import nn


class Named(nn.Dense):
    def __init__(self, n_in, n_out, name):
        super().__init__(n_in, n_out)
        self.name = name


class NamedStack(nn.Sequential):
    """Stands in for engine2-layers' Sequential: .layers and .get_layer(name)."""

    @property
    def layers(self):
        return list(self._modules.values())

    def get_layer(self, name):
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise KeyError(f"no layer {name!r}")


def test_layers_and_get_layer_come_from_the_module():
    code, out = Named(4, 2, "code"), Named(2, 4, "reconstruction")
    model = ta.Model(NamedStack(code, out))
    assert model.layers == [code, out]
    assert model.get_layer("code") is code
    with pytest.raises(KeyError, match="no layer 'decoder'"):
        model.get_layer("decoder")


def test_summary_rows_show_a_layers_own_name():
    lines = []
    ta.Model(nn.Sequential(Named(4, 2, "code"), nn.Dense(2, 4))).summary(print_fn=lines.append)
    assert "code (Named)                 (None, 2)                 10" in lines
    assert "dense (Dense)                (None, 4)                 12" in lines


def test_summary_keeps_each_modules_own_mode():
    noise = nn.GaussianNoise(0.1)
    module = nn.Sequential(noise, nn.Dense(4, 2), nn.Dropout(0.5))
    noise.eval()
    ta.Model(module).summary(input_shape=(4,), print_fn=lambda line: None)
    assert not noise.training and module.training and module[2].training
