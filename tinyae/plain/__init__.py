"""Plain versions of tinyae's fast paths, to read: `from tinyae import plain`.

The fast code (tinyae/ops/, tinyae/losses/, tinyae/optim/) is written for speed: batch-last
memory, reused buffers, in-place updates, two routes per convolution. Each function here computes
the same thing the way a textbook writes it, and tests/test_plain_versions.py checks that the two
agree, values and gradients. The differentiable ones are built from ops that autograd already
knows (getitem, stack, concatenate, reshape, matmul, ...), so their gradients come from autograd.

    conv.py         conv2d, conv_transpose2d: a loop over kernel offsets and one matrix product
    pooling.py      max_pool2d: stack the windows, keep each one's first maximum
    windows.py      pad and windows: the sliding windows that conv and pooling share
    activations.py  sigmoid: its definition 1 / (1 + e^-x)
    losses.py       binary_crossentropy, and BCE after a sigmoid as two separate steps
    topk.py         topk: sort every whole line, keep the first k
    optimizers.py   SGD, Adam, Adadelta, RMSprop updates (PyTorch's and Keras's) as formulas

Most are slower, some by little (each fast version's docstring says by how much, measured); train
with the fast ones.
"""
from .activations import sigmoid
from .conv import conv2d, conv_transpose2d
from .losses import binary_crossentropy, binary_crossentropy_after_sigmoid
from .optimizers import (adadelta, adadelta_keras, adam, adam_keras, rmsprop, rmsprop_keras, sgd,
                         sgd_keras)
from .pooling import max_pool2d
from .topk import topk

__all__ = ["sigmoid", "conv2d", "conv_transpose2d", "max_pool2d", "binary_crossentropy",
           "binary_crossentropy_after_sigmoid", "sgd", "sgd_keras", "adam", "adam_keras",
           "adadelta", "adadelta_keras", "rmsprop", "rmsprop_keras", "topk"]
