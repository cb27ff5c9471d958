"""The papertray reader app: title, styles, keys, palette; the reader screen does the rest."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.content import Content

from core.errors import PapertrayError
from tui.paths import stylesheet
from tui.unsaved import UnsavedStates

STORE_CHECK_SECONDS = 3.0
"""How often the reader looks for what other papertrays wrote (one stat per file read)."""
START_SECONDS = 2.0
"""How long the cyclic garbage collector stays off while the reader starts (see on_mount)."""

if TYPE_CHECKING:
    from textual.command import Provider

    from core.services import Services


def paper_provider() -> type[Provider]:
    """The palette's paper search, imported when the palette first opens."""
    from tui.providers import PaperProvider

    return PaperProvider


class PapertrayApp(App[None]):
    """A keyboard-driven reader for a day of arXiv papers."""

    TITLE = "papertray"
    CSS_PATH = [stylesheet("app"), stylesheet("reader")]
    """The reader's stylesheet is read with the app's: pushing the reader then finds it read
    instead of parsing every stylesheet again before the first frame."""
    COMMANDS = App.COMMANDS | {paper_provider}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="quit (everything is already stored)"),
        Binding("question_mark", "help", "Help", tooltip="this list of keys"),
    ]
    """Keys that work on every screen."""

    def __init__(
        self,
        services: Services,
        *,
        date: dt.date | None = None,
        notices: tuple[str, ...] = (),
    ) -> None:
        """`services` is core.services.Services (store, pipeline, fetch), opened by the caller.

        `date` opens that day (default: the latest with papers); `notices` are shown once
        at start (e.g. "demo: a temporary home at ..." or the store's recovery notices).
        """
        super().__init__()
        self.closing = threading.Event()
        """Set as the app quits: workers then cut what they would otherwise let finish."""
        if not gc.get_freeze_count():
            # What start-up built (modules, classes, styles, settings) lives as long as the app:
            # out of the collector's reach, the full collection that building the screen sets
            # off before the first frame takes ~3 ms instead of ~12, and later ones less too.
            gc.freeze()
        self.services = services
        """The open store, settings and summary pipeline."""
        self.unsaved = UnsavedStates()
        """Triage changes the store refused (read-only, full), retried with the next one."""
        self._date = date
        self._notices = (*notices, *getattr(services.store, "notices", ()))

    def format_title(self, title: str, sub_title: str) -> Content:
        """`papertray · Fri 2026-04-10 · offline summarizer`, one plain run of text.

        (Textual's `title — sub_title` puts the dash in a span of its own, which some SVG
        renderers draw a cell off: `papertray—  2026-04-10` in the screenshots.)
        """
        return Content(f"{title} · {sub_title}" if sub_title else title)

    _collector_paused = False

    def on_mount(self) -> None:
        """Open the reader on the asked day (pushed: a default screen's CSS_PATH is not read)."""
        from tui.screens.reader import ReaderScreen

        if gc.isenabled():
            # Mounting, styling and filling the reader makes objects that live as long as the
            # app: the ~50 collections they set off before the first frame took 10-20 ms and
            # found a few hundred objects. Reference counting still frees the rest meanwhile.
            gc.disable()
            self._collector_paused = True
            self.set_timer(START_SECONDS, self._resume_collector, name="collector")
        self.push_screen(ReaderScreen(self.services, self._date))
        for notice in self._notices:
            self.notify(notice, markup=False, timeout=8)
        self.services.store.listeners.append(self._store_notice)
        self.set_interval(STORE_CHECK_SECONDS, self.check_store, name="store check")

    def _resume_collector(self) -> None:
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def on_unmount(self) -> None:
        """Stop hearing from the store, which outlives the app; collect garbage again."""
        self._resume_collector()
        with contextlib.suppress(ValueError):
            self.services.store.listeners.remove(self._store_notice)

    def _store_notice(self, line: str) -> None:
        """A damaged store file was salvaged (found by any thread: notify is thread-safe)."""
        self.notify(line, markup=False, severity="warning", timeout=15)

    def on_app_focus(self) -> None:
        """Back in the terminal: show what cron or another papertray wrote meanwhile."""
        self.check_store()

    def check_store(self) -> None:
        """Re-read the store files another process replaced; the screens reload if any was."""
        self.run_worker(self._refresh_store, thread=True, group="store-check", exclusive=True,
                        exit_on_error=False)

    def _refresh_store(self) -> None:
        try:
            changed = self.services.store.refresh()
        except PapertrayError:
            return  # a read that fails now is told by the next action that needs it
        if changed:
            from tui.messages import StoreChanged

            for screen in self.screen_stack:
                screen.post_message(StoreChanged())

    async def action_quit(self) -> None:
        """Quit, after the reader has kept its place (core.reader.session)."""
        self.closing.set()
        for screen in self.screen_stack:
            save = getattr(screen, "save_session", None)
            if callable(save):
                save()
        self.exit()

    def action_help(self) -> None:
        """Show every key, hidden ones included."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        bindings = [b for b in (*self.screen.BINDINGS, *self.BINDINGS) if isinstance(b, Binding)]
        self.push_screen(HelpScreen(bindings, llm_today=self._llm_today()))

    def _llm_today(self) -> str:
        """The day's LLM totals for the help, or "" before any call (a small in-memory read)."""
        from datetime import date

        from core.wording import usage_line

        totals = self.services.store.llm_usage(date.today())
        return usage_line(totals) if totals["calls"] else ""
