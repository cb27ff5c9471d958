"""Whole-word phrase matching in titles and abstracts, as the fetch's re-check and the keyword
ranking both use it (pure functions)."""

from __future__ import annotations

import re
import unicodedata

_HYPHENS = re.compile("[-\u2010-\u2015\u2212]")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Casefolded, hyphens and dashes as spaces, whitespace collapsed, ligatures unfolded."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", _HYPHENS.sub(" ", text)).strip()


def phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """What `mentions` looks for in normalized text; None for an empty phrase.

    A plural `s` or `es` may end the phrase, but no other letters: `gui` is not in `guide`.
    """
    wanted = normalize(phrase)
    if not wanted:
        return None
    return re.compile(r"(?<!\w)" + re.escape(wanted) + r"(?:e?s)?(?!\w)")


def mentions(phrase: str, *texts: str) -> bool:
    """True when one of the texts holds the phrase as whole words.

    Case- and hyphen-insensitive: `Neural-Rendering` holds `neural rendering`, and so does
    `neural renderings`.
    """
    pattern = phrase_pattern(phrase)
    return pattern is not None and any(pattern.search(normalize(text)) for text in texts)
