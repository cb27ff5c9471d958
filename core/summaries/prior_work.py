"""Spotting sentences that name a prior work and the shortcoming it leaves (related-work pairs)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.records import RelatedWork
from core.summaries.sentences import Sentence

_YEAR = r"(?:19|20)\d\d[a-z]?"
# A sentence names its subject first: the earliest match of any pattern wins.
_NAMED_WORKS = (
    # "ORQA (Lee et al., 2019)", "TAPAS (Herzig et al., 2020)": a name, then its citation.
    re.compile(rf"\b([A-Z][A-Za-z0-9\-]*[A-Z0-9][A-Za-z0-9\-]*)\s*\([^()]*?{_YEAR}[^()]*\)"),
    # "NeRF [12]", "BERT [3, 4]".
    re.compile(r"\b([A-Z][A-Za-z0-9\-]*[A-Z0-9][A-Za-z0-9\-]*)\s*\[\d+(?:\s*[,–-]\s*\d+)*\]"),
    # "Wei et al. (2022)" as the subject of the sentence.
    re.compile(rf"\b([A-Z][A-Za-z\-]+(?: and [A-Z][A-Za-z\-]+| et al\.)\s*\({_YEAR}\))"),
    # "(Lee et al., 2019)" in passing.
    re.compile(rf"\(([A-Z][A-Za-z\-]+ et al\.,? {_YEAR})"),
)
_SHORTCOMING = re.compile(
    r"\b(however|but|although|though|yet|fail\w*|suffer\w*|limit\w*|lack\w*|cannot|can't"
    r"|struggl\w*|(?<!not )only|expensive|costly|requir\w*|do not|does not|did not|is not|are not"
    r"|unable|difficult|ignor\w*|restrict\w*|drawback\w*|weakness\w*|insufficient|poor\w*"
    r"|neglect\w*|overlook\w*|overhead|spurious|in contrast|unlike|instead)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset({"we", "our", "this", "these", "the", "however", "in", "it", "table",
                         "figure", "section", "appendix", "eq"})
MAX_PAIRS = 4


def work_name(sentence: str) -> str:
    """The first prior work the sentence names, verbatim, or ''."""
    found = [
        (match.start(1), match.group(1).strip())
        for pattern in _NAMED_WORKS
        for match in pattern.finditer(sentence)
        if match.group(1).split()[0].lower() not in _NOT_A_NAME
    ]
    return min(found)[1] if found else ""


def name_key(name: str) -> str:
    """A name compared loosely: `LocalRF`, `localrf` and `Local-RF` are one work."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def related_work_pairs(
    sentences: Iterable[Sentence], used: set[str], limit: int = MAX_PAIRS
) -> tuple[RelatedWork, ...]:
    """Up to `limit` (work, challenge) pairs, each work once; quoted sentences go into `used`."""
    pairs: list[RelatedWork] = []
    names: set[str] = set()
    for sentence in sentences:
        if sentence.text in used or not _SHORTCOMING.search(sentence.text):
            continue
        name = work_name(sentence.text)
        if not name or name_key(name) in names:
            continue
        names.add(name_key(name))
        used.add(sentence.text)
        pairs.append(RelatedWork(work=name, challenge=sentence.text))
        if len(pairs) == limit:
            break
    return tuple(pairs)
