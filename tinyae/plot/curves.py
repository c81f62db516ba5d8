"""Curves: the loss during training, and the sparse autoencoder's KL penalty."""
from .figures import finish, new_figure
from .host import np


def loss_curves(history, title="Model reconstruction loss", ylabel="loss", log_scale=False, figsize=(6, 4),
                path=None):
    """The training loss per epoch and, when present, the validation loss (the 004 chapter's
    plt.plot(hist.history['loss'])). `history` is a History, its .history dict, or a list of
    losses. Returns the figure."""
    curves = getattr(history, "history", history)
    if not isinstance(curves, dict):
        curves = {"loss": list(curves)}
    fig = new_figure(figsize=figsize)
    ax = fig.add_subplot()
    for key in ("loss", "val_loss"):
        if key in curves:
            epochs = np.arange(1, len(curves[key]) + 1)
            ax.plot(epochs, curves[key], label={"loss": "train", "val_loss": "validation"}[key])
    if log_scale:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.set_xlabel("Epoch")
    ax.set_ylabel(ylabel)
    ax.legend()
    return finish(fig, path)


def kl_penalty_curve(rho=0.2, figsize=(6, 4), path=None):
    """The sparsity penalty of one hidden unit as a function of its mean activation rho_hat (seed 003's figure):

        KL(rho || rho_hat) = rho ln(rho / rho_hat) + (1 - rho) ln((1 - rho) / (1 - rho_hat)),

    zero at rho_hat = rho and growing without bound towards 0 and 1. Returns the figure."""
    if not 0 < rho < 1:
        raise ValueError(f"kl_penalty_curve: rho must be in (0, 1), got {rho!r}")
    rho_hat = np.linspace(0.005, 0.995, 199)
    kl = rho * np.log(rho / rho_hat) + (1 - rho) * np.log((1 - rho) / (1 - rho_hat))
    fig = new_figure(figsize=figsize)
    ax = fig.add_subplot()
    ax.plot(rho_hat, kl)
    ax.axvline(rho, color="grey", linestyle=":", label=fr"$\rho$ = {rho}")
    ax.set_xlabel(r"$\hat\rho$ (mean activation of the unit)")
    ax.set_ylabel(r"KL($\rho$ || $\hat\rho$)")
    ax.set_title("KL sparsity penalty")
    ax.legend()
    return finish(fig, path)
