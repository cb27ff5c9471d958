"""The message that carries a day's listing (core.reader.listing) from its worker."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from core.reader.listing import DayData


@dataclass
class DayLoaded(Message):
    """The listing of a day was read from the store (in a worker, for any day but the first)."""

    data: DayData
