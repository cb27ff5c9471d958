"""The screen as plain text, for tests that assert on what is rendered (no SVG diffing)."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App


def screen_text(app: App[object]) -> str:
    """What the terminal shows right now, one line per row, styles dropped."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(  # noqa: SLF001
        full=True, screen_stack=app._background_screens))  # noqa: SLF001
    return console.export_text()
