"""The six sections of a summary, each a Collapsible, laid out like the reference digest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from tui.text import plain

if TYPE_CHECKING:
    from core.records import Sections


def bullet(text: str) -> Content:
    """One bullet point of untrusted text."""
    return Content.assemble(" • ", plain(text))


def field(label: str, text: str) -> Content:
    """`Label: text`, the digest's `- **Label**: text`."""
    return Content.assemble((f"{label}: ", "bold"), plain(text))


def bullets(label: str, items: tuple[str, ...]) -> Iterator[Content]:
    """A labelled list (Baselines, Pros, Cons, Future Work)."""
    if items:
        yield Content(f"{label}:").stylize("bold")
        yield from (bullet(item) for item in items)


def fields(*pairs: tuple[str, str]) -> Iterator[Content]:
    """Labelled fields that have something to say."""
    yield from (field(label, text) for label, text in pairs if text.strip())


def related_work(sections: Sections) -> Iterator[Content]:
    """Section 2's motivation, then its `work: challenge` pairs, each with the work in bold."""
    if sections.motivation:
        yield plain(sections.motivation)
    if sections.related_work:
        if sections.motivation:
            yield Content("")  # a blank line between the paragraph and the list
        yield Content("Related work challenges:").stylize("bold")
    for pair in sections.related_work:
        yield Content.assemble(" • ", plain(pair.work, "bold"), ": ", plain(pair.challenge))


def section_lines(index: int, s: Sections) -> list[Content]:
    """The lines of section `index` (0-5), each a paragraph that wraps."""
    m, e, t = s.method, s.experiments, s.takeaways
    if index == 0:
        return [bullet(x) for x in s.task]
    if index == 1:
        return list(related_work(s))
    if index == 2:
        return [bullet(x) for x in s.core_idea]
    if index == 3:
        return list(fields(("Pipeline", m.pipeline), ("Architecture / Loss / Training",
                                                      m.architecture),
                           ("Complexity / Resources", m.complexity)))
    if index == 4:
        return [*fields(("Datasets & Metrics", e.datasets)), *bullets("Baselines", e.baselines),
                *fields(("Main Results", e.main_results), ("Ablations", e.ablations),
                        ("Limitations / Stress Tests", e.limitations))]
    return [*bullets("Pros", t.pros), *bullets("Cons", t.cons),
            *bullets("Future Work", t.future_work)]


def section_body(index: int, sections: Sections) -> Content:
    """Section `index` as one Content (one widget per section keeps a repaint cheap)."""
    lines = section_lines(index, sections)
    if not lines:
        return Content("Nothing in this summary.").stylize("dim")
    return Content("\n").join(lines)


class SummarySections(Vertical):
    """Six Collapsibles for a summary's sections, built on the first summary shown and then
    refilled in place; a section the reader folded stays folded from paper to paper."""

    sections: reactive[Sections | None] = reactive(None)
    """The sections shown (None: nothing yet, and the sections are hidden)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._bodies: list[Static] = []

    def watch_sections(self, sections: Sections | None) -> None:
        """Fill the six bodies (mounting them the first time); hide them with no summary."""
        self.display = sections is not None
        if sections is None:
            return
        if not self._bodies:
            self._mount_sections()
        for index, body in enumerate(self._bodies):
            body.update(section_body(index, sections))

    def _mount_sections(self) -> None:
        """The six Collapsibles, titled as in the digest, each around one empty body."""
        from textual.widgets import Collapsible  # (not at start-up, like the headings)

        from core.digest.sections_render import (
            HEADINGS,  # with its Markdown helpers: not at start-up
        )

        self._bodies = [Static(classes="body") for _ in HEADINGS]
        self.mount_all(Collapsible(body, title=Content(title), collapsed=False,
                                   id=f"section-{index + 1}")
                       for index, (title, body) in enumerate(zip(HEADINGS, self._bodies,
                                                                 strict=True)))
