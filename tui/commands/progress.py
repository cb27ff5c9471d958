"""Progress for long commands: a one-line bar on a terminal, plain lines in logs and pipes."""

from __future__ import annotations

import os
import sys
from typing import TextIO


class _Line:
    """A line redrawn in place on a terminal (`_redraw`), ended by `done`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.is_terminal = self.stream.isatty()
        self._drawn = False

    def _redraw(self, line: str) -> None:
        width = _columns(self.stream)
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()
        self._drawn = True

    def done(self) -> None:
        """End the redrawn line so the next output starts clean."""
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


class ProgressLine(_Line):
    """Shows `step / total  label`; redraws one line on a terminal, prints lines otherwise."""

    def show(self, step: int, total: int, label: str) -> None:
        """Report that `step` of `total` is under way (or done), described by `label`."""
        label = _printable(label)
        if not self.is_terminal:
            print(f"[{step}/{total}] {label}", file=self.stream, flush=True)
            return
        bar_width = 20
        filled = round(bar_width * step / total) if total else bar_width
        bar = "#" * filled + "-" * (bar_width - filled)
        self._redraw(f"[{bar}] {step}/{total} {label}")


class StatusLine(_Line):
    """One line of status redrawn in place on a terminal; in logs, a line now and then."""

    def __init__(self, stream: TextIO | None = None, every: float = 10.0) -> None:
        super().__init__(stream)
        self.every = every
        self._last = ""
        self._printed = -every

    def show(self, text: str, *, now: float, key: str = "") -> None:
        """Show `text`; off a terminal only when `key` changed or `every` seconds passed."""
        text = _printable(text)
        if self.is_terminal:
            self._redraw(f"papertray: {text}")
        elif key != self._last or now - self._printed >= self.every:
            print(f"papertray: {text}", file=self.stream, flush=True)
            self._printed = now
        self._last = key


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable())


def _columns(stream: TextIO) -> int:
    """The width of the terminal the bar is drawn on (stderr may be one while stdout is not)."""
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError):
        columns = 0
    return columns or 80  # a pty nobody sized reports 0
