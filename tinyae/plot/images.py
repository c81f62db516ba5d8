"""Pictures of images: rows of digits (originals over reconstructions) and torchvision-style grids."""
import math
from pathlib import Path

from .. import backend
from ..tensor import Tensor
from .figures import finish, new_figure
from .host import host_array

np = backend.module_for("numpy")


def as_images(images, image_shape=None):
    """Host array of shape (n, height, width) (or (n, height, width, 3)) from a batch of images in
    any common layout: (n, 784) flat (square, or reshaped to `image_shape`), (n, h, w),
    (n, 1, h, w) / (n, 3, h, w) channels first, or (n, h, w, 1) channels last. Tensors are fine too."""
    images = host_array(images)
    if image_shape is not None:
        images = images.reshape(len(images), *image_shape)
    if images.ndim == 2:
        side = math.isqrt(images.shape[1])
        if side * side != images.shape[1]:
            raise ValueError(f"as_images: flat images of length {images.shape[1]} are not square; pass image_shape")
        images = images.reshape(len(images), side, side)
    if images.ndim == 4 and images.shape[1] in (1, 3) and images.shape[-1] not in (1, 3):
        images = images.transpose(0, 2, 3, 1)          # channels first -> channels last
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4):
        raise ValueError(f"as_images: expected a batch of images, got shape {images.shape}")
    return images


def image_grid(rows, row_titles=None, n=None, image_shape=None, value_range=(0.0, 1.0), title=None,
               figsize=None, cmap="gray", path=None):
    """One row of images per entry of `rows` (e.g. [x_test[:7], reconstructed[:7]]: originals over
    reconstructions), the first `n` of each. value_range fixes the grey scale (None: each image
    stretched to its own min and max, as plt.imshow does by default). Returns the figure."""
    if backend.is_array(rows) or isinstance(rows, Tensor):
        raise TypeError(f"image_grid: rows must be a list of batches, one per row (e.g. [x_test[:7], "
                        f"reconstructed[:7]]), got one array of shape {tuple(rows.shape)}; for one row: image_grid([x])")
    rows = [as_images(r, image_shape) for r in rows]
    n = n or min(len(r) for r in rows)
    figsize = figsize or (1.6 * n + 0.6, 1.7 * len(rows) + 0.3)
    fig = new_figure(figsize=figsize)
    vmin, vmax = value_range if value_range is not None else (None, None)
    for i, images in enumerate(rows):
        for j in range(n):
            ax = fig.add_subplot(len(rows), n, i * n + j + 1)
            ax.imshow(images[j], cmap=cmap, vmin=vmin, vmax=vmax)
            ax.set_xticks(())
            ax.set_yticks(())
            if j == 0 and row_titles:
                ax.set_ylabel(row_titles[i])
    if title:
        fig.suptitle(title)
    return finish(fig, path)


def tile(images, nrow=8, padding=2, pad_value=0.0):
    """The images as one array: `nrow` per row, `padding` pixels of pad_value around each
    (torchvision's make_grid)."""
    images = as_images(images)
    count, height, width = images.shape[:3]
    columns = min(nrow, count)
    grid_rows = math.ceil(count / columns)
    grid = np.full((grid_rows * (height + padding) + padding, columns * (width + padding) + padding,
                    *images.shape[3:]), pad_value, dtype=images.dtype)
    for k in range(count):
        top = (k // columns) * (height + padding) + padding
        left = (k % columns) * (width + padding) + padding
        grid[top:top + height, left:left + width] = images[k]
    return grid


def save_image_grid(images, path, nrow=8, padding=2, value_range=(0.0, 1.0), image_shape=None):
    """Write the images as one PNG grid, `nrow` per row (seed 003's torchvision save_image):
    values are clipped to value_range, which becomes black..white. Returns the grid array."""
    from matplotlib.image import imsave
    images = as_images(images, image_shape)
    low, high = value_range
    grid = tile(((images - low) / (high - low)).clip(0, 1), nrow=nrow, padding=padding)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    imsave(path, grid, cmap="gray", vmin=0, vmax=1)
    return grid
