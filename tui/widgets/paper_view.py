"""The paper being read: header, abstract at once, then the summary's state and sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, LoadingIndicator

from core.models import Paper, PaperState
from tui.jobs import Job
from tui.text import plain, short_date
from tui.widgets.summary_sections import SummarySections

if TYPE_CHECKING:
    from core.records import Summary


def meta_line(paper: Paper, state: PaperState) -> Content:
    """`2004.04906v3 · cs.CL cs.IR · 2020-04-10 · ★ starred`."""
    marks = [m for m, on in (("★ starred", state.starred), ("hidden", state.skipped)) if on]
    parts = [paper.versioned_id, " ".join(paper.categories), short_date(paper.published), *marks]
    return plain(" · ".join(p for p in parts if p), "dim")


def links_line(paper: Paper) -> Content:
    """The abstract page and the PDF, with the keys that open them."""
    return Content.assemble(
        plain(paper.abs_url), ("  (a)   ", "dim"), plain(paper.pdf_url), ("  (o)", "dim")
    )


class PaperView(VerticalScroll):
    """Header and abstract of `paper`, then `summary` or the state of its `job`."""

    BINDINGS = [
        Binding("j,down", "step(1)", "Next section", show=False),
        Binding("k,up", "step(-1)", "Previous section", show=False),
        Binding("space", "fold", "Fold"),
    ]
    """j/k walk the section titles; space folds the one in focus (or pages when none is)."""
    DEFAULT_CLASSES = "-empty"
    """Empty until a paper is shown: mounting as it starts saves restyling the pane twice."""

    paper: reactive[Paper | None] = reactive(None)
    """The paper shown."""
    state: reactive[PaperState] = reactive(PaperState)
    """Its triage state, for the header's markers."""
    summary: reactive[Summary | None] = reactive(None)
    """Its stored summary, if any."""
    job: reactive[Job] = reactive(Job)
    """Where its summary is being made, or why that failed."""
    summarizer: reactive[str] = reactive("")
    """What makes new summaries (`offline summarizer (no LLM configured)` or `LLM <model>`)."""
    placeholder: reactive[str] = reactive("No paper selected.")
    """What the pane says while no paper is shown."""

    def compose(self) -> ComposeResult:
        """Yield header, abstract, summary status and sections."""
        yield Label(id="title", markup=False)
        yield Label(id="authors", markup=False)
        yield Label(id="meta", markup=False)
        yield Label(id="links", markup=False)
        with Horizontal(id="summary-status"):
            yield Label(id="status", markup=False)  # a spinner is put before it when needed
        yield Label(Content("Abstract"), classes="heading")
        yield Label(id="abstract", markup=False)
        yield Label(Content("Summary"), classes="heading", id="summary-heading")
        yield Label(id="provenance", markup=False)
        yield SummarySections(id="sections")

    def _titles(self) -> list[Widget]:
        """The section titles, while a summary is shown."""
        sections = self.query_one(SummarySections)
        return list(sections.query("CollapsibleTitle")) if sections.display else []

    def action_step(self, delta: int) -> None:
        """Focus the next or previous section title; past either end, scroll."""
        titles = self._titles()
        here = titles.index(self.screen.focused) if self.screen.focused in titles else -1
        target = here + delta if here >= 0 else (0 if delta > 0 else -1)
        if 0 <= target < len(titles):
            titles[target].focus()
        elif delta > 0:
            self.scroll_down()
        else:
            self.focus()
            self.scroll_up()

    def action_fold(self) -> None:
        """Fold or unfold the section in focus; with none in focus, page down."""
        from textual.widgets import Collapsible  # loaded with the first summary's sections

        focused = self.screen.focused
        section = focused.parent if focused in self._titles() else None
        if isinstance(section, Collapsible):
            section.collapsed = not section.collapsed
        else:
            self.scroll_page_down()

    def watch_paper(self, paper: Paper | None) -> None:
        """Fill the header and the abstract."""
        self.set_class(paper is None, "-empty")
        if paper is None:
            self.watch_placeholder(self.placeholder)
            return
        self.query_one("#title", Label).update(plain(paper.title, "bold"))
        authors = self.query_one("#authors", Label)
        authors.update(plain(", ".join(paper.authors)))
        authors.set_class(not paper.authors, "-none")  # imported papers may have no authors
        self.query_one("#links", Label).update(links_line(paper))
        self.watch_state(self.state)
        self.query_one("#abstract", Label).update(plain(paper.abstract or "(no abstract)"))
        self.scroll_home(animate=False)

    def watch_placeholder(self, text: str) -> None:
        """Say why no paper is shown (the rest of the pane is hidden by the `-empty` class)."""
        if self.paper is None:
            self.query_one("#title", Label).update(plain(text, "italic"))

    def watch_state(self, state: PaperState) -> None:
        """Repaint the markers line."""
        if self.paper is not None:
            self.query_one("#meta", Label).update(meta_line(self.paper, state))

    def watch_summary(self, summary: Summary | None) -> None:
        """Show the sections and say how they were made."""
        self.query_one(SummarySections).sections = summary.sections if summary else None
        provenance = summary.provenance if summary else ""
        self.query_one("#provenance", Label).update(plain(provenance, "italic dim"))
        self._paint_status()

    def watch_job(self) -> None:
        """Show the stage, or the failure and how to retry."""
        self._paint_status()

    def watch_summarizer(self) -> None:
        """The idle line names the summarizer."""
        self._paint_status()

    def _paint_status(self) -> None:
        job, summary = self.job, self.summary
        if job.phase == "loading" and not self.query(LoadingIndicator):
            self.query_one("#summary-status").mount(LoadingIndicator(), before=0)
        self.set_class(job.phase == "loading", "-loading")
        self.set_class(job.phase == "failed", "-failed")
        self.set_class(summary is not None, "-summarized")
        if job.text:
            text = job.text
        elif summary is None:
            text = (f"No summary yet: the {self.summarizer} makes one when you stay "
                    "on the paper (Enter: now).")
        else:
            text = "Summary below: j walks the sections, space folds one."
        self.query_one("#status", Label).update(plain(text))
