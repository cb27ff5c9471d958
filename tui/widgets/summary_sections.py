"""The six sections of a summary, each a Collapsible, laid out like the reference digest."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from core.models import Sections
from core.summary_markdown import HEADINGS
from tui.text import plain

TITLES = HEADINGS
"""Section titles, as in the digest."""


def bullet(text: str) -> Static:
    """One bullet point of untrusted text."""
    return Static(Content.assemble("• ", plain(text)), classes="bullet")


def field(label: str, text: str) -> Static:
    """`Label: text`, the digest's `- **Label**: text`."""
    return Static(Content.assemble((f"{label}: ", "bold"), plain(text)), classes="field")


def bullets(label: str, items: tuple[str, ...]) -> Iterator[Widget]:
    """A labelled list (Baselines, Pros, Cons, Future Work)."""
    if items:
        yield Static(Content(f"{label}:").stylize("bold"), classes="field")
        yield from (bullet(item) for item in items)


def fields(*pairs: tuple[str, str]) -> Iterator[Widget]:
    """Labelled fields that have something to say."""
    yield from (field(label, text) for label, text in pairs if text.strip())


def related_work(sections: Sections) -> Iterator[Widget]:
    """Section 2's `work: challenge` pairs, each with the work in bold."""
    if sections.related_work:
        yield Static(Content("Related work challenges:").stylize("bold"), classes="field")
    for pair in sections.related_work:
        line = Content.assemble("• ", plain(pair.work, "bold"), ": ", plain(pair.challenge))
        yield Static(line, classes="bullet")


def section_body(index: int, s: Sections) -> list[Widget]:
    """The widgets inside section `index` (0-5)."""
    m, e, t = s.method, s.experiments, s.takeaways
    bodies: list[list[Widget]] = [
        [bullet(x) for x in s.task],
        [*([Static(plain(s.motivation), classes="para")] if s.motivation else []),
         *related_work(s)],
        [bullet(x) for x in s.core_idea],
        [*fields(("Pipeline", m.pipeline), ("Architecture / Loss / Training", m.architecture),
                 ("Complexity / Resources", m.complexity))],
        [*fields(("Datasets & Metrics", e.datasets)), *bullets("Baselines", e.baselines),
         *fields(("Main Results", e.main_results), ("Ablations", e.ablations),
                 ("Limitations / Stress Tests", e.limitations))],
        [*bullets("Pros", t.pros), *bullets("Cons", t.cons),
         *bullets("Future Work", t.future_work)],
    ]
    return bodies[index] or [Static(Content("Nothing in this summary.").stylize("dim"),
                                    classes="empty")]


class SummarySections(Vertical):
    """Six Collapsibles for a summary's sections; remembers which ones the reader folded."""

    sections: reactive[Sections | None] = reactive(None, recompose=True)
    """The sections shown (None: nothing yet)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.folded: set[int] = set()
        """Indexes of the sections the reader folded; they stay folded from paper to paper."""

    def compose(self) -> ComposeResult:
        """Yield the six sections, or nothing before a summary exists."""
        if self.sections is None:
            return
        for index, title in enumerate(TITLES):
            yield Collapsible(*section_body(index, self.sections), title=Content(title),
                              collapsed=index in self.folded, id=f"section-{index + 1}")

    @on(Collapsible.Collapsed)
    @on(Collapsible.Expanded)
    def _remember_fold(self, event: Collapsible.Toggled) -> None:
        index = int((event.collapsible.id or "section-1").rsplit("-", 1)[1]) - 1
        if event.collapsible.collapsed:
            self.folded.add(index)
        else:
            self.folded.discard(index)
