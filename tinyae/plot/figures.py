"""Where figures go: saved to a file when given a path, shown when there is a screen.

matplotlib's backend decides: a file backend (Agg, as on a headless machine, in CI and in the
tests, or with MPLBACKEND=Agg) means no screen, so figures are plain Figure objects that are only
saved (nothing accumulates in pyplot); Jupyter's inline backend shows each figure under its cell;
a window backend (TkAgg, QtAgg, macosx, ...) opens a window without blocking, so training goes on.
"""
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

FILE_BACKENDS = ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template")


def display_kind():
    """"file" (no screen), "notebook" (Jupyter inline) or "window" (a GUI backend)."""
    name = matplotlib.get_backend().lower()
    if name in FILE_BACKENDS:
        return "file"
    return "notebook" if "inline" in name else "window"


def new_figure(figsize=None, **kwargs):
    """A figure: through pyplot when it can be shown, a bare Figure when it can only be saved."""
    if display_kind() == "file":
        return Figure(figsize=figsize, **kwargs)
    import matplotlib.pyplot as plt
    return plt.figure(figsize=figsize, **kwargs)


def finish(fig, path=None):
    """Save `fig` to `path` (folders are created) when a path is given; show it in a window
    (non-blocking) when there is one. In Jupyter the inline backend shows it under the cell that
    drew it, when that cell ends. Returns `fig`."""
    if path is not None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=100, bbox_inches="tight")   # never clip a label
    if display_kind() == "window":
        import matplotlib.pyplot as plt
        plt.show(block=False)
        plt.pause(0.001)   # let the window draw itself
    return fig
