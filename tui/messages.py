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
class FetchProgressed(Message):
    """A fetch finished one query."""

    text: str


@dataclass
class FetchFinished(Message):
    """A fetch ended; `text` says what it found or why it failed."""

    text: str
    ok: bool

