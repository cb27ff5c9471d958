"""Read one digest file (the replaced tool's or papertray's) into its day, topics and entries.

Pure: bytes in, a `ParsedDigest` out; nothing here touches the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from core.digest.markdown_text import clean_line, unescape
from core.digest.sections_parse import parse_sections
from core.records import Sections

_HEADER = re.compile(r"^#\s+Daily Paper Digest\b.*?(\d{4}-\d{2}-\d{2})")
_TOPIC = re.compile(r"^##\s+(.*?)\s*$")
_ENTRY = re.compile(r"^###\s+\[(.*)\]\(\s*<?(\S+?)>?\s*\)\s*$")
_ARXIV_URL = re.compile(
    r"^https?://(?:www\.|export\.)?arxiv\.org/(?:pdf|abs)/"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?(?:\.pdf)?/?$"
)
_NO_SUMMARY = re.compile(r"^\((not summarized|summary failed:.*)\)$", re.IGNORECASE)
# Characters that UTF-8 read as Mac Roman or cp1252 is full of; cheap to look for first.
_MOJIBAKE_HINT = re.compile("[¬√‚ÃÂâðŒœ\uf8ff]")
HEADER_LINES = 5
"""The `# Daily Paper Digest · DATE` header must be among the first lines."""


class NotADigest(ValueError):
    """The file is not a digest (empty, binary, other Markdown); `str()` says why."""


@dataclass(frozen=True)
class DigestEntry:
    """One `### [title](link)` of a digest."""

    line: int
    """1-based line of the heading in its file."""
    topic: str
    paper_id: str
    version: int
    title: str
    sections: Sections | None
    """None when the entry has no summary (failed, not summarized, or unreadable)."""
    note: str = ""
    """Why there is no summary, as the digest says it: `summary failed: ...`, `not summarized`."""


@dataclass(frozen=True)
class ParsedDigest:
    """What one digest file holds."""

    day: date
    topics: tuple[str, ...]
    """Every `##` heading in order, including those with `- (No results)`."""
    entries: tuple[DigestEntry, ...]
    problems: tuple[tuple[int, str], ...]
    """(line, what was skipped or dropped, and why)."""
    repaired: bool = False
    """True when the text was mis-decoded UTF-8 and has been repaired."""


def decode_digest(data: bytes) -> tuple[str, bool]:
    """Bytes -> text, repairing UTF-8 that was once decoded as Mac Roman / cp1252 (ftfy)."""
    if not data.strip():
        raise NotADigest("empty file")
    if b"\x00" in data[:8192]:
        raise NotADigest("binary file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise NotADigest(f"not UTF-8 text (byte {err.start})") from None
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text, False
    import ftfy  # ~10 ms per digest, so only where there is a hint of mojibake

    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def parse_digest(text: str, *, repaired: bool = False) -> ParsedDigest:
    """Parse a digest's text; raises NotADigest when it has no digest header."""
    lines = text.splitlines()
    day = _find_day(lines)
    reader = _Reader(lines)
    reader.run()
    return ParsedDigest(day, tuple(reader.topics), tuple(reader.entries),
                        tuple(reader.problems), repaired)


def _find_day(lines: list[str]) -> date:
    for line in lines[:HEADER_LINES]:
        match = _HEADER.match(line.strip())
        if match:
            try:
                return date.fromisoformat(match.group(1))
            except ValueError:
                raise NotADigest(f"bad date in header: {match.group(1)}") from None
    raise NotADigest("no '# Daily Paper Digest · DATE' header")


class _Reader:
    """Walks the lines once: topics, entry headings, and each entry's body."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.topics: list[str] = []
        self.entries: list[DigestEntry] = []
        self.problems: list[tuple[int, str]] = []
        self.current = ""

    def run(self) -> None:
        """Read every line; entries end at the next entry, topic or end of file."""
        start = None
        for index, line in enumerate(self.lines):
            if line.startswith(("# ", "## ", "### [")):
                if start is not None:
                    self._entry(start, index)
                    start = None
                if line.startswith("## "):
                    self._topic(line)
                elif line.startswith("# "):
                    continue
                else:
                    start = index
        if start is not None:
            self._entry(start, len(self.lines))

    def _topic(self, line: str) -> None:
        match = _TOPIC.match(line)
        topic = clean_line(unescape(match.group(1))) if match else ""
        if topic and topic not in self.topics:
            self.topics.append(topic)
        self.current = topic

    def _entry(self, start: int, end: int) -> None:
        line_no = start + 1
        heading = _ENTRY.match(self.lines[start].rstrip())
        if not heading:
            self.problems.append((line_no, "entry heading without a [title](link)"))
            return
        url = _ARXIV_URL.match(heading.group(2))
        if not url:
            self.problems.append((line_no, f"not an arXiv link: {heading.group(2)[:80]}"))
            return
        if not self.current:
            self.problems.append((line_no, "entry outside any '## topic' heading"))
            return
        title = clean_line(unescape(heading.group(1)))
        sections, note = self._summary(start + 1, end)
        self.entries.append(DigestEntry(line_no, self.current, url.group("id"),
                                        int(url.group("version") or 1), title, sections, note))

    def _summary(self, start: int, end: int) -> tuple[Sections | None, str]:
        """The sections inside `<details>`, or None and why there are none."""
        body = self.lines[start:end]
        opened = next((i for i, line in enumerate(body) if line.lstrip().startswith("<details")),
                      None)
        if opened is None:
            marks = [m for m in map(_NO_SUMMARY.match, (line.strip() for line in body)) if m]
            return None, clean_line(marks[0].group(1)) if marks else "no summary block"
        closed = next((i for i in range(opened, len(body))
                       if body[i].strip().startswith("</details>")), None)
        if closed is None:
            self.problems.append((start + opened + 1, "summary dropped: <details> never closed"))
            return None, "summary unreadable"
        sections, warnings = parse_sections(body[opened + 1:closed])
        for index, message in warnings:
            self.problems.append((start + opened + 2 + index, message))
        if sections.is_empty():
            self.problems.append((start + opened + 1, "summary dropped: no sections in it"))
            return None, "summary unreadable"
        return sections, ""
