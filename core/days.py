"""Which day a command works on: the one asked for, else the latest with papers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.errors import UsageError


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
