"""The command palette's paper search: any stored paper of any day, by title."""

from __future__ import annotations

import asyncio
from datetime import date
from functools import partial
from typing import Any

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui.text import clean

Entry = tuple[str, date, str, str]
"""(title, day, paper id, first author)."""


def all_titles(store: Any) -> list[Entry]:
    """Every paper listed on any day, newest day first, each paper once."""
    entries: dict[str, Entry] = {}
    for day in reversed(store.days()):
        ids = [i for ids in store.day_listing(day).values() for i in ids if i not in entries]
        for paper in store.get_papers(dict.fromkeys(ids)):
            entries[paper.id] = (clean(paper.title), day, paper.id, clean(paper.first_author))
    return list(entries.values())


def highlight(title: str, offsets: Any) -> Content:
    """The title as literal text with the matched letters underlined (never markup)."""
    content = Content(title)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


class PaperProvider(Provider):
    """Finds papers by (fuzzy) title and opens the chosen one on its day."""

    async def startup(self) -> None:
        """Read the titles once per palette opening, off the event loop."""
        self._entries = await asyncio.to_thread(all_titles, self.app.services.store)  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        """Yield the papers whose title matches."""
        matcher = self.matcher(query)
        jump = getattr(self.screen, "jump_to", None)
        if jump is None:
            return
        for title, day, paper_id, author in self._entries:
            score, offsets = matcher.fuzzy_search.match(query, title)
            if score > 0:
                yield Hit(score, highlight(title, offsets), partial(jump, day, paper_id),
                          text=title, help=escape(f"{paper_id} · {author} · {day}"))
