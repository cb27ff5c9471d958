"""The paper being read, summary first: header, how the summary was made, its six sections,
then the details and the abstract, folded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import LoadingIndicator

from core.models import Paper, PaperState
from tui.jobs import Job
from tui.text import plain, short_date
from tui.widgets.fitted import Line
from tui.widgets.fold import Fold
from tui.widgets.hanging import HangingText
from tui.widgets.summary_sections import NONE, SummarySections

if TYPE_CHECKING:
    from core.records import Summary


def meta_line(paper: Paper, state: PaperState) -> Content:
    """`2004.04906v3 · cs.CL cs.IR · 2020-04-10 · ★ starred`."""
    marks = [m for m, on in (("★ starred", state.starred), ("hidden", state.skipped),
                             ("read", state.read)) if on]
    parts = [paper.versioned_id, " ".join(paper.categories), short_date(paper.published), *marks]
    return plain(" · ".join(p for p in parts if p), "dim")


MADE_BY = {"offline": "offline extractive summary", "imported": "imported from a digest"}
SOURCES = {"pdf": "full PDF", "abstract": "abstract only"}


def short_provenance(summary: Summary) -> str:
    """How the summary was made in one short line; the whole story is in the Details fold."""
    made = MADE_BY.get(summary.summarizer, f"by {summary.model or 'an LLM'}")
    parts = [made, SOURCES.get(summary.source, "")] + ["see Details"] * bool(summary.note)
    return " · ".join(p for p in parts if p)


def details_lines(paper: Paper, summary: Summary | None) -> list[tuple[Content, Content]]:
    """The full provenance, then the links and the keys that open them."""
    lines = [(NONE, plain(summary.provenance))] if summary else []
    return [*lines, (Content("a  "), plain(paper.abs_url)), (Content("o  "), plain(paper.pdf_url))]


class PaperView(VerticalScroll, can_focus=True):
    """`paper` with its `summary` first, or the state of its `job`; j/k walk the folds."""

    BINDINGS = [
        Binding("j,down", "step(1)", "Next", show=False),
        Binding("k,up", "step(-1)", "Previous", show=False),
        Binding("space", "fold", "Fold"),
    ]
    """j/k walk the sections and scroll through long ones; space folds the one walked to."""
    DEFAULT_CLASSES = "-empty"
    """Empty until a paper is shown: mounting as it starts saves restyling the pane twice."""

    # Plain vars: each watcher repaints the lines it changes; repainting the whole pane on
    # top of that, for each of them, would only redo the same frame.
    paper: var[Paper | None] = var(None)
    """The paper shown."""
    state: var[PaperState] = var(PaperState)
    """Its triage state, for the header's markers."""
    summary: var[Summary | None] = var(None)
    """Its stored summary, if any."""
    job: var[Job] = var(Job)
    """Where its summary is being made, or why that failed."""
    summarizer: var[str] = var("")
    """What makes new summaries (`offline summarizer (no LLM configured)` or `LLM <model>`)."""
    reason: var[str] = var("")
    """Why the ranking rates it: `like: <title of the closest liked or starred paper>`."""
    placeholder: var[str] = var("No paper selected.")
    """What the pane says while no paper is shown."""
    cursor: var[int] = var(0, init=False)
    """Which fold (section, details, abstract) j/k are on."""
    virtual_size: var[Size] = var(Size(0, 0))
    """The laid-out size of the pane's content. Textual lays the screen out again when it
    changes; here that would redo the layout that just measured it (the width never depends
    on it: the scrollbar's gutter is kept, and a scrollbar showing or hiding asks for a
    layout of its own), and cost a frame on every paper of another length."""
    abstract_open: bool = False
    """The reader unfolded the abstract (it shows anyway while there is no summary)."""

    def compose(self) -> ComposeResult:
        """Yield header, summary status, sections, details and abstract."""
        yield Line(id="title", markup=False)
        yield Line(id="authors", markup=False)
        yield Line(id="meta", markup=False)
        with Horizontal(id="summary-status"):
            yield Line(id="status", markup=False)  # a spinner is put before it when needed
        yield Line(id="provenance", markup=False)
        yield SummarySections(id="sections")
        yield Fold("Details: how this summary was made, links", HangingText(classes="body"),
                   folded=True, id="details")
        # Open, as watch_summary leaves it while there is no summary: no refold and restyle.
        yield Fold("Abstract", HangingText(classes="body"), id="abstract")

    # -- j/k, space -------------------------------------------------------------------

    def folds(self) -> list[Fold]:
        """The folds j/k walk, in order (sections only while a summary is shown)."""
        return [fold for fold in self.query(Fold) if fold.display and fold.parent.display]

    def _span(self, widget: Widget) -> tuple[int, int]:
        """Top and bottom of `widget` in the pane's scrolled content (layout, not screen)."""
        top, node = 0, widget
        while node is not self and isinstance(node, Widget):
            top += node.virtual_region.y
            node = node.parent  # type: ignore[assignment]
        return top, top + widget.outer_size.height

    def action_step(self, delta: int) -> None:
        """Scroll through the section the cursor is on; at its end, move to the next one.

        Worked out from the layout and the scroll offset, both updated at once, so keys sent
        in a burst each count.
        """
        folds = self.folds()
        if not folds:
            self.scroll_relative(y=delta * 3, animate=False, immediate=True)
            return
        index = min(max(self.cursor, 0), len(folds) - 1)
        top, bottom = self._span(folds[index])
        view_top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        step = max(1, height // 2)
        if delta > 0 and bottom > view_top + height:
            self._scroll(min(view_top + step, bottom - height))
        elif delta < 0 and top < view_top:
            self._scroll(max(top, view_top - step))
        elif 0 <= index + delta < len(folds):
            self.cursor = index + delta
            top, bottom = self._span(folds[self.cursor])
            if top < view_top or top >= view_top + height - 1:
                self._scroll(top if delta > 0 else max(top, bottom - height))
        elif delta < 0:
            self._scroll(0)

    def _scroll(self, y: int) -> None:
        self.scroll_to(y=y, animate=False, immediate=True)

    def watch_cursor(self, cursor: int) -> None:
        """Mark the fold j/k are on."""
        for index, fold in enumerate(self.folds()):
            fold.set_class(index == cursor, "-cursor")

    def action_fold(self) -> None:
        """Fold or unfold the section the cursor is on."""
        folds = self.folds()
        if not folds:
            return
        fold = folds[min(self.cursor, len(folds) - 1)]
        fold.folded = not fold.folded
        if fold.id == "abstract" and self.summary is not None:
            self.abstract_open = not fold.folded
        self.call_after_refresh(self._keep_in_view, fold)

    def _keep_in_view(self, fold: Fold) -> None:
        top, _ = self._span(fold)
        if top < self.scroll_y:
            self._scroll(top)

    def fold_state(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Ids of the sections the reader folded, and of the details or abstract unfolded."""
        folded = tuple(f.id for f in self.query("SummarySections Fold").results(Fold)
                       if f.folded and f.id)
        unfolded = ("details",) * (not self.query_one("#details", Fold).folded)
        return folded, unfolded + ("abstract",) * self.abstract_open

    def restore_folds(self, folded: tuple[str, ...], unfolded: tuple[str, ...]) -> None:
        """Fold and unfold as `fold_state` said (sections not built yet fold when they are)."""
        self.query_one(SummarySections).start_folded = set(folded)
        for fold in self.query("SummarySections Fold").results(Fold):
            fold.folded = fold.id in folded
        self.query_one("#details", Fold).folded = "details" not in unfolded
        self.abstract_open = "abstract" in unfolded
        self.query_one("#abstract", Fold).folded = not (self.abstract_open or self.summary is None)

    _scroll_to_restore: int = 0

    def restore_scroll(self, y: float) -> None:
        """Scroll to `y` once the summary's sections are laid out (the pane is long enough)."""
        self._scroll_to_restore = round(y)
        self.watch_virtual_size()

    def watch_virtual_size(self) -> None:
        """A scroll put back by the session waits until there is that much to scroll."""
        y = self._scroll_to_restore
        if y and self.virtual_size.height - self.scrollable_content_region.height >= y:
            self._scroll_to_restore = 0
            self.call_after_refresh(self._scroll, y)  # once the container's size is set too

    def start_reading(self) -> None:
        """Focus the pane on its first section, scrolled to the top (Enter on a paper)."""
        self.cursor = 0
        self.watch_cursor(0)
        self._scroll(0)
        self.focus()

    # -- painting ---------------------------------------------------------------------

    def watch_paper(self, paper: Paper | None) -> None:
        """Fill the header, the details and the abstract."""
        self.set_class(paper is None, "-empty")
        if paper is None:
            self.watch_placeholder(self.placeholder)
            return
        self._say("#title", plain(paper.title, "bold"))
        authors = self._say("#authors", plain(", ".join(paper.authors)))
        authors.set_class(not paper.authors, "-none")  # imported papers may have no authors
        self.watch_state(self.state)
        self.query_one("#abstract .body", HangingText).set_lines(
            [(NONE, plain(paper.abstract or "(no abstract)"))])
        self._paint_details()
        self.cursor = 0
        self.scroll_home(animate=False, immediate=True)

    def _say(self, selector: str, content: Content) -> Line:
        """Show `content` on a line of the pane, unless it shows just that already (a new
        text asks for a layout: the line may wrap differently)."""
        line = self.query_one(selector, Line)
        old = line.content
        if not (isinstance(old, Content) and old.plain == content.plain
                and old.spans == content.spans):
            line.update(content)
        return line

    def watch_placeholder(self, text: str) -> None:
        """Say why no paper is shown (the rest of the pane is hidden by the `-empty` class)."""
        if self.paper is None:
            self._say("#title", plain(text, "italic"))

    def watch_state(self, state: PaperState) -> None:
        """Repaint the markers line."""
        if self.paper is not None:
            line = meta_line(self.paper, state)
            if self.reason:
                # (plain() trims its text: the separator's spaces go in on their own)
                line = Content.assemble(line, (" · ", "dim"), plain(self.reason, "dim italic"))
            self._say("#meta", line)

    def watch_reason(self) -> None:
        """The markers line says why the paper ranks where it does."""
        self.watch_state(self.state)

    def watch_summary(self, summary: Summary | None) -> None:
        """Show the sections and say how they were made; the abstract folds once they show."""
        self.query_one(SummarySections).sections = summary.sections if summary else None
        provenance = short_provenance(summary) if summary else ""
        self._say("#provenance", plain(provenance, "italic dim"))
        self.query_one("#abstract", Fold).folded = not (self.abstract_open or summary is None)
        self._paint_details()
        self._paint_status()
        self.call_after_refresh(self.watch_cursor, self.cursor)

    def _paint_details(self) -> None:
        if self.paper is not None:
            self.query_one("#details .body", HangingText).set_lines(
                details_lines(self.paper, self.summary))

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
            text = ""
        self._say("#status", plain(text))
