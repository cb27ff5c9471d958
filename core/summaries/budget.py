"""Choosing the paper text sent to the LLM: the sections that matter, within a token budget."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from core.records import PaperText

PRIORITY = ("abstract", "introduction", "method", "experiments", "results", "conclusion")
"""Sections shared out first, most important first: the last are dropped when the budget is
too small to give each a useful share."""
EXTRA = ("limitations", "discussion", "related_work")
"""Sections that only get what the priority sections leave of the budget."""
READING_ORDER = (
    "abstract", "introduction", "related_work", "method", "experiments", "results",
    "discussion", "conclusion", "limitations",
)
MIN_SHARE = 150
"""Fewest tokens worth sending of a section; below it, lower-priority sections are left out."""
HEADINGS = {
    "abstract": "Abstract", "introduction": "Introduction", "related_work": "Related Work",
    "method": "Method", "experiments": "Experiments", "results": "Results",
    "discussion": "Discussion", "conclusion": "Conclusion", "limitations": "Limitations",
    "text": "Text",
}
ELLIPSIS = " […]"


def estimate_tokens(text: str) -> int:
    """A cheap token count: ~4 ASCII characters per token, one per other character.

    BPE tokenizers give English prose 3.5-4.5 characters a token; CJK and symbols take about a
    token each. No tokenizer download is needed (tiktoken fetches its files from the internet).
    """
    if not text:
        return 0
    ascii_chars = len(text.encode("ascii", "ignore"))
    return math.ceil(ascii_chars / 4) + (len(text) - ascii_chars)


@dataclass(frozen=True)
class BudgetedText:
    """The text chosen for the prompt and what it is made of."""

    text: str
    """Headed sections in reading order (`## Introduction` ...)."""
    sections: tuple[str, ...]
    """Which sections are in, in reading order (`text` when no headings were found)."""
    tokens: int
    """Estimated tokens of `text`."""
    source: str
    """`pdf` when paper text was used, `abstract` when only the abstract was available."""
    cut: bool = False
    """True when some section was shortened or left out to fit the budget."""


def select_text(text: PaperText | None, abstract: str, budget: int) -> BudgetedText:
    """The most useful `budget` tokens: abstract, introduction, method, experiments and results,
    conclusion, shared fairly; then limitations, discussion, related work with what is left.

    Without paper text (or with an empty one) the abstract is all there is.
    """
    available = _available(text, abstract)
    if not any(name != "abstract" for name in available):
        return _only_abstract(abstract or available.get("abstract", ""), budget)
    # A heading and the blank lines around it are part of what each section costs.
    heads = {name: estimate_tokens(f"\n\n## {HEADINGS[name]}\n\n") for name in available}
    wants = {name: estimate_tokens(body) + heads[name] for name, body in available.items()}
    primary = [name for name in (*PRIORITY, "text") if name in available]
    shares = _share(primary, wants, budget)
    left = budget - sum(shares.values())
    for name in EXTRA:
        if name in available and left - heads[name] >= MIN_SHARE:
            shares[name] = min(wants[name], left)
            left -= shares[name]
    parts, cut = [], len(shares) < len(available)
    for name in (*READING_ORDER, "text"):
        if name in shares:
            body = _fit(available[name], shares[name] - heads[name])
            cut = cut or body != available[name]
            parts.append((name, f"## {HEADINGS[name]}\n\n{body}"))
    joined = "\n\n".join(part for _, part in parts)
    return BudgetedText(joined, tuple(name for name, _ in parts), estimate_tokens(joined), "pdf",
                        cut)


def _available(text: PaperText | None, abstract: str) -> dict[str, str]:
    """Non-empty known sections; the whole text as `text` when no wanted heading was found."""
    if text is None:
        return {}
    found = {
        name: body.strip()
        for name, body in text.sections.items()
        if name in READING_ORDER and body and body.strip()
    }
    if "abstract" not in found and abstract.strip():
        found["abstract"] = abstract.strip()
    if not any(name in found for name in PRIORITY[1:]) and text.full_text.strip():
        found["text"] = text.full_text.strip()
    return found


def _share(names: list[str], wants: dict[str, int], budget: int) -> dict[str, int]:
    """Water-filling: short sections get all they want, the rest split what remains equally;
    the lowest-priority ones are dropped while an equal share would be under MIN_SHARE."""
    names = list(names)
    while names:
        shares: dict[str, int] = {}
        left, pending = budget, sorted(names, key=lambda n: wants[n])
        while pending:
            fair = left // len(pending)
            name = pending.pop(0)
            shares[name] = min(wants[name], fair)
            left -= shares[name]
        if len(names) == 1 or all(shares[n] >= min(MIN_SHARE, wants[n]) for n in names):
            return shares
        names.pop()
    return {}


def _only_abstract(abstract: str, budget: int) -> BudgetedText:
    abstract = abstract.strip()
    if not abstract:
        return BudgetedText("", (), 0, "abstract")
    heading = "## Abstract\n\n"
    body = _fit(abstract, budget - estimate_tokens(heading))
    joined = heading + body
    return BudgetedText(joined, ("abstract",), estimate_tokens(joined), "abstract",
                        body != abstract)


_SENTENCE_END = re.compile(r"[.!?][)\]\"']?\s")


def _fit(body: str, tokens: int) -> str:
    """The start of `body` within `tokens`, cut after a sentence when one ends late enough."""
    if estimate_tokens(body) <= tokens:
        return body
    room = tokens - estimate_tokens(ELLIPSIS)
    if room <= 0:
        return ""
    # Shrink a character window until it fits (non-ASCII text counts more per character).
    head = body[: room * 4]
    while head and estimate_tokens(head) > room:
        head = head[: max(len(head) - 1, int(len(head) * 0.9))]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= len(head) * 0.6:
        return head[: ends[-1]].rstrip() + ELLIPSIS
    space = head.rfind(" ")
    return (head[:space] if space > len(head) * 0.6 else head).rstrip() + ELLIPSIS
