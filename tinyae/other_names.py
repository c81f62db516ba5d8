"""PyTorch's and Keras's names, and where tinyae has them: a phrasebook for the chapters' code.

tinyae's names follow NumPy (t.reshape, axis=, t.size is the number of elements) and the
chapters' Keras (Dense, Conv2D). A name that tinyae does not have raises AttributeError as
usual; when the name is in one of these tables, the message adds where tinyae has it:

    >>> nn.Linear(784, 32)
    AttributeError: module 'tinyae.nn' has no attribute 'Linear'; nn.Dense(in_features, out_features) ...

Each table is looked up by one `__getattr__`, which Python calls only for a missing name, so a
table costs nothing on the way to an attribute that exists.
"""

# import tinyae as ta: ta.<name>
PACKAGE = {
    "cat": "ta.concatenate(tensors, axis=1) is PyTorch's torch.cat(tensors, dim=1)",
    "from_numpy": "ta.tensor(array) (float32 unless dtype= says otherwise)",
    "FloatTensor": "ta.tensor(array) (float32 unless dtype= says otherwise)",
    "as_tensor": "ta.tensor(array)",
    "manual_seed": "ta.seed(n)",
    "sum": "the tensor's method: t.sum(axis=...)", "mean": "the tensor's method: t.mean(axis=...)",
    "pow": "t ** p", "square": "t ** 2", "matmul": "a @ b", "mm": "a @ b",
    "zeros": "ta.tensor(np.zeros(shape)) (float32)", "ones": "ta.tensor(np.ones(shape)) (float32)",
    "zeros_like": "ta.tensor(np.zeros(t.shape))", "ones_like": "ta.tensor(np.ones(t.shape))",
    "save": "ta.save_weights(module, 'file.npz') (module.state_dict() gives the arrays)",
    "load": "ta.load_weights(module, 'file.npz')",
    "device": "ta.use_backend('cupy') puts new tensors on the GPU",
}

# from tinyae import nn: nn.<name> (tinyae's losses are functions in tinyae.losses, called per batch)
LAYERS = {
    "Linear": "nn.Dense(in_features, out_features) is PyTorch's nn.Linear (its W is (in, out): Linear's weight.T)",
    "Conv2d": "nn.Conv2D(in_channels, out_channels, kernel_size)",
    "ConvTranspose2d": "nn.Conv2DTranspose(in_channels, out_channels, kernel_size)",
    "MaxPool2d": "nn.MaxPool2D(pool_size)", "MaxPooling2D": "nn.MaxPool2D(pool_size)",
    "Upsample": "nn.UpSampling2D(size) (nearest neighbour)",
    "MSELoss": "losses.mse(prediction, target)", "BCELoss": "losses.binary_crossentropy(prediction, target)",
    "BCEWithLogitsLoss": "losses.binary_crossentropy_with_logits(logits, target)",
    "CrossEntropyLoss": "losses.softmax_cross_entropy(logits, labels)",
    "functional": "PyTorch's F.relu, F.sigmoid, ... are ta.relu, ta.sigmoid, ... (import tinyae as ta)",
    "Input": "no Input layer: the first layer takes the input size, and ta.Model(module, input_shape=(784,))",
    "InputLayer": "no Input layer: the first layer takes the input size, and ta.Model(module, input_shape=(784,))",
}

# nn.init.<name>: PyTorch's in-place initialisers; a tinyae layer draws its weights by its init= argument
_WRITE = "write the values into the array: layer.W.data[...] = values (tinyae's draws: nn.init.glorot_uniform(...))"
INIT_FUNCTIONS = {
    "xavier_uniform_": "init='glorot_uniform' on the layer (Keras's default; the same bound as PyTorch's "
                       "xavier_uniform_, sqrt(6 / (fan_in + fan_out)))",
    "xavier_normal_": "init='glorot_normal' on the layer (Keras's, a normal truncated at 2 std; PyTorch's "
                      "xavier_normal_ is not truncated)",
    "kaiming_uniform_": "init='he_uniform' on the layer (PyTorch's kaiming_uniform_ with a=0: bound sqrt(6 / fan_in))",
    "kaiming_normal_": "init='he_normal' on the layer (Keras's, a normal truncated at 2 std; PyTorch's "
                       "kaiming_normal_ is not truncated)",
    "zeros_": "init='zeros' on the layer", "constant_": _WRITE, "normal_": _WRITE, "uniform_": _WRITE,
}

# optimizer.<name>, read or assigned (an assignment to a name the optimizer lacks would change nothing)
_NO_DECAY = ("no learning-rate decay option: set optimizer.lr yourself, e.g. in a Callback's on_batch_begin "
             "(Keras 2's decay: lr / (1 + decay * iterations))")
OPTIMIZER_ATTRIBUTES = {
    "param_groups": "optimizer.lr = value sets the learning rate: a tinyae optimizer has one group, every "
                    "parameter shares its hyper-parameters (build one optimizer per group)",
    "add_param_group": "one optimizer per group of parameters, each with its own step()",
    "epsilon": "eps (Keras's epsilon)", "beta_1": "beta1 (Keras's beta_1)", "beta_2": "beta2 (Keras's beta_2)",
    "betas": "beta1 and beta2, one attribute each", "decay": _NO_DECAY,
    "get_config": "the hyper-parameters are attributes (optimizer.lr, ...), all in optimizer.state_dict()",
}

# from tinyae import optim: optim.<name>
OPTIMIZERS = {
    "lr_scheduler": "no schedulers: change optimizer.lr between epochs or batches (in your loop, or a Callback's "
                    "on_epoch_begin / on_batch_begin)",
    **dict.fromkeys(("Adagrad", "AdamW", "Adamax", "Nadam", "NAdam", "RAdam", "LBFGS", "Ftrl"),
                    "not in tinyae: its optimizers are SGD, Adam, Adadelta and RMSprop (the chapters' ones)"),
}

# from tinyae import datasets: datasets.<name> (data are NumPy arrays, as in Keras)
_LOADER = ("datasets.batches(x, y, batch_size=128, shuffle=True): the batches of one pass, as arrays (call it "
           "again for each epoch)")
DATASETS = {
    "DataLoader": _LOADER, "TensorDataset": "no dataset objects: arrays x, y, and " + _LOADER,
    "MNIST": "datasets.load_mnist(): ((x_train, y_train), (x_test, y_test)) from the copy shipped with tinyae, "
             "no download",
    "transforms": "load_mnist(normalize='01') scales to [0, 1] as ToTensor() does; normalize='-11' to [-1, 1] "
                  "as Normalize((0.5,), (0.5,)) after it",
}

# keyword arguments of a layer's constructor ("Layer.keyword" for one layer's own)
LAYER_KEYWORDS = {
    "strides": "stride (PyTorch's name)",
    "filters": "out_channels, after in_channels: Conv2D(in_channels, out_channels, kernel_size) as in PyTorch",
    "units": "out_features, after in_features: Dense(in_features, out_features) as PyTorch's Linear",
    "input_dim": "in_features, the first argument",
    "input_shape": "the layer's input size as its first argument (and ta.Model(module, input_shape=...))",
    "kernel_initializer": 'init (e.g. init="glorot_uniform", Keras\'s default, or "torch")',
    "bias": "no option: every layer has a bias b", "use_bias": "no option: every layer has a bias b",
    "data_format": "no option: images are channels-first, (N, C, H, W), as in PyTorch; x.transpose(0, 3, 1, 2) "
                   "turns Keras's channels-last (N, H, W, C) into that",
    "dilation": "no dilated convolutions in tinyae", "dilation_rate": "no dilated convolutions in tinyae",
    # "Layer.keyword": a hint for that layer only
    "Conv2DTranspose.output_padding": "no option: Conv2DTranspose(..., stride=2, padding='same') gives out = in * "
                                      "stride, the size that PyTorch's padding=1, output_padding=1 give with kernel 3",
    "Lambda.output_shape": "not needed: tinyae's shapes are those of the arrays when fn runs; leave it out",
    "Dropout.rate": "p, the first argument: Keras's Dropout(rate=0.2) is Dropout(0.2) (dropout.rate names p too)",
    "MaxPool2D.kernel_size": "pool_size (Keras's name; PyTorch's MaxPool2d calls the window kernel_size)",
    "UpSampling2D.scale_factor": "size (Keras's name: UpSampling2D(size=2) is PyTorch's Upsample(scale_factor=2))",
    "UpSampling2D.mode": "no option: UpSampling2D repeats each pixel (PyTorch's mode='nearest')",
    "UpSampling2D.interpolation": "no option: UpSampling2D repeats each pixel (Keras's default, 'nearest')",
}

_KERAS_MODEL = ("Keras's training API is ta.Model's: model = ta.Model(module, input_shape=(784,)), then "
                "model.compile(...), model.fit(...), model.predict(x), model.summary()")

# ta.Model(...).<name>: Keras's Model attributes that tinyae's Model lacks
_FUNCTIONAL = ("no symbolic inputs and outputs: a ta.Model wraps a module, model.module (its encoder half is "
               "model.module[:k], a layer's output is read with model.capture('name'))")
MODEL_ATTRIBUTES = {
    **dict.fromkeys(("input", "inputs", "output", "outputs"), _FUNCTIONAL),
    "save": "model.save_weights('file.npz') saves the weights (the architecture is the Python code that built it)",
    "to_json": "the architecture is the Python code that built the module; print(model.module) shows it",
    "optimizer_weights": "model.save_weights(path, include_optimizer=True), or model.optimizer.state_dict()",
}

# module.<name>, for any nn.Module
MODULE_ATTRIBUTES = {
    **dict.fromkeys(("fit", "compile", "evaluate", "predict", "summary", "train_on_batch"), _KERAS_MODEL),
    "save_weights": "ta.save_weights(module, path), or ta.Model(module).save_weights(path)",
    "load_weights": "ta.load_weights(module, path), or ta.Model(module).load_weights(path)",
    "weight": "a Dense keeps W of shape (in, out), PyTorch's Linear weight.T; a conv layer W, in PyTorch's layout",
    "bias": "a layer's bias is b", "kernel": "a layer's kernel (Keras's name) is W",
    "cuda": "module.to('cupy') moves the parameters to the GPU", "cpu": "module.to('numpy')",
    "double": "module.to(dtype='float64')", "float": "module.to(dtype='float32')",
    "weights": "module.parameters() (the Parameters) or module.get_weights() (their arrays)",
    "trainable_weights": "module.parameters()", "trainable_variables": "module.parameters()",
    "count_params": "ta.Model(module).count_params(), or sum(p.size for p in module.parameters())",
    "modules": "[m for _, m in module.named_modules()]",
    "apply": "a loop: for _, m in module.named_modules(): fn(m) (each layer's init= chooses its initialiser)",
    "requires_grad_": "module.freeze() and module.unfreeze()",
    "add_module": "setattr(module, name, layer), or Sequential.add(layer)",
    "output": "a layer's output: with model.capture('name') as out: model(x), then out['name']",
}

# t.<name>, for a Tensor (its methods follow NumPy: t.size is the number of elements, t.transpose(*axes) permutes)
TENSOR_METHODS = {
    "view": "PyTorch's t.view(t.size(0), -1) is t.reshape(t.shape[0], -1) here (t.size is the number of "
            "elements, as in NumPy)",
    "flatten": "t.reshape(t.shape[0], -1) keeps the batch axis (PyTorch's t.flatten(1))",
    "permute": "t.transpose(*axes), as NumPy's: t.transpose(0, 2, 3, 1)",
    "unsqueeze": "t.reshape(...) with the new axis of length 1, e.g. t.reshape(1, *t.shape)",
    "squeeze": "t.reshape(...) without the axes of length 1",
    "dim": "t.ndim", "numel": "t.size (the number of elements)",
    "float": "t.astype('float32')", "double": "t.astype('float64')",
    "cpu": "t.numpy() gives the values as a NumPy array", "cuda": "ta.use_backend('cupy') puts new tensors on the GPU",
    "to": "module.to('cupy') moves a model; t.astype(dtype) changes a tensor's dtype",
    "std": "no std op: ((t - t.mean()) ** 2).mean() ** 0.5 (the population form, NumPy's; PyTorch divides by N - 1)",
    "var": "no var op: ((t - t.mean()) ** 2).mean() (the population form, NumPy's; PyTorch divides by N - 1)",
    "requires_grad_": "t.requires_grad = True",
    "clone": "t.detach() shares the values; ta.tensor(t.numpy()) copies them",
    "clamp": "t.clip(lo, hi) (NumPy's name)", "pow": "t ** p", "square": "t ** 2",
    "abs": "abs(t) or ta.abs(t)", "matmul": "a @ b", "mm": "a @ b",
    "add": "a + b", "sub": "a - b", "mul": "a * b", "div": "a / b",
    "argmax": "t.numpy().argmax(axis=1) (an index has no gradient)",
    "softmax": "ta.softmax(t, axis=-1)", "min": "no min op: -(-t).max(axis=...)",
    "tolist": "t.numpy().tolist()",
}


# keyword arguments of the tensor functions and methods (sum, mean, max, softmax, concatenate, stack)
TENSOR_KEYWORDS = {
    "dim": "axis (NumPy's name for PyTorch's dim)",
    "keepdim": "keepdims (NumPy's name, with an s)",
}


def unexpected_keywords(owner: str, names: list[str], table: dict[str, str]) -> TypeError:
    """The TypeError for keyword arguments `names` that `owner` does not take, with the table's hint
    for each that has one (an entry "owner.name" is that owner's own)."""
    found = {name: table.get(f"{owner}.{name}", table.get(name)) for name in names}
    hints = [f"{name}: {hint}" for name, hint in found.items() if hint]
    return TypeError(f"{owner}: unexpected keyword argument(s) {', '.join(map(repr, names))}"
                     + ("; " + "; ".join(hints) if hints else ""))


def no_attribute(owner: str, name: str, table: dict[str, str]) -> AttributeError:
    """Python's AttributeError for `name` missing from `owner`, with the table's hint when it has one."""
    hint = f"; {table[name]}" if name in table else ""
    return AttributeError(f"{owner} has no attribute {name!r}{hint}")
