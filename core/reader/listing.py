"""One day's listing as the reader sees it: topics, their papers, triage state and markers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Literal

from core.models import Paper, PaperState, newest_first
from core.reader.search import matches
from core.wording import count

if TYPE_CHECKING:
    from collections.abc import Iterable

    from core.store.store import Store

View = Literal["all", "unread", "hidden"]
"""Which papers a topic lists: all shown ones, the unread ones, or the hidden ones."""
Sort = Literal["relevance", "date"]
"""How a topic's papers are ordered: best first (core.rank) or newest first."""
FOR_YOU = "For you"
"""The entry above the topics that lists the day's best papers across all of them."""


@dataclass(frozen=True)
class TopicCount:
    """A topic with its unread, shown and hidden papers counted."""

    name: str
    unread: int
    total: int
    hidden: int = 0


@dataclass
class DayData:
    """Everything the reader shows for one day, read from the store in one go."""

    day: date
    listing: dict[str, list[str]]
    papers: dict[str, Paper]
    states: dict[str, PaperState] = field(default_factory=dict)
    summarized: set[str] = field(default_factory=set)
    sort: Sort = "relevance"
    scores: dict[str, float] = field(default_factory=dict)
    """paper id -> relevance (core.rank); empty until the day was ranked."""
    glyphs: dict[str, str] = field(default_factory=dict)
    """paper id -> its compact score mark."""
    reasons: dict[str, str] = field(default_factory=dict)
    """paper id -> `like: <title of the closest liked or starred paper>`."""

    def set_ranking(self, scores: dict[str, float], glyphs: dict[str, str],
                    reasons: dict[str, str], best: list[str]) -> None:
        """Take a ranking of the day's papers, and list `best` under "For you", first."""
        self.scores, self.glyphs, self.reasons = scores, glyphs, reasons
        rest = {name: ids for name, ids in self.listing.items() if name != FOR_YOU}
        self.listing = ({FOR_YOU: best} if best else {}) | rest

    @classmethod
    def load(cls, store: Store, day: date, topics: Iterable[str] = ()) -> DayData:
        """Read a day's listing, papers, states and summary markers.

        Configured `topics` the day has no papers for are listed too, empty, after the rest.
        """
        listing = store.day_listing(day)
        for topic in topics:
            listing.setdefault(topic, [])
        ids = list(dict.fromkeys(i for ids in listing.values() for i in ids))
        papers = {p.id: p for p in store.get_papers(ids)}
        return cls(day, listing, papers, store.get_states(ids), store.summarized_ids(ids))

    def state(self, paper_id: str) -> PaperState:
        """The triage state of a paper (default: unread, unstarred, shown)."""
        return self.states.get(paper_id, PaperState())

    def change(self, paper_id: str, **changes: bool) -> PaperState:
        """Record a triage change locally (the store is written by the caller's worker)."""
        self.states[paper_id] = replace(self.state(paper_id), **changes)
        return self.states[paper_id]

    def topic_counts(self) -> list[TopicCount]:
        """Every topic of the day with unread, total and hidden counts."""
        return [self._count(name, ids) for name, ids in self.listing.items()]

    def _count(self, name: str, ids: list[str]) -> TopicCount:
        states = [self.state(i) for i in ids if i in self.papers]
        shown = [s for s in states if not s.skipped]
        return TopicCount(name, sum(not s.read for s in shown), len(shown),
                          len(states) - len(shown))

    def visible(self, topic: str, *, view: View = "all", text: str = "",
                keep: str | None = None) -> list[Paper]:
        """The papers of a topic as listed in `view`, filtered by `text` (core.reader.search).

        `keep` stays listed even when the view would drop it (the paper being read does not
        vanish when it is read or hidden), but the text filter applies to it too.
        """
        listed = [
            self.papers[i]
            for i in self.listing.get(topic, [])
            if i in self.papers and (i == keep or self._in_view(i, view))
            and matches(self.papers[i], text)
        ]
        if self.sort == "date":
            return newest_first(listed)
        if self.scores:
            return sorted(listed, key=lambda p: -self.scores.get(p.id, float("-inf")))
        return listed

    def _in_view(self, paper_id: str, view: View) -> bool:
        state = self.state(paper_id)
        if view == "hidden":
            return state.skipped
        return not state.skipped and not (view == "unread" and state.read)

    def topic_of(self, paper_id: str) -> str | None:
        """The first topic listing the paper that day ("For you" aside)."""
        return next((t for t, ids in self.listing.items() if paper_id in ids and t != FOR_YOU),
                    None)

    def hidden_in(self, topic: str) -> int:
        """How many of the topic's papers are hidden."""
        return sum(self.state(i).skipped for i in self.listing.get(topic, []) if i in self.papers)


NO_PAPERS_YET = ("No papers yet. R fetches today's papers; with no network, "
                 "`papertray --demo` opens a sample day.")
"""What the paper pane says on an empty home."""


def why_empty(data: DayData | None, topic: str | None, *, view: View = "all",
              text: str = "") -> str:
    """What the paper pane says when the list shows no paper."""
    if data is None:
        return NO_PAPERS_YET
    if text:
        return f"Nothing here matches {text!r} (title, authors, id, abstract). Esc clears it."
    hidden = data.hidden_in(topic) if topic else 0
    if view == "hidden":
        return "Nothing hidden under this topic. H lists the shown papers again."
    if view == "unread":
        return "Everything here is read. u lists all the papers again."
    if hidden:
        return f"{count(hidden, 'paper')} hidden here: H lists them, x there brings one back."
    return "No papers under this topic that day. Tab to the topics, or [ and ] for days."


def nearest_day(days: list[date], wanted: date | None) -> date | None:
    """The day of `days` closest to `wanted` (earlier on a tie); the latest when none asked."""
    if not days:
        return None
    if wanted is None:
        return days[-1]
    return min(days, key=lambda d: (abs((d - wanted).days), d > wanted))
