"""The reader screen's state: what is shown, and the list painting every part of it uses.

ReaderState is one Screen class holding the reactives and the plain state. The summary part
(reader_summaries) and the keys (reader_tasks: fetch and export; reader_actions on them; the
cards of reader_cards on top) subclass it, and ReaderScreen (reader) puts them together: no part
imports the screen.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.reactive import var
from textual.screen import Screen

from core.models import Paper, PaperState
from core.reader.listing import DayData, Sort, View, why_empty
from core.reader.undo import Change, UndoStack
from core.wording import count
from tui import workers
from tui.jobs import Job, Jobs
from tui.widgets.paper_list import PaperList, PaperRow
from tui.widgets.topic_list import TopicList

if TYPE_CHECKING:
    from core.records import Summary


class ReaderState(Screen[None]):
    """Reactives and state of the reader; children get them through `data_bind`."""

    day: var[date | None] = var(None)
    """The day shown."""
    topic: var[str | None] = var(None)
    """The topic whose papers are listed."""
    paper: var[Paper | None] = var(None)
    """The paper shown in the detail pane."""
    state: var[PaperState] = var(PaperState)
    """Its triage state."""
    summary: var[Summary | None] = var(None)
    """Its stored summary."""
    job: var[Job] = var(Job)
    """Its summary's lifecycle while no summary is stored."""
    summarizer: var[str] = var("")
    """What makes new summaries, said on screen."""
    view: var[View] = var("all", init=False)
    """Which papers are listed: all, unread only, or the hidden ones (watch_topic lists first)."""
    text_filter: var[str] = var("", init=False)
    """Words the title, authors, id or abstract must contain (no first call, as for view)."""
    placeholder: var[str] = var("")
    """What the paper pane says when no paper is shown."""
    reading: var[bool] = var(False, init=False)
    """On a narrow terminal: the paper fills the screen instead of the lists."""
    reason: var[str] = var("")
    """Why the ranking rates the paper shown: `like: <title>`, or empty."""

    def __init__(self, services: Any, day: date | None = None) -> None:
        super().__init__()
        self.services = services
        """The open store and the summary pipeline (core.services.Services)."""
        self.data: DayData | None = None
        """The day's listing as loaded; triage changes are applied to it at once."""
        self.jobs = Jobs()
        """Summaries being made or failed, by paper id."""
        self.days: list[date] = []
        """Days with papers, ascending."""
        self.undo = UndoStack()
        """Triage changes, for `z`."""
        self.start_day = day
        """The day asked for on the command line."""
        self.pending: str | None = None
        """A paper to show once its day is loaded (palette, session)."""
        self.sort: Sort = "relevance"
        """Best first or newest first (the `t` key); kept in the session."""
        self.rankings = 0
        """Rankings asked for so far: a RankingReady for an older one is dropped."""

    def workers_in(self, group: str) -> bool:
        """True while a worker of this group is running."""
        return any(w.group == group and not w.is_finished for w in self.workers)

    # -- the list ---------------------------------------------------------------------

    def row(self, paper_id: str) -> PaperRow:
        """A paper's row as the list shows it (the one place rows are made)."""
        assert self.data is not None
        job = self.jobs.get(paper_id).phase
        ready = "ready" if paper_id in self.data.summarized else "none"
        return PaperRow(self.data.papers[paper_id], self.data.state(paper_id),
                        job if job != "none" else ready, self.data.glyphs.get(paper_id, " "))

    def refresh_papers(self) -> None:
        """Rebuild the paper list from the day's data, the view and the filter."""
        self.placeholder = why_empty(self.data, self.topic, view=self.view,
                                     text=self.text_filter)
        papers_list = self.query_one(PaperList)
        if self.data is None or self.topic is None:
            papers_list.show([], None)
            return
        keep = self.pending or (self.paper.id if self.paper else None)
        papers = self.data.visible(self.topic, view=self.view, text=self.text_filter, keep=keep)
        papers_list.show([self.row(p.id) for p in papers], keep)
        self.update_pane_titles(len(papers))
        if not papers:
            self.paper = None
        elif (shown := papers_list.highlighted_id) and shown != keep:
            self.show_paper(shown)  # now, not when the highlight message arrives: one frame less
        if self.pending and any(p.id == self.pending for p in papers):
            self.pending_shown(self.pending)
            self.pending = None

    def update_pane_titles(self, shown: int) -> None:
        """`9 papers · unread only · filter: x` over the list, the day over the topics."""
        views = {"unread": "unread only", "hidden": "hidden papers (x brings one back)"}
        parts = [count(shown, "paper")] + ([views[self.view]] if self.view in views else [])
        if self.text_filter:
            parts.append(f"filter: {self.text_filter}")
        self.query_one(PaperList).border_title = " · ".join(parts)
        self.query_one(TopicList).border_title = f"Topics · {self.day}"

    def refresh_markers(self, paper_id: str) -> None:
        """Repaint one paper's row, the topic counts and the paper's state."""
        if self.data is None or paper_id not in self.data.papers:
            return
        self.query_one(PaperList).refresh_row(self.row(paper_id))
        self.query_one(TopicList).show(self.data.topic_counts(), self.topic)
        if self.paper and self.paper.id == paper_id:
            self.state = self.data.state(paper_id)

    # -- the paper --------------------------------------------------------------------

    def show_paper(self, paper_id: str) -> None:
        """Show a paper's header and stored summary (no store writes)."""
        if self.data is None or paper_id not in self.data.papers:
            return
        self.paper = self.data.papers[paper_id]
        self.state = self.data.state(paper_id)
        self.reason = self.data.reasons.get(paper_id, "")
        self.summary = self.services.store.get_summary(paper_id)
        self.job = self.jobs.get(paper_id)
        self.paper_shown(paper_id)

    def paper_shown(self, paper_id: str) -> None:
        """Called once a paper is on screen (the summary part starts its timers here)."""

    def pending_shown(self, paper_id: str) -> None:
        """Called when a paper asked for before its day was loaded is listed."""
        self.show_paper(paper_id)

    # -- ranking ----------------------------------------------------------------------

    def start_ranking(self) -> None:
        """Rank the day in a worker (retraining first if the labels changed); the new order
        applies when the list is next rebuilt, so nothing moves under the cursor."""
        if self.day is None:
            return
        self.rankings += 1
        self.run_worker(partial(workers.rank_day, self.services, self.day, self.rankings,
                                self.post_message),
                        thread=True, group="rank", exclusive=True, name="rank")

    # -- triage -----------------------------------------------------------------------

    def set_state(self, paper_id: str, what: str = "", **changes: bool) -> None:
        """Apply a triage change at once on screen and write it to the store in a worker.

        `what` names the change for `z` (empty: not undoable, as for reading by staying).
        """
        if self.data is None:
            return
        if what:
            self.undo.push(Change(paper_id, self.data.state(paper_id), what))
        self.data.change(paper_id, **changes)
        self.refresh_markers(paper_id)
        self.run_worker(partial(workers.write_state, self.app.unsaved, self.services.store,
                                self.data, paper_id, self.app.notify),
                        thread=True, group="state", name=f"state {paper_id}")
