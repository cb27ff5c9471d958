"""A Footer that redraws once per burst of binding changes instead of once per change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported by textual.widgets


class CalmFooter(Footer):
    """Footer coalescing `bindings_changed`: a focus move plus a new paper is one recompose.

    (Textual's Footer recomposes for every signal; at start-up that was a dozen recomposes.)
    """

    _recompose_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Schedule one recompose for however many changes arrive before it runs."""
        if not self._recompose_pending:
            self._recompose_pending = True
            super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Redraw the keys; later changes schedule the next redraw."""
        self._recompose_pending = False
        await super().recompose()

    def compose(self) -> ComposeResult:
        """Footer's keys, each told the footer's `compact` before it mounts.

        A FooterKey starts compact and then takes the footer's value through `data_bind`:
        two restyles per key, a dozen keys per redraw. The palette key is not bound: it keeps
        its own default.
        """
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget
