"""Cards (`c`): quick triage, one paper of the topic at a time across the whole screen.

Each card is opened as Enter opens a paper (marked read, its summary started, the next ones
prefetched). `n` and `p` move between cards; `s` and `x` star or hide the paper and move on;
`z` undoes the last of them and goes back to its card.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.reactive import var

from tui.screens.reader_actions import ReaderActions
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView

CARD_KEYS = "n next · p previous · s star · x hide · esc list"
"""What the card's frame reminds of (the footer has no room for all of it at 80 columns)."""


class ReaderCards(ReaderActions):
    """Card mode on top of the reader's key actions."""

    BINDINGS = [
        Binding("c", "cards", "Cards", show=False,
                tooltip="quick triage: one paper at a time, full screen (c or esc: the list)"),
        Binding("n", "card(1)", "Next card", show=False, tooltip="cards: the next paper"),
        Binding("p", "card(-1)", "Previous card", show=False, tooltip="cards: the previous paper"),
    ]

    cards: var[bool] = var(False, init=False)
    """Card mode: the paper fills the screen; triage keys move on to the next paper."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`n` and `p` belong to the cards; Esc leaves them."""
        if action == "card":
            return self.cards
        if action == "back" and self.cards:
            return True
        return super().check_action(action, parameters)

    def watch_cards(self, cards: bool) -> None:
        """Mirror card mode in a CSS class (the lists step aside)."""
        self.set_class(cards, "-cards")
        if not cards:
            self.query_one(PaperView).border_title = ""
        self.refresh_bindings()

    def action_cards(self) -> None:
        """Start the cards at the paper under the cursor, or go back to the list."""
        if self.cards:
            self.leave_cards()
        elif self.paper is None:
            self.notify("No paper to show as a card here.", markup=False)
        else:
            self.cards = True
            self.open_card(self.paper.id)

    def leave_cards(self) -> None:
        """Back to the list, its cursor on the last card."""
        self.cards = False
        self.reading = False
        self.query_one(PaperList).focus()

    def action_card(self, step: int) -> None:
        """Open the next (1) or previous (-1) card of the list."""
        papers = self.query_one(PaperList)
        index = papers.highlighted
        target = (index if index is not None else -1) + step
        if not 0 <= target < papers.option_count:
            where = "last" if step > 0 else "first"
            self.notify(f"This is the {where} paper here. Esc goes back to the list.",
                        markup=False)
            return
        papers.highlighted = target
        if papers.highlighted_id:
            self.open_card(papers.highlighted_id)

    def open_card(self, paper_id: str) -> None:
        """Open a paper as a card, its place in the list in the card's frame."""
        # ReaderScreen's, as Enter opens a paper; `z` undoes the stars and hides, not this.
        self.open_paper(paper_id, undoable=False)
        papers = self.query_one(PaperList)
        place = (papers.highlighted or 0) + 1
        self.query_one(PaperView).border_title = (
            f"Card {place} of {papers.option_count} · {CARD_KEYS}")

    def action_star(self) -> None:
        """Star or unstar; on a card, then move on to the next."""
        super().action_star()
        if self.cards:
            self.action_card(1)

    def action_skip(self) -> None:
        """Hide or show again; on a card, the next paper takes the hidden one's place."""
        super().action_skip()
        if self.cards and (paper_id := self.query_one(PaperList).highlighted_id):
            self.open_card(paper_id)

    def action_undo(self) -> None:
        """Undo the last star, hide or read; on cards, back to the card it was done on."""
        change = self.undo.last()
        super().action_undo()
        papers = self.query_one(PaperList)
        if self.cards and change is not None and change.paper_id in papers.ids:
            papers.highlighted = papers.ids.index(change.paper_id)
            self.open_card(change.paper_id)

    def action_back(self) -> None:
        """Leave the cards first; otherwise as ever."""
        if self.cards and not self.workers_in("export"):
            self.leave_cards()
        else:
            super().action_back()
