"""The command palette's paper search: any stored paper of any day, by title, arXiv id or
author."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from core.models import Paper
from core.reader.search import match_field
from tui.text import clean


@dataclass(frozen=True)
class Entry:
    """A paper as the palette finds it, with the first day that listed it."""

    paper: Paper
    day: date
    title: str

    @property
    def help(self) -> str:
        """`2302.03287 · Sajed Jalil et al. · 2026-04-10`: only the fields that are known."""
        parts = (self.paper.id, clean(self.paper.first_author), str(self.day))
        return " · ".join(part for part in parts if part)


def all_papers(store: Any) -> list[Entry]:
    """Every paper listed on any day, newest day first, each paper once."""
    entries: dict[str, Entry] = {}
    for day in reversed(store.days()):
        ids = [i for ids in store.day_listing(day).values() for i in ids if i not in entries]
        for paper in store.get_papers(dict.fromkeys(ids)):
            entries[paper.id] = Entry(paper, day, clean(paper.title))
    return list(entries.values())


def highlight(title: str, offsets: Any) -> Content:
    """The title as literal text with the matched letters underlined (never markup)."""
    content = Content(title)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


class PaperProvider(Provider):
    """Finds papers by arXiv id, author or (fuzzy) title and shows the chosen one on its day."""

    async def startup(self) -> None:
        """Read the papers once per palette opening, off the event loop."""
        self._entries = await asyncio.to_thread(all_papers, self.app.services.store)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        """Yield the papers whose id or an author contains the query, or whose title matches."""
        matcher = self.matcher(query)
        jump = getattr(self.screen, "jump_to", None)
        if jump is None:
            return
        for entry in self._entries:
            found = match_field(entry.paper, query)
            if found in ("id", "author"):
                score, display = 1.0, Content(entry.title)
            else:
                score, offsets = matcher.fuzzy_search.match(query, entry.title)
                display = highlight(entry.title, offsets)
            if score > 0:
                yield Hit(score, display, partial(jump, entry.day, entry.paper.id),
                          text=entry.title, help=escape(self._help(entry, found)))

    @staticmethod
    def _help(entry: Entry, found: str) -> str:
        """The help line; an author hit names the matching author."""
        return entry.help + (" · by author" if found == "author" else "")
