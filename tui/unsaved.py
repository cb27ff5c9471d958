"""Triage changes the store could not take (read-only, disk full): kept, retried, told at quit."""

from __future__ import annotations

import threading
from dataclasses import asdict
from typing import Any

from core.errors import PapertrayError
from core.models import PaperState


class UnsavedStates:
    """The triage states on screen that are not in the store yet, oldest first.

    Each write retries the earlier ones first, so a store writable again catches up at the
    next key press; whatever is still here at quit is said on the way out.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._states: dict[str, PaperState] = {}
        self.reason = ""
        """Why the last write failed."""

    def write(self, store: Any, paper_id: str, state: PaperState) -> tuple[str, int]:
        """Store `state` after the unsaved ones (from a worker thread).

        Returns (why it failed, or "") and how many unsaved papers there were before.
        """
        with self._lock:
            earlier = len(self._states)
            self._states.pop(paper_id, None)
            self._states[paper_id] = state
            for key, wanted in list(self._states.items()):
                if not self._save(store, key, wanted):
                    return self.reason, earlier
            return "", earlier

    def flush(self, store: Any) -> None:
        """Try the unsaved changes once more (at quit: the store may take them by now)."""
        with self._lock:
            for key, wanted in list(self._states.items()):
                if not self._save(store, key, wanted):
                    return

    def _save(self, store: Any, key: str, wanted: PaperState) -> bool:
        try:
            store.set_state(key, **asdict(wanted))
        except Exception as err:  # the reader never dies because the store raised
            text = " ".join(str(err).split())
            known = isinstance(err, PapertrayError)
            self.reason = text if known else f"{type(err).__name__}: {text}"
            return False
        del self._states[key]
        return True

    def overlay(self, states: dict[str, PaperState]) -> dict[str, PaperState]:
        """`states` as read from the store, with the unsaved ones as they are on screen."""
        with self._lock:
            states.update((key, value) for key, value in self._states.items() if key in states)
        return states

    def __len__(self) -> int:
        return len(self._states)

    def lines(self) -> list[str]:
        """What was not saved, for the user at quit: one line per paper, then why."""
        with self._lock:
            out = [f"not saved: {key}: {_describe(state)}" for key, state in self._states.items()]
        if out:
            out.append(f"not saved because: {self.reason}")
        return out


def _describe(state: PaperState) -> str:
    flags = [name if value else f"not {name}" for name, value in asdict(state).items()]
    return ", ".join(flags)
