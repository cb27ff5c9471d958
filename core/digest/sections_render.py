"""Sections -> the `### 1. Task / Problem` ... `### 6. Takeaways` block of a digest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.digest.markdown_text import escape_colons, escape_texts, protect_line_start
from core.records import RelatedWork, Sections

Escaped = dict[str, str]
"""Each text of a summary -> its escaped form (escaped all at once: a digest has thousands)."""

HEADINGS = (
    "1. Task / Problem",
    "2. Motivation & Gaps",
    "3. Core Idea",
    "4. Method",
    "5. Experiments",
    "6. Takeaways",
)
"""The six section headings, in order, as the reference digests write them."""

RELATED_WORK_LABEL = "Related work challenges:"
UNNAMED_WORK = "*(unnamed)*"
"""Stands for a related work the summary did not name (user text never has a bare `*`)."""

METHOD_LABELS = (
    ("pipeline", "Pipeline"),
    ("architecture", "Architecture / Loss / Training"),
    ("complexity", "Complexity / Resources"),
)
EXPERIMENT_LABELS = (
    ("datasets", "Datasets & Metrics"),
    ("baselines", "Baselines"),
    ("main_results", "Main Results"),
    ("ablations", "Ablations"),
    ("limitations", "Limitations / Stress Tests"),
)
TAKEAWAY_LABELS = (("pros", "Pros"), ("cons", "Cons"), ("future_work", "Future Work"))


def render_sections(sections: Sections) -> str:
    """The six sections as digest Markdown; empty sections and fields are left out.

    Every text is escaped (`core.digest.markdown_text`), so no summary can break the block
    around it.
    The result has no leading or trailing blank line; it is "" when `sections` is empty.
    """
    texts = _texts(sections)
    esc = dict(zip(texts, escape_texts(texts), strict=True))
    blocks = [
        _section(HEADINGS[0], _bullets(sections.task, esc)),
        _section(HEADINGS[1], _motivation(sections, esc)),
        _section(HEADINGS[2], _bullets(sections.core_idea, esc)),
        _section(HEADINGS[3], _fields(sections.method, METHOD_LABELS, esc)),
        _section(HEADINGS[4], _fields(sections.experiments, EXPERIMENT_LABELS, esc)),
        _section(HEADINGS[5], _fields(sections.takeaways, TAKEAWAY_LABELS, esc)),
    ]
    return "\n\n".join(block for block in blocks if block)


def _texts(s: Sections) -> list[str]:
    """Every text of the summary, once each."""
    m, e, t = s.method, s.experiments, s.takeaways
    texts = [*s.task, s.motivation, *s.core_idea, m.pipeline, m.architecture, m.complexity,
             e.datasets, *e.baselines, e.main_results, e.ablations, e.limitations,
             *t.pros, *t.cons, *t.future_work]
    for item in s.related_work:
        texts += (item.work, item.challenge)
    return list(dict.fromkeys(texts))


def _section(heading: str, body: str) -> str:
    return f"### {heading}\n{body}" if body else ""


def _bullets(items: Iterable[str], esc: Escaped, indent: str = "") -> str:
    lines = [f"{indent}- {protect_line_start(esc[item])}" for item in items if esc[item]]
    return "\n".join(lines)


def _motivation(sections: Sections, esc: Escaped) -> str:
    parts = []
    if esc[sections.motivation]:
        parts.append(f"- {protect_line_start(esc[sections.motivation])}")
    works = [line for line in (_related_work(item, esc) for item in sections.related_work)
             if line]
    if works:
        parts.append(f"- **{RELATED_WORK_LABEL}**\n" + "\n".join(works))
    # A blank line between, as the reference digests have it.
    return "\n\n".join(parts)


def _related_work(item: RelatedWork, esc: Escaped) -> str:
    """`  - work: challenge`, split at the last unescaped `: `: the challenge's are escaped."""
    work, challenge = esc[item.work], esc[item.challenge]
    if not work and not challenge:
        return ""
    if not challenge:
        return f"  - {escape_colons(protect_line_start(work))}"
    name = protect_line_start(work) if work else UNNAMED_WORK
    return f"  - {name}: {escape_colons(challenge)}"


def _fields(group: object, labels: Sequence[tuple[str, str]], esc: Escaped) -> str:
    lines = []
    for attribute, label in labels:
        value = getattr(group, attribute)
        if isinstance(value, tuple):
            items = _bullets(value, esc, indent="  ")
            if items:
                lines.append(f"- **{label}**:\n{items}")
        elif esc[value]:
            lines.append(f"- **{label}**: {esc[value]}")
    return "\n".join(lines)
