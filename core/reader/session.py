"""Where the reader was when it closed: day, topic, paper, scroll, folds, filter and view.

Kept in a small JSON file beside the store (not in it): it is the screen's state, not the
papers', it is written once on closing, and a lost or broken file only costs the place.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from core.atomic_file import atomic_write

FILE_NAME = "reader-session.json"


@dataclass(frozen=True)
class Session:
    """The reader's place; every field may be missing (a first run has none)."""

    day: date | None = None
    topic: str | None = None
    paper_id: str | None = None
    scroll_y: float = 0.0
    """How far the paper pane was scrolled."""
    folded: tuple[str, ...] = ()
    """The folds that were folded (section ids), or unfolded for those folded by default."""
    unfolded: tuple[str, ...] = ()
    text_filter: str = ""
    view: str = "all"
    """all, unread or hidden (core.reader.listing.View)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Room for other parts of the reader (kept as read)."""

    def to_json(self) -> str:
        """The session as JSON text."""
        data = asdict(self)
        data["day"] = self.day.isoformat() if self.day else None
        return json.dumps(data, indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Session:
        """The inverse of `to_json`; unknown or malformed fields are dropped."""
        raw = json.loads(text)
        if not isinstance(raw, dict):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        values["day"] = date.fromisoformat(values["day"]) if values.get("day") else None
        for key in ("folded", "unfolded"):
            values[key] = tuple(str(v) for v in values.get(key) or ())
        session = cls(**values)
        return session if session.view in ("all", "unread", "hidden") else cls()


def session_path(store_dir: Path) -> Path:
    """Where the session of the store in `store_dir` is kept (beside it)."""
    return store_dir.parent / FILE_NAME


def load_session(path: Path) -> Session:
    """The saved session; an empty one when there is none or it cannot be read."""
    try:
        return Session.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return Session()


def save_session(path: Path, session: Session) -> None:
    """Write the session atomically (a crash leaves the old one whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, session.to_json().encode("utf-8"))
