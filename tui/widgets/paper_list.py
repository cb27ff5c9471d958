"""The papers of one topic: markers, title, first author, primary category and date."""

from __future__ import annotations

from contextlib import suppress

from textual.content import Content
from textual.widgets.option_list import Option, OptionDoesNotExist

from core.models import Paper, PaperState
from tui.text import plain, short_date
from tui.widgets.keyed_list import KeyedList

TITLE_LIMIT = 240
"""Longer titles are cut in the list (the header shows them whole)."""


def markers(state: PaperState, summarized: bool) -> Content:
    """Three fixed-width marker cells: starred, unread, summarized."""
    return Content.assemble(
        ("★" if state.starred else " ", "bold"),
        ("●" if not state.read else " ", "bold"),
        ("≡" if summarized else " ", "dim"),
        " ",
    )


def paper_prompt(paper: Paper, state: PaperState, summarized: bool) -> Content:
    """Two lines: markers and title (bold while unread), then author · category · date."""
    title = plain(paper.title, "" if state.read else "bold", TITLE_LIMIT)
    parts = (paper.first_author, paper.primary_category, short_date(paper.published))
    meta = " · ".join(part for part in parts if part) or paper.versioned_id  # imported: no meta
    return Content.assemble(markers(state, summarized), title, "\n    ", plain(meta, "dim"))


class PaperList(KeyedList):
    """Papers of the selected topic; option ids are paper ids.

    Highlighting a paper previews it; Enter posts OptionList.OptionSelected to open it.
    """

    def show(self, rows: list[tuple[Paper, PaperState, bool]], selected: str | None) -> None:
        """Replace the papers, keeping `selected` highlighted when it is still listed."""
        self.set_options(Option(paper_prompt(*row), id=row[0].id) for row in rows)
        ids = [row[0].id for row in rows]
        if ids:
            self.highlighted = ids.index(selected) if selected in ids else 0

    def refresh_row(self, paper: Paper, state: PaperState, summarized: bool) -> None:
        """Repaint one paper's markers after a triage change or a new summary."""
        with suppress(OptionDoesNotExist):
            self.replace_option_prompt(paper.id, paper_prompt(paper, state, summarized))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted paper, if any."""
        option = self.highlighted_option
        return option.id if option else None
