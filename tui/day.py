"""One day's listing as the reader sees it: topics, their papers, triage state and markers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from textual.message import Message

from core.models import Paper, PaperState

if TYPE_CHECKING:
    from core.store.store import Store
    from tui.unsaved import UnsavedStates


@dataclass(frozen=True)
class TopicCount:
    """A topic with how many of its (not hidden) papers are unread, and how many there are."""

    name: str
    unread: int
    total: int


@dataclass
class DayData:
    """Everything the reader shows for one day, read from the store in one go."""

    day: date
    listing: dict[str, list[str]]
    papers: dict[str, Paper]
    states: dict[str, PaperState] = field(default_factory=dict)
    summarized: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, store: Store, day: date, unsaved: UnsavedStates | None = None) -> DayData:
        """Read a day's listing, papers, states (with those not saved yet) and summary markers."""
        listing = store.day_listing(day)
        ids = list(dict.fromkeys(i for ids in listing.values() for i in ids))
        papers = {p.id: p for p in store.get_papers(ids)}
        states = store.get_states(ids)
        if unsaved is not None:
            unsaved.overlay(states)
        return cls(day, listing, papers, states, store.summarized_ids(ids))

    def state(self, paper_id: str) -> PaperState:
        """The triage state of a paper (default: unread, unstarred, shown)."""
        return self.states.get(paper_id, PaperState())

    def change(self, paper_id: str, **changes: bool) -> PaperState:
        """Record a triage change locally (the store is written by the caller's worker)."""
        self.states[paper_id] = replace(self.state(paper_id), **changes)
        return self.states[paper_id]

    def topic_counts(self) -> list[TopicCount]:
        """Every topic of the day with unread and total counts, hidden papers left out."""
        return [self._count(name, ids) for name, ids in self.listing.items()]

    def _count(self, name: str, ids: list[str]) -> TopicCount:
        shown = [self.state(i) for i in ids if i in self.papers and not self.state(i).skipped]
        return TopicCount(name, sum(not s.read for s in shown), len(shown))

    def visible(self, topic: str, *, unread_only: bool, text: str, keep: str | None) -> list[Paper]:
        """The papers of a topic as listed: no hidden ones, optionally unread only or filtered.

        `keep` stays listed even when read or hidden (the paper being read does not vanish),
        but the title filter applies to it too.
        """
        needle = text.casefold()
        return [
            self.papers[i]
            for i in self.listing.get(topic, [])
            if i in self.papers and self._shown(i, unread_only, needle, i == keep)
        ]

    def _shown(self, paper_id: str, unread_only: bool, needle: str, keep: bool) -> bool:
        state = self.state(paper_id)
        if not keep and (state.skipped or (unread_only and state.read)):
            return False
        return not needle or needle in self.papers[paper_id].title.casefold()

    def topic_of(self, paper_id: str) -> str | None:
        """The first topic listing the paper that day."""
        return next((t for t, ids in self.listing.items() if paper_id in ids), None)


@dataclass
class DayLoaded(Message):
    """The listing of a day was read from the store (in a worker, for any day but the first)."""

    data: DayData


def days_with_papers(store: Store) -> list[date]:
    """Days listing at least one paper, ascending (a fetch that found nothing lists none)."""
    return [day for day in store.days() if any(store.day_listing(day).values())]


NO_PAPERS_YET = ("No papers yet. R fetches today's papers; with no network, "
                 "`papertray --demo` opens a sample day.")
"""What the paper pane says on an empty home."""


def why_empty(data: DayData | None, *, unread_only: bool, text: str) -> str:
    """What the paper pane says when the list shows no paper."""
    if data is None:
        return NO_PAPERS_YET
    if text:
        return f"No title here contains {text!r}. Esc clears the filter."
    if unread_only:
        return "Everything here is read. u lists all the papers again."
    return "Nothing was listed under this topic that day. Tab to the topics, or [ and ] for days."
