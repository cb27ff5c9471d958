"""Where the stylesheets are: `tui/styles` in an installed wheel, `styles/` in a checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """The folder holding `app.tcss` and one stylesheet per screen."""
    installed = _HERE / "styles"
    return installed if installed.is_dir() else _HERE.parent / "styles"


def stylesheet(name: str) -> Path:
    """The path of one stylesheet, e.g. `stylesheet("reader")`."""
    return styles_dir() / f"{name}.tcss"
