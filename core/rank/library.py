"""Reading a reader's library to like: BibTeX exports (Zotero, JabRef, Mendeley), text files of
arXiv ids or URLs, and ids given on the command line (pure: no network, no store)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import UsageError
from core.ids import find_id

_ENTRY = re.compile(r"@\s*(\w+)\s*[{(]")
_FIELD = re.compile(r"\s*([\w:.-]+)\s*=\s*")
_SKIPPED_TYPES = {"comment", "preamble", "string"}


@dataclass(frozen=True)
class LibraryItem:
    """One paper to like: its arXiv id when known, and what the source said about it."""

    arxiv_id: str | None
    title: str = ""
    abstract: str = ""
    authors: tuple[str, ...] = ()
    key: str = ""
    """The BibTeX citation key, for papers not on arXiv."""


def read_items(arguments: list[str]) -> list[LibraryItem]:
    """Each argument is a file (BibTeX, or text with one id or URL a line) or an id or URL.

    Raises UsageError, naming the argument, for anything else.
    """
    items: list[LibraryItem] = []
    for argument in arguments:
        path = Path(argument).expanduser()
        if path.is_file():
            items.extend(read_file(path))
        elif (paper_id := find_id(argument)) is not None:
            items.append(LibraryItem(paper_id))
        else:
            raise UsageError(f"not a file, an arXiv id or an arXiv URL: {argument!r}")
    return items


def read_file(path: Path) -> list[LibraryItem]:
    """A BibTeX file's entries, or a text file's ids; UsageError when it holds neither."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from None
    items = parse_bibtex(text) if _ENTRY.search(text) else parse_id_lines(text)
    if not items:
        raise UsageError(f"{path}: no BibTeX entry and no arXiv id or URL found")
    return items


def parse_id_lines(text: str) -> list[LibraryItem]:
    """One arXiv id (or abs/pdf URL) per line; blank lines and `#` comments are skipped."""
    found = (find_id(line) for line in text.splitlines()
             if line.strip() and not line.lstrip().startswith("#"))
    return [LibraryItem(paper_id) for paper_id in found if paper_id]


def parse_bibtex(text: str) -> list[LibraryItem]:
    """Entries with an arXiv id (eprint, arxivid, url, doi, journal, note) or with a title and
    an abstract; entries with neither are left out."""
    items = []
    for kind, key, fields in _entries(text):
        if kind in _SKIPPED_TYPES:
            continue
        paper_id = _arxiv_id(fields)
        title, abstract = _clean(fields.get("title", "")), _clean(fields.get("abstract", ""))
        if paper_id is None and not (title and abstract):
            continue
        authors = tuple(_clean(a) for a in re.split(r"\s+and\s+", fields.get("author", ""))
                        if a.strip())
        items.append(LibraryItem(paper_id, title, abstract, authors, key))
    return items


def _arxiv_id(fields: dict[str, str]) -> str | None:
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", fields.get("eprinttype", "arxiv")).lower()
    if eprint and prefix == "arxiv" and (paper_id := find_id(eprint)):
        return paper_id
    for name in ("arxivid", "arxiv", "url", "doi", "journal", "note", "howpublished"):
        value = fields.get(name, "")
        mentions_arxiv = "arxiv" in value.lower() or name.startswith("arxiv")
        if mentions_arxiv and (paper_id := find_id(value)) is not None:
            return paper_id
    return None


def _entries(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """(type, key, fields with lower-cased names) of every `@type{key, name = value, ...}`."""
    entries = []
    position = 0
    while (match := _ENTRY.search(text, position)) is not None:
        body, position = _balanced(text, match.end() - 1)
        key, _, rest = body.partition(",")
        entries.append((match[1].lower(), key.strip(), _fields(rest)))
    return entries


def _fields(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    position = 0
    while (match := _FIELD.match(text, position)) is not None:
        value, position = _value(text, match.end())
        fields[match[1].lower()] = value
        comma = text.find(",", position)
        if comma < 0:
            break
        position = comma + 1
    return fields


def _value(text: str, start: int) -> tuple[str, int]:
    """A `{braced}`, `"quoted"` or bare value (with `#` concatenation read as a space)."""
    parts = []
    position = start
    while position < len(text):
        char = text[position]
        if char in "{(":
            part, position = _balanced(text, position)
        elif char == '"':
            end = text.find('"', position + 1)
            end = len(text) if end < 0 else end
            part, position = text[position + 1:end], end + 1
        else:
            bare = re.match(r"[^,#}\s]*", text[position:])
            part = bare.group(0) if bare else ""
            position += max(len(part), 1)
        parts.append(part)
        hash_at = re.match(r"\s*#\s*", text[position:])
        if not hash_at:
            break
        position += hash_at.end()
    return " ".join(parts), position


def _balanced(text: str, start: int) -> tuple[str, int]:
    """The text inside the bracket at `start` (nested braces kept), and where it ends."""
    opening = text[start]
    closing = "}" if opening == "{" else ")"
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{" or char == opening:
            depth += 1
        elif char == "}" or char == closing:
            depth -= 1
            if depth == 0:
                return text[start + 1:index], index + 1
    return text[start + 1:], len(text)


def _clean(value: str) -> str:
    """TeX braces and `\\` escapes of common accents dropped, whitespace collapsed."""
    value = re.sub(r"\\[`'^\"~=.uvHcdbk]\s*\{?(\w)\}?", r"\1", value)
    value = re.sub(r"\\(?:emph|textit|textbf|mathrm|text)\s*", "", value)
    value = value.replace("{", "").replace("}", "").replace("\\&", "&").replace("\\%", "%")
    return " ".join(value.split())
