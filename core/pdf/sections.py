"""Finding a paper's sections by their headings, and where its references begin."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SECTION_KEYS = (
    "abstract", "introduction", "related_work", "method", "experiments", "results",
    "discussion", "conclusion", "limitations", "other",
)
"""PaperText.sections keys, in their usual reading order."""

# First match wins: "Experiments and Results" is experiments, "Results and Discussion" results.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"(?:{pattern})$"))
    for kind, pattern in (
        ("references", r"references?|bibliography|literature cited"),
        ("abstract", r"abstract"),
        ("introduction", r"introduction\b.*|motivation"),
        ("related_work", r"(other |prior |previous )?related (work|works|literature)\b.*"
                         r"|(prior|previous) work|literature review|background\b.*"),
        ("limitations", r"limitations?\b.*"),
        ("experiments", r"experiments?\b.*|experimental\b.*|evaluations?\b.*|empirical\b.*"),
        ("results", r"(main |experimental )?results?\b.*"),
        ("method", r"(the |proposed |our )?(method|methods|methodology|approach|model|framework"
                   r"|architecture)\b.*|preliminaries\b.*|problem (formulation|setup|statement"
                   r"|definition)"),
        ("discussion", r"discussions?\b.*|(error |qualitative )?analysis|case stud(y|ies)"),
        ("conclusion", r"conclusions?\b.*|concluding remarks|summary( and .*)?"),
        ("other", r"acknowledge?ments?|ethic(s|al)\b.*|broader impacts?\b.*|keywords|index terms"
                  r"|appendi(x|ces)\b.*|supplementary\b.*|funding|author contributions"
                  r"|ccs concepts.*|data availability.*|code availability.*"),
    )
)
# Headings that papers with numbered sections still leave unnumbered.
_UNNUMBERED_OK = frozenset({"abstract", "references", "limitations", "other"})
_HEADING = re.compile(
    r"^(?:(?P<num>\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[A-H])\.?\s+)?"
    r"(?P<title>[A-Z][^.!?]{0,78}?)[.:]?$"
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}
# A reference list set without a heading (REVTeX): `[1] Hu W., ...` or `1 D. C. Johnston, ... 2010`.
_REFERENCE_ENTRY = re.compile(r"^\[1\]\s|^1\.?\s+[A-Z].*\b(19|20)\d\d\b")
_CLOSING = frozenset({"conclusion", "discussion", "limitations", "other"})
_ABSTRACT_MIN_WORDS = 50


@dataclass(frozen=True)
class Heading:
    """A section heading: its kind (a SECTION_KEYS key or `references`), number and title."""

    kind: str | None
    """None for a numbered heading papertray does not know by name."""
    number: str
    title: str

    @property
    def top_level(self) -> int | None:
        """The section number for `3` or `III`; None for `3.1`, `A` or no number."""
        if self.number.isdigit():
            return int(self.number)
        return _ROMAN.get(self.number)


def parse_heading(paragraph: str) -> Heading | None:
    """A Heading if the paragraph looks like one (`1 Introduction`, `IV. CONCLUSIONS`)."""
    if len(paragraph) > 80 or len(paragraph.split()) > 10:
        return None
    match = _HEADING.match(paragraph.strip())
    if not match:
        return None
    number, title = match.group("num") or "", match.group("title").strip()
    letters = sum(ch.isalpha() for ch in title)
    if letters < 3 or letters < 0.7 * len(title.replace(" ", "")):
        return None
    name = title.lower().rstrip(":")
    kind = next((kind for kind, pattern in _KINDS if pattern.match(name)), None)
    if kind is None and not number:
        return None
    return Heading(kind, number, title)


class _Splitter:
    """Walks the paragraphs once, tracking the current section."""

    def __init__(self) -> None:
        self.current = "other"
        self.seen: set[str] = set()
        self.numbered = False
        self.last_number = 0
        self.sections: dict[str, list[str]] = {}
        self.front: list[str] = []

    def heading_kind(self, heading: Heading) -> str | None:
        """The section this heading starts, or None when it is not taken as a heading."""
        top = heading.top_level
        if not heading.number and self.numbered and heading.kind not in _UNNUMBERED_OK:
            return None  # probably a table cell ("Method", "Results") in a numbered paper
        if heading.kind is None:
            if top is None or top != self.last_number + 1:
                return None  # a running head ("2 Z. Shen et al.") or a subsection
            return self.unknown_kind()
        return heading.kind

    def unknown_kind(self) -> str:
        """Where an unnamed numbered section belongs, from what came before it."""
        if self.seen & {"conclusion", "limitations"}:
            return "other"
        if self.seen & {"experiments", "results"}:
            return "experiments"
        return "method" if self.seen else "other"

    def take(self, paragraph: str) -> bool:
        """Add one paragraph; False when the references begin."""
        heading = parse_heading(paragraph)
        kind = self.heading_kind(heading) if heading else None
        closing = self.current in _CLOSING and "introduction" in self.seen
        if kind is None and closing and _REFERENCE_ENTRY.match(paragraph):
            return False
        if kind == "references":
            return False
        if heading and kind:
            if heading.top_level is not None:
                self.numbered = True
                self.last_number = heading.top_level
            self.current = kind
            self.seen.add(kind)
            return True
        if not self.seen:
            self.front.append(paragraph)
        else:
            self.sections.setdefault(self.current, []).append(paragraph)
        return True


def split_sections(paragraphs: Sequence[str]) -> tuple[dict[str, str], int]:
    """Sections by heading, and how many paragraphs come before the references.

    Text before the first heading is front matter (title, authors): it goes to `other`, except
    that a paper without an `Abstract` heading (REVTeX) gets its longest front paragraph as the
    abstract.
    """
    splitter = _Splitter()
    end = len(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if not splitter.take(paragraph):
            end = index
            break
    found = splitter.sections
    if "abstract" not in found and splitter.front:
        longest = max(splitter.front, key=len)
        if len(longest.split()) >= _ABSTRACT_MIN_WORDS:
            found["abstract"] = [longest]
            splitter.front.remove(longest)
    if splitter.front:
        found["other"] = splitter.front + found.get("other", [])
    ordered = {key: "\n\n".join(found[key]) for key in SECTION_KEYS if found.get(key)}
    return ordered, end
