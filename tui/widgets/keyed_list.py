"""An OptionList that also answers the keys a vim or mutt user reaches for."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class KeyedList(OptionList):
    """OptionList plus j/k, g/G."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
    ]
    """Vim-style movement on top of the arrows, Home/End and PgUp/PgDn."""
