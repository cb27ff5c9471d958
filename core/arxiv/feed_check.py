"""Checking an arXiv API reply before the `arxiv` package parses it.

The package parses leniently (lxml `recover=True`): a 200 reply that is not a feed, or broken
XML, becomes an empty result list and a logged warning, which would read as "nothing new". An
entry with a date it cannot read raises ValueError out of the whole page. Here a reply must be
a well-formed Atom feed, and entries without a readable id or dates are dropped, each with a
note, so the rest of the page still counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


class NotAFeed(Exception):
    """The reply is not a well-formed Atom feed; the message says why, in one line."""


@dataclass
class CheckedFeed:
    """The reply's bytes as the package should see them, and what was dropped from it."""

    content: bytes
    notes: list[str] = field(default_factory=list)


def check_feed(content: bytes) -> CheckedFeed:
    """The feed, minus unreadable entries; raises NotAFeed for anything but an Atom feed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as err:
        raise NotAFeed(f"the reply is not well-formed XML ({_first_line(err)})") from None
    if root is None or root.tag != f"{ATOM}feed":
        tag = "" if root is None else etree.QName(root).localname
        raise NotAFeed(f"the reply is not an Atom feed (its root is <{tag}>)")
    notes = []
    for entry in root.iterfind(f"{ATOM}entry"):
        problem = _unreadable(entry)
        if problem:
            notes.append(f"skipped an entry from arXiv ({problem})")
            root.remove(entry)
    if not notes:
        return CheckedFeed(content)
    return CheckedFeed(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), notes)


def _unreadable(entry: etree._Element) -> str:
    """Why the package could not make a result of this entry, or ""."""
    entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
    if not entry_id:
        return "it has no <id>"
    for tag in ("published", "updated"):
        text = (entry.findtext(f"{ATOM}{tag}") or "").strip()
        try:
            # What the package does with it (arxiv/_feed.py, `_parse_datetime`).
            datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            shown = text[:40] or "nothing"
            return f"{entry_id.rsplit('/', 1)[-1]}: unreadable <{tag}> date {shown!r}"
    return ""


def _first_line(err: etree.XMLSyntaxError) -> str:
    text = str(err.msg or err).strip().splitlines()
    return text[0] if text else type(err).__name__
