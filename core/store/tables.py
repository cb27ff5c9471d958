"""Tables of a store file, with in-memory indices, as the Store uses them.

They work on TinyDB's layout directly: TinyDB's own Table rewrites the whole table for each
insert or update, so a batch of k documents into a table of n cost k * n; here it costs k.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from core.store.storage import StoreFile

Doc = dict[str, Any]


class KeyedTable:
    """A table whose documents are unique by `key`, optionally grouped by `group`.

    The indices (key -> doc id, group -> doc ids) are rebuilt whenever the file's documents
    are replaced (reloaded, or dropped after a failed write), so they never disagree with it.
    """

    def __init__(self, file: StoreFile, name: str, key: str, group: str | None = None) -> None:
        self.file = file
        self.name = name
        self._key = key
        self._group = group
        self._built = -1
        self._ids: dict[str, str] = {}
        self._groups: dict[str, list[str]] = {}
        self._next = 1

    def _raw(self) -> dict[str, Doc]:
        return self.file.read().get(self.name, {})

    def _index(self) -> dict[str, str]:
        if self._built != self.file.generation:
            ids: dict[str, str] = {}
            groups: dict[str, list[str]] = {}
            raw = self._raw()
            for doc_id, doc in raw.items():
                ids[doc[self._key]] = doc_id
                if self._group is not None:
                    groups.setdefault(str(doc.get(self._group)), []).append(doc_id)
            self._ids, self._groups = ids, groups
            self._next = max(map(int, raw), default=0) + 1
            self._built = self.file.generation
        return self._ids

    def __contains__(self, key: str) -> bool:
        return key in self._index()

    def all_keys(self) -> Iterator[str]:
        """Every key, in insertion order."""
        return iter(list(self._index()))

    def get(self, key: str) -> Doc | None:
        """A shallow copy of the document stored under `key`, or None (its nested lists and
        dicts are the stored ones: copy before changing them)."""
        doc_id = self._index().get(key)
        return None if doc_id is None else dict(self._raw()[doc_id])

    def in_group(self, group: str) -> list[Doc]:
        """The documents whose group field is `group`, oldest first."""
        self._index()
        raw = self._raw()
        return [dict(raw[doc_id]) for doc_id in self._groups.get(group, ())]

    def has_group(self, group: str) -> bool:
        """True when some document has `group` as its group field."""
        self._index()
        return group in self._groups

    def put_many(self, docs: Iterable[Doc]) -> None:
        """Insert or replace each document by its key, all in one atomic commit."""
        index = self._index()
        raw = self.file.read().setdefault(self.name, {})
        try:
            for doc in docs:
                key = doc[self._key]
                doc_id = index.get(key)
                if doc_id is None:
                    doc_id = index[key] = str(self._next)
                    self._next += 1
                    if self._group is not None:
                        self._groups.setdefault(doc[self._group], []).append(doc_id)
                raw[doc_id] = doc
        except BaseException:
            self.file.invalidate()
            raise
        self.file.commit()


class LogTable:
    """An append-only table (the fetch log), read newest first."""

    def __init__(self, file: StoreFile, name: str) -> None:
        self.file = file
        self.name = name

    def append(self, doc: Doc) -> None:
        """Add `doc` and commit."""
        raw = self.file.read().setdefault(self.name, {})
        raw[str(max(map(int, raw), default=0) + 1)] = doc
        self.file.commit()

    def newest_first(self) -> list[Doc]:
        """Every entry, the last appended first."""
        raw = self.file.read().get(self.name, {})
        return [dict(raw[k]) for k in sorted(raw, key=int, reverse=True)]


_NEW_ID = re.compile(r"(\d{4})\.\d{4,5}(?:v\d+)?")
_OLD_ID = re.compile(r"[A-Za-z][A-Za-z.-]*/(\d{4})\d{3}(?:v\d+)?")
OTHER_SHARD = "other"


def shard_of(paper_id: str) -> str:
    """The yymm an arXiv id was issued in (`2508.21066` and `hep-ex/0406020` -> `2508`, `0406`).

    Anything else (a local PDF's made-up id) goes to the `other` shard.
    """
    match = _NEW_ID.fullmatch(paper_id) or _OLD_ID.fullmatch(paper_id)
    return match.group(1) if match else OTHER_SHARD
