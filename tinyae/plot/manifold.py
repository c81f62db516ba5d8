"""The VAE's generator at work: decoded images over a grid of latent points."""
from statistics import NormalDist

from .figures import finish, new_figure
from .host import host_array, np
from .images import as_images


def normal_quantiles(n, low=0.05, high=0.95):
    """Phi^-1(p) for n evenly spaced p from low to high (the chapter's norm.ppf(np.linspace(0.05, 0.95, n)),
    with the standard library's NormalDist instead of SciPy): points of z ~ N(0, 1) that cover its bulk."""
    return np.array([NormalDist().inv_cdf(float(p)) for p in np.linspace(low, high, n)], dtype="float32")


def manifold_grid(decode, n=15, image_shape=(28, 28), quantile_range=(0.05, 0.95), figsize=(6, 6),
                  cmap="Greys_r", z2_up=False, path=None):
    """An n x n canvas of decoded 2-d codes, as the 002 chapter draws it: row i, column j shows
    decode([z1, z2]) with z1 = q[j], z2 = q[i] and q = normal_quantiles(n). `decode` maps a float32
    array of shape (m, 2) to m images (e.g. a decoder Model's predict). Returns the figure.

    The chapter's row 0, drawn at the top, holds the lowest z2, so z2 grows downwards: the canvas is
    the code plane upside down next to a scatter plot of the codes. z2_up=True draws row i with
    z2 = q[n - 1 - i] instead, z2 growing upwards as in the scatter plot. The axes are labelled with
    the code values either way."""
    q = normal_quantiles(n, *quantile_range)
    rows = q[::-1] if z2_up else q              # the z2 of each row, top to bottom
    z = np.array([[q[j], rows[i]] for i in range(n) for j in range(n)], dtype="float32")
    digits = as_images(host_array(decode(z)), image_shape)
    height, width = digits.shape[1:3]
    canvas = digits.reshape(n, n, height, width).transpose(0, 2, 1, 3).reshape(n * height, n * width)
    fig = new_figure(figsize=figsize)
    ax = fig.add_subplot()
    ax.imshow(canvas, cmap=cmap)
    ticks = [k * width + width // 2 for k in range(n)]
    labels = [f"{round(float(v), 2) + 0.0:.2f}" for v in q]    # + 0.0: the middle quantile prints as 0.00, not -0.00
    ax.set_xticks(ticks, labels, rotation=90)
    ax.set_yticks([k * height + height // 2 for k in range(n)], labels[::-1] if z2_up else labels)
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    return finish(fig, path)
