"""The messages that carry a day's listing (core.reader.listing) and its ranking (core.rank)
from their workers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.message import Message

from core.rank.saved import DayRanking
from core.reader.listing import DayData


@dataclass
class DayLoaded(Message):
    """The listing of a day was read from the store (in a worker, for any day but the first)."""

    data: DayData
    ranked: bool = False
    """The loader ranked the day (it never was): no need to rank it again."""


@dataclass
class RankingReady(Message):
    """The day's papers were ranked, after a retrain when the labels had changed."""

    day: date
    generation: int
    """Which request this answers: an older one is dropped."""
    ranking: DayRanking
