"""Widgets of the paper pane that resize without asking for a second layout pass."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import var
from textual.widgets import Label


class Fitted:
    """Mixin for a widget that never scrolls: its new size needs no second layout.

    Textual's `Widget.virtual_size` asks for a layout whenever it changes, and the layout
    that has just sized the widget is what changes it. For a widget that does not scroll
    (a line of the pane's header, a fold, a block of text) the size only sets scrollbars
    it does not have, so that second layout pass, and its frame, redo nothing: here the
    size is kept without one.
    """

    virtual_size: var[Size] = var(Size(0, 0))
    """The widget's content size, as laid out (no layout or repaint follows a change)."""


class Line(Fitted, Label):
    """A label of the paper pane (title, authors, markers, summary status)."""
