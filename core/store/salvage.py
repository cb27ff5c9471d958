"""Reading what is left of a damaged store file: every whole document before the damage.

A TinyDB file is `{"table": {"1": {...}, "2": {...}}, ...}`. Cut short (a full disk, a copy
interrupted) or broken by a hand edit, it no longer parses as a whole, but each document
before the break still does, one by one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.store.checks import Check

Tables = dict[str, dict[str, Any]]


@dataclass
class Salvage:
    """The documents kept, and how many were found but could not be read."""

    tables: Tables = field(default_factory=dict)
    kept: int = 0
    dropped: int = 0


class _Stop(Exception):
    """The text breaks off here."""


def keep_readable(data: Any, checks: Mapping[str, Check]) -> Salvage:
    """The documents of parsed `data` that are fit to read (`checks` by table name)."""
    result = Salvage()
    if not isinstance(data, dict):
        result.dropped = 1
        return result
    for name, table in data.items():
        if not isinstance(table, dict):
            result.dropped += 1
            continue
        for doc_id, doc in table.items():
            _add(result, checks, name, doc_id, doc)
    return result


def salvage(raw: bytes, checks: Mapping[str, Check]) -> Salvage:
    """Every readable document of a file that does not parse, up to where it breaks."""
    result = Salvage()
    reader = _Reader(raw.decode("utf-8", "replace"))
    try:
        reader.expect("{")
        while not reader.end_of("}"):
            name = reader.key()
            reader.expect("{")
            while not reader.end_of("}"):
                doc_id = reader.key()
                _add(result, checks, name, doc_id, reader.value())
    except _Stop:
        pass
    return result


def _add(result: Salvage, checks: Mapping[str, Check], name: Any, doc_id: Any, doc: Any) -> None:
    check = checks.get(name)
    good = (isinstance(doc_id, str) and doc_id.isdigit() and isinstance(doc, dict)
            and (check is None or check(doc)))
    if good:
        result.tables.setdefault(name, {})[doc_id] = doc
        result.kept += 1
    else:
        result.dropped += 1


class _Reader:
    """Just enough of a JSON reader to walk two levels of objects and decode each value."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self._decoder = json.JSONDecoder()

    def _skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def expect(self, char: str) -> None:
        self._skip()
        if not self.text.startswith(char, self.pos):
            raise _Stop
        self.pos += 1

    def end_of(self, closer: str) -> bool:
        """True (and past it) at `closer`; past a comma between members otherwise."""
        self._skip()
        if self.text.startswith(closer, self.pos):
            self.pos += 1
            return True
        if self.text.startswith(",", self.pos):
            self.pos += 1
        return False

    def value(self) -> Any:
        self._skip()
        try:
            value, self.pos = self._decoder.raw_decode(self.text, self.pos)
        except ValueError:
            raise _Stop from None
        return value

    def key(self) -> str:
        key = self.value()
        if not isinstance(key, str):
            raise _Stop
        self.expect(":")
        return key
