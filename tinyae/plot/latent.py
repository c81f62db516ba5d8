"""Pictures of the latent space: where the encoder puts each digit."""
from matplotlib import cm

from .figures import finish, new_figure
from .host import host_array, np


def _codes_and_labels(codes, labels, dims, name):
    codes, labels = host_array(codes), host_array(labels)
    if codes.ndim != 2 or codes.shape[1] != dims:
        raise ValueError(f"{name}: codes must have shape (n, {dims}), got {codes.shape}")
    if labels.shape != (len(codes),):
        hint = ""
        if labels.ndim == 2 and len(labels) == len(codes):      # a column, or one-hot rows
            hint = "; pass labels.ravel()" if labels.shape[1] == 1 else "; one-hot rows? pass labels.argmax(axis=1)"
        raise ValueError(f"{name}: labels must have shape ({len(codes)},), got {labels.shape}{hint}")
    return codes, labels


def latent_scatter_2d(codes, labels, title=None, figsize=(6.5, 6), path=None):
    """The 2-d codes of a set of images as dots, one colour per label, with a legend (the 004
    chapter's figure of the latent space). Returns the figure."""
    codes, labels = _codes_and_labels(codes, labels, 2, "latent_scatter_2d")
    fig = new_figure(figsize=figsize)
    ax = fig.add_subplot()
    for label in np.unique(labels):
        chosen = labels == label
        ax.scatter(codes[chosen, 0], codes[chosen, 1], s=4, alpha=0.7, label=str(label))
    ax.legend(title="label", markerscale=3, loc="best")
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    if title:
        ax.set_title(title)
    return finish(fig, path)


def latent_scatter_3d(codes, labels, title=None, figsize=(7, 6), path=None):
    """Seed 001's 3-D picture: each code drawn as its digit, on a background of
    cm.rainbow(int(255 * label / 9)), inside the box the codes span. Returns the figure."""
    codes, labels = _codes_and_labels(codes, labels, 3, "latent_scatter_3d")
    fig = new_figure(figsize=figsize)
    ax = fig.add_subplot(projection="3d")
    top = max(9, int(labels.max()))
    for (x, y, z), label in zip(codes, labels.tolist()):   # Python ints: 255 * a uint8 label would wrap
        ax.text(x, y, z, str(label), backgroundcolor=cm.rainbow(int(255 * label / top)))
    for axis, values in zip("xyz", codes.T):
        low, high = float(values.min()), float(values.max())
        getattr(ax, f"set_{axis}lim")(low, high if high > low else low + 1e-6)
    if title:
        ax.set_title(title)
    return finish(fig, path)
