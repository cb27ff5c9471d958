"""The reader's undo: each triage change remembers the state it replaced."""

from __future__ import annotations

from dataclasses import dataclass

from core.models import PaperState

LIMIT = 100
"""Changes remembered; older ones are forgotten."""


@dataclass(frozen=True)
class Change:
    """A triage change of one paper: what it was before, and what was done (`starred`...)."""

    paper_id: str
    before: PaperState
    what: str


class UndoStack:
    """Last in, first out; bounded."""

    def __init__(self) -> None:
        self._changes: list[Change] = []

    def push(self, change: Change) -> None:
        """Remember a change."""
        self._changes.append(change)
        del self._changes[:-LIMIT]

    def last(self) -> Change | None:
        """The change `pop` would undo, kept; None when there is nothing to undo."""
        return self._changes[-1] if self._changes else None

    def pop(self) -> Change | None:
        """The last change, forgotten; None when there is nothing to undo."""
        return self._changes.pop() if self._changes else None

    def __len__(self) -> int:
        return len(self._changes)
