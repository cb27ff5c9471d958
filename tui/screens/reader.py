"""The reader: topics -> papers of a topic -> the paper with its summary, for one day."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.worker import Worker, WorkerState

from core.days import days_with_papers
from core.models import Paper
from core.rank.saved import DayRanking, has_model, load_day_ranking, rank_dir
from core.reader.listing import FOR_YOU, DayData, nearest_day
from core.reader.session import Session, load_session, save_session, session_path
from tui.day import DayLoaded, RankingReady
from tui.jobs import Job
from tui.paths import stylesheet
from tui.screens.reader_cards import ReaderCards
from tui.screens.reader_summaries import SummaryFlow
from tui.widgets.calm_footer import CalmFooter
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView
from tui.widgets.title_bar import TitleBar
from tui.widgets.topic_list import TopicList

NARROW = 100
"""Below this many columns the panes switch instead of standing side by side."""


class ReaderScreen(SummaryFlow, ReaderCards):
    """Three panes for one day; state in reactives (ReaderState), slow work in worker groups."""

    CSS_PATH = stylesheet("reader")
    AUTO_FOCUS = "#papers"

    BINDINGS = [
        Binding("tab", "pane(1)", "Pane", show=False, priority=True,
                tooltip="next pane: topics, papers, the paper"),
        Binding("shift+tab", "pane(-1)", "Previous pane", show=False, priority=True,
                tooltip="previous pane"),
        Binding("escape", "back", "Back",
                tooltip="back to the list from the paper (narrow), or clear the filter"),
        Binding("s", "star", "Star", tooltip="star or unstar the paper (E exports the starred)"),
        Binding("x", "skip", "Hide", tooltip="hide the paper, or show a hidden one again"),
        Binding("m", "read", "Read", tooltip="mark the paper read or unread"),
        Binding("z", "undo", "Undo", tooltip="undo the last star, hide or read"),
        Binding("u", "unread_only", "Unread", show=False,
                tooltip="list unread papers only; again: all"),
        Binding("H", "hidden", "Hidden", show=False,
                tooltip="list the hidden papers (x shows one again); again: the others"),
        Binding("slash", "filter", "Filter",
                tooltip="filter by title, authors, arXiv id, abstract; Esc clears"),
        Binding("o", "open_pdf", "PDF", show=False, tooltip="open the PDF in the browser"),
        Binding("a", "open_abstract", "Abstract page", show=False,
                tooltip="open the arXiv abstract page in the browser"),
        Binding("y", "copy_link", "Copy link", show=False, tooltip="copy the abstract page's link"),
        Binding("e", "export(False)", "Export", tooltip="write the day's digest (Markdown)"),
        Binding("E", "export(True)", "Export starred", show=False,
                tooltip="write a digest of the day's starred papers"),
        Binding("left_square_bracket", "day(-1)", "Prev day", show=False,
                tooltip="previous day with papers"),
        Binding("right_square_bracket", "day(1)", "Next day", show=False,
                tooltip="next day with papers"),
        Binding("R", "fetch", "Fetch", show=False, tooltip="fetch new papers now; R again stops"),
        Binding("t", "sort", "Sort", show=False,
                tooltip="list best first (your stars, hides, reads and likes) or newest first"),
        Binding("r", "retry", "Retry", tooltip="retry a failed summary"),
    ]
    """Reader keys; the hidden ones are listed by `?`."""

    def __init__(self, services: Any, day: date | None = None) -> None:
        super().__init__(services, day)
        self.session_file = session_path(services.settings.store_dir)
        """Where the reader's place is kept between runs (core.reader.session)."""
        self.session = Session() if day else load_session(self.session_file)
        """The place to restore (none when a day was asked for)."""

    def compose(self) -> ComposeResult:
        """Yield the panes."""
        yield TitleBar()
        with Vertical(id="left"):
            yield TopicList(id="topics")
            yield PaperList(id="papers")
        yield PaperView(id="detail").data_bind(
            ReaderScreen.paper, ReaderScreen.state, ReaderScreen.summary,
            ReaderScreen.job, ReaderScreen.summarizer, ReaderScreen.placeholder,
            ReaderScreen.reason,
        )
        yield Label(id="fetch-status", markup=False)
        yield CalmFooter()

    def on_mount(self) -> None:
        """Pick the day to open (asked for, else the session's, else the latest) and load it."""
        self.summarizer = self.services.summarizer_label
        self.days = days_with_papers(self.services.store)
        start = self.start_day or self.session.day
        self.set_reactive(ReaderScreen.view, self.session.view)
        self.set_reactive(ReaderScreen.text_filter, self.session.text_filter)
        self.sort = "date" if self.session.extra.get("sort") == "date" else "relevance"
        self.day = nearest_day(self.days, start)
        if self.start_day and self.day and self.start_day != self.day:
            self.notify(f"No papers stored for {self.start_day}; showing the nearest day, "
                        f"{self.day}.", markup=False)
        if not self.days:
            self.notify("No papers yet: fetching today's.", markup=False)
            self.action_fetch()
        elif self.start_day is None and self._due_for_fetch():
            self.notify("Fetching the papers submitted since the last fetch…", markup=False)
            self.action_fetch()

    def _due_for_fetch(self) -> bool:
        """Fetch on opening (config: reader.fetch_on_start) unless one succeeded today."""
        if not self.services.settings.fetch_on_start:
            return False
        last = self.services.store.last_successful_fetch()
        return last is None or last.finished.astimezone().date() < date.today()

    def save_session(self) -> None:
        """Keep the reader's place for the next run (a failed write only loses the place).

        Called by the app as it quits, while the panes are still there.
        """
        view = self.query_one(PaperView)
        folded, unfolded = view.fold_state()
        session = Session(self.day, self.topic, self.paper.id if self.paper else None,
                          view.scroll_y, folded, unfolded, self.text_filter, self.view,
                          {"sort": self.sort})
        with suppress(OSError):
            save_session(self.session_file, session)

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
        self.update_sub_title()
        if day is None:
            self.paper = None
        elif self.data is None:
            self.on_day_loaded(self._load(day))
        else:
            self.run_worker(partial(self._load_day, day), thread=True, group="day", exclusive=True)

    def _load(self, day: date, *, in_worker: bool = False) -> DayLoaded:
        """The day's listing, best first as ranked last time, or ranked now if it never was."""
        settings = self.services.settings
        data = DayData.load(self.services.store, day, [topic.name for topic in settings.topics])
        self.app.unsaved.overlay(data.states)  # what the store refused stays as on screen
        ranking = load_day_ranking(rank_dir(settings.store_dir), day)
        ranked = ranking is None and in_worker
        if ranking is None:
            ranking = self._rank_now(data, in_worker=in_worker)
        if ranking is not None:
            data.set_ranking(ranking.scores, ranking.glyphs, ranking.reasons, ranking.best)
        return DayLoaded(data, ranked=ranked and ranking is not None)

    def _rank_now(self, data: DayData, *, in_worker: bool) -> DayRanking | None:
        """A day never ranked: in a worker, rank it fully. Before the first frame, only by
        its topics' keywords, and only when no trained model would need numpy and
        scikit-learn (that rare day keeps its fetch order until it is shown again)."""
        from core.rank.day import rank_day

        settings = self.services.settings
        if not in_worker and has_model(rank_dir(settings.store_dir)):
            return None
        try:
            return rank_day(settings, self.services.store, data.day, train=in_worker,
                            save=in_worker, listing=data.listing, papers=data.papers)
        except Exception:  # noqa: BLE001 - listing order it is, if ranking fails
            return None

    def _load_day(self, day: date) -> None:
        self.post_message(self._load(day, in_worker=True))

    def on_day_loaded(self, message: DayLoaded) -> None:
        """Show the loaded day; keep the topic if the new day has it (or the session's)."""
        data = message.data
        if data.day != self.day:
            return
        data.sort = self.sort
        first = self.data is None
        self.data = data
        if first:  # after the first frame: ranking may load numpy and scikit-learn
            self.call_after_refresh(self.start_ranking)
        elif not message.ranked:
            self.start_ranking()
        shown = self.topic
        session, self.session = self.session, Session()  # restored once, on its own day
        if session.day == data.day and session.topic in data.listing:
            self.pending = session.paper_id  # before the topic: listing it shows the paper
            self.restore = session
            self.topic = session.topic
        elif self.pending and (topic := data.topic_of(self.pending)):
            self.topic = topic
        elif not data.listing.get(self.topic or ""):  # gone, or empty that day
            # The first topic with papers; "For you" sits above the topics, chosen with k.
            self.topic = next((t for t, ids in data.listing.items() if ids and t != FOR_YOU),
                              self.topic)
        self.query_one(TopicList).show(data.topic_counts(), self.topic)
        if self.topic == shown:  # a new topic was listed by watch_topic already
            self.refresh_papers()

    def on_ranking_ready(self, message: RankingReady) -> None:
        """Take the day's ranking: "For you" on top, the marks and reasons of the rows."""
        data, ranking = self.data, message.ranking
        if data is None or message.day != data.day or message.generation != self.rankings:
            return
        data.set_ranking(ranking.scores, ranking.glyphs, ranking.reasons, ranking.best)
        self.query_one(TopicList).show(data.topic_counts(), self.topic)
        papers = self.query_one(PaperList)
        for paper_id in papers.ids:
            papers.refresh_row(self.row(paper_id))
        if self.paper is not None:
            self.reason = data.reasons.get(self.paper.id, "")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A triage change is stored: retrain the ranking on it (in the background)."""
        if event.worker.group == "state" and event.state == WorkerState.SUCCESS:
            self.start_ranking()

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

    def watch_view(self) -> None:
        """Relist: all, unread only, or the hidden papers (from the top of the new list)."""
        self.paper = None
        self.refresh_papers()
        self.refresh_bindings()

    def watch_text_filter(self, old: str, new: str) -> None:
        """Relist the papers that match (Esc in the list clears a filter: its key shows)."""
        self.refresh_papers()
        if bool(old) != bool(new):
            self.refresh_bindings()

    # -- the paper -------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#papers")
    def _paper_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The reader moved to a paper: show it."""
        if event.option.id and (self.paper is None or self.paper.id != event.option.id):
            self.show_paper(event.option.id)

    @on(OptionList.OptionSelected, "#papers")
    def _paper_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_paper(event.option.id)

    def open_paper(self, paper_id: str, *, undoable: bool = True) -> None:
        """Show a paper, mark it read (a change `z` undoes, unless not `undoable`), start its
        summary, and move into it."""
        self.stop_resting()
        self.show_paper(paper_id)
        if self.paper is None or self.data is None:
            return
        if not self.state.read:
            self.set_state(paper_id, "read" if undoable else "", read=True)
        if self.summary is None and self.job.phase != "loading":
            self.start_summary(self.paper)
        self.start_prefetch(paper_id)
        if self.has_class("-narrow"):
            self.reading = True
        self.query_one(PaperView).start_reading()

    restore: Session | None = None
    """The session whose paper is being put back (its scroll and folds follow it)."""

    def pending_shown(self, paper_id: str) -> None:
        """A paper from the palette or the session is listed: show it, in its old place."""
        self.show_paper(paper_id)
        if self.restore is not None and self.restore.paper_id == paper_id:
            session, self.restore = self.restore, None
            view = self.query_one(PaperView)
            view.restore_folds(session.folded, session.unfolded)
            view.restore_scroll(session.scroll_y)
