"""`?`: every key of the reader, hidden ones included, and what the list markers mean."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.paths import stylesheet
from tui.widgets.hanging import HangingText

EXTRA_KEYS = (
    ("j / k, ↓ / ↑", "move in a list"),
    ("g / G", "first / last in a list"),
    ("Enter", "open the paper: mark it read, summarize it now (staying on a paper "
              "a moment starts its summary too)"),
    ("space", "in the paper: fold or unfold the section j/k are on"),
    ("ctrl+p", "command palette: find any paper of any day by title, arXiv id or author"),
    ("in the paper", "j / k walk the sections and scroll through long ones"),
)
"""Keys that are not one screen binding each."""

MARKERS = (("★", "starred"), ("✕", "hidden (H lists them)"), ("●", "unread"),
           ("≡", "summarized"), ("⟳", "being summarized"), ("!", "summary failed (r retries)"),
           ("▂▄▆█", "how well it matches what you starred, read and liked (t: by date)"))
"""The paper list's marker columns."""


def key_rows(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """(keys, description) for bindings with a description, keys shown as typed."""
    names = {"left_square_bracket": "[", "right_square_bracket": "]", "slash": "/",
             "question_mark": "?", "escape": "Esc", "shift+tab": "shift+Tab", "tab": "Tab"}
    return [(names.get(b.key, b.key), b.tooltip or b.description) for b in bindings
            if b.description]


def row(key: str, text: str) -> HangingText:
    """One line of the help: the key in bold, then what it does (wrapped under the text)."""
    line = HangingText(classes="help-row")
    line.set_lines([(Content(f"{key:>14}  ").stylize("bold"), Content(text))])
    return line


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of Escape, q or ? closes it."""

    CSS_PATH = stylesheet("help")
    AUTO_FOCUS = "#help"
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]
    """Keys that close the help, and j/k to scroll it (arrows and PgUp/PgDn work too)."""

    def __init__(self, bindings: Iterable[Binding], llm_today: str = "") -> None:
        super().__init__()
        self._rows = key_rows(bindings)
        self._llm_today = llm_today

    def compose(self) -> ComposeResult:
        """Yield keys, the marker legend, then the day's LLM totals when there are some."""
        with VerticalScroll(id="help"):
            yield Label(Content("Keys").stylize("bold underline"), classes="help-heading")
            yield from (row(key, text) for key, text in [*self._rows, *EXTRA_KEYS])
            yield Label(Content("Markers").stylize("bold underline"), classes="help-heading")
            yield from (row(mark, text) for mark, text in MARKERS)
            if self._llm_today:
                yield Label(Content("Today").stylize("bold underline"), classes="help-heading")
                yield row("LLM", self._llm_today.removeprefix("LLM today: "))

    def action_scroll(self, lines: int) -> None:
        """Scroll the list of keys."""
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        """Close the help."""
        self.dismiss(result)
