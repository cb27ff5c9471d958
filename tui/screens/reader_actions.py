"""The reader's key actions: triage and undo, links, filter, days, panes."""

from __future__ import annotations

from datetime import date

from textual import on, work
from textual.widget import Widget
from textual.widgets import Input

from tui import workers
from tui.screens.reader_tasks import ReaderTasks
from tui.widgets.paper_list import PaperList
from tui.widgets.paper_view import PaperView
from tui.widgets.topic_list import TopicList

NEEDS_PAPER = {"star", "skip", "read", "open_pdf", "open_abstract", "copy_link"}
"""Actions that act on the paper shown."""

UNDONE = {"starred": "star", "skipped": "hide", "read": "read"}
"""How `z` names what it undid."""


class ReaderActions(ReaderTasks):
    """Key actions of the reader (split from the screen to keep each file short)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot run now: no paper, no failed summary, nothing to undo."""
        if action in NEEDS_PAPER:
            return self.paper is not None
        if action == "back":
            return (self.reading or bool(self.text_filter) or self.view == "hidden"
                    or self.query_one(PaperView).has_focus or self.workers_in("export"))
        if action == "retry":
            return self.job.phase == "failed"
        return True

    # -- triage ----------------------------------------------------------------------

    def action_star(self) -> None:
        """Star or unstar the paper shown."""
        if self.paper:
            self.set_state(self.paper.id, "starred", starred=not self.state.starred)

    def action_read(self) -> None:
        """Mark the paper shown read, or unread again."""
        if self.paper:
            self.set_state(self.paper.id, "read", read=not self.state.read)

    def action_skip(self) -> None:
        """Hide the paper shown, or bring back a hidden one (nothing else changes)."""
        if self.paper is None:
            return
        hidden = not self.state.skipped
        self.set_state(self.paper.id, "skipped", skipped=hidden)
        self.relist_after_triage()
        if hidden:
            self.notify("Hidden. H lists the hidden papers; z undoes.", markup=False)
        else:
            self.notify("Shown again.", markup=False)

    def action_sort(self) -> None:
        """Toggle best first and newest first (kept for the next run)."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        if self.data is not None:
            self.data.sort = self.sort
        self.refresh_papers()
        self.notify("Newest first." if self.sort == "date" else "Best first.", markup=False)

    def relist_after_triage(self) -> None:
        """Drop the paper from a list it no longer belongs to; the one below it (above, at
        the end) takes the cursor's place and is the only paper shown."""
        papers = self.query_one(PaperList)
        index = papers.highlighted
        rest = [i for i in papers.ids if self.paper is None or i != self.paper.id]
        self.paper = None
        if index is not None and rest:
            self.pending = rest[min(index, len(rest) - 1)]
        self.refresh_papers()
        self.pending = None

    def action_undo(self) -> None:
        """Undo the last triage change (star, hide, read), wherever its paper is."""
        change = self.undo.pop()
        if change is None or self.data is None:
            self.notify("Nothing to undo.", markup=False)
            return
        before = change.before
        self.set_state(change.paper_id, read=before.read, starred=before.starred,
                       skipped=before.skipped)
        if change.what == "skipped" and self.topic:
            listed = change.paper_id in self.data.listing.get(self.topic, [])
            self.pending = change.paper_id if listed else None
            self.paper = None
            self.refresh_papers()
        title = self.data.papers[change.paper_id].title if change.paper_id in self.data.papers \
            else change.paper_id
        self.notify(f"Undone: {UNDONE.get(change.what, change.what)} of {title[:60]}",
                    markup=False)

    def action_unread_only(self) -> None:
        """List unread papers only, or all again."""
        self.view = "all" if self.view == "unread" else "unread"

    def action_hidden(self) -> None:
        """List the hidden papers (x brings one back), or the shown ones again."""
        self.view = "all" if self.view == "hidden" else "hidden"

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
        """Show the filter and type into it (built, and imported, on first use)."""
        from tui.widgets.filter_bar import FilterBar

        bars = self.query(FilterBar)
        if bars:
            bar = bars.first()
        else:
            bar = FilterBar(placeholder="Filter: title, authors, arXiv id, abstract",
                            id="filter", value=self.text_filter)
            await self.query_one("#left").mount(bar, before=self.query_one(PaperList))
        bar.add_class("-active")
        self.set_focus(bar)  # at once, not deferred: keys typed right after `/` go to the bar

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        """Filter as the reader types."""
        self.text_filter = event.value

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        """Enter keeps the filter and goes back to the list."""
        self.query_one(PaperList).focus()

    def on_filter_bar_closed(self) -> None:
        """Escape drops the filter."""
        for bar in self.query("#filter").results(Input):
            bar.remove_class("-active")
            bar.value = ""
        self.text_filter = ""
        self.query_one(PaperList).focus()

    # -- days ------------------------------------------------------------------------

    def day_after(self, step: int) -> date | None:
        """The day with papers `step` days with papers away, if there is one."""
        if self.day not in self.days:
            return None
        index = self.days.index(self.day) + step
        return self.days[index] if 0 <= index < len(self.days) else None

    def action_day(self, step: int) -> None:
        """Go to the previous (-1) or next (1) day with papers; at either end, say so."""
        if (day := self.day_after(step)) is not None:
            self.paper = None
            self.day = day
        elif not self.days:
            self.notify("No papers stored yet: R fetches today's.", markup=False)
        else:
            which = "earlier" if step < 0 else "later"
            only = " (the only one)" if len(self.days) == 1 else ""
            self.notify(f"No {which} day with papers than {self.day}{only}.", markup=False)

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
        """Stop an export's summarizing; leave the paper for the list (narrow); in the list,
        drop the filter or the hidden view."""
        if self.workers_in("export"):
            self.workers.cancel_group(self, "export")
            self.say_status("Stopping: writing the digest…")
            return
        if not self.reading:
            if self.text_filter:
                self.on_filter_bar_closed()
            elif self.view == "hidden":
                self.view = "all"
        self.reading = False
        self.query_one(PaperList).focus()

    def jump_to(self, day: date, paper_id: str) -> None:
        """Show a paper of any day (the command palette's hits); it is not marked read."""
        self.pending = paper_id
        self.text_filter = ""
        self.view = "all"
        if day != self.day:
            self.day = day
        elif self.data is not None:
            self.topic = self.data.topic_of(paper_id)
            self.refresh_papers()
