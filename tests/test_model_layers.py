"""Reaching inside a ta.Model: Model.layers and Model.get_layer delegate to the module
(module.layers / module.get_layer), the summary prints a layer's own name, and summary() keeps each module's own mode."""
import pytest

import tinyae as ta
from tinyae import nn


def test_layers_and_get_layer_come_from_the_module():
    code, out = nn.Dense(4, 2, name="code"), nn.Dense(2, 4, name="reconstruction")
    model = ta.Model(nn.Sequential(code, out))
    assert model.layers == [code, out] == model.module.layers
    assert model.get_layer("code") is code
    with pytest.raises(KeyError, match="no layer named 'decoder'"):
        model.get_layer("decoder")


def test_summary_rows_show_a_layers_own_name():
    lines = []
    ta.Model(nn.Sequential(nn.Dense(4, 2, name="code"), nn.Dense(2, 4))).summary(print_fn=lines.append)
    assert "code (Dense)                 (None, 2)                 10" in lines
    assert "dense (Dense)                (None, 4)                 12" in lines


def test_summary_keeps_each_modules_own_mode():
    noise = nn.GaussianNoise(0.1)
    module = nn.Sequential(noise, nn.Dense(4, 2), nn.Dropout(0.5))
    noise.eval()
    ta.Model(module).summary(input_shape=(4,), print_fn=lambda line: None)
    assert not noise.training and module.training and module[2].training


def test_capture_through_the_model_sees_every_batch_of_predict():
    model = ta.Model(nn.Sequential(nn.Dense(4, 2, name="code"), nn.Dense(2, 4)))
    x = ta.randn(10, 4).numpy()
    with model.capture("code") as outputs:
        model.predict(x, batch_size=4)
    codes = [c.numpy() for c in outputs.all("code")]
    assert [len(c) for c in codes] == [4, 4, 2]
