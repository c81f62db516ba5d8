"""Figures for the lessons (matplotlib): `from tinyae import plot`.

Every function returns its matplotlib Figure, saves it when given `path=`, works without a screen
(the Agg backend: CI, tests, ssh), shows it under its cell in Jupyter and opens a window, without
blocking, when there is one. A figure of your own: `fig = plot.new_figure(...)`, draw on it, then
`plot.finish(fig, path)` saves and shows it the same way.
"""
from .curves import kl_penalty_curve, loss_curves
from .figures import display_kind, finish, new_figure
from .images import as_images, image_grid, save_image_grid, tile
from .latent import latent_scatter_2d, latent_scatter_3d
from .live import LiveReconstructions
from .manifold import manifold_grid, normal_quantiles

__all__ = ["image_grid", "save_image_grid", "tile", "as_images", "latent_scatter_2d", "latent_scatter_3d",
           "loss_curves", "kl_penalty_curve", "manifold_grid", "normal_quantiles", "LiveReconstructions",
           "display_kind", "new_figure", "finish"]
