"""Where each paper's summary is in its lifecycle: pending -> loading (stage) -> ready or failed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Phase = Literal["none", "loading", "ready", "failed"]

STAGE_TEXT = {
    "starting": "starting",
    "downloading": "downloading PDF",
    "extracting": "extracting text",
    "summarizing": "summarizing",
}
"""What the user reads for each pipeline stage."""


@dataclass(frozen=True)
class Job:
    """The summary state of the paper on screen."""

    phase: Phase = "none"
    stage: str = ""
    reason: str = ""

    @property
    def text(self) -> str:
        """One line for the status bar of the summary."""
        if self.phase == "loading":
            if self.stage not in STAGE_TEXT and self.stage:  # the LLM's own progress line
                return f"Summary: {self.stage}"
            return f"Summary: {STAGE_TEXT.get(self.stage, 'starting')}…"
        if self.phase == "failed":
            return f"Summary failed: {self.reason} — press r to retry"
        return ""


class Jobs:
    """Summary states of papers with a worker or a failure (ready ones are in the store)."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}

    def get(self, paper_id: str) -> Job:
        """The job of a paper, `none` when it has neither worker nor failure."""
        return self._jobs.get(paper_id, Job())

    def set(self, paper_id: str, job: Job) -> Job:
        """Record a paper's new state; ready jobs are forgotten (the summary is stored)."""
        if job.phase in ("ready", "none"):
            self._jobs.pop(paper_id, None)
        else:
            self._jobs[paper_id] = job
        return job

    def loading_count(self) -> int:
        """How many summaries are being made now."""
        return sum(job.phase == "loading" for job in self._jobs.values())

    def running(self, paper_id: str) -> bool:
        """True while a worker is making this paper's summary."""
        return self.get(paper_id).phase == "loading"
