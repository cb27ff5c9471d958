"""Cleaning PDF text: unsafe characters out, LaTeX accents composed, hyphenated line ends joined."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# C0/C1 controls (tab and newline kept), lone surrogates, private-use glyphs (math fonts map
# symbols there), the replacement character and byte-order marks. A lone surrogate is what
# made the replaced tool lose 28 summaries to "surrogates not allowed" when it wrote UTF-8.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd\ufeff]")

# pdfTeX writes an accent as a spacing glyph before its letter: `Herv´e`, `O˘guz`, `ı` for i.
_SPACING_ACCENTS = {
    "\u00b4": "\u0301",  # ´ acute
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u02d8": "\u0306",  # ˘ breve
    "\u02c7": "\u030c",  # ˇ caron
    "\u00b8": "\u0327",  # ¸ cedilla
}
_ACCENT_PAIR = re.compile("([\u00b4\u00a8\u02c6\u02dc\u02d8\u02c7\u00b8])([A-Za-z\u0131])")

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_HYPHEN_BREAK = re.compile(r"(\S*?)([A-Za-z]+)-\n([A-Za-z0-9]\w*)(-?)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000]+")


def strip_unsafe(text: str) -> str:
    """Drop control characters, lone surrogates and private-use glyphs; keep tab and newline."""
    return _UNSAFE.sub("", text)


def compose_accents(text: str) -> str:
    """Turn pdfTeX's spacing accents (`J´egou`) into composed letters (`Jégou`)."""

    def compose(match: re.Match[str]) -> str:
        letter = "i" if match.group(2) == "\u0131" else match.group(2)
        return unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[match.group(1)])

    return _ACCENT_PAIR.sub(compose, text)


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every lower-cased word (hyphenated compounds included) that appears in the texts."""
    words: set[str] = set()
    for text in texts:
        words.update(word.lower() for word in _WORD.findall(text))
    return frozenset(words)


def join_hyphenated(text: str, known: frozenset[str] = frozenset()) -> str:
    """Join words broken across lines: `ef-\\nficient` -> `efficient`.

    A hyphen is kept (and the line still joined) in compounds: before a capital or a digit
    (`GPT-3`), after an acronym (`FLAN-based`), inside a longer compound (`state-of-the-art`,
    `end-to-end`), and when `well-known` appears elsewhere in the paper but `wellknown` does not.
    """

    def join(match: re.Match[str]) -> str:
        prefix, head, tail, more = match.groups()
        joined, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        keep = (
            (compound in known and joined not in known)
            or bool(prefix.endswith("-") or more)  # state-of-the-art, end-to-end
            or not tail[0].islower()  # GPT-3, Cross-Entropy
            or sum(ch.isupper() for ch in head) > 1  # FLAN-based
        )
        return f"{prefix}{head}{'-' if keep else ''}{tail}{more}"

    return _HYPHEN_BREAK.sub(join, text)


def clean_block(text: str, known: frozenset[str] = frozenset()) -> str:
    """One PDF text block as a single clean line: safe characters, joined words, single spaces."""
    text = compose_accents(strip_unsafe(text))
    text = join_hyphenated(text, known)
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()
