"""Progress for long commands: a one-line bar on a terminal, plain lines in logs and pipes."""

from __future__ import annotations

import os
import sys
from typing import TextIO


class ProgressLine:
    """Shows `step / total  label`; redraws one line on a terminal, prints lines otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.is_terminal = self.stream.isatty()
        self._drawn = False

    def show(self, step: int, total: int, label: str) -> None:
        """Report that `step` of `total` is under way (or done), described by `label`."""
        label = "".join(ch for ch in label if ch.isprintable())
        if not self.is_terminal:
            print(f"[{step}/{total}] {label}", file=self.stream, flush=True)
            return
        width = _columns(self.stream)
        bar_width = 20
        filled = round(bar_width * step / total) if total else bar_width
        bar = "#" * filled + "-" * (bar_width - filled)
        line = f"[{bar}] {step}/{total} {label}"[: width - 1]
        self.stream.write("\r" + line.ljust(width - 1))
        self.stream.flush()
        self._drawn = True

    def done(self) -> None:
        """End the bar's line so the next output starts clean."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


class StatusLine:
    """One line of status redrawn in place on a terminal; in logs, a line now and then."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.is_terminal = self.stream.isatty()
        self.every = every
        self._drawn = False
        self._last = ""
        self._printed = -every

    def show(self, text: str, *, now: float, key: str = "") -> None:
        """Show `text`; off a terminal only when `key` changed or `every` seconds passed."""
        text = "".join(ch for ch in text if ch.isprintable())
        if self.is_terminal:
            line = f"papertray: {text}"[: _columns(self.stream) - 1]
            self.stream.write("\r" + line.ljust(_columns(self.stream) - 1))
            self.stream.flush()
            self._drawn = True
        elif key != self._last or now - self._printed >= self.every:
            print(f"papertray: {text}", file=self.stream, flush=True)
            self._printed = now
        self._last = key

    def done(self) -> None:
        """End the redrawn line so the next output starts clean."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _columns(stream: TextIO) -> int:
    """The width of the terminal the bar is drawn on (stderr may be one while stdout is not)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        columns = 0
    return columns or 80  # a pty nobody sized reports 0
