"""The title line: `papertray · Fri 2026-04-10 · offline summarizer`, one widget."""

from __future__ import annotations

from textual.widgets import Static


class TitleBar(Static):
    """The app's title and the screen's sub-title, as Textual's Header shows them.

    One widget instead of the Header's four (its palette icon is hidden, the footer's ^p
    opens the palette; its clock is off; the title line never grows tall): fewer nodes to
    style and lay out before the first frame. Styled in app.tcss.
    """

    def on_mount(self) -> None:
        """Follow the titles of the app and of the screen."""
        self.watch(self.app, "title", self._show_title, init=False)
        self.watch(self.app, "sub_title", self._show_title, init=False)
        self.watch(self.screen, "title", self._show_title, init=False)
        self.watch(self.screen, "sub_title", self._show_title)

    def _show_title(self) -> None:
        """The screen's title and sub-title, or the app's (as Header.format_title)."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        self.update(app.format_title(title, sub_title))
