"""Checks that a schema-valid answer means something: words, no loops, about this paper.

Small local models answer valid JSON whose fields are "1", "},", one word over and over, or a
text about something else; stored, that would be shown as the paper's summary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from core.records import Sections
from core.summaries.schema import InvalidSummaryError

REQUIRED = ("task", "core_idea")
"""Fields every paper has something to say in; the others may be empty ("not said")."""
MIN_SHARED = 3
"""Distinct content words an answer must share with the paper."""
MIN_SHARED_SHARE = 0.12
"""...and the share of its content words found in the paper, when the paper text is long."""
LONG_PAPER_WORDS = 1500
MIN_PAPER_WORDS = 20
"""Below this many content words (a one-line abstract) the paper says too little to judge by."""
MIN_SENTENCE_WORDS = 4
"""Shorter sentences ("Not robust.") may honestly come twice."""
MAX_WORD_SHARE = 0.4
"""A field of 8+ words where one word is this share of them is a loop, not a sentence."""

_WORD = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_STOP_WORDS = """
about above after again against also among an and another any are around as at based be
because been before being below between both but by can could did does doing done down due each
either else even ever every few for from further given had has have having here how however if
in into is it its itself just may might more most much must new no nor not now of off on once
one only onto or other our out over own per same several should show shows shown since so some
such than that the their them then there these they this those though three through thus to
too two under until up upon use used uses using very via was we well were what when where
whether which while who whose why will with within without would yet you your paper papers
work works method methods approach approaches model models result results propose proposed
proposes present presents task tasks problem problems existing prior previous novel key main
first second third data performance better best improve improves improved improvement
study studies authors author section sections provide provides provided make makes made
"""
_STOP = frozenset(_STOP_WORDS.split())


def check_content(sections: Sections, paper_text: str) -> None:
    """Raise InvalidSummaryError (its text goes back to the model) when the answer is
    meaningless: a required field empty or without words, a field that is not words, a
    sentence repeated, one word looping, or no vocabulary shared with the paper."""
    fields = dict(_fields(sections))
    for name in REQUIRED:
        if not any(_WORD.search(value) for value in fields.get(name, [])):
            raise InvalidSummaryError(f"{name} has no words in it")
    for name, values in fields.items():
        for value in values:
            if not _WORD.search(value):
                raise InvalidSummaryError(f"{name} holds {value[:20]!r}, not words")
            _check_loop(name, value)
    _check_repeats(fields)
    _check_topic(fields, paper_text)


def _fields(sections: Sections) -> Iterator[tuple[str, list[str]]]:
    """(dotted name, its non-empty strings) for every field of the answer."""
    yield "task", list(sections.task)
    yield "motivation", [sections.motivation] if sections.motivation else []
    yield "related_work", [f"{r.work}: {r.challenge}" for r in sections.related_work]
    yield "core_idea", list(sections.core_idea)
    for group, values in (("method", vars(sections.method)),
                          ("experiments", vars(sections.experiments)),
                          ("takeaways", vars(sections.takeaways))):
        for name, value in values.items():
            items = list(value) if isinstance(value, tuple) else [value] if value else []
            yield f"{group}.{name}", items


def _check_loop(name: str, value: str) -> None:
    words = [w.casefold() for w in _WORD.findall(value)]
    if len(words) >= 8:
        word, times = Counter(words).most_common(1)[0]
        if times / len(words) > MAX_WORD_SHARE and word not in ("the", "and", "of"):
            raise InvalidSummaryError(f"{name} repeats {word!r} {times} times")


def _check_repeats(fields: dict[str, list[str]]) -> None:
    seen: dict[str, str] = {}
    for name, values in fields.items():
        for value in values:
            for sentence in _SENTENCE.split(value):
                if len(_WORD.findall(sentence)) < MIN_SENTENCE_WORDS:
                    continue
                key = " ".join(_TOKEN.findall(sentence.casefold()))  # numbers tell apart
                if key in seen:
                    where = name if seen[key] == name else f"{seen[key]} and {name}"
                    raise InvalidSummaryError(
                        f"the answer repeats the sentence {sentence[:60]!r} ({where})")
                seen[key] = name


def _check_topic(fields: dict[str, list[str]], paper_text: str) -> None:
    answer = _content_words(" ".join(v for values in fields.values() for v in values))
    paper = _content_words(paper_text)
    if not answer or len(paper) < MIN_PAPER_WORDS:
        return
    shared = answer & paper
    long_paper = len(paper_text.split()) >= LONG_PAPER_WORDS
    if len(shared) < MIN_SHARED or (long_paper and len(shared) / len(answer) < MIN_SHARED_SHARE):
        raise InvalidSummaryError(
            f"the answer shares almost no words with the paper ({len(shared)} of "
            f"{len(answer)}): summarize this paper, from its text")


def _content_words(text: str) -> set[str]:
    """Lower-cased words of 4+ letters that are not function or generic research words,
    with a plural `s` dropped so `passages` meets `passage`."""
    words = set()
    for word in _WORD.findall(text.casefold()):
        if len(word) >= 4 and word not in _STOP:
            words.add(word[:-1] if word.endswith("s") and not word.endswith("ss") else word)
    return words - _STOP
