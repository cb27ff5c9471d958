"""Messages the reader's workers post back to the screen; each carries the paper it is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from core.records import Summary


@dataclass
class SummaryStage(Message):
    """A summary worker reached a stage: downloading, extracting or summarizing."""

    paper_id: str
    stage: str


@dataclass
class SummaryReady(Message):
    """A summary was made and stored."""

    paper_id: str
    summary: Summary


@dataclass
class SummaryFailed(Message):
    """A summary could not be made; `reason` is a one-line message fit for the user."""

    paper_id: str
    reason: str


@dataclass
class SummaryStopped(Message):
    """A summary was given up when asked to stop (its worker cancelled): not made, not failed."""

    paper_id: str


@dataclass
class StoreChanged(Message):
    """Another papertray (a fetch from cron, an import) wrote to the store."""


@dataclass
class FetchProgressed(Message):
    """A fetch finished one query."""

    text: str


@dataclass
class FetchFinished(Message):
    """A fetch ended; `text` says what it found or why it failed."""

    text: str
    ok: bool


@dataclass
class ExportProgressed(Message):
    """An export moved on to summarizing the next paper it lacks."""

    text: str


@dataclass
class ExportFinished(Message):
    """An export ended; `text` says what was written and where, or why it failed."""

    text: str
    ok: bool
