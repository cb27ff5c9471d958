"""The local store: papers, triage state, summaries, day listings and the fetch log, on TinyDB.

Layout of the store directory (every file a TinyDB JSON file, written atomically):

- `meta.json`: day listings (`days`) and the fetch log (`fetches`); small, loaded at open.
- `papers-<yymm>.json`, `state-<yymm>.json`, `summaries-<yymm>.json`: sharded by the month
  of the arXiv id, loaded on first use, so a write rewrites one month, not the whole history.
- `lock`: flock'ed for the Store's lifetime; holds the owner's pid.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from core.errors import StoreError
from core.models import Paper, PaperState
from core.store.fetch_log import fetch_from_doc, fetch_to_doc, recency
from core.store.lock import StoreLock
from core.store.storage import remove_leftover_temps
from core.store.tables import KeyedTable, LogTable, StoreFile, shard_of

if TYPE_CHECKING:
    from core.records import FetchRecord, Summary

P = ParamSpec("P")
R = TypeVar("R")

_STATE_FIELDS = frozenset(f for f in asdict(PaperState()))
_KINDS: dict[str, tuple[str, str | None]] = {
    "papers": ("id", None),
    "state": ("id", None),
    "summaries": ("key", "paper_id"),
}
"""Sharded kinds: (unique key field, group field)."""


def _locked(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Run the method under `Store._open_guard`."""

    @functools.wraps(method)
    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._open_guard():
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """papertray's persistent state. Every write is committed to disk before the call returns."""

    def __init__(self, directory: Path, lock: StoreLock) -> None:
        """Use `Store.open`, which takes the lock first."""
        self.directory = directory
        self.notices: list[str] = []
        """What went wrong on the way and was recovered from, one line each, for the user."""
        self._lock = lock
        self._mutex = threading.RLock()
        self._shards: dict[str, KeyedTable] = {}
        meta = StoreFile(directory / "meta.json", self._on_corrupt)
        self._days = KeyedTable(meta, "days", key="day")
        self._fetches = LogTable(meta, "fetches")
        self._liked = KeyedTable(meta, "liked", key="id")

    @classmethod
    def open(cls, directory: Path, *, lock_timeout: float = 2.0) -> Store:
        """Open (creating if needed) the store in `directory`; StoreError if another holds it."""
        directory = Path(directory).expanduser()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store {directory}: {exc.strerror or exc}") from exc
        lock = StoreLock.acquire(directory, lock_timeout)
        try:
            remove_leftover_temps(directory)
            store = cls(directory, lock)
            store._days.file.storage.read()  # report a corrupt meta.json at open, not later
        except BaseException:
            lock.release()
            raise
        return store

    def close(self) -> None:
        """Release the lock; the store cannot be used afterwards. Safe to call twice."""
        with self._mutex:
            self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # papers

    @_locked
    def upsert_papers(self, papers: Iterable[Paper]) -> tuple[int, int]:
        """Store papers once each; returns (new, updated). An older version never replaces a
        newer one, and an unchanged paper is not rewritten."""
        by_shard: dict[str, dict[str, Paper]] = {}
        for paper in papers:
            batch = by_shard.setdefault(shard_of(paper.id), {})
            if paper.id not in batch or paper.version >= batch[paper.id].version:
                batch[paper.id] = paper
        new = updated = 0
        for shard, batch in by_shard.items():
            table = self._shard("papers", shard)
            changed = []
            for paper in batch.values():
                doc, old = paper.to_dict(), table.get(paper.id)
                if old is not None and (old == doc or old.get("version", 0) > paper.version):
                    continue
                new, updated = (new + 1, updated) if old is None else (new, updated + 1)
                changed.append(doc)
            if changed:
                table.put_many(changed)
        return new, updated

    @_locked
    def get_paper(self, paper_id: str) -> Paper | None:
        """The stored paper, or None."""
        doc = self._shard("papers", shard_of(paper_id)).get(paper_id)
        return Paper.from_dict(doc) if doc is not None else None

    @_locked
    def has_paper(self, paper_id: str) -> bool:
        """True when the paper is stored."""
        return paper_id in self._shard("papers", shard_of(paper_id))

    @_locked
    def get_papers(self, ids: Iterable[str]) -> list[Paper]:
        """The stored papers among `ids`, in the given order; missing ones are skipped."""
        found = []
        for paper_id in ids:
            doc = self._shard("papers", shard_of(paper_id)).get(paper_id)
            if doc is not None:
                found.append(Paper.from_dict(doc))
        return found

    def all_papers(self) -> list[Paper]:
        """Every stored paper (liked ones too), month by month: the ranking's background."""
        with self._mutex:
            return [paper for shard in self._shard_names("papers")
                    for paper in self.get_papers(self._shard("papers", shard).all_keys())]

    # liked papers: a library the ranking learns from, listed under no day

    @_locked
    def like(self, paper_ids: Iterable[str]) -> int:
        """Mark stored papers as liked; returns how many were not liked before."""
        new = [{"id": i, "liked": True} for i in dict.fromkeys(paper_ids)
               if not (self._liked.get(i) or {}).get("liked")]
        if new:
            self._liked.put_many(new)
        return len(new)

    @_locked
    def unlike(self, paper_id: str) -> bool:
        """Take a paper out of the liked ones (it stays stored); False if it was not liked."""
        if not (self._liked.get(paper_id) or {}).get("liked"):
            return False
        self._liked.put_many([{"id": paper_id, "liked": False}])
        return True

    @_locked
    def liked_ids(self) -> list[str]:
        """The liked papers' ids, in the order they were first liked."""
        return [i for i in self._liked.all_keys() if (self._liked.get(i) or {}).get("liked")]

    # days

    @_locked
    def add_to_day(self, day: date, topic: str, paper_ids: Sequence[str]) -> int:
        """List papers under (day, topic), after those already there; returns how many were new."""
        key = day.isoformat()
        old = self._days.get(key)
        topics = {name: list(ids) for name, ids in (old["topics"] if old else {}).items()}
        listed = topics.setdefault(topic, [])
        seen = set(listed)
        before = len(listed)
        for paper_id in paper_ids:
            if paper_id not in seen:
                seen.add(paper_id)
                listed.append(paper_id)
        added = len(listed) - before
        if added or old is None or topic not in old["topics"]:
            self._days.put_many([{"day": key, "topics": topics}])
        return added

    @_locked
    def days(self) -> list[date]:
        """Every day with a listing, ascending."""
        return sorted(date.fromisoformat(key) for key in self._days.all_keys())

    @_locked
    def day_listing(self, day: date) -> dict[str, list[str]]:
        """topic -> paper ids for `day`, topics in the order they were first added."""
        doc = self._days.get(day.isoformat())
        return {name: list(ids) for name, ids in (doc["topics"] if doc else {}).items()}

    def papers_for(self, day: date, topic: str) -> list[Paper]:
        """The stored papers listed under (day, topic), in listing order."""
        with self._mutex:
            return self.get_papers(self.day_listing(day).get(topic, []))

    # triage state

    @_locked
    def get_state(self, paper_id: str) -> PaperState:
        """The paper's triage state (all False for a paper never touched)."""
        return self._state(paper_id)

    @_locked
    def triaged(self) -> dict[str, PaperState]:
        """paper id -> state for every paper ever read, starred or hidden."""
        found = {}
        for shard in self._shard_names("state"):
            table = self._shard("state", shard)
            for paper_id in table.all_keys():
                state = self._state(paper_id)
                if state != PaperState():
                    found[paper_id] = state
        return found

    @_locked
    def get_states(self, ids: Iterable[str]) -> dict[str, PaperState]:
        """paper id -> state for every id given."""
        return {paper_id: self._state(paper_id) for paper_id in ids}

    def set_state(self, paper_id: str, **changes: bool) -> PaperState:
        """Change some of read=, starred=, skipped=; returns the new state."""
        with self._open_guard():
            return self._set_state(paper_id, changes)

    def _set_state(self, paper_id: str, changes: dict[str, bool]) -> PaperState:
        unknown = sorted(set(changes) - _STATE_FIELDS)
        if unknown:
            raise TypeError(f"set_state() got unknown state field(s): {', '.join(unknown)}")
        bad = sorted(name for name, value in changes.items() if not isinstance(value, bool))
        if bad:
            raise TypeError(f"set_state() wants True or False for: {', '.join(bad)}")
        old = self._state(paper_id)
        new = replace(old, **changes)
        if new != old:
            self._shard("state", shard_of(paper_id)).put_many([{"id": paper_id, **asdict(new)}])
        return new

    # summaries

    @_locked
    def put_summary(self, summary: Summary) -> None:
        """Store a summary, replacing one with the same `Summary.key`."""
        doc = summary.to_dict()
        doc["key"] = summary.key
        self._shard("summaries", shard_of(summary.paper_id)).put_many([doc])

    @_locked
    def get_summary(self, paper_id: str) -> Summary | None:
        """The newest summary of the paper: highest version, then latest created, then stored."""
        docs = self._shard("summaries", shard_of(paper_id)).in_group(paper_id)
        if not docs:
            return None  # (before importing Summary: the demo's first paper has none)
        from core.records import Summary

        ranked = sorted(enumerate(docs), key=lambda item: (recency(item[1]), item[0]))
        return Summary.from_dict(ranked[-1][1])

    @_locked
    def has_summary(self, paper_id: str) -> bool:
        """True when some summary of the paper is stored."""
        return self._shard("summaries", shard_of(paper_id)).has_group(paper_id)

    @_locked
    def summarized_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` that have a stored summary."""
        return {i for i in ids if self._shard("summaries", shard_of(i)).has_group(i)}

    # fetch log

    @_locked
    def record_fetch(self, record: FetchRecord) -> None:
        """Append a fetch run to the log."""
        self._fetches.append(fetch_to_doc(record))

    @_locked
    def last_successful_fetch(self) -> FetchRecord | None:
        """The last recorded fetch with ok=True, or None."""
        for doc in self._fetches.newest_first():
            if doc.get("ok"):
                return fetch_from_doc(doc)
        return None

    # internals

    @contextlib.contextmanager
    def _open_guard(self) -> Iterator[None]:
        """Serialize calls (the TUI writes from several worker threads); refuse a closed store."""
        with self._mutex:
            if not self._lock.held:
                raise StoreError(f"store {self.directory} is closed")
            yield

    def _shard(self, kind: str, shard: str) -> KeyedTable:
        name = f"{kind}-{shard}"
        table = self._shards.get(name)
        if table is None:
            key, group = _KINDS[kind]
            file = StoreFile(self.directory / f"{name}.json", self._on_corrupt)
            table = self._shards[name] = KeyedTable(file, kind, key=key, group=group)
        return table

    def _shard_names(self, kind: str) -> list[str]:
        """The shards of `kind` on disk or opened, oldest month first."""
        on_disk = {path.stem.split("-", 1)[1] for path in self.directory.glob(f"{kind}-*.json")}
        opened = {name.split("-", 1)[1] for name in self._shards if name.startswith(f"{kind}-")}
        return sorted(on_disk | opened)

    def _state(self, paper_id: str) -> PaperState:
        doc = self._shard("state", shard_of(paper_id)).get(paper_id)
        if doc is None:
            return PaperState()
        return PaperState(**{name: bool(doc.get(name, False)) for name in _STATE_FIELDS})

    def _on_corrupt(self, path: Path, aside: Path, reason: str) -> None:
        self.notices.append(
            f"{path.name} was corrupt ({reason}); moved aside to {aside}; carrying on without it"
        )
