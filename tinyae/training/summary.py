"""The Keras-style summary table of a network:

    _________________________________________________________________
    Layer (type)                 Output Shape              Param #
    =================================================================
    input_1 (InputLayer)         (None, 784)               0
    _________________________________________________________________
    dense (Dense)                (None, 32)                25120
    ...
    Total params: 50,992

Rows are the layers of the module tree (every module that owns parameters or has no children),
in the order of the tree, under the layer's `name` when it has one, else named as Keras names
them (dense, dense_1, re_lu, ...). Output shapes
are measured by running a dummy batch of two zero inputs through the network (its random draws,
e.g. nn.Sampling's, come from a throwaway generator, so summary() changes no seeded run); the
batch axis is printed as None. A parameter shared by two layers (tied weights) is counted once, at its first
layer. Frozen parameters (requires_grad False) count as non-trainable.
"""

from .. import backend
from ..nn.dense import Dense
from ..tensor import Tensor, no_grad

COLUMN_WIDTHS = (29, 26, 10)   # Keras 2's print_summary: 65 characters, columns ending at 29, 55, 65


def guess_input_shape(module):
    """(in_features,) when the first layer of the tree is a Dense, else None."""
    layers = [m for _, m in module.named_modules() if not m._modules]
    if layers and isinstance(layers[0], Dense):
        return (layers[0].in_features,)
    return None


def output_shapes(module, layers, input_shape):
    """{id(layer): "(None, 32)"} measured on a dummy batch of two zero inputs of `input_shape`."""
    shapes = {}

    def recording(layer, forward):
        def forward_and_record(*args, **kwargs):
            output = forward(*args, **kwargs)
            shapes.setdefault(id(layer), []).append(_shape_text(output))
            return output
        return forward_and_record

    for layer in layers:   # an instance attribute shadows the class's forward for this one run
        object.__setattr__(layer, "forward", recording(layer, layer.forward))
    parameters = module.parameters()
    dtype = parameters[0].dtype if parameters else backend.DEFAULT_DTYPE
    modes = [(m, m.training) for _, m in module.named_modules()]
    module.eval()
    try:
        with no_grad(), backend.random_streams_set_aside():     # sampling layers draw: ta.seed's stream stays
            module(Tensor(backend.xp.zeros((2, *input_shape), dtype=dtype)))
    except Exception as error:
        raise ValueError(f"summary: a batch of inputs of shape (None, {', '.join(map(str, input_shape))}) does not "
                         f"go through the model ({type(error).__name__}: {error}); pass the right input_shape") from error
    finally:
        for m, training in modes:                # each module's own mode, as it was
            object.__setattr__(m, "training", training)
        for layer in layers:
            del layer.__dict__["forward"]
    return {key: texts[0] if len(set(texts)) == 1 else "multiple" for key, texts in shapes.items()}


def format_shape(shape):
    """(2, 28, 28) -> "(None, 28, 28)": the batch axis is printed as None, as in Keras."""
    return "(" + ", ".join(["None", *map(str, shape[1:])]) + ("," if len(shape) == 1 else "") + ")"


def _shape_text(output):
    if isinstance(output, (tuple, list)):
        return "[" + ", ".join(_shape_text(o) for o in output) + "]"
    return format_shape(output.shape) if hasattr(output, "shape") else "?"


def summary_lines(module, input_shape):
    """The summary table of `module` for inputs of `input_shape` (without the batch axis), as lines."""
    input_shape = tuple(input_shape)
    layers = module.layers          # each owns parameters or has no children, listed once
    shapes = output_shapes(module, layers, input_shape)
    rows = [("input_1 (InputLayer)", format_shape((None, *input_shape)), "0")]
    counted = set()
    for layer in layers:
        params = 0
        for p in layer._parameters.values():
            if id(p) not in counted:
                counted.add(id(p))
                params += p.size
        rows.append((f"{layer.name} ({type(layer).__name__})", shapes.get(id(layer), "(not called)"), str(params)))

    ends, start = [], 0   # widen a column (Keras would cut the text) when a field does not fit
    for k, width in enumerate(COLUMN_WIDTHS):
        start += max([width] + [len(row[k]) + 1 for row in rows])
        ends.append(start)
    length = ends[-1]

    def line(fields):
        text = ""
        for field, end in zip(fields, ends):
            text = (text + field).ljust(end)
        return text.rstrip()

    trainable = sum(p.size for p in module.parameters() if p.requires_grad)
    frozen = sum(p.size for p in module.parameters() if not p.requires_grad)
    lines = ["_" * length, line(("Layer (type)", "Output Shape", "Param #")), "=" * length]
    for i, row in enumerate(rows):
        lines += [line(row), "=" * length if i == len(rows) - 1 else "_" * length]
    lines += [f"Total params: {trainable + frozen:,}", f"Trainable params: {trainable:,}",
              f"Non-trainable params: {frozen:,}", "_" * length]
    return lines
