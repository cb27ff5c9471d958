"""A local PDF's title: its metadata title when real, else the largest line of page 1."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from core.pdf.clean import clean_block
from core.pdf.mupdf import load_pymupdf

MAX_TITLE_LINES = 4
"""A title set in its own font rarely runs longer; more lines of that size are body text."""
_STAMP = re.compile(r"^arXiv:\S+\s", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"^(?:untitled|title|document\d*|paper|main|microsoft word\b.*|.*\.(?:pdf|tex|dvi|ps|docx?))$",
    re.IGNORECASE,
)
_ARXIV_ID = re.compile(r"^(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?$", re.IGNORECASE)


def pdf_title(path: Path) -> str:
    """The title a reader sees, or "" when the PDF offers none (or cannot be opened)."""
    pymupdf = load_pymupdf()  # slow to import: only here

    open_document: Any = pymupdf.open  # untyped in pymupdf's stubs
    try:
        with open_document(path) as doc:
            if doc.needs_pass or doc.page_count == 0:
                return ""
            title = clean_block((doc.metadata or {}).get("title") or "")
            if is_real_title(title, path.stem):
                return title
            flags = int(pymupdf.TEXTFLAGS_DICT) & ~int(
                pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_IMAGES)  # fi, not ﬁ
            return largest_line(doc[0].get_text("dict", flags=flags))
    except Exception:  # noqa: BLE001 - a broken PDF has no title; read_pdf says what is wrong
        return ""


def is_real_title(title: str, stem: str = "") -> bool:
    """Not empty, not the file name, an arXiv id or a placeholder like `Microsoft Word - x.docx`."""
    letters = sum(ch.isalpha() for ch in title)
    return (letters >= 4 and title != stem and not _PLACEHOLDER.match(title)
            and not _ARXIV_ID.match(title) and not (" " not in title and "_" in title))


def largest_line(page: dict[str, Any]) -> str:
    """The lines of the page's largest horizontal font, joined, if larger than the body text."""
    lines = [line for block in page.get("blocks", []) for line in block.get("lines", [])
             if tuple(line.get("dir", (1, 0))) == (1, 0)]  # the arXiv stamp runs up the margin
    sized = [(_size(line), text) for line in lines if (text := _text(line))]
    sized = [(size, text) for size, text in sized if not _STAMP.match(text)]
    if not sized:
        return ""
    sizes = sorted(size for size, _ in sized)
    largest, body = sizes[-1], sizes[len(sizes) // 2]
    if largest <= body + 0.5:
        return ""  # no line stands out: no title set apart
    title: list[str] = []
    for size, text in sized:
        if abs(size - largest) < 0.5:
            title.append(text)
        elif title:
            break  # the title is one run of lines; the next large line is something else
    return clean_block(" ".join(title)) if len(title) <= MAX_TITLE_LINES else ""


def _size(line: dict[str, Any]) -> float:
    return max((float(span.get("size", 0)) for span in line.get("spans", [])), default=0.0)


def _text(line: dict[str, Any]) -> str:
    text = "".join(span.get("text", "") for span in line.get("spans", [])).strip()
    return text if sum(ch.isalpha() for ch in text) >= 3 else ""
