"""A titled block that folds to its title line (lighter than Collapsible, and markup-safe)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from tui.widgets.fitted import Fitted


class FoldTitle(Static):
    """The title line; a click folds or unfolds its block."""

    def on_click(self, event: Click) -> None:
        """Fold or unfold the block."""
        event.stop()
        if isinstance(self.parent, Fold):
            self.parent.folded = not self.parent.folded


class Fold(Fitted, Vertical):
    """A title and a body; `folded` hides the body. `-cursor` marks the one j/k is on."""

    folded: reactive[bool] = reactive(False)
    """Only the title shows."""

    def __init__(self, title: str, body: Widget, *, folded: bool = False,
                 id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        # The class goes in with the id: set_class() here would restyle a node not mounted yet.
        super().__init__(id=id, classes="-folded" if folded else None)
        self._title = title
        self._body = body
        self.set_reactive(Fold.folded, folded)

    def compose(self) -> ComposeResult:
        """Yield the title line and the body."""
        yield FoldTitle(self._label(), classes="fold-title")
        yield self._body

    def _label(self) -> Content:
        return Content.assemble(("▸ " if self.folded else "▾ ", "dim"), Content(self._title))

    def set_title(self, title: str) -> None:
        """Change the title (untrusted text is fine: it is never markup)."""
        self._title = title
        if self.is_mounted:
            self.query_one(FoldTitle).update(self._label())

    def watch_folded(self, folded: bool) -> None:
        """Hide or show the body; the arrow follows."""
        self.set_class(folded, "-folded")
        if self.is_mounted:
            self.query_one(FoldTitle).update(self._label())
