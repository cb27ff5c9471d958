"""Digest Markdown -> Sections: the inverse of `render_sections`, tolerant of the old tool's output.

The replaced tool wrote `N/A` for nothing, `N/A: N/A` filler rows, and joined lists into one
line (`a., b., c.`; baselines as `A, B, C`, sorted). Those are undone here where it is clear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.digest.markdown_text import clean_line, split_unescaped, unescape
from core.digest.sections_render import (
    EXPERIMENT_LABELS,
    METHOD_LABELS,
    RELATED_WORK_LABEL,
    TAKEAWAY_LABELS,
    UNNAMED_WORK,
)
from core.records import Experiments, Method, RelatedWork, Sections, Takeaways

_HEADING = re.compile(r"^#{2,4}\s+([1-6])\.\s")
_LABEL = re.compile(r"^\*\*([^*]+?)\*\*:?\s*(.*)$")
_FILLER = {"", "n/a", "n/a.", "na", "none", "none.", "-"}
_SENTENCE_BREAK = re.compile(r"(?<=[.!?]), (?=[A-Z])")
_ABBREVIATIONS = ("al.", "e.g.", "i.e.", "etc.", "vs.", "cf.", "Fig.", "Eq.", "No.", "approx.")
_FIELDS = {
    4: {label.lower(): name for name, label in METHOD_LABELS},
    5: {label.lower(): name for name, label in EXPERIMENT_LABELS},
    6: {label.lower(): name for name, label in TAKEAWAY_LABELS},
}
_LIST_FIELDS = {"baselines", "pros", "cons", "future_work"}
_LISTS = {"task", "core_idea", "related_work", *_LIST_FIELDS}
Warning = tuple[int, str]
"""(index of the line in the block, what was wrong)."""


@dataclass
class _Draft:
    """What has been read so far, as raw (still escaped) strings."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    section: int = 0
    target: str = ""
    """The list or text the next nested bullet or continuation line belongs to."""
    warnings: list[Warning] = field(default_factory=list)


def parse_sections(lines: Sequence[str]) -> tuple[Sections, list[Warning]]:
    """Read the lines between `<summary>` and `</details>`; lines before `### 1.` are ignored."""
    draft = _Draft()
    for index, line in enumerate(lines):
        _read_line(draft, index, line)
    return _build(draft), draft.warnings


def _read_line(draft: _Draft, index: int, line: str) -> None:
    stripped = line.strip()
    heading = _HEADING.match(stripped)
    if heading:
        draft.section, draft.target = int(heading.group(1)), ""
        return
    if not stripped or not draft.section:
        return
    indent = len(line) - len(line.lstrip())
    if stripped == "-" or stripped.startswith("- "):
        _read_bullet(draft, index, stripped[2:].strip(), nested=indent >= 2)
    elif draft.target:
        _continue(draft, stripped)


def _continue(draft: _Draft, text: str) -> None:
    """A wrapped line: more of the last bullet."""
    bucket = draft.lists.get(draft.target) or draft.texts.get(draft.target)
    if bucket:
        bucket[-1] = f"{bucket[-1]} {text}"


def _read_bullet(draft: _Draft, index: int, text: str, *, nested: bool) -> None:
    section = draft.section
    if nested and draft.target:
        bucket = draft.lists if draft.target in _LISTS else draft.texts
        bucket.setdefault(draft.target, []).append(text)
        return
    label = _LABEL.match(text)
    if section in (1, 3) or (section == 2 and not label):
        target = {1: "task", 2: "motivation", 3: "core_idea"}[section]
        bucket = draft.texts if section == 2 else draft.lists
        bucket.setdefault(target, []).append(text)
        draft.target = target
        return
    if not label:
        draft.warnings.append((index, f"section {section}: a line without a label was dropped"))
        return
    _read_field(draft, index, label.group(1).strip().rstrip(":").strip(), label.group(2))


def _read_field(draft: _Draft, index: int, label: str, value: str) -> None:
    if draft.section == 2 and label.lower() == RELATED_WORK_LABEL.rstrip(":").lower():
        draft.target = "related_work"
        return
    name = _FIELDS.get(draft.section, {}).get(label.lower())
    if name is None:
        draft.warnings.append((index, f"section {draft.section}: unknown field {label!r} dropped"))
        draft.target = ""
        return
    draft.target = name
    if name in _LIST_FIELDS:
        draft.lists.setdefault(name, []).extend(_split_inline(name, value))
    elif value:
        draft.texts.setdefault(name, []).append(value)


def _split_inline(name: str, value: str) -> list[str]:
    """A list the old tool joined into one line, split back where that is clear."""
    if not value:
        return []
    return split_baselines(value) if name == "baselines" else split_sentences(value)


def split_sentences(text: str) -> list[str]:
    """`First point., Second point.` -> each point; left whole unless it ends a sentence."""
    if not text.endswith((".", "!", "?")):
        return [text]
    parts, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if text[start:match.start()].endswith(_ABBREVIATIONS):
            continue
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    return parts


def split_baselines(text: str) -> list[str]:
    """`A, B (x, y), C` -> items, split outside brackets; left whole unless the items are sorted
    (the old tool sorted them, so an unsorted split means a name held a comma)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char in "([{") - (char in ")]}")
        if depth == 0 and text.startswith(", ", index):
            parts.append(text[start:index])
            start = index + 2
    parts.append(text[start:])
    return parts if parts == sorted(parts) else [text]


def _plain(raw: str) -> str:
    """Escaped digest text -> the stored string; filler such as `N/A` -> ""."""
    text = clean_line(unescape(raw))
    return "" if text.lower() in _FILLER else text


def _items(draft: _Draft, name: str) -> tuple[str, ...]:
    return tuple(text for text in map(_plain, draft.lists.get(name, ())) if text)


def _text(draft: _Draft, name: str) -> str:
    return " ".join(text for text in map(_plain, draft.texts.get(name, ())) if text)


def _related_work(raw: str) -> RelatedWork | None:
    pair = split_unescaped(raw)
    work, challenge = pair if pair else (raw, "")
    work = "" if work.strip() == UNNAMED_WORK else _plain(work)
    challenge = _plain(challenge)
    return RelatedWork(work, challenge) if work or challenge else None


def _build(draft: _Draft) -> Sections:
    works = (_related_work(raw) for raw in draft.lists.get("related_work", ()))
    return Sections(
        task=_items(draft, "task"),
        motivation=_text(draft, "motivation"),
        related_work=tuple(work for work in works if work),
        core_idea=_items(draft, "core_idea"),
        method=Method(**{name: _text(draft, name) for name, _ in METHOD_LABELS}),
        experiments=Experiments(
            **{name: _text(draft, name) for name, _ in EXPERIMENT_LABELS if name != "baselines"},
            baselines=_items(draft, "baselines"),
        ),
        takeaways=Takeaways(**{name: _items(draft, name) for name, _ in TAKEAWAY_LABELS}),
    )
