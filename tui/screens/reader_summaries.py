"""The reader's summaries: started when the cursor rests on a paper (or on Enter), bounded
prefetch, results by paper id."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer

from core.models import Paper
from tui import workers
from tui.jobs import Job
from tui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from tui.messages import SummaryFailed, SummaryReady, SummaryStage
    from tui.screens.reader import ReaderScreen

    _Base = ReaderScreen
else:
    _Base = object

REST_SECONDS = 0.35
"""How long the cursor must stay on a paper before its summary starts (j-j-j starts none)."""
MAX_RESTING = 2
"""Summaries started by resting that may run at once; Enter is not limited."""


class SummaryFlow(_Base):
    """Summary workflow of ReaderScreen: start, prefetch, and paint only the paper shown.

    Named handlers only (no @on): decorators are collected on Textual classes, not mixins.
    """

    _rest_timer: Timer | None = None
    _rested_on: str | None = None

    def rest_on(self, paper_id: str) -> None:
        """A paper is shown: summarize it if it is still shown in REST_SECONDS."""
        self.stop_resting()
        if self.summary is not None or self.job.phase != "none":
            return
        self._rest_timer = self.set_timer(REST_SECONDS, partial(self._rested, paper_id),
                                          name="rest")

    @property
    def resting(self) -> bool:
        """True while a paper waits for the cursor to rest before its summary starts."""
        return self._rest_timer is not None

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

    def start_summary(self, paper: Paper) -> None:
        """Summarize a paper in its own worker; the result comes back as a message."""
        self._set_job(paper.id, Job("loading", "starting"))
        self.run_worker(partial(workers.summarize, self.services, paper, self.post_message),
                        thread=True, group="summary", name=f"summary {paper.id}")

    def start_prefetch(self, paper_id: str) -> None:
        """Summarize the next few papers in the background (settings.prefetch, bounded)."""
        count = self.services.settings.prefetch
        rows = [o.id for o in self.query_one(PaperList).options]
        if not count or self.data is None or paper_id not in rows:
            return
        window = rows[rows.index(paper_id) + 1:][:count]  # the next few, not further on
        todo = [self.data.papers[i] for i in window if i not in self.data.summarized
                and self.jobs.get(i).phase == "none"]
        if todo:
            self.run_worker(partial(workers.prefetch, self.services, todo, self.post_message),
                            thread=True, group="prefetch", exclusive=True)

    def _set_job(self, paper_id: str, job: Job) -> None:
        self.jobs.set(paper_id, job)
        if self.paper and self.paper.id == paper_id:
            self.job = job

    def on_summary_stage(self, message: SummaryStage) -> None:
        """A worker moved on: show the stage if its paper is on screen."""
        self._set_job(message.paper_id, Job("loading", message.stage))

    def on_summary_ready(self, message: SummaryReady) -> None:
        """A summary is stored: paint it only if its paper is still the one shown."""
        self._set_job(message.paper_id, Job())
        if self.data is not None:
            self.data.summarized.add(message.paper_id)
        self.refresh_markers(message.paper_id)
        if self.paper and self.paper.id == message.paper_id:
            self.summary = message.summary
        self._summarize_rested()  # a slot is free for a paper that waited

    def on_summary_failed(self, message: SummaryFailed) -> None:
        """Keep the reason; the paper shows it inline with `r` to retry."""
        self._set_job(message.paper_id, Job("failed", reason=message.reason))
        self._summarize_rested()
