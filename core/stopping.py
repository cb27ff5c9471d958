"""Waits that end at once when the caller asks to stop (the reader quitting)."""

from __future__ import annotations

import time
from collections.abc import Callable

from core.errors import Stopped

ShouldStop = Callable[[], bool]
"""Asked between steps and during waits; True once the caller wants the work given up."""
STOP_CHECK_SECONDS = 0.05
"""How often a wait asks `should_stop`."""


def check_stop(should_stop: ShouldStop | None) -> None:
    """Raise Stopped if the caller wants to stop."""
    if should_stop is not None and should_stop():
        raise Stopped()


def pause(seconds: float, should_stop: ShouldStop | None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """`sleep(seconds)`, in slices that ask `should_stop` (Stopped as soon as it says so).

    The slices are counted, not timed, so an injected `sleep` that does not sleep still ends.
    """
    if should_stop is None:
        sleep(seconds)
        return
    left = seconds
    while left > 0:
        check_stop(should_stop)
        step = min(left, STOP_CHECK_SECONDS)
        sleep(step)
        left -= step
    check_stop(should_stop)
