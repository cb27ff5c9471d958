"""Text whose wrapped lines hang under the text, not under the bullet: ` • long item…`."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from tui.widgets.fitted import Fitted

Line = tuple[Content, Content]
"""(prefix, text): continuation rows of `text` are indented by the prefix's width."""


def _key(lines: list[Line]) -> list[tuple[str, object, str, object]]:
    """What the lines show: their text and styles (Content's `==` compares text only)."""
    return [(prefix.plain, prefix.spans, text.plain, text.spans) for prefix, text in lines]


class HangingText(Fitted, Widget):
    """Lines of prefix + text, each wrapped with a hanging indent (one widget per block)."""

    DEFAULT_CSS = "HangingText { height: auto; width: 1fr; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._lines: list[Line] = []
        self._cache: tuple[int, list[Content]] = (-1, [])

    def set_lines(self, lines: list[Line]) -> None:
        """Show new lines (the same lines again: nothing to lay out or paint)."""
        if _key(lines) == _key(self._lines):
            return
        self._lines = lines
        self._cache = (-1, [])
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The text without wrapping (for tests and search)."""
        return "\n".join(prefix.plain + text.plain for prefix, text in self._lines)

    def rows(self, width: int) -> list[Content]:
        """The lines wrapped to `width` cells."""
        if self._cache[0] == width:
            return self._cache[1]
        rows: list[Content] = []
        for prefix, text in self._lines:
            pad = prefix.cell_length
            wrapped = text.wrap(max(8, width - pad)) if text.plain else []
            rows.append(prefix + (wrapped[0] if wrapped else Content("")))
            rows.extend(Content(" " * pad) + row for row in wrapped[1:])
        self._cache = (width, rows)
        return rows

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        """As many rows as the wrapped lines."""
        return len(self.rows(width))

    def render(self) -> Content:
        """The wrapped rows."""
        return Content("\n").join(self.rows(self.content_size.width))
