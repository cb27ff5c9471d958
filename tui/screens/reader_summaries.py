"""The reader's summaries: one worker per opened paper, bounded prefetch, results by paper id."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from core.models import Paper
from tui import workers
from tui.jobs import Job
from tui.messages import SummaryFailed, SummaryReady, SummaryStage
from tui.widgets.paper_list import PaperList

if TYPE_CHECKING:
    from tui.screens.reader import ReaderScreen

    _Base = ReaderScreen
else:
    _Base = object


class SummaryFlow(_Base):
    """Summary workflow of ReaderScreen: start, prefetch, and paint only the paper shown.

    Named handlers only (no @on): decorators are collected on Textual classes, not mixins.
    """

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
        after = rows[rows.index(paper_id) + 1:]
        todo = [self.data.papers[i] for i in after if i not in self.data.summarized
                and self.jobs.get(i).phase == "none"][:count]
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

    def on_summary_failed(self, message: SummaryFailed) -> None:
        """Keep the reason; the paper shows it inline with `r` to retry."""
        self._set_job(message.paper_id, Job("failed", reason=message.reason))
