"""The progress bar that fit() prints, in Keras's format:

    Epoch 1/50
    235/235 [==============================] - 2s 8ms/step - loss: 0.3588 - val_loss: 0.2669

Our own (30 lines) rather than tqdm: it prints exactly Keras's line, so a learner can put tinyae's
output beside the chapter's, and it costs no dependency. In a terminal (or Jupyter) the line is
redrawn in place as batches finish; in a log file (CI, `> out.txt`) only the finished line is
written, as Keras does.
"""
import sys
import time


def format_logs(logs):
    """" - loss: 0.3588 - val_loss: 0.2669" (Keras prints tiny values in scientific notation)."""
    return "".join(f" - {k}: {v:.4f}" if abs(v) > 1e-3 else f" - {k}: {v:.4e}" for k, v in logs.items())


def _per_step(seconds):
    """Keras's time per step: "2s/step", "8ms/step" or "950us/step"."""
    if seconds >= 1:
        return f"{seconds:.0f}s/step"
    return f"{seconds * 1e3:.0f}ms/step" if seconds >= 1e-3 else f"{seconds * 1e6:.0f}us/step"


def _eta(seconds):
    """Keras's ETA: "7s", "1:05" or "1:02:05"."""
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds}s"


class ProgressBar:
    """One epoch's progress. verbose=1: the bar; verbose=2: only the finished line, without the bar."""

    def __init__(self, steps, verbose=1, width=30, interval=0.05):
        self.steps, self.verbose, self.width, self.interval = steps, verbose, width, interval
        self.start = self.last_draw = time.perf_counter()
        self.stream = sys.stdout
        in_jupyter = type(self.stream).__module__.startswith("ipykernel")   # the kernel's OutStream
        self.dynamic = verbose == 1 and (self.stream.isatty() or in_jupyter)
        self.drawn = 0   # length of the line on screen, so that a shorter one can blank it out

    def update(self, step, logs):
        """Redraw after `step` of `steps` batches, showing the running means in `logs`."""
        now = time.perf_counter()
        if not self.dynamic or (now - self.last_draw < self.interval and step < self.steps):
            return
        self.last_draw = now
        eta = (now - self.start) / step * (self.steps - step)
        self._draw(f"{self._bar(step)} - ETA: {_eta(eta)}{format_logs(logs)}")
        self.stream.flush()

    def finish(self, logs):
        """The epoch's final line, with the epoch means (and validation losses)."""
        elapsed = time.perf_counter() - self.start
        if self.verbose == 1:
            line = f"{self._bar(self.steps)} - {elapsed:.0f}s {_per_step(elapsed / max(self.steps, 1))}"
        else:
            line = f"{self.steps}/{self.steps} - {elapsed:.0f}s"
        self._draw(line + format_logs(logs))
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self, line):
        if self.dynamic:
            self.stream.write("\r" + line.ljust(self.drawn))
            self.drawn = len(line)
        else:
            self.stream.write(line)

    def _bar(self, step):
        done = int(self.width * step / max(self.steps, 1))
        arrow = ">" if step < self.steps else "="
        filled = ("=" * (done - 1) + arrow) if done else ""
        digits = len(str(self.steps))
        return f"{step:>{digits}}/{self.steps} [{filled}{'.' * (self.width - len(filled))}]"
