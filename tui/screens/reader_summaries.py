"""The reader's summaries: started when the cursor rests on a paper (or on Enter), bounded
prefetch, results by paper id; and reading by staying: a summary on screen for a moment
marks its paper read."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer

from core.models import Paper
from tui import workers
from tui.jobs import Job
from tui.screens.reader_state import ReaderState
from tui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from tui.messages import SummaryFailed, SummaryReady, SummaryStage, SummaryStopped

REST_SECONDS = 0.35
"""How long the cursor must stay on a paper before its summary starts (j-j-j starts none)."""
READ_SECONDS = 2.0
"""How long a summary must stay on screen for its paper to count as read."""
MAX_RESTING = 2
"""Summaries started by resting that may run at once; Enter is not limited."""


class SummaryFlow(ReaderState):
    """Summary workflow of the reader: start, prefetch, paint only the paper shown."""

    _rest_timer: Timer | None = None
    _rested_on: str | None = None
    _read_timer: Timer | None = None
    _read_pending: str | None = None
    _rest_paper: str = ""

    def paper_shown(self, paper_id: str) -> None:
        """A paper is on screen: its summary starts if it stays; it is read if the summary does."""
        self.rest_on(paper_id)
        self.start_read_timer()

    def rest_on(self, paper_id: str) -> None:
        """Summarize the paper shown if it is still shown REST_SECONDS after it is painted."""
        self.stop_resting()
        if self.summary is not None or self.job.phase != "none":
            return
        self._rest_paper = paper_id
        self._rest_timer = self.set_timer(REST_SECONDS, partial(self._rested, paper_id),
                                          name="rest", pause=True)
        self.call_after_refresh(self._rest_timer.resume)  # counted from the paint

    @property
    def resting(self) -> bool:
        """True while a paper waits for the cursor to rest before its summary starts."""
        return self._rest_timer is not None

    def rest_now(self) -> None:
        """Let the pending rest end now, as if the time had passed (tests, screenshots)."""
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rested(self._rest_paper)

    def stop_resting(self) -> None:
        """Forget the pending rest (the cursor moved, or Enter was pressed)."""
        if self._rest_timer is not None:
            self._rest_timer.stop()
            self._rest_timer = None
        self._rested_on = None

    def _rested(self, paper_id: str) -> None:
        """The rest timer fired: summarize the paper if it is still the one shown."""
        self._rest_timer = None
        if self.paper is not None and self.paper.id == paper_id:
            self._rested_on = paper_id
            self._summarize_rested()

    def _summarize_rested(self) -> None:
        """Start the rested-on paper's summary unless it has one, failed, or too many run."""
        paper = self.paper
        if paper is None or paper.id != self._rested_on:
            return
        if self.summary is not None or self.job.phase != "none":
            return
        if self.jobs.loading_count() < MAX_RESTING:
            self.start_summary(paper)
            self.start_prefetch(paper.id)

    # -- reading by staying -----------------------------------------------------------

    def start_read_timer(self) -> None:
        """If the paper shown is unread and its summary shows, it is read in READ_SECONDS."""
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        paper = self.paper
        if paper is None or self.summary is None or self.state.read:
            return
        self._read_pending = paper.id
        self._read_timer = self.set_timer(READ_SECONDS, self.stayed, name="read")

    def stayed(self) -> None:
        """The summary stayed on screen: its paper is read (not an undoable change)."""
        self._read_timer = None
        paper_id, self._read_pending = self._read_pending, None
        shown = self.paper is not None and self.paper.id == paper_id and self.summary is not None
        on_screen = self.reading or not self.has_class("-narrow")
        if shown and on_screen and paper_id and not self.state.read:
            self.set_state(paper_id, read=True)

    # -- workers ----------------------------------------------------------------------

    def start_summary(self, paper: Paper) -> None:
        """Summarize a paper in its own worker; the result comes back as a message."""
        self.set_job(paper.id, Job("loading", "starting"))
        self.run_worker(partial(workers.summarize, self.services, paper, self.post_message),
                        thread=True, group="summary", name=f"summary {paper.id}")

    def start_prefetch(self, paper_id: str) -> None:
        """Summarize the next few papers in the background, `[llm] concurrency` at a time.

        How many: `[reader] prefetch` (default: 2 with an LLM, none offline).
        """
        wanted = self.services.settings.prefetch
        count = wanted if wanted is not None else 2 * self.services.settings.llm.enabled
        rows = self.query_one(PaperList).ids
        if not count or self.data is None or paper_id not in rows:
            return
        window = rows[rows.index(paper_id) + 1:][:count]  # the next few, not further on
        todo = [self.data.papers[i] for i in window if i not in self.data.summarized
                and self.jobs.get(i).phase == "none"]
        if todo:
            self.run_worker(partial(workers.prefetch, self.services, todo, self.post_message,
                                    self.app.closing.is_set),  # type: ignore[attr-defined]
                            thread=True, group="prefetch", exclusive=True)

    def set_job(self, paper_id: str, job: Job) -> None:
        """Record a paper's summary state; its row, the header and (if shown) the pane follow."""
        before = self.jobs.get(paper_id).phase
        self.jobs.set(paper_id, job)
        if self.paper and self.paper.id == paper_id:
            self.job = job
        if before != job.phase:
            self.refresh_markers(paper_id)
            self.update_sub_title()

    def update_sub_title(self) -> None:
        """`Fri 2026-04-10 · offline summarizer · 2 summarizing`."""
        day = f"{self.day:%a %Y-%m-%d}" if self.day else "no papers yet"
        running = self.jobs.loading_count()
        self.sub_title = " · ".join([day, self.summarizer] + [f"{running} summarizing"] * bool(
            running))

    def on_summary_stage(self, message: SummaryStage) -> None:
        """A worker moved on: show the stage if its paper is on screen."""
        self.set_job(message.paper_id, Job("loading", message.stage))

    def on_summary_ready(self, message: SummaryReady) -> None:
        """A summary is stored: paint it only if its paper is still the one shown."""
        if self.data is not None:
            self.data.summarized.add(message.paper_id)
        self.set_job(message.paper_id, Job())
        if self.paper and self.paper.id == message.paper_id:
            self.summary = message.summary
            self.start_read_timer()
        self._summarize_rested()  # a slot is free for a paper that waited

    def on_summary_failed(self, message: SummaryFailed) -> None:
        """Keep the reason; the paper shows it inline with `r` to retry, its row a `!`."""
        self.set_job(message.paper_id, Job("failed", reason=message.reason))
        self._summarize_rested()

    def on_summary_stopped(self, message: SummaryStopped) -> None:
        """A cancelled worker gave the summary up: no mark, no notice; the paper is as if
        never started, so showing it again starts it. Not started again here: the stop was
        asked for (quitting, or Esc during an export)."""
        self.set_job(message.paper_id, Job())

    def action_retry(self) -> None:
        """Try a failed summary again."""
        if self.paper and self.job.phase == "failed":
            self.start_summary(self.paper)
