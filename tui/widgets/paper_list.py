"""The papers of one topic: markers, title, then first author, category and date."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from textual.content import Content
from textual.widgets.option_list import Option, OptionDoesNotExist

from core.models import Paper, PaperState
from tui.text import plain, short_date
from tui.widgets.keyed_list import KeyedList

TITLE_LIMIT = 240
"""Longer titles are cut in the list (the header shows them whole)."""

SUMMARY_MARKS = {"ready": ("≡", "dim"), "loading": ("⟳", "bold"), "failed": ("!", "bold red")}
"""The third marker column: summarized, being summarized, failed."""


@dataclass(frozen=True)
class PaperRow:
    """What one row shows: the paper, its triage state and where its summary is."""

    paper: Paper
    state: PaperState
    summary: str = "none"
    """none, ready, loading or failed."""
    glyph: str = " "
    """How relevant the ranking finds it (core.rank.glyphs), one cell."""


def markers(row: PaperRow) -> Content:
    """Four fixed-width marker cells: starred (or hidden), unread, summary, relevance."""
    state = row.state
    first = ("★", "bold") if state.starred else ("✕", "dim") if state.skipped else (" ", "")
    mark, style = SUMMARY_MARKS.get(row.summary, (" ", ""))
    return Content.assemble(first, ("●" if not state.read else " ", "bold"), (mark, style),
                            (row.glyph, "dim"), " ")


def meta_text(paper: Paper) -> str:
    """`author · category · date`, only the fields that are known, else the versioned id."""
    parts = (paper.first_author, paper.primary_category, short_date(paper.published))
    return " · ".join(part for part in parts if part) or paper.versioned_id


def paper_prompt(row: PaperRow) -> Content:
    """Two lines: markers and title (bold while unread), then author · category · date."""
    title = plain(row.paper.title, "" if row.state.read else "bold", TITLE_LIMIT)
    return Content.assemble(markers(row), title, "\n     ", plain(meta_text(row.paper), "dim"))


class PaperList(KeyedList):
    """Papers of the selected topic; option ids are paper ids.

    Highlighting a paper previews it; Enter posts OptionList.OptionSelected to open it.
    """

    def show(self, rows: list[PaperRow], selected: str | None) -> None:
        """Replace the papers, keeping `selected` highlighted when it is still listed."""
        self.set_options(Option(paper_prompt(row), id=row.paper.id) for row in rows)
        ids = [row.paper.id for row in rows]
        if ids:
            self.highlighted = ids.index(selected) if selected in ids else 0

    def refresh_row(self, row: PaperRow) -> None:
        """Repaint one paper's row after a triage change or a summary's progress."""
        with suppress(OptionDoesNotExist):
            self.replace_option_prompt(row.paper.id, paper_prompt(row))

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted paper, if any."""
        option = self.highlighted_option
        return option.id if option else None

    @property
    def ids(self) -> list[str]:
        """The listed papers' ids, in order."""
        return [option.id for option in self.options if option.id]
