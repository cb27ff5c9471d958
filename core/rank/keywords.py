"""Relevance to a topic's keywords: the ranking before the reader has labelled anything (pure)."""

from __future__ import annotations

from collections.abc import Iterable

from core.phrases import normalize, phrase_pattern
from core.rank.text import HasText


def keyword_score(paper: HasText, phrases: Iterable[str]) -> float:
    """0.0 to 1.0: each keyword phrase in the title counts 2, each mention in the abstract 1,
    saturating (3 points give 0.6, 8 give 0.8)."""
    title, abstract = normalize(paper.title), normalize(paper.abstract)
    points = 0
    for phrase in phrases:
        pattern = phrase_pattern(phrase)
        if pattern is not None:
            points += 2 * len(pattern.findall(title)) + len(pattern.findall(abstract))
    return points / (points + 2)
