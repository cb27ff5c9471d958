"""The reader: topics -> papers of a topic -> the paper with its summary, for one day."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList

from core.models import Paper, PaperState
from tui.day import DayData, DayLoaded, days_with_papers, why_empty
from tui.jobs import Job, Jobs
from tui.paths import stylesheet
from tui.screens.reader_actions import ReaderActions
from tui.screens.reader_summaries import SummaryFlow
from tui.widgets.calm_footer import CalmFooter
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView
from tui.widgets.topic_list import TopicList

if TYPE_CHECKING:
    from core.records import Summary

NARROW = 100
"""Below this many columns the panes switch instead of standing side by side."""


class ReaderScreen(SummaryFlow, ReaderActions, Screen[None]):
    """Three panes for one day; state in reactives, slow work in named worker groups."""

    CSS_PATH = stylesheet("reader")
    AUTO_FOCUS = "#papers"

    BINDINGS = [
        Binding("tab", "pane(1)", "Pane", priority=True,
                tooltip="next pane: topics, papers, the paper"),
        Binding("shift+tab", "pane(-1)", "Previous pane", show=False, priority=True,
                tooltip="previous pane"),
        Binding("escape", "back", "Back",
                tooltip="back to the list from the paper (narrow), or clear the filter"),
        Binding("s", "star", "Star", tooltip="star or unstar the paper (E exports the starred)"),
        Binding("x", "skip", "Hide", tooltip="hide (skip) the paper; the palette still finds it"),
        Binding("u", "unread_only", "Unread", tooltip="list unread papers only; again: all"),
        Binding("slash", "filter", "Filter", tooltip="filter titles as you type; Esc clears"),
        Binding("o", "open_pdf", "PDF", show=False, tooltip="open the PDF in the browser"),
        Binding("a", "open_abstract", "Abstract page", show=False,
                tooltip="open the arXiv abstract page in the browser"),
        Binding("y", "copy_link", "Copy link", show=False, tooltip="copy the abstract page's link"),
        Binding("e", "export(False)", "Export", tooltip="write the day's digest (Markdown)"),
        Binding("E", "export(True)", "Export starred", show=False,
                tooltip="write a digest of the day's starred papers"),
        Binding("left_square_bracket", "day(-1)", "Prev day", tooltip="previous day with papers"),
        Binding("right_square_bracket", "day(1)", "Next day", tooltip="next day with papers"),
        Binding("R", "fetch", "Fetch", tooltip="fetch new papers now; R again stops"),
        Binding("r", "retry", "Retry", tooltip="retry a failed summary"),
    ]
    """Reader keys; the hidden ones are listed by `?`."""

    day: reactive[date | None] = reactive(None)
    """The day shown."""
    topic: reactive[str | None] = reactive(None)
    """The topic whose papers are listed."""
    paper: reactive[Paper | None] = reactive(None)
    """The paper shown in the detail pane."""
    state: reactive[PaperState] = reactive(PaperState)
    """Its triage state."""
    summary: reactive[Summary | None] = reactive(None)
    """Its stored summary."""
    job: reactive[Job] = reactive(Job)
    """Its summary's lifecycle while no summary is stored."""
    summarizer: reactive[str] = reactive("")
    """What makes new summaries, said on screen."""
    unread_only: reactive[bool] = reactive(False, init=False)
    """List unread papers only (no first call: watch_topic's lists the papers)."""
    title_filter: reactive[str] = reactive("", init=False)
    """Text the titles must contain (no first call, as for unread_only)."""
    placeholder: reactive[str] = reactive("")
    """What the paper pane says when no paper is shown."""
    reading: reactive[bool] = reactive(False, init=False)
    """On a narrow terminal: the paper fills the screen instead of the lists."""

    def __init__(self, services: Any, day: date | None = None) -> None:
        super().__init__()
        self.services = services
        """The open store and the summary pipeline (core.services.Services)."""
        self.data: DayData | None = None
        """The day's listing as loaded; triage changes are applied to it at once."""
        self.jobs = Jobs()
        """Summaries being made or failed, by paper id."""
        self.days: list[date] = []
        """Days with papers, ascending."""
        self._start_day = day
        self._pending: str | None = None

    def compose(self) -> ComposeResult:
        """Yield the panes."""
        yield Header()
        with Vertical(id="left"):
            yield TopicList(id="topics")
            yield PaperList(id="papers")
        yield PaperView(id="detail").data_bind(
            ReaderScreen.paper, ReaderScreen.state, ReaderScreen.summary,
            ReaderScreen.job, ReaderScreen.summarizer, ReaderScreen.placeholder,
        )
        yield Label(id="fetch-status", markup=False)
        yield CalmFooter()

    def on_mount(self) -> None:
        """Pick the day to open (the one asked for, else the latest) and load it."""
        self.summarizer = self.services.summarizer_label
        self.days = days_with_papers(self.services.store)
        start = self._start_day
        self.day = start if start in self.days or not self.days else self.days[-1]
        if start and start not in self.days:
            self.notify(f"No papers stored for {start}; showing {self.day}.", markup=False)
        if not self.days:
            self.notify("No papers yet: fetching today's.", markup=False)
            self.action_fetch()
        elif self._start_day is None and self._due_for_fetch():
            self.notify("Fetching the papers submitted since the last fetch…", markup=False)
            self.action_fetch()

    def _due_for_fetch(self) -> bool:
        """Fetch on opening (config: reader.fetch_on_start) unless one succeeded today."""
        if not self.services.settings.fetch_on_start:
            return False
        last = self.services.store.last_successful_fetch()
        return last is None or last.finished.astimezone().date() < date.today()

    def on_resize(self) -> None:
        """Switch panes instead of squeezing them on a narrow terminal."""
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        footer = self.query_one(CalmFooter)
        footer.compact = narrow
        footer.show_command_palette = not narrow  # room for `? Help`, which lists ctrl+p

    def watch_reading(self, reading: bool) -> None:
        """Mirror the narrow-screen mode in a CSS class."""
        self.set_class(reading, "-reading")
        self.refresh_bindings()

    def watch_paper(self, old: Paper | None, new: Paper | None) -> None:
        """Keys that need a paper come and go with it (the footer is costly to redo)."""
        if new is None:
            self.summary, self.job = None, Job()
            self.stop_resting()
        if (old is None) != (new is None):
            self.refresh_bindings()

    def watch_job(self, old: Job, new: Job) -> None:
        """`r` shows only while the summary shown has failed."""
        if (old.phase == "failed") != (new.phase == "failed"):
            self.refresh_bindings()

    # -- day, topic, list ------------------------------------------------------------

    def watch_day(self, day: date | None) -> None:
        """Load the day's listing: the first one before the first frame, others in a worker."""
        self.sub_title = f"{day:%a %Y-%m-%d}" if day else "no papers yet"
        self.sub_title += f" · {self.summarizer}"
        if day is None:
            self.paper = None
        elif self.data is None:
            self.on_day_loaded(DayLoaded(DayData.load(self.services.store, day, self.app.unsaved)))
        else:
            self.run_worker(partial(self._load_day, day), thread=True, group="day", exclusive=True)

    def _load_day(self, day: date) -> None:
        self.post_message(DayLoaded(DayData.load(self.services.store, day, self.app.unsaved)))

    def on_day_loaded(self, message: DayLoaded) -> None:
        """Show the loaded day; keep the topic if the new day has it."""
        data = message.data
        if data.day != self.day:
            return
        self.data = data
        shown = self.topic
        if self._pending and (topic := data.topic_of(self._pending)):
            self.topic = topic
        elif self.topic not in data.listing:
            self.topic = next(iter(data.listing), None)
        self.query_one(TopicList).show(data.topic_counts(), self.topic)
        if self.topic == shown:  # a new topic was listed by watch_topic already
            self.refresh_papers()

    @on(OptionList.OptionHighlighted, "#topics")
    def _topic_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.topic = event.option.id

    @on(OptionList.OptionSelected, "#topics")
    def _topic_selected(self) -> None:
        self.query_one(PaperList).focus()

    def watch_topic(self, topic: str | None) -> None:
        """List the topic's papers; the topic list follows (the palette may change topic)."""
        self.query_one(TopicList).highlight_topic(topic)
        self.refresh_papers()

    def watch_unread_only(self) -> None:
        """Relist with or without the read papers."""
        self.refresh_papers()

    def watch_title_filter(self, old: str, new: str) -> None:
        """Relist the titles that match (Esc in the list clears a filter: its key shows)."""
        self.refresh_papers()
        if bool(old) != bool(new):
            self.refresh_bindings()

    def refresh_papers(self) -> None:
        """Rebuild the paper list from the day's data and the filters."""
        self.placeholder = why_empty(self.data, unread_only=self.unread_only,
                                     text=self.title_filter)
        if self.data is None or self.topic is None:
            self.query_one(PaperList).show([], None)
            return
        keep = self._pending or (self.paper.id if self.paper else None)
        papers = self.data.visible(self.topic, unread_only=self.unread_only,
                                   text=self.title_filter, keep=keep)
        rows = [(p, self.data.state(p.id), p.id in self.data.summarized) for p in papers]
        self.query_one(PaperList).show(rows, keep)
        self._update_pane_titles(len(papers))
        if not papers:
            self.paper = None
        elif (shown := self.query_one(PaperList).highlighted_id) and shown != keep:
            self.preview(shown)  # now, not when the highlight message arrives: one frame less
        if self._pending and any(p.id == self._pending for p in papers):
            self.open_paper(self._pending)
            self._pending = None

    def _update_pane_titles(self, count: int) -> None:
        parts = [f"{count} paper{'s' * (count != 1)}"] + ["unread only"] * self.unread_only
        if self.title_filter:
            parts.append(f"filter: {self.title_filter}")
        self.query_one(PaperList).border_title = " · ".join(parts)
        self.query_one(TopicList).border_title = f"Topics · {self.day}"

    def refresh_markers(self, paper_id: str) -> None:
        """Repaint one paper's row, the topic counts and the header markers."""
        if self.data is None or paper_id not in self.data.papers:
            return
        state = self.data.state(paper_id)
        self.query_one(PaperList).refresh_row(
            self.data.papers[paper_id], state, paper_id in self.data.summarized)
        self.query_one(TopicList).show(self.data.topic_counts(), self.topic)
        if self.paper and self.paper.id == paper_id:
            self.state = state

    # -- the paper -------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#papers")
    def _paper_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The reader moved to a paper: show it."""
        if event.option.id and (self.paper is None or self.paper.id != event.option.id):
            self.preview(event.option.id)

    @on(OptionList.OptionSelected, "#papers")
    def _paper_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_paper(event.option.id)

    def preview(self, paper_id: str) -> None:
        """Show a paper's header, abstract and stored summary (no store writes).

        If the paper stays shown for a moment and has no summary, one is started.
        """
        if self.data is None or paper_id not in self.data.papers:
            return
        self.paper = self.data.papers[paper_id]
        self.state = self.data.state(paper_id)
        self.summary = self.services.store.get_summary(paper_id)
        self.job = self.jobs.get(paper_id)
        self.rest_on(paper_id)

    def open_paper(self, paper_id: str) -> None:
        """Show a paper, mark it read, and start its summary if there is none."""
        self.stop_resting()
        self.preview(paper_id)
        if self.paper is None or self.data is None:
            return
        if not self.state.read:
            self.set_state(paper_id, read=True)
        if self.summary is None and self.job.phase != "loading":
            self.start_summary(self.paper)
        self.start_prefetch(paper_id)
        if self.has_class("-narrow"):
            self.reading = True
            self.query_one(PaperView).focus()
