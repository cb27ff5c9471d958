"""Which day a command works on: the one asked for, else the latest with papers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from core.errors import UsageError


class HasDays(Protocol):
    """What finding the days with papers reads from the store."""

    def days(self) -> list[date]: ...
    def day_listing(self, day: date) -> dict[str, list[str]]: ...


def days_with_papers(store: HasDays) -> list[date]:
    """Days listing at least one paper, ascending (a fetch that found nothing lists none)."""
    return [day for day in store.days() if any(store.day_listing(day).values())]


def pick_day(days: Sequence[date], day: date | None, none_yet: str) -> date:
    """`day` if it is among `days` (ascending), else the latest; UsageError (`none_yet` when
    there are no days at all) otherwise."""
    if day is None:
        if not days:
            raise UsageError(none_yet)
        return days[-1]
    if day not in days:
        raise UsageError(f"no papers listed on {day} (days in the store: "
                         f"{', '.join(str(d) for d in days[-5:]) or 'none'})")
    return day
