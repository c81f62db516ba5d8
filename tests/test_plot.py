"""Plots, headless (conftest sets MPLBACKEND=Agg): each returns its figure, writes a PNG when given
a path, draws what it claims to draw, and leaves nothing open in pyplot. Also the two plotting
callbacks."""
from statistics import NormalDist

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

import tinyae as ta
from tinyae import nn, plot
from tinyae.training import LivePlot, SaveImageGrid
from saved_files import is_png


def assert_png(path):
    assert path.is_file() and is_png(path)


@pytest.fixture(autouse=True)
def nothing_left_open():
    yield
    assert plt.get_fignums() == []     # headless figures never pile up in pyplot


def test_headless_means_file_backend():
    assert plot.display_kind() == "file"


def test_image_grid_draws_originals_over_reconstructions(tmp_path, rng):
    originals = rng.uniform(size=(7, 784)).astype(np.float32)
    reconstructions = ta.tensor(originals * 0.5)                 # tensors are fine too
    fig = plot.image_grid([originals, reconstructions], row_titles=["original", "reconstructed"],
                          path=tmp_path / "sub" / "grid.png")
    assert isinstance(fig, Figure) and len(fig.axes) == 14
    assert_png(tmp_path / "sub" / "grid.png")
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), originals[0].reshape(28, 28))
    np.testing.assert_allclose(fig.axes[7].images[0].get_array(), 0.5 * originals[0].reshape(28, 28))
    assert fig.axes[7].get_ylabel() == "reconstructed"


def test_image_grid_given_one_batch_says_rows_is_a_list(rng):
    x = rng.uniform(size=(7, 784)).astype(np.float32)
    for batch in (x, ta.tensor(x)):
        with pytest.raises(TypeError, match=r"rows must be a list of batches, one per row .* got one array of shape "
                                            r"\(7, 784\); for one row: image_grid\(\[x\]\)"):
            plot.image_grid(batch)                # iterated, each image alone would be "a batch"


def test_as_images_understands_the_usual_layouts(rng):
    flat = rng.uniform(size=(3, 784))
    assert plot.as_images(flat).shape == (3, 28, 28)
    assert plot.as_images(flat.reshape(3, 1, 28, 28)).shape == (3, 28, 28)
    assert plot.as_images(flat.reshape(3, 28, 28, 1)).shape == (3, 28, 28)
    with pytest.raises(ValueError, match="not square"):
        plot.as_images(rng.uniform(size=(3, 10)))


def test_save_image_grid_tiles_like_torchvision(tmp_path, rng):
    from matplotlib.image import imread
    images = rng.uniform(-1, 1, size=(10, 1, 28, 28)).astype(np.float32)
    grid = plot.save_image_grid(images, tmp_path / "image_0.png", nrow=8, value_range=(-1, 1))
    assert grid.shape == (2 * 30 + 2, 8 * 30 + 2)
    np.testing.assert_allclose(grid[2:30, 32:60], (images[1, 0] + 1) / 2, atol=1e-6)
    assert imread(tmp_path / "image_0.png").shape[:2] == grid.shape


def test_latent_scatter_2d_has_one_colour_per_label_and_a_legend(tmp_path, rng):
    codes = rng.normal(size=(300, 2))
    labels = np.arange(300) % 10
    fig = plot.latent_scatter_2d(codes, labels, title="codes", path=tmp_path / "z.png")
    assert_png(tmp_path / "z.png")
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [str(k) for k in range(10)]
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plot.latent_scatter_2d(rng.normal(size=(5, 3)), labels[:5])
    with pytest.raises(ValueError, match=r"labels must have shape \(300,\), got \(300, 10\); one-hot rows\? pass "
                                         r"labels.argmax\(axis=1\)$"):
        plot.latent_scatter_2d(codes, np.eye(10)[labels])           # Keras's to_categorical(y_test)
    with pytest.raises(ValueError, match=r"got \(300, 1\); pass labels.ravel\(\)$"):
        plot.latent_scatter_2d(codes, labels[:, None])


def test_latent_scatter_3d_draws_each_digit_in_rainbow_colours(tmp_path, rng):
    from matplotlib import cm
    codes = rng.normal(size=(200, 3))
    labels = rng.integers(0, 10, size=200)
    fig = plot.latent_scatter_3d(codes, labels, path=tmp_path / "z3.png")
    assert_png(tmp_path / "z3.png")
    texts = fig.axes[0].texts
    assert [t.get_text() for t in texts] == [str(k) for k in labels]
    nine = next(t for t, k in zip(texts, labels) if k == 9)
    assert nine.get_bbox_patch().get_facecolor() == pytest.approx(cm.rainbow(255))
    assert fig.axes[0].get_xlim() == pytest.approx((codes[:, 0].min(), codes[:, 0].max()))


def test_latent_scatter_3d_colours_uint8_labels_like_int_labels(rng):
    # MNIST's labels are uint8: 255 * label must not wrap around (255 * 9 = 2295)
    codes = rng.normal(size=(10, 3))
    labels = rng.permutation(10)
    wide = plot.latent_scatter_3d(codes, labels).axes[0].texts
    narrow = plot.latent_scatter_3d(codes, labels.astype("uint8")).axes[0].texts
    assert [t.get_text() for t in narrow] == [str(k) for k in labels]
    assert [t.get_bbox_patch().get_facecolor() for t in narrow] == [t.get_bbox_patch().get_facecolor() for t in wide]


def test_loss_curves_draw_train_and_validation(tmp_path):
    history = {"loss": [0.3, 0.2, 0.1], "val_loss": [0.35, 0.25, 0.2]}
    fig = plot.loss_curves(history, path=tmp_path / "loss.png")
    assert_png(tmp_path / "loss.png")
    lines = fig.axes[0].get_lines()
    assert [list(line.get_ydata()) for line in lines] == [history["loss"], history["val_loss"]]
    assert list(lines[0].get_xdata()) == [1, 2, 3]
    assert len(plot.loss_curves([0.5, 0.4]).axes[0].get_lines()) == 1


def test_manifold_grid_decodes_the_normal_quantiles_in_the_chapters_order(tmp_path):
    q = plot.normal_quantiles(7)
    assert q.dtype == np.float32
    np.testing.assert_allclose(q[[0, 3, 6]], [-1.6448536, 0.0, 1.6448536], atol=1e-6)
    np.testing.assert_allclose(q[1], NormalDist().inv_cdf(0.2), atol=1e-6)
    seen = []

    def decode(z):        # image = z1 in its left half, z2 in its right half
        seen.append(z)
        images = np.empty((len(z), 28, 28), dtype=np.float32)
        images[:, :, :14] = z[:, :1, None]
        images[:, :, 14:] = z[:, 1:, None]
        return images

    fig = plot.manifold_grid(decode, n=7, path=tmp_path / "manifold.png")
    assert_png(tmp_path / "manifold.png")
    assert seen[0].shape == (49, 2) and seen[0].dtype == np.float32
    canvas = fig.axes[0].images[0].get_array()
    assert canvas.shape == (7 * 28, 7 * 28)
    row, column = 1, 5          # row i shows z2 = q[i], column j shows z1 = q[j]
    assert canvas[row * 28 + 3, column * 28 + 3] == pytest.approx(q[column])
    assert canvas[row * 28 + 3, column * 28 + 20] == pytest.approx(q[row])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][0] == "-1.64"   # z2 grows downwards

    fig = plot.manifold_grid(decode, n=7, z2_up=True)            # z2 grows upwards, as in a scatter plot
    assert seen[1].shape == (49, 2)
    canvas = fig.axes[0].images[0].get_array()
    assert canvas[row * 28 + 3, column * 28 + 3] == pytest.approx(q[column])
    assert canvas[row * 28 + 3, column * 28 + 20] == pytest.approx(q[6 - row])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()][::3] == ["1.64", "0.00", "-1.64"]


def test_kl_penalty_curve_is_zero_at_rho_and_grows_away_from_it(tmp_path):
    fig = plot.kl_penalty_curve(rho=0.2, path=tmp_path / "kl.png")
    assert_png(tmp_path / "kl.png")
    x, y = fig.axes[0].get_lines()[0].get_data()
    assert x[np.argmin(y)] == pytest.approx(0.2, abs=0.005) and y.min() == pytest.approx(0.0, abs=1e-4)
    low, high = y[x < 0.2], y[x > 0.2]
    assert (np.diff(low) < 0).all() and (np.diff(high) > 0).all()     # falls to rho, then rises
    assert low[0] == pytest.approx(0.2 * np.log(40) + 0.8 * np.log(0.8 / 0.995))   # at rho_hat = 0.005
    assert high[-1] == pytest.approx(0.2 * np.log(0.2 / 0.995) + 0.8 * np.log(160))  # at 0.995
    with pytest.raises(ValueError, match="rho"):
        plot.kl_penalty_curve(rho=1.0)


def test_live_reconstructions_redraw_and_save_when_headless(tmp_path, rng):
    originals = rng.uniform(size=(5, 784)).astype(np.float32)
    view = plot.LiveReconstructions(originals, path=tmp_path / "live.png")
    fig = view.update(originals * 0.25, title="epoch 0 | train loss 0.2317")
    assert_png(tmp_path / "live.png")
    np.testing.assert_allclose(fig.axes[5].images[0].get_array(), 0.25 * originals[0].reshape(28, 28))
    assert fig._suptitle.get_text() == "epoch 0 | train loss 0.2317" and view.updates == 1


def test_plotting_callbacks_during_fit(tmp_path, rng):
    x = rng.uniform(size=(40, 16)).astype(np.float32)
    model = ta.Model(nn.Sequential(nn.Dense(16, 4, "relu"), nn.Dense(4, 16, "sigmoid"))).compile("adam", "mse")
    grids = SaveImageGrid(x[:10], tmp_path / "image_{epoch}.png", every=2, image_shape=(4, 4))
    live = LivePlot(x[:5], every_batches=2, path=tmp_path / "live.png", image_shape=(4, 4))
    model.fit(x, x, epochs=5, batch_size=8, callbacks=[grids, live], verbose=0)
    assert grids.saved == [str(tmp_path / f"image_{e}.png") for e in (0, 2, 4)]
    for path in grids.saved:
        assert_png(tmp_path / path)
    assert live.view.updates == 5 * 3          # batches 0, 2, 4 of 5 batches, in each of 5 epochs
    assert_png(tmp_path / "live.png")
