"""Splitting paper text into sentences, and keeping only those fit to quote."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# Periods that do not end a sentence: "et al.", "e.g.", "Fig. 3", "J. Smith".
_ABBREVIATIONS = frozenset({
    "al", "e.g", "i.e", "etc", "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "cf", "vs",
    "resp", "approx", "no", "ref", "refs", "ch", "dr", "mr", "ms", "prof", "st", "vol", "pp",
    "inc", "ltd", "jr", "viz", "ca", "eqn", "alg", "thm", "def", "app", "appx",
})
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)\.[\"”’)]*$")
_MIN_WORDS, _MAX_WORDS = 6, 70
_CAPTION = re.compile(r"^(Figure|Fig\.|Table|Algorithm)\s*\d+[:.]")


@dataclass(frozen=True)
class Sentence:
    """One sentence, verbatim, and where it stands in the paper."""

    text: str
    section: str
    index: int
    """Position within its section (0 is the first sentence)."""


def split_sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences, verbatim (abbreviations and initials do not end one)."""
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        last = _LAST_WORD.search(paragraph[start:match.start()])
        word = last.group(1) if last else ""
        if word and (word.lower() in _ABBREVIATIONS or len(word) == 1 or "." in word):
            continue  # "et al.", "J. Smith", "A.B. Jones", "U.S. data"
        pieces.append(paragraph[start:match.start()].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [piece for piece in pieces if piece]


def is_quotable(sentence: str) -> bool:
    """A real prose sentence: a sensible length, mostly letters, not a caption or a fragment."""
    words = sentence.split()
    if not _MIN_WORDS <= len(words) <= _MAX_WORDS:
        return False
    if not sentence.rstrip("\"”’)").endswith((".", "!", "?")) or not sentence[:1].isupper():
        return False
    if _CAPTION.match(sentence) or "@" in sentence or "http" in sentence:
        return False
    visible = sentence.replace(" ", "")
    letters = sum(ch.isalpha() for ch in visible)
    return letters >= 0.75 * len(visible)


def paper_sentences(sections: Mapping[str, str]) -> Iterator[Sentence]:
    """Every quotable sentence of every section, in order."""
    for name, text in sections.items():
        index = 0
        for paragraph in text.split("\n\n"):
            for sentence in split_sentences(paragraph.strip()):
                if is_quotable(sentence):
                    yield Sentence(sentence, name, index)
                    index += 1
