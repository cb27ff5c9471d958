"""A Footer that redraws once per burst of binding changes instead of once per change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


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
