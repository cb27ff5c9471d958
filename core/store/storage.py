"""One store file: loaded on first use, reloaded when another process replaced it, written
atomically only over the very file it was read from, salvaged when damaged."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from core.atomic_file import TEMP_SUFFIX, atomic_replace, write_all
from core.errors import StoreError
from core.store.checks import Check
from core.store.lock import StoreLock
from core.store.salvage import Salvage, Tables, keep_readable, salvage

Identity = tuple[int, int, int, int]
"""(device, inode, size, mtime in ns) of a file: every write replaces the file, so a new
inode; a hand edit in place changes size or mtime."""
Notify = Callable[[str], None]


def remove_leftover_temps(directory: Path) -> list[Path]:
    """Delete temp files a killed writer left behind; only safe while holding the store lock."""
    removed = []
    for path in directory.glob(f".*.json.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


class StoreFile(Storage):
    """A TinyDB file (`{table: {doc_id: doc}}`) kept in memory, shared by the Store's tables.

    The file it was read from stays open, so that its inode cannot be reused: while the path
    still names that inode (same size and mtime), no one has written the file since. Writes
    check exactly that, under the store lock, before replacing it.
    """

    def __init__(self, path: Path, lock: StoreLock, checks: Mapping[str, Check],
                 notify: Notify) -> None:
        self.path = path
        self._lock = lock
        self._checks = checks
        self._notify = notify
        self._data: Tables | None = None
        self._seen: Identity | None = None
        self._pin: int | None = None
        self._checked = -1
        self.generation = 0
        """Changes whenever the documents in memory are replaced wholesale (a reload)."""
        self.commits = 0
        """Times this file was written (each one an fsync'ed replace)."""
        self.replaced = 0
        """Times this file was found replaced by another process, and read again."""

    def read(self) -> Tables:
        """Every table, loading the file on first use (shared, not copied)."""
        if self._data is None:
            self._load()
        assert self._data is not None
        return self._data

    def fresh(self, epoch: int) -> Tables:
        """Every table as the file now holds them: checked once per `epoch` (one Store call)."""
        if self._checked != epoch:
            self._checked = epoch
            if self._data is not None and self._on_disk() != self._seen:
                self.invalidate()
                self.replaced += 1
        return self.read()

    def changed(self) -> bool:
        """True when a loaded file was replaced on disk since it was read (one stat)."""
        return self._data is not None and self._on_disk() != self._seen

    def write(self, data: Tables) -> None:
        """Replace the documents and commit them (TinyDB's storage interface)."""
        self._data = data
        self.commit()

    def commit(self) -> None:
        """Write the documents in memory over the file they were read from.

        The caller holds the store lock and read the file under it. If the file is not the
        one read (a lock that failed to exclude someone), nothing is written: StoreError.
        """
        data = self.read()
        if self._on_disk() != self._seen:
            self.invalidate()
            raise StoreError(f"{self.path.name} was changed by another process during a write; "
                             "nothing was written, try again")
        try:
            pin, identity = _replace(self.path, _dumps(data))
        except BaseException as exc:
            self.invalidate()  # memory may be ahead of the disk now: reload the file next time
            if isinstance(exc, OSError):
                raise StoreError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
            raise
        self._hold(pin, identity)
        self.commits += 1

    def invalidate(self) -> None:
        """Forget the documents in memory; the next read loads the file again."""
        self._data = None
        self._hold(None, None)
        self.generation += 1

    def close(self) -> None:
        """Let go of the file read (memory stays until `invalidate`)."""
        self._hold(None, self._seen)

    def _hold(self, pin: int | None, identity: Identity | None) -> None:
        old, self._pin, self._seen = self._pin, pin, identity
        if old is not None:
            os.close(old)

    def _on_disk(self) -> Identity | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        return _identity(st)

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as file:
                raw = file.read()
                st = os.fstat(file.fileno())
                pin = os.dup(file.fileno())
        except FileNotFoundError:
            self._data, self.generation = {}, self.generation + 1
            self._hold(None, None)
            return
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        self._hold(pin, _identity(st))
        self._data, self.generation = self._parse(raw), self.generation + 1

    def _parse(self, raw: bytes) -> Tables:
        try:
            kept = keep_readable(orjson.loads(raw), self._checks)
        except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
            reason = "empty file" if not raw.strip() else f"not whole JSON: {exc}"
            kept = salvage(raw, self._checks)
        else:
            if not kept.dropped:
                return kept.tables
            reason = f"{kept.dropped} unreadable records"
        self._repair(raw, kept, reason)
        return kept.tables

    def _repair(self, raw: bytes, kept: Salvage, reason: str) -> None:
        """Keep a copy of the damaged file, write what was read back, and say so."""
        line = f"{self.path.name} was damaged ({reason}); {kept.kept} records recovered"
        if kept.dropped and not reason.endswith("unreadable records"):
            line += f", {kept.dropped} unreadable left out"
        try:
            line += f"; the damaged file is kept as {keep_aside(self.path, raw)}"
        except OSError as exc:
            line += f"; could not keep a copy of the damaged file: {exc.strerror or exc}"
        with self._lock.try_held() as held:
            # Without the lock now, the next write replaces the damaged file.
            if held and self._on_disk() == self._seen:
                with contextlib.suppress(OSError):
                    self._hold(*_replace(self.path, _dumps(kept.tables)))
        self._notify(line)


def keep_aside(path: Path, raw: bytes) -> Path:
    """A copy of a damaged file as `<name>.corrupt-<YYYYmmddTHHMMSS>`; one copy per content,
    however many processes find the damage."""
    for old in path.parent.glob(f"{path.name}.corrupt-*"):
        with contextlib.suppress(OSError):
            if old.stat().st_size == len(raw) and old.read_bytes() == raw:
                return old
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while True:
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
            counter += 1
    try:
        write_all(fd, raw)
        os.fsync(fd)
    finally:
        os.close(fd)
    return target


def _replace(path: Path, data: bytes) -> tuple[int, Identity]:
    """Atomically replace `path` with `data`; returns the new file, still open, and its
    identity."""
    fd = atomic_replace(path, data)
    return fd, _identity(os.fstat(fd))


def _identity(st: os.stat_result) -> Identity:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _dumps(data: Any) -> bytes:
    """JSON bytes; text that is not valid Unicode (lone surrogates) is stored with U+FFFD."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return orjson.dumps(_scrub(data))


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value
