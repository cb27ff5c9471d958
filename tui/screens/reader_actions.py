"""The reader's key actions: triage, links, filter, days, fetch, export, panes."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.widget import Widget
from textual.widgets import Input, Label

from tui import workers
from tui.day import days_with_papers
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView
from tui.widgets.topic_list import TopicList

if TYPE_CHECKING:
    from tui.messages import FetchFinished, FetchProgressed, StoreChanged
    from tui.screens.reader import ReaderScreen
    from tui.widgets.filter_bar import FilterBar

    _Base = ReaderScreen
else:
    _Base = object

NEEDS_PAPER = {"star", "skip", "open_pdf", "open_abstract", "copy_link"}
"""Actions that act on the paper shown."""


class ReaderActions(_Base):
    """Key actions of ReaderScreen (split out to keep each file short)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot run now: no paper, no failed summary, no other day, a fetch running."""
        if action in NEEDS_PAPER:
            return self.paper is not None
        if action == "back":
            return self.reading or bool(self.title_filter)
        if action == "retry":
            return self.job.phase == "failed"
        if action == "day":
            return self._day_after(int(str(parameters[0]))) is not None
        if action == "export":
            return self.day is not None or None
        return True

    def workers_in(self, group: str) -> bool:
        """True while a worker of this group is running."""
        return any(w.group == group and not w.is_finished for w in self.workers)

    # -- triage ----------------------------------------------------------------------

    def set_state(self, paper_id: str, **changes: bool) -> None:
        """Apply a triage change at once on screen and write it to the store in a worker."""
        if self.data is None:
            return
        self.data.change(paper_id, **changes)
        self.refresh_markers(paper_id)
        self.run_worker(partial(workers.write_state, self.app.unsaved, self.services.store,
                                self.data, paper_id, self.app.notify),
                        thread=True, group="state", name=f"state {paper_id}")

    def action_star(self) -> None:
        """Star or unstar the paper shown."""
        if self.paper:
            self.set_state(self.paper.id, starred=not self.state.starred)

    def action_skip(self) -> None:
        """Hide the paper shown (or bring back a hidden one opened from the palette)."""
        if self.paper is None:
            return
        hidden = not self.state.skipped
        papers = self.query_one(PaperList)
        index = papers.highlighted
        self.set_state(self.paper.id, skipped=hidden)
        if hidden:
            self.paper = None
            self.refresh_papers()
            if papers.option_count and index is not None:
                papers.highlighted = min(index, papers.option_count - 1)
            self.notify("Hidden. It stays in the store; the palette still finds it.",
                        markup=False)

    def action_unread_only(self) -> None:
        """List unread papers only, or all again."""
        self.unread_only = not self.unread_only

    # -- links -----------------------------------------------------------------------

    def action_open_pdf(self) -> None:
        """Open the PDF in the browser."""
        if self.paper:
            self._open(self.paper.pdf_url)

    def action_open_abstract(self) -> None:
        """Open the abstract page in the browser."""
        if self.paper:
            self._open(self.paper.abs_url)

    @work(thread=True, group="browser", exit_on_error=False)
    def _open(self, url: str) -> None:
        """Hand the link to the system's browser; without one, copy it instead."""
        if workers.open_in_browser(url):
            self.app.call_from_thread(self.notify, f"Opened {url}", markup=False)
        else:
            self.app.call_from_thread(self.app.copy_to_clipboard, url)
            self.app.call_from_thread(self.notify, f"No browser found; copied {url}",
                                      markup=False, severity="warning")

    def action_copy_link(self) -> None:
        """Copy the abstract page's link (OSC 52 clipboard)."""
        if self.paper:
            self.app.copy_to_clipboard(self.paper.abs_url)
            self.notify(f"Copied {self.paper.abs_url}", markup=False)

    # -- filter ----------------------------------------------------------------------

    async def action_filter(self) -> None:
        """Show the title filter and type into it (built, and imported, on first use)."""
        from tui.widgets.filter_bar import FilterBar

        bars = self.query(FilterBar)
        if bars:
            bar = bars.first()
        else:
            bar = FilterBar(placeholder="Filter titles", id="filter")
            await self.query_one("#left").mount(bar, before=self.query_one(PaperList))
        bar.add_class("-active")
        self.set_focus(bar)  # at once, not deferred: keys typed right after `/` go to the bar

    # Named handlers, not @on: the decorator is only collected on Textual classes, not mixins.
    def on_input_changed(self, event: FilterBar.Changed) -> None:
        """Filter as the reader types."""
        self.title_filter = event.value

    def on_input_submitted(self) -> None:
        """Enter keeps the filter and goes back to the list."""
        self.query_one(PaperList).focus()

    def on_filter_bar_closed(self) -> None:
        """Escape drops the filter."""
        for bar in self.query("FilterBar").results(Input):
            bar.remove_class("-active")
            bar.value = ""
        self.title_filter = ""
        self.query_one(PaperList).focus()

    # -- days, fetch, export ----------------------------------------------------------

    def _day_after(self, step: int) -> date | None:
        if self.day not in self.days:
            return None
        index = self.days.index(self.day) + step
        return self.days[index] if 0 <= index < len(self.days) else None

    def action_day(self, step: int) -> None:
        """Go to the previous (-1) or next (1) day with papers."""
        if (day := self._day_after(step)) is not None:
            self.paper = None
            self.day = day

    def action_fetch(self) -> None:
        """Fetch new papers now (progress shows above the footer); while fetching, stop."""
        status = self.query_one("#fetch-status", Label)
        if self.workers_in("fetch"):
            self.workers.cancel_group(self, "fetch")
            status.update("Stopping the fetch…")
            return
        status.update("Fetching new papers… (R stops)")
        status.add_class("-active")
        self.run_worker(partial(workers.fetch, self.services, self.post_message), thread=True,
                        group="fetch", exclusive=True)

    def on_fetch_progressed(self, message: FetchProgressed) -> None:
        """Show how far the fetch got."""
        self.query_one("#fetch-status", Label).update(message.text)

    def on_fetch_finished(self, message: FetchFinished) -> None:
        """Say what came in and show the newest day."""
        self.query_one("#fetch-status").remove_class("-active")
        self.days = days_with_papers(self.services.store)
        hint = "" if message.ok or self.days else " `papertray --demo` opens a sample day."
        self.notify(message.text + hint, markup=False, timeout=10,
                    severity="information" if message.ok else "error")
        latest = self.days[-1] if self.days else None
        if latest != self.day:
            self.day = latest
        elif latest is not None:
            self.mutate_reactive(type(self).day)  # reload the same day
        self.refresh_bindings()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Another papertray wrote (cron's fetch, an import): list new days, re-read this one."""
        days = days_with_papers(self.services.store)
        new = [day for day in days if day not in self.days]
        self.days = days
        if self.day is None or self.day not in days:
            self.day = days[-1] if days else None
        else:
            self.mutate_reactive(type(self).day)  # reload the same day, in a worker
            if new and new[-1] > self.day:
                self.notify(f"New papers for {new[-1]}: ] goes there.", markup=False)
        self.refresh_bindings()

    def action_export(self, starred_only: bool) -> None:
        """Write the day's digest (or its starred papers) in a worker; nothing starred: say so."""
        if self.day is None or self.data is None:
            return
        if starred_only and not any(s.starred for s in self.data.states.values()):
            self.notify(f"Nothing starred on {self.day}: s stars a paper.", markup=False,
                        severity="warning")
            return
        self._export(self.day, starred_only)

    @work(thread=True, group="export", exit_on_error=False)
    def _export(self, day: date, starred_only: bool) -> None:
        """Write the digest and say where."""
        try:
            line = workers.export(self.services, day, starred_only)
        except Exception as err:
            self.app.call_from_thread(self.notify, f"Export failed: {workers.reason(err)}",
                                      severity="error", markup=False)
        else:
            self.app.call_from_thread(self.notify, line[:1].upper() + line[1:], markup=False,
                                      timeout=10)

    def action_retry(self) -> None:
        """Try a failed summary again."""
        if self.paper and self.job.phase == "failed":
            self.start_summary(self.paper)

    # -- panes and palette ------------------------------------------------------------

    def _panes(self) -> list[Widget]:
        return [self.query_one(TopicList), self.query_one(PaperList), self.query_one(PaperView)]

    def action_pane(self, step: int) -> None:
        """Move focus to the next or previous pane (topics, papers, paper)."""
        panes = self._panes()
        current = next((i for i, p in enumerate(panes) if p.has_focus_within), 1)
        target = panes[(current + step) % len(panes)]
        self.reading = target is panes[2] and self.has_class("-narrow")
        target.focus()

    def action_back(self) -> None:
        """Leave the paper for the list (narrow terminals); in the list, drop the filter."""
        if self.title_filter and not self.reading:
            self.on_filter_bar_closed()
        self.reading = False
        self.query_one(PaperList).focus()

    def jump_to(self, day: date, paper_id: str) -> None:
        """Open a paper of any day (the command palette's hits)."""
        self._pending = paper_id
        self.title_filter = ""
        self.unread_only = False
        if day != self.day:
            self.day = day
        elif self.data is not None:
            self.topic = self.data.topic_of(paper_id)
            self.refresh_papers()

