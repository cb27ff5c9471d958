"""TinyDB files and tables with in-memory indices, as the Store uses them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from core.store.storage import AtomicJSONStorage, CorruptHandler

Doc = dict[str, Any]


class StoreFile:
    """One TinyDB file on `AtomicJSONStorage`; loaded on first access, not on creation."""

    def __init__(self, path: Path, on_corrupt: CorruptHandler) -> None:
        self.path = path
        self.db = TinyDB(path, storage=AtomicJSONStorage, on_corrupt=on_corrupt)
        self.storage = cast(AtomicJSONStorage, self.db.storage)

    def table(self, name: str) -> Table:
        """A TinyDB table without a query cache (lookups go through our own indices)."""
        return self.db.table(name, cache_size=0)


class KeyedTable:
    """A table whose documents are unique by `key`, optionally grouped by `group`.

    The indices (key -> doc id, group -> doc ids) are built on first use and dropped with
    the storage's memory whenever a commit fails, so they never disagree with the disk.
    """

    def __init__(self, file: StoreFile, name: str, key: str, group: str | None = None) -> None:
        self.file = file
        self._table = file.table(name)
        self._key = key
        self._group = group
        self._ids: dict[str, int] | None = None
        self._groups: dict[str, list[int]] = {}

    def _index(self) -> dict[str, int]:
        if self._ids is None:
            ids: dict[str, int] = {}
            groups: dict[str, list[int]] = {}
            # The raw table, not `iter(self._table)`, which copies every document.
            raw = (self.file.storage.read() or {}).get(self._table.name, {})
            for key, doc in raw.items():
                if not isinstance(doc.get(self._key), str):
                    continue  # hand-edited junk: unreachable, but kept in the file
                doc_id = int(key)
                ids[doc[self._key]] = doc_id
                if self._group is not None:
                    groups.setdefault(doc.get(self._group), []).append(doc_id)
            self._ids, self._groups = ids, groups
        return self._ids

    def __contains__(self, key: str) -> bool:
        return key in self._index()

    def all_keys(self) -> Iterator[str]:
        """Every key, in insertion order."""
        return iter(list(self._index()))

    def get(self, key: str) -> Doc | None:
        """The document stored under `key`, or None. A shallow copy: its nested lists and dicts
        are the stored ones, so copy before changing them."""
        doc_id = self._index().get(key)
        if doc_id is None:
            return None
        return self._table.get(doc_id=doc_id)

    def in_group(self, group: str) -> list[Doc]:
        """The documents whose group field is `group`, oldest first."""
        self._index()
        found = (self._table.get(doc_id=doc_id) for doc_id in self._groups.get(group, ()))
        return [doc for doc in found if doc is not None]

    def has_group(self, group: str) -> bool:
        """True when some document has `group` as its group field."""
        self._index()
        return group in self._groups

    def put_many(self, docs: Iterable[Doc]) -> None:
        """Insert or replace each document by its key, all in one atomic commit."""
        index = self._index()
        try:
            with self.file.storage.deferred():
                for doc in docs:
                    self._put(index, doc)
        except BaseException:
            self._ids = None
            self._groups = {}
            raise

    def _put(self, index: dict[str, int], doc: Doc) -> None:
        key = doc[self._key]
        doc_id = index.get(key)
        if doc_id is not None:
            self._table.update(_replace_with(doc), doc_ids=[doc_id])
            return
        doc_id = self._table.insert(doc)
        index[key] = doc_id
        if self._group is not None:
            self._groups.setdefault(doc[self._group], []).append(doc_id)


class LogTable:
    """An append-only table (the fetch log), read newest first."""

    def __init__(self, file: StoreFile, name: str) -> None:
        self.file = file
        self._table = file.table(name)

    def append(self, doc: Doc) -> None:
        """Add `doc` and commit."""
        self._table.insert(doc)

    def newest_first(self) -> list[Document]:
        """Every entry, the last appended first."""
        return sorted(self._table, key=lambda doc: doc.doc_id, reverse=True)


def _replace_with(new: Doc) -> Callable[[MutableMapping[Any, Any]], None]:
    """A TinyDB update that replaces the whole document rather than merging fields."""

    def transform(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(new)

    return transform


_NEW_ID = re.compile(r"(\d{4})\.\d{4,5}(?:v\d+)?")
_OLD_ID = re.compile(r"[A-Za-z][A-Za-z.-]*/(\d{4})\d{3}(?:v\d+)?")
OTHER_SHARD = "other"


def shard_of(paper_id: str) -> str:
    """The yymm an arXiv id was issued in (`2508.21066` and `hep-ex/0406020` -> `2508`, `0406`).

    Anything else (a local PDF's made-up id) goes to the `other` shard.
    """
    match = _NEW_ID.fullmatch(paper_id) or _OLD_ID.fullmatch(paper_id)
    return match.group(1) if match else OTHER_SHARD
