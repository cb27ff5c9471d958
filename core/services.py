"""One factory for the services every face of papertray uses: store, fetcher, summarizer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING

from core.config import Settings
from core.store.lock import DEFAULT_TIMEOUT
from core.store.store import Store

if TYPE_CHECKING:
    from core.arxiv.fetch import FetchProgress, FetchReport
    from core.summaries.pipeline import SummaryPipeline


@dataclass
class Services:
    """The open store and what works on it; close it (or use `with`) to let go of its files."""

    settings: Settings
    store: Store
    _pipeline: SummaryPipeline | None = None

    @property
    def pipeline(self) -> SummaryPipeline:
        """The summary pipeline, built on first use (it imports the PDF and LLM stacks lazily)."""
        if self._pipeline is None:
            from core.summaries.pipeline import SummaryPipeline

            self._pipeline = SummaryPipeline(self.settings, self.store)
        return self._pipeline

    @property
    def summarizer_label(self) -> str:
        """What makes summaries: the LLM's model, or the offline summarizer."""
        llm = self.settings.llm
        return f"LLM {llm.model}" if llm.enabled else "offline summarizer (no LLM configured)"

    def fetch(
        self,
        *,
        days: int | None = None,
        progress: Callable[[FetchProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> FetchReport:
        """Fetch the new papers of every topic into the store, then rank the day they were
        listed under, so that the reader (or an export) lists it best first at once."""
        from core.arxiv.fetch import fetch_day

        report = fetch_day(self.settings, self.store, days=days, progress=progress,
                           should_stop=should_stop)
        if report.new_papers:
            self.rank(report.day, report.notes)
        return report

    def rank(self, day: date, notes: list[str]) -> None:
        """Rank and save the day's ranking; a failure is a note, not a failed fetch (the
        reader ranks again when it shows the day)."""
        from core.rank.day import rank_day

        try:
            rank_day(self.settings, self.store, day)
        except Exception as err:  # noqa: BLE001 - any fault of ranking leaves the fetch whole
            notes.append(f"the day was not ranked ({type(err).__name__}: {err})")

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_services(settings: Settings, *, lock_timeout: float = DEFAULT_TIMEOUT) -> Services:
    """Open the store named by the settings (other processes may use it too); a write waits
    up to `lock_timeout` seconds for another process's write, then raises StoreError."""
    return Services(settings, Store.open(settings.store_dir, lock_timeout=lock_timeout))
