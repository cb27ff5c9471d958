"""Matching a paper against what the reader typed: title, authors, arXiv id and abstract."""

from __future__ import annotations

from core.models import Paper


def haystack(paper: Paper) -> str:
    """The fields a search looks in, case-folded, one string."""
    return " \n".join((paper.title, ", ".join(paper.authors), paper.versioned_id,
                       paper.abstract)).casefold()


def matches(paper: Paper, text: str) -> bool:
    """True when every word of `text` is in the title, the authors, the id or the abstract."""
    words = text.casefold().split()
    if not words:
        return True
    found = haystack(paper)
    return all(word in found for word in words)


def match_field(paper: Paper, text: str) -> str:
    """Which field a query is found in first: `id`, `author`, `title`, or "" (for the palette).

    The query counts as a whole here (`2302.03287`, `Jalil`, `Sajed Jalil`).
    """
    needle = " ".join(text.casefold().split())
    if not needle:
        return ""
    if needle in paper.versioned_id.casefold():
        return "id"
    if any(needle in author.casefold() for author in paper.authors):
        return "author"
    return "title" if needle in paper.title.casefold() else ""
