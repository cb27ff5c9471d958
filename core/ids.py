"""arXiv identifiers: the id without its version, and the ids found in free text."""

from __future__ import annotations

import re

_ID = re.compile(r"^(?P<id>.+?)(?:v(?P<version>\d+))?$")
_IN_TEXT = re.compile(
    r"(?<![\w./])(?:arxiv[:\s]*)?(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?(?![\w.])",
    re.I)
_PREFIXES = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|10\.48550/arxiv\.)", re.I)
"""A new-style (`2004.04906`) or old-style (`hep-ex/0406020`) id, optionally `arXiv:`-prefixed
or versioned, standing alone or at the end of an abs/pdf URL."""


def split_id(short_id: str) -> tuple[str, int]:
    """`2004.04906v3` -> (`2004.04906`, 3); `hep-ex/0406020v1` -> (`hep-ex/0406020`, 1).

    Accepts an abs URL too; a missing version counts as 1.
    """
    short_id = short_id.strip().rstrip("/")
    if "arxiv.org/abs/" in short_id:
        short_id = short_id.split("arxiv.org/abs/")[-1]
    match = _ID.match(short_id)
    if match is None:  # pragma: no cover - the pattern matches any non-empty string
        return short_id, 1
    return match["id"], int(match["version"] or 1)


def find_id(text: str) -> str | None:
    """The first arXiv id in `text` (a bare id, `arXiv:2004.04906v2`, an abs or pdf URL, an
    arXiv DOI `10.48550/arXiv.2004.04906`), without its version; None when there is none."""
    match = _IN_TEXT.search(_PREFIXES.sub(" ", text).replace(".pdf", " "))
    return match["id"] if match else None
