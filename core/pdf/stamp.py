"""The arXiv stamp in a PDF's margin (`arXiv:2004.04906v3 [cs.CL] 30 Sep 2020`): id, version,
primary category."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.pdf.mupdf import load_pymupdf

_STAMP = re.compile(
    r"arXiv:\s*(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})v(?P<version>\d+)"
    r"\s*\[(?P<category>[A-Za-z\-]+(?:\.[A-Za-z\-]+)?)\]")


@dataclass(frozen=True)
class ArxivStamp:
    """What arXiv stamped on page 1."""

    id: str
    version: int
    category: str


def arxiv_stamp(path: Path) -> ArxivStamp | None:
    """The stamp on page 1, or None (no stamp, not a PDF, a password)."""
    pymupdf = load_pymupdf()  # slow to import: only here
    open_document: Any = pymupdf.open  # untyped in pymupdf's stubs
    try:
        with open_document(path) as doc:
            if doc.needs_pass or doc.page_count == 0:
                return None
            text = doc[0].get_text()
    except Exception:  # noqa: BLE001 - a broken PDF has no stamp; read_pdf says what is wrong
        return None
    return stamp_in(text)


def stamp_in(text: str) -> ArxivStamp | None:
    """The first arXiv stamp in some page text."""
    found = _STAMP.search(text)
    if not found:
        return None
    return ArxivStamp(found.group("id"), int(found.group("version")), found.group("category"))
