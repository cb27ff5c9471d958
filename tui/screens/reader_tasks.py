"""The reader's background tasks: fetching (R), exporting (e, E), and taking in what other
papertrays wrote to the shared store (cron's fetch, an import)."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Label

from core.days import days_with_papers
from tui import workers
from tui.screens.reader_state import ReaderState

if TYPE_CHECKING:
    from tui.messages import (
        ExportFinished,
        ExportProgressed,
        FetchFinished,
        FetchProgressed,
        StoreChanged,
    )


class ReaderTasks(ReaderState):
    """Fetch and export workers, their progress line and outcome (split from the actions)."""

    def say_status(self, text: str) -> None:
        """Show how a fetch or an export is going, on the line above the footer."""
        status = self.query_one("#fetch-status", Label)
        status.update(text)
        status.add_class("-active")

    def status_done(self, other: str) -> None:
        """A task ended: hide its line, unless the `other` one ("fetch", "export") still runs."""
        if not self.workers_in(other):
            self.query_one("#fetch-status").remove_class("-active")

    def action_fetch(self) -> None:
        """Fetch new papers now (progress shows above the footer); while fetching, stop."""
        if self.workers_in("fetch"):
            self.workers.cancel_group(self, "fetch")
            self.say_status("Stopping the fetch…")
            return
        self.say_status("Fetching new papers… (R stops)")
        self.run_worker(partial(workers.fetch, self.services, self.post_message), thread=True,
                        group="fetch", exclusive=True)

    def on_fetch_progressed(self, message: FetchProgressed) -> None:
        """Show how far the fetch got."""
        self.say_status(message.text)

    def on_fetch_finished(self, message: FetchFinished) -> None:
        """Say what came in and show the newest day."""
        self.status_done("export")
        self.days = days_with_papers(self.services.store)
        hint = "" if message.ok or self.days else " `papertray --demo` opens a sample day."
        self.notify(message.text + hint, markup=False, timeout=10,
                    severity="information" if message.ok else "error")
        latest = self.days[-1] if self.days else None
        if latest != self.day:
            self.day = latest
        elif latest is not None:
            self.mutate_reactive(ReaderState.day)  # reload the same day
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
        """Write the day's digest (or its starred papers) in a worker; nothing to write: say so."""
        if self.day is None or self.data is None:
            self.notify("Nothing to export: no papers stored yet. R fetches today's.",
                        markup=False, severity="warning")
            return
        if starred_only and not any(s.starred for s in self.data.states.values()):
            self.notify(f"Nothing starred on {self.day}: s stars a paper.", markup=False,
                        severity="warning")
            return
        self._export(self.day, starred_only)

    def _export(self, day: date, starred_only: bool) -> None:
        """Summarize what lacks a summary, then write the digest, in a worker (Esc stops)."""
        if self.workers_in("export"):
            self.notify("An export is already running (Esc stops it).", markup=False)
            return
        self.say_status("Exporting… (Esc stops the summarizing)")
        self.run_worker(partial(self._export_body, day, starred_only), thread=True,
                        group="export", exit_on_error=False)
        self.refresh_bindings()

    def _export_body(self, day: date, starred_only: bool) -> None:
        """The worker: write the digest and say where (thread: messages and call_from_thread)."""
        from tui.messages import ExportFinished

        try:
            line = workers.export(self.services, day, starred_only, self.post_message)
        except Exception as err:
            self.post_message(ExportFinished(f"Export failed: {workers.reason(err)}", ok=False))
        else:
            self.post_message(ExportFinished(line[:1].upper() + line[1:], ok=True))

    def on_export_progressed(self, message: ExportProgressed) -> None:
        """Show how far the summarizing for the digest got."""
        self.say_status(message.text)

    def on_export_finished(self, message: ExportFinished) -> None:
        """Say what was written, and where."""
        self.status_done("fetch")
        self.notify(message.text, markup=False, timeout=10,
                    severity="information" if message.ok else "error")
        self.refresh_bindings()
