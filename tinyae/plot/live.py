"""Seed 001's live view: reconstructions redrawn while the network trains (plt.ion())."""
from pathlib import Path

from .figures import display_kind, new_figure
from .images import as_images


class LiveReconstructions:
    """A figure of n originals (top row) over the network's current reconstructions (bottom row).

        view = plot.LiveReconstructions(view_data)
        ...
        view.update(decoded_data, title=f"epoch {epoch} | train loss {loss:.4f}")

    With a window it redraws in place without blocking (plt.ion, then plt.pause(0.05) as in the
    chapter); in Jupyter it is one output under the cell, replaced at each update (an IPython
    display handle); every update also saves the figure to `path` (when given)."""

    def __init__(self, originals, image_shape=None, path=None, value_range=(0.0, 1.0)):
        originals = as_images(originals, image_shape)
        self.image_shape, self.path = image_shape, (Path(path) if path else None)
        n = len(originals)
        self.window = display_kind() == "window"
        self.notebook = display_kind() == "notebook"
        if self.window:
            import matplotlib.pyplot as plt
            plt.ion()
        self.fig = new_figure(figsize=(max(5, 1.1 * n), 2.4))
        self.artists = []
        vmin, vmax = value_range
        for row in range(2):
            for j in range(n):
                ax = self.fig.add_subplot(2, n, row * n + j + 1)
                ax.set_xticks(())
                ax.set_yticks(())
                shown = originals[j] if row == 0 else originals[j] * 0
                artist = ax.imshow(shown, cmap="gray", vmin=vmin, vmax=vmax)
                if row == 1:
                    self.artists.append(artist)
        self.updates = 0
        if self.window:
            plt.show(block=False)
            plt.pause(0.001)
        if self.notebook:
            import matplotlib.pyplot as plt
            from IPython.display import display
            plt.close(self.fig)            # shown through the handle, not once more when the cell ends
            self.handle = display(self.fig, display_id=True)

    def update(self, reconstructions, title=None):
        """Show new reconstructions (an array or tensor of n images); returns the figure."""
        for artist, image in zip(self.artists, as_images(reconstructions, self.image_shape)):
            artist.set_data(image)
        if title:
            self.fig.suptitle(title)
        self.updates += 1
        if self.window:
            import matplotlib.pyplot as plt
            self.fig.canvas.draw_idle()
            plt.pause(0.05)
        if self.notebook:
            self.handle.update(self.fig)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fig.savefig(self.path, dpi=100)
        return self.fig
