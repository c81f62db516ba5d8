"""History: what fit() returns, as in Keras."""
from .callbacks import Callback


class History(Callback):
    """`history.history["loss"][e]` is epoch e's training loss: the mean of its batch losses weighted
    by batch size, (sum_b n_b L_b) / (sum_b n_b), as Keras computes it (so a short last batch counts
    for less); `history.history["val_loss"][e]` is the loss on validation_data after epoch e.
    Named loss terms and metrics get their own keys, computed the same way ("kl", "val_kl",
    "accuracy", "val_accuracy", ...). `history.epoch` lists the epoch numbers (from 0)."""

    def __init__(self) -> None:
        self.history = {}
        self.epoch = []

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        self.epoch.append(epoch)
        for key, value in logs.items():
            self.history.setdefault(key, []).append(value)

    def __repr__(self):
        last = {k: round(v[-1], 4) for k, v in self.history.items()}
        return f"History(epochs={len(self.epoch)}, last={last})"
