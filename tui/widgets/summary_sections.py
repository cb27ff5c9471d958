"""The six sections of a summary, each a Fold, laid out like the reference digest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.reactive import var

from tui.text import plain
from tui.widgets.fitted import Fitted
from tui.widgets.fold import Fold
from tui.widgets.hanging import HangingText, Line

if TYPE_CHECKING:
    from core.records import RelatedWork, Sections

BULLET = Content(" • ")
NONE = Content("")


def bullet(text: str) -> Line:
    """One bullet point of untrusted text; wrapped rows hang under the text."""
    return BULLET, plain(text)


def field(label: str, text: str) -> Line:
    """`Label: text`, the digest's `- **Label**: text`."""
    return NONE, Content.assemble((f"{label}: ", "bold"), plain(text))


def bullets(label: str, items: tuple[str, ...]) -> Iterator[Line]:
    """A labelled list (Baselines, Pros, Cons, Future Work)."""
    if items:
        yield NONE, Content(f"{label}:").stylize("bold")
        yield from (bullet(item) for item in items)


def fields(*pairs: tuple[str, str]) -> Iterator[Line]:
    """Labelled fields that have something to say."""
    yield from (field(label, text) for label, text in pairs if text.strip())


def work_pair(pair: RelatedWork) -> Line:
    """`• work: challenge` with the work in bold; no colon without a challenge (as exported)."""
    if not pair.challenge.strip():
        return BULLET, plain(pair.work, "bold")
    work = plain(pair.work, "bold") if pair.work.strip() else Content("(unnamed)").stylize("dim")
    return BULLET, Content.assemble(work, ": ", plain(pair.challenge))


def related_work(sections: Sections) -> Iterator[Line]:
    """Section 2's motivation, then its `work: challenge` pairs."""
    if sections.motivation:
        yield NONE, plain(sections.motivation)
    if sections.related_work:
        if sections.motivation:
            yield NONE, NONE  # a blank line between the paragraph and the list
        yield NONE, Content("Related work challenges:").stylize("bold")
    yield from (work_pair(pair) for pair in sections.related_work if pair.work or pair.challenge)


def section_lines(index: int, s: Sections) -> list[Line]:
    """The lines of section `index` (0-5)."""
    m, e, t = s.method, s.experiments, s.takeaways
    if index == 0:
        return [bullet(x) for x in s.task]
    if index == 1:
        return list(related_work(s))
    if index == 2:
        return [bullet(x) for x in s.core_idea]
    if index == 3:
        return list(fields(("Pipeline", m.pipeline),
                           ("Architecture / Loss / Training", m.architecture),
                           ("Complexity / Resources", m.complexity)))
    if index == 4:
        return [*fields(("Datasets & Metrics", e.datasets)), *bullets("Baselines", e.baselines),
                *fields(("Main Results", e.main_results), ("Ablations", e.ablations),
                        ("Limitations / Stress Tests", e.limitations))]
    return [*bullets("Pros", t.pros), *bullets("Cons", t.cons),
            *bullets("Future Work", t.future_work)]


def section_body(index: int, sections: Sections) -> list[Line]:
    """Section `index`'s lines, or a dim line saying it is empty."""
    return section_lines(index, sections) or [(NONE, Content("Nothing in this summary.")
                                               .stylize("dim"))]


class SummarySections(Fitted, Vertical):
    """Six Folds for a summary's sections, built on the first summary shown and then refilled
    in place; a section the reader folded stays folded from paper to paper."""

    sections: var[Sections | None] = var(None)
    """The sections shown (None: nothing yet, and the sections are hidden)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._bodies: list[HangingText] = []
        self.start_folded: set[str] = set()
        """Section ids to fold when the sections are first built (a restored session)."""

    def watch_sections(self, sections: Sections | None) -> None:
        """Fill the six bodies (mounting them the first time); hide them with no summary."""
        self.display = sections is not None
        if sections is None:
            return
        if not self._bodies:
            self._mount_sections()
        for index, body in enumerate(self._bodies):
            body.set_lines(section_body(index, sections))

    def _mount_sections(self) -> None:
        """The six Folds, titled as in the digest, each around one empty body."""
        from core.digest.sections_render import HEADINGS  # not at start-up

        self._bodies = [HangingText(classes="body") for _ in HEADINGS]
        self.mount_all(Fold(title, body, id=f"section-{index + 1}",
                            folded=f"section-{index + 1}" in self.start_folded)
                       for index, (title, body) in enumerate(zip(HEADINGS, self._bodies,
                                                                 strict=True)))
