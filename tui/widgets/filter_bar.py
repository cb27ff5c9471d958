"""The `/` title filter: an input that narrows the paper list as you type."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    """Type to filter titles; Enter keeps the filter, Escape clears it."""

    BINDINGS = [Binding("escape", "close", "Clear filter")]
    """Escape gives up the filter."""

    class Closed(Message):
        """The reader gave up the filter."""

    def action_close(self) -> None:
        """Clear the text and say so."""
        self.value = ""
        self.post_message(self.Closed())
