"""A graph whose kept values were changed in place refuses to backpropagate (tensor versions).

Issue 10, item 1: `y = (x*x).sum(); x.data[:] = 100; y.backward()` used to give [200, 200]
(2 * 100, from the new values) with no warning. (PyTorch 2.13 gives the same [200, 200] for a
write through `x.data`: its version counter sees only writes through the tensor itself.)
"""
import threading

import pytest

import tinyae as ta
from tinyae import losses, nn, ops, optim


def test_the_issue_example_raises_and_names_the_tensor_and_the_op(xp):
    x = ta.tensor([1.0, 1.0], requires_grad=True, name="x")
    y = (x * x).sum()
    x.data[:] = 100
    with pytest.raises(RuntimeError, match=r"tensor 'x'.*MulOp.*changed in\s+place.*optimizer.step\(\).*\.data"):
        y.backward()


def test_an_unnamed_tensor_is_described_by_dtype_and_shape(xp):
    x = ta.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    y = ops.tanh(x * 3).sum()
    x.data[0, 1] = -1
    with pytest.raises(RuntimeError, match=r"float32 tensor of shape \(1, 3\).*MulOp"):
        y.backward()


def test_an_optimizer_step_between_forward_and_backward_raises(xp):
    """The adversarial autoencoder's mistake: step the discriminator, then backpropagate a loss
    that was computed with its old weights."""
    ta.seed(0)
    layer = nn.Dense(3, 2)
    x = ta.tensor(xp.ones((4, 3), dtype="float32"))
    first = layer(x).sum()
    second = layer(x).sum()
    opt = optim.SGD(layer.parameters(), lr=0.1)
    first.backward()
    opt.step()
    with pytest.raises(RuntimeError, match=r"tensor 'W'.*LinearOp.*version 0 then, [1-9]\d* now"):
        second.backward()


def test_reading_data_is_never_an_error(xp):
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    values = x.data.copy()          # a learner reads .data (and keeps a copy) between forward and backward
    assert float(x.data.sum()) == 3.0
    y.backward()
    assert xp.allclose(x.grad, 2 * values)


def test_a_write_that_puts_back_the_same_values_is_not_a_change(xp):
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    x.data[:] = x.data.copy()
    y.backward()
    assert xp.allclose(x.grad, xp.asarray([2.0, 4.0]))


def test_writing_before_the_forward_pass_is_fine_and_reusing_an_input_buffer_works(xp):
    """A batch buffer refilled in place each step: every forward records the values it saw."""
    ta.seed(0)
    layer = nn.Dense(2, 1)
    x = ta.tensor(xp.zeros((1, 2), dtype="float32"))
    for value in (1.0, 2.0, 3.0):
        x.data[:] = value
        layer.zero_grad()
        layer(x).sum().backward()
        assert xp.allclose(layer.W.grad, value)


def test_a_later_forward_pass_uses_the_new_values_and_the_older_graph_fails(xp):
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    old = (x * x).sum()
    x.data[:] = 3
    new = (x * x).sum()
    new.backward()
    assert xp.allclose(x.grad, 6.0)
    with pytest.raises(RuntimeError, match="changed in"):
        old.backward()


def test_the_engine_api_bump_version_and_assigning_data(xp):
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    y = (x * 2 * x).sum()
    x.bump_version()
    with pytest.raises(RuntimeError, match="version 0 then, 1 now"):
        y.backward()
    y = (x * x).sum()
    x.data = xp.asarray([5.0, 5.0], dtype="float32")
    with pytest.raises(RuntimeError, match="version 1 then, 2 now"):
        y.backward()
    with pytest.raises(TypeError, match=r"\.data: data must be a NumPy or CuPy array, got list"):
        x.data = [1.0, 2.0]


def test_a_kept_output_is_checked_too(xp):
    """tanh's backward uses its output y: 1 - y^2."""
    x = ta.tensor([0.5, -0.25], requires_grad=True)
    h = ops.tanh(x)
    loss = (h + 1).sum()                # addition keeps no values: only TanhOp's y is at stake
    h.data[:] = 0
    with pytest.raises(RuntimeError, match=r"its output.*TanhOp"):
        loss.backward()


@pytest.mark.parametrize("f", [ops.softmax, ops.log_softmax, ops.elu, ops.exp, ops.sqrt,
                               lambda x: x ** ta.tensor([[2.0, 0.5, 1.5]], requires_grad=True),
                               lambda x: x.max(), lambda x: x.max(axis=1, keepdims=True)],
                         ids=["softmax", "log_softmax", "elu", "exp", "sqrt", "pow", "max", "max_axis"])
def test_every_op_whose_backward_reads_its_output_checks_it(xp, f):
    """Review finding 4a: these backwards read y (softmax's y, log_softmax's e^y, elu's y + alpha,
    exp's y, sqrt's 2y, pow's y ln a, max's winners x == y); a write into y before backward used
    to give a wrong gradient silently."""
    x = ta.tensor([[0.5, 1.0, 2.0], [0.25, 3.0, 1.5]], requires_grad=True)
    y = f(x)
    loss = (y + 1).sum()
    y.data[...] = 0.5
    with pytest.raises(RuntimeError, match=r"its output.*Op kept"):
        loss.backward()


def test_a_function_whose_backward_reads_self_y_says_saves_output():
    """The rule behind finding 4a, for every Function of tinyae: a backward that reads the saved
    output self.y declares saves_output = True, so a write into the output is caught."""
    import inspect
    readers = [cls for cls in _subclasses(ta.Function)
               if "backward" in vars(cls) and "self.y" in inspect.getsource(cls.backward)]
    assert len(readers) >= 10
    assert [cls.__name__ for cls in readers if not cls.saves_output] == []


@pytest.mark.parametrize("penalty", [
    lambda p, W: losses.binary_crossentropy(p, ta.tensor([[1.0, 0.0]])),
    lambda p, W: losses.contractive_penalty(p, W)], ids=["bce_after_sigmoid", "contractive_penalty"])
def test_a_loss_that_reads_the_sigmoid_output_beside_its_input_checks_it(xp, penalty):
    """Review finding 4b: binary_crossentropy of a sigmoid output and contractive_penalty compute
    from the sigmoid's input z but read its output p = sigma(z) in backward; p is now an input of
    their Function, so a write into p after the forward pass raises instead of giving a gradient
    from the new values."""
    z = ta.tensor([[2.0, -1.0]], requires_grad=True)
    W = ta.tensor([[0.5, -0.25], [1.0, 0.75]], requires_grad=True)
    p = ops.sigmoid(z)
    loss = penalty(p, W)
    p.data[:] = 0.5
    with pytest.raises(RuntimeError, match=r"its input 2.*(BinaryCrossentropyWithLogits|ContractivePenalty) kept"):
        loss.backward()


def test_a_write_through_numpy_after_the_forward_pass_is_caught(xp):
    """Review finding 4c: on NumPy, .numpy() hands out the tensor's own array (shared memory, as
    PyTorch's Tensor.numpy()); a write through it after the forward pass now raises like one through
    .data (it used to give x.grad = [0, 0] instead of [3, 4]). On CuPy it is a copy: nothing to catch."""
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    w = ta.tensor([3.0, 4.0])
    y = (x * w).sum()
    values = w.numpy()
    values[:] = 0
    if xp.__name__ == "numpy":
        with pytest.raises(RuntimeError, match=r"its input 1.*MulOp"):
            y.backward()
    else:
        y.backward()
        assert xp.allclose(x.grad, xp.asarray([3.0, 4.0]))


def test_an_addition_keeps_no_values_so_a_later_change_is_harmless(xp):
    """d(x + c)/dx = 1 whatever x holds, as in PyTorch (add saves no tensor for backward)."""
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    y = (x + 1).sum()
    x.data[:] = 7
    y.backward()
    assert xp.allclose(x.grad, 1.0)


def test_retained_graph_is_checked_on_each_walk(xp):
    x = ta.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    assert float(x.data[0]) == 1.0      # a read between forward and backward: a copy is taken
    y.backward(retain_graph=True)
    assert xp.allclose(x.grad, xp.asarray([2.0, 4.0]))
    x.data[1] = 0                       # the next hand-out of .data copies again
    with pytest.raises(RuntimeError, match="changed in"):
        y.backward()


def test_a_function_instance_is_single_use(xp):
    """Issue item 2: f = TanhOp(); f(a); f(b) sent a's gradient to b."""
    a = ta.tensor([0.1, 0.2], requires_grad=True)
    b = ta.tensor([1.0, 2.0], requires_grad=True)
    f = ops.activations.TanhOp()
    f(a)
    with pytest.raises(RuntimeError, match=r"TanhOp instance was already called once.*new one for each call"):
        f(b)
    g = ops.activations.TanhOp()
    y = g(a)
    y.sum().backward()                  # released after backward, and still single-use
    with pytest.raises(RuntimeError, match="already called once"):
        g(b)


def test_no_function_class_shares_a_name_with_a_layer():
    """The Function classes of tinyae/ops/ end in Op: nn.Tanh is a layer, ops TanhOp a Function."""
    functions = {cls.__name__ for cls in _subclasses(ta.Function) if cls.__module__.startswith("tinyae.ops")}
    assert {"TanhOp", "SigmoidOp", "ReLUOp", "ReshapeOp", "TransposeOp", "Conv2DOp"} <= functions
    assert all(name.endswith("Op") for name in functions), sorted(functions)
    layers = {name for name in dir(nn) if isinstance(getattr(nn, name), type)}
    assert not functions & layers


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_grad_in_another_thread_does_not_touch_this_threads_graph():
    """Issue item 7: grad mode is thread-local."""
    inside, done = threading.Event(), threading.Event()

    def other_thread():
        with ta.no_grad():
            inside.set()
            done.wait(timeout=10)

    thread = threading.Thread(target=other_thread)
    thread.start()
    try:
        assert inside.wait(timeout=10)
        x = ta.tensor([3.0], requires_grad=True)
        y = x * x                               # recorded although the other thread is in no_grad
        assert y.requires_grad and y.creator is not None
        y.backward()
        assert float(x.grad[0]) == 6.0
    finally:
        done.set()
        thread.join()
    with ta.no_grad():
        assert not (ta.tensor([1.0], requires_grad=True) * 2).requires_grad


# ----- p -= lr * p.grad: the hand-written update -----------------------------------------------
def test_a_manual_update_under_no_grad_changes_the_parameter_itself(xp):
    """`with ta.no_grad(): for p in model.parameters(): p -= lr * p.grad`, PyTorch's hand-written
    SGD, used to rebind the loop variable to a new tensor and leave the model as it was: the loss
    never moved. Now +=, -=, *= and /= on a parameter under no_grad change it in place."""
    ta.seed(0)
    layer = nn.Dense(4, 4, activation="sigmoid")
    x = ta.tensor(xp.linspace(0, 1, 32, dtype="float32").reshape(8, 4))
    W, before = layer.W, layer.W.numpy().copy()
    losses_seen = []
    for _ in range(3):
        layer.zero_grad()
        loss = losses.mse(layer(x), x)
        losses_seen.append(loss.item())
        loss.backward()
        with ta.no_grad():
            for p in layer.parameters():
                p -= 0.5 * p.grad
    assert losses_seen[2] < losses_seen[1] < losses_seen[0]
    assert layer.W is W and layer.parameters() == [layer.W, layer.b]          # still the parameter
    assert not (layer.W.numpy() == before).all()
    last = layer.W.numpy().copy()
    with ta.no_grad():
        layer.W *= 2.0
        layer.W /= 4.0
        layer.W += xp.ones((4, 4), dtype="float32")
    assert (layer.W.numpy() == last * 2.0 / 4.0 + 1).all() and layer.W is W


def test_an_in_place_update_of_a_parameter_while_recording_is_refused(xp):
    layer = nn.Dense(3, 2)
    with pytest.raises(RuntimeError, match=r"p -= \.\.\. changes a tensor that requires grad \('W'.*"
                                           r"under `with ta\.no_grad\(\):`, e\.g\. `p -= lr \* p\.grad`"):
        layer.W -= 0.1
    assert layer.parameters() == [layer.W, layer.b]


def test_other_tensors_still_build_a_new_tensor_for_plus_equals(xp):
    layer = nn.Dense(3, 2)
    y = layer(ta.tensor(xp.ones((1, 3), dtype="float32")))
    y += 1                                          # a graph output: y + 1, a new node
    assert y.creator is not None and y.requires_grad
    t = ta.tensor([1.0, 2.0])
    alias = t
    t += 1                                          # a constant: t + 1, a new tensor
    assert t is not alias and alias.numpy().tolist() == [1.0, 2.0] and t.numpy().tolist() == [2.0, 3.0]


def test_a_manual_update_checks_shape_and_dtype_and_is_seen_by_an_older_graph(xp):
    layer = nn.Dense(3, 2)
    with ta.no_grad():
        with pytest.raises(ValueError, match=r"p -= x in place needs x to broadcast to p's shape \(2,\), got \(3, 2\)"):
            layer.b -= xp.ones((3, 2), dtype="float32")
        with pytest.raises(TypeError, match="operands have dtypes float32 and float64"):
            layer.b -= xp.ones(2, dtype="float64")
    loss = layer(ta.tensor(xp.ones((1, 3), dtype="float32"))).sum()
    with ta.no_grad():
        layer.W -= 0.01
    with pytest.raises(RuntimeError, match=r"tensor 'W'.*changed in\s+place"):
        loss.backward()
