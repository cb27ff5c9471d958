"""The local store: papers, triage state, summaries, day listings and the fetch log, on TinyDB.

Layout of the store directory (every file a TinyDB JSON file, written atomically):

- `meta.json`: day listings (`days`), the fetch log (`fetches`), what each LLM server takes
  (`llm_servers`), the LLM's totals per day (`llm_usage`) and the liked papers (`liked`);
  small, loaded at open.
- `papers-<yymm>.json`, `state-<yymm>.json`, `summaries-<yymm>.json`: sharded by the month
  of the arXiv id, loaded on first use, so a write rewrites one month, not the whole history.

Several papertray processes share one store (the reader open, `fetch` from cron, an import).
Reads take no lock: a file is always replaced whole, and one replaced since it was read is
read again. A write locks the store folder (flock), re-reads what changed, changes it and
replaces the file, checking first that it is still the one read.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from core.errors import StoreError
from core.models import Paper, PaperState
from core.store.checks import (
    FETCH,
    LLM_USAGE,
    SUMMARY,
    Check,
    dataclass_check,
    day_listing,
    keyed,
)
from core.store.fetch_log import fetch_from_doc, fetch_to_doc, recency
from core.store.lock import DEFAULT_TIMEOUT, StoreLock
from core.store.storage import StoreFile, remove_leftover_temps
from core.store.tables import Doc, KeyedTable, LogTable, shard_of

if TYPE_CHECKING:
    from core.records import FetchRecord, Summary

Merge = Callable[[Paper | None, Paper], Paper | None]
"""What to write for a paper, given the stored record (or None) and the one given."""
P = ParamSpec("P")
R = TypeVar("R")

_STATE_FIELDS = frozenset(f for f in asdict(PaperState()))


@dataclass(frozen=True)
class Kind:
    """A kind of record kept in monthly files: its unique key, group field and check."""

    key: str
    group: str | None
    check: Check


KINDS: dict[str, Kind] = {
    "papers": Kind("id", None, keyed("id", dataclass_check(Paper))),
    "state": Kind("id", None, keyed("id", dataclass_check(PaperState))),
    "summaries": Kind("key", "paper_id", keyed("key", SUMMARY)),
}
"""Records sharded by month, in `<kind>-<yymm>.json`."""
META_TABLES: dict[str, Check] = {
    "days": keyed("day", day_listing),
    "fetches": FETCH,
    "llm_servers": keyed("key", lambda doc: True),
    "llm_usage": keyed("day", LLM_USAGE),
    "liked": keyed("id", lambda doc: isinstance(doc.get("liked"), bool)),
}
"""Tables of `meta.json` and the check of their documents."""


def _reading(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Run the method under `Store._guard` (no lock: files are replaced whole)."""

    @functools.wraps(method)
    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._guard():
            return method(self, *args, **kwargs)

    return wrapper


def _writing(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Run the method under the store lock, on files re-read if another process wrote them."""

    @functools.wraps(method)
    def wrapper(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock.held(self._lock_timeout), self._guard():
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """papertray's persistent state. Every write is committed to disk before the call returns."""

    def __init__(self, directory: Path, lock: StoreLock, lock_timeout: float) -> None:
        """Use `Store.open`."""
        self.directory = directory
        self.notices: list[str] = []
        """What went wrong on the way and was recovered from, one line each, for the user."""
        self.listeners: list[Callable[[str], None]] = []
        """Called with each notice as it happens, from whichever thread found it."""
        self._lock = lock
        self._lock_timeout = lock_timeout
        self._mutex = threading.RLock()
        self._open = True
        self._depth = 0
        self._epoch = 0
        self._files: dict[str, StoreFile] = {}
        self._replaced_seen = 0
        self._shards: dict[str, KeyedTable] = {}
        self._meta = self._file("meta.json", META_TABLES)
        self._day_table = KeyedTable(self._meta, "days", key="day")
        self._fetch_log = LogTable(self._meta, "fetches")
        self._llm_server_table = KeyedTable(self._meta, "llm_servers", key="key")
        self._llm_usage_table = KeyedTable(self._meta, "llm_usage", key="day")
        self._liked_table = KeyedTable(self._meta, "liked", key="id")

    @classmethod
    def open(cls, directory: Path, *, lock_timeout: float = DEFAULT_TIMEOUT) -> Store:
        """Open (creating if needed) the store in `directory`.

        Other papertray processes may use it at the same time; a write waits up to
        `lock_timeout` seconds for theirs, then fails with StoreError.
        """
        directory = Path(directory).expanduser()
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store {directory}: {exc.strerror or exc}") from exc
        lock = StoreLock(directory)
        try:
            with lock.try_held() as held:
                if held:  # a writer's temp file is not a leftover: only clean up when alone
                    remove_leftover_temps(directory)
            store = cls(directory, lock, lock_timeout)
            store.days()  # report a damaged meta.json at open, not later
        except BaseException:
            lock.close()
            raise
        return store

    def close(self) -> None:
        """Let go of the store's files; it cannot be used afterwards. Safe to call twice."""
        with self._mutex:
            self._open = False
            for file in self._files.values():
                file.close()
            self._lock.close()

    @property
    def commits(self) -> int:
        """How many file writes this Store made (a batch writes each month's file once)."""
        return sum(file.commits for file in self._files.values())

    def refresh(self) -> bool:
        """Re-read every file another process replaced since it was read; True when one was,
        here or by any read since the last refresh (a worker's read may have found it first).

        One stat per loaded file: cheap enough for the reader to call every few seconds.
        """
        with self._guard():
            for file in self._files.values():
                if file.changed():
                    file.fresh(self._epoch)
            replaced = sum(file.replaced for file in self._files.values())
            seen, self._replaced_seen = self._replaced_seen, replaced
            return replaced != seen

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # papers

    @_writing
    def upsert_papers(
        self, papers: Iterable[Paper], merge: Merge | None = None
    ) -> tuple[int, int]:
        """Store papers once each; returns (new, updated). An older version never replaces a
        newer one, and an unchanged paper is not rewritten.

        `merge(stored, given)` decides what to write (None: nothing) from the record stored at
        the moment of the write, which another process may have changed a moment ago.
        """
        by_shard: dict[str, dict[str, Paper]] = {}
        for paper in papers:
            batch = by_shard.setdefault(shard_of(paper.id), {})
            if paper.id not in batch or paper.version >= batch[paper.id].version:
                batch[paper.id] = paper
        new = updated = 0
        for shard, batch in by_shard.items():
            table = self._shard("papers", shard)
            changed = []
            for given in batch.values():
                old = table.get(given.id)
                merged = merge(_paper(old), given) if merge is not None else given
                if merged is None:
                    continue
                doc = merged.to_dict()
                if old is not None and (old == doc or old.get("version", 0) > merged.version):
                    continue
                new, updated = (new + 1, updated) if old is None else (new, updated + 1)
                changed.append(doc)
            if changed:
                table.put_many(changed)
        return new, updated

    @_reading
    def get_paper(self, paper_id: str) -> Paper | None:
        """The stored paper, or None."""
        doc = self._shard("papers", shard_of(paper_id)).get(paper_id)
        return Paper.from_dict(doc) if doc is not None else None

    @_reading
    def has_paper(self, paper_id: str) -> bool:
        """True when the paper is stored."""
        return paper_id in self._shard("papers", shard_of(paper_id))

    @_reading
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

    @_writing
    def like(self, paper_ids: Iterable[str]) -> int:
        """Mark stored papers as liked; returns how many were not liked before."""
        new = [{"id": i, "liked": True} for i in dict.fromkeys(paper_ids)
               if not (self._liked.get(i) or {}).get("liked")]
        if new:
            self._liked.put_many(new)
        return len(new)

    @_writing
    def unlike(self, paper_id: str) -> bool:
        """Take a paper out of the liked ones (it stays stored); False if it was not liked."""
        if not (self._liked.get(paper_id) or {}).get("liked"):
            return False
        self._liked.put_many([{"id": paper_id, "liked": False}])
        return True

    @_reading
    def liked_ids(self) -> list[str]:
        """The liked papers' ids, in the order they were first liked."""
        return [i for i in self._liked.all_keys() if (self._liked.get(i) or {}).get("liked")]

    # days

    @_writing
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

    @_reading
    def days(self) -> list[date]:
        """Every day with a listing, ascending."""
        return sorted(date.fromisoformat(key) for key in self._days.all_keys())

    @_reading
    def day_listing(self, day: date) -> dict[str, list[str]]:
        """topic -> paper ids for `day`, topics in the order they were first added."""
        doc = self._days.get(day.isoformat())
        return {name: list(ids) for name, ids in (doc["topics"] if doc else {}).items()}

    def papers_for(self, day: date, topic: str) -> list[Paper]:
        """The stored papers listed under (day, topic), in listing order."""
        with self._mutex:
            return self.get_papers(self.day_listing(day).get(topic, []))

    # triage state

    @_reading
    def get_state(self, paper_id: str) -> PaperState:
        """The paper's triage state (all False for a paper never touched)."""
        return self._state(paper_id)

    @_reading
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

    @_reading
    def get_states(self, ids: Iterable[str]) -> dict[str, PaperState]:
        """paper id -> state for every id given."""
        return {paper_id: self._state(paper_id) for paper_id in ids}

    def set_state(self, paper_id: str, **changes: bool) -> PaperState:
        """Change some of read=, starred=, skipped=; returns the new state."""
        with self._lock.held(self._lock_timeout), self._guard():
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

    def put_summary(self, summary: Summary) -> None:
        """Store a summary, replacing one with the same `Summary.key`."""
        self.put_summaries([summary])

    @_writing
    def put_summaries(self, summaries: Iterable[Summary]) -> None:
        """Store summaries, each replacing one with the same key: one write per month."""
        by_shard: dict[str, list[Doc]] = {}
        for summary in summaries:
            doc = summary.to_dict()
            doc["key"] = summary.key
            by_shard.setdefault(shard_of(summary.paper_id), []).append(doc)
        for shard, docs in by_shard.items():
            self._shard("summaries", shard).put_many(docs)

    @_reading
    def get_summary(self, paper_id: str) -> Summary | None:
        """The newest summary of the paper: highest version, then latest created, then stored."""
        docs = self._shard("summaries", shard_of(paper_id)).in_group(paper_id)
        if not docs:
            return None  # (before importing Summary: the demo's first paper has none)
        from core.records import Summary

        ranked = sorted(enumerate(docs), key=lambda item: (recency(item[1]), item[0]))
        return Summary.from_dict(ranked[-1][1])

    @_reading
    def has_summary(self, paper_id: str) -> bool:
        """True when some summary of the paper is stored."""
        return self._shard("summaries", shard_of(paper_id)).has_group(paper_id)

    @_reading
    def summarized_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among `ids` that have a stored summary."""
        return {i for i in ids if self._shard("summaries", shard_of(i)).has_group(i)}

    # fetch log

    @_writing
    def record_fetch(self, record: FetchRecord) -> None:
        """Append a fetch run to the log."""
        self._fetches.append(fetch_to_doc(record))

    @_reading
    def last_successful_fetch(self) -> FetchRecord | None:
        """The last recorded fetch with ok=True, or None."""
        for doc in self._fetches.newest_first():
            if doc.get("ok"):
                return fetch_from_doc(doc)
        return None

    # LLM servers and usage

    @_reading
    def get_llm_server(self, key: str) -> dict[str, Any] | None:
        """What the server `base URL|model` was found to take, or None."""
        return self._llm_servers.get(key)

    @_writing
    def put_llm_server(self, doc: dict[str, Any]) -> None:
        """Keep what a server takes (`doc["key"]` is `base URL|model`; never a secret)."""
        self._llm_servers.put_many([doc])

    @_writing
    def add_llm_usage(self, day: date, amounts: dict[str, float]) -> None:
        """Add calls, input_tokens, output_tokens, seconds to the day's LLM totals."""
        old = self._llm_usage.get(day.isoformat()) or {}
        new = {"day": day.isoformat()}
        for name in ("calls", "input_tokens", "output_tokens", "seconds"):
            new[name] = round(old.get(name, 0) + amounts.get(name, 0), 3)
        self._llm_usage.put_many([new])

    @_reading
    def llm_usage(self, day: date) -> dict[str, float]:
        """The day's LLM totals: calls, input_tokens, output_tokens, seconds (0 when none)."""
        doc = self._llm_usage.get(day.isoformat()) or {}
        return {name: doc.get(name, 0) for name in ("calls", "input_tokens", "output_tokens",
                                                    "seconds")}

    # internals

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Serialize calls (the TUI writes from several worker threads); refuse a closed store.

        Each outermost call is a new epoch: a file it touches is checked against the disk once.
        """
        with self._mutex:
            if not self._open:
                raise StoreError(f"store {self.directory} is closed")
            if not self._depth:
                self._epoch += 1
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

    @property
    def _days(self) -> KeyedTable:
        self._meta.fresh(self._epoch)
        return self._day_table

    @property
    def _fetches(self) -> LogTable:
        self._meta.fresh(self._epoch)
        return self._fetch_log

    @property
    def _llm_servers(self) -> KeyedTable:
        self._meta.fresh(self._epoch)
        return self._llm_server_table

    @property
    def _llm_usage(self) -> KeyedTable:
        self._meta.fresh(self._epoch)
        return self._llm_usage_table

    @property
    def _liked(self) -> KeyedTable:
        self._meta.fresh(self._epoch)
        return self._liked_table

    def _file(self, name: str, checks: dict[str, Check]) -> StoreFile:
        file = self._files.get(name)
        if file is None:
            file = StoreFile(self.directory / name, self._lock, checks, self._notice)
            self._files[name] = file
        file.fresh(self._epoch)
        return file

    def _shard(self, kind: str, shard: str) -> KeyedTable:
        name = f"{kind}-{shard}"
        table = self._shards.get(name)
        if table is None:
            spec = KINDS[kind]
            file = self._file(f"{name}.json", {kind: spec.check})
            table = self._shards[name] = KeyedTable(file, kind, key=spec.key, group=spec.group)
        else:
            table.file.fresh(self._epoch)
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

    def _notice(self, line: str) -> None:
        self.notices.append(line)
        for listener in list(self.listeners):
            listener(line)


def _paper(doc: Doc | None) -> Paper | None:
    return Paper.from_dict(doc) if doc is not None else None
