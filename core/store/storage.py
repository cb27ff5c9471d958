"""The store's files: an atomic, orjson-backed TinyDB storage, and moving corrupt files aside."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from core.atomic_file import TEMP_SUFFIX, atomic_write, fsync_dir
from core.errors import StoreError

Tables = dict[str, dict[str, Any]]
CorruptHandler = Callable[[Path, Path, str], None]
"""Called with (the corrupt file, where it was moved, why it was unreadable)."""


def remove_leftover_temps(directory: Path) -> list[Path]:
    """Delete temp files a killed writer left behind; only safe while holding the store lock."""
    removed = []
    for path in directory.glob(f".*.json.*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def move_aside(path: Path) -> Path:
    """Rename `path` to `<name>.corrupt-<YYYYmmddTHHMMSS>` (never overwriting) and return it."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    os.replace(path, target)
    fsync_dir(path.parent)
    return target


def _check_shape(data: Any) -> Tables:
    """TinyDB's layout: {table: {doc_id: {field: value}}}; anything else is corrupt."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"table {name!r} is not an object")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict) or not doc_id.isdigit():
                raise ValueError(f"table {name!r} has a bad document {doc_id!r}")
    return data


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the file in memory and commits each write atomically.

    Reads are served from memory after the first load. Writes go to disk through
    `atomic_write` unless inside `deferred()`, which commits once at its end. A file that
    does not parse is moved aside and reported to `on_corrupt`; the table starts empty.
    """

    def __init__(self, path: str | Path, on_corrupt: CorruptHandler | None = None) -> None:
        self.path = Path(path)
        self._on_corrupt = on_corrupt
        self._data: Tables | None = None
        self._loaded = False
        self._depth = 0
        self._dirty = False

    def read(self) -> Tables | None:
        """The whole file as TinyDB's nested dicts (shared, not copied: TinyDB mutates it)."""
        if not self._loaded:
            self._data = self._load()
            self._loaded = True
        return self._data

    def write(self, data: Tables) -> None:
        """Commit `data`, or remember it for the end of the enclosing `deferred()` block."""
        self._data = data
        self._loaded = True
        if self._depth:
            self._dirty = True
        else:
            self._commit()

    def close(self) -> None:
        """Nothing to flush: every write outside `deferred()` is already on disk."""

    def invalidate(self) -> None:
        """Forget the in-memory copy; the next read reloads what is on disk."""
        self._data = None
        self._loaded = False
        self._dirty = False

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Group several TinyDB operations into one atomic commit; discard them on error."""
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self.invalidate()
            raise
        self._depth -= 1
        if not self._depth and self._dirty:
            self._commit()

    def _commit(self) -> None:
        try:
            atomic_write(self.path, _dumps(self._data))
        except BaseException as exc:
            # Memory may now be ahead of the disk: reload the committed state next time.
            self.invalidate()
            if isinstance(exc, OSError):
                raise StoreError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
            raise
        self._dirty = False

    def _load(self) -> Tables | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {exc.strerror or exc}") from exc
        try:
            return _check_shape(orjson.loads(raw))
        except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
            reason = "empty file" if not raw else str(exc)
            aside = move_aside(self.path)
            if self._on_corrupt is not None:
                self._on_corrupt(self.path, aside, reason)
            return None


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
