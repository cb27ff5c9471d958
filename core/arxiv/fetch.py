"""`fetch_day`: bring the new papers of every topic from arXiv into the store.

The date window. A run asks for papers submitted in `[start, now)`:
- `--days N`: `start = now - N days`;
- first run (no successful fetch logged): `start = now - settings.arxiv.first_run_days`;
- otherwise `start = (end of the last successful window) - OVERLAP`. arXiv lists a paper only
  when it is announced, up to ~3.5 days after its submission time (the Thursday-to-Sunday
  batch; holidays add more), so a window starting exactly at the last fetch would miss papers
  submitted before it but announced after it. The overlap catches them; the store makes sure
  nothing is presented twice: a paper already stored is counted as "seen" and never listed as
  new again.

Each query lists its first `per_query` new papers (newest first; 100 by default, so on most
days every match in the window) under the day, asking arXiv for them a page at a time.

A partly failed or stopped run is logged with `ok=False`, so the next run starts from the last
fully successful one (the window never moves past a query that did not answer); what the partial
run stored is then "seen", not new.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

import arxiv

from core.arxiv.client import (
    ArxivClient,
    ArxivUnreachable,
    FetchOutOfTime,
    FetchStopped,
    paper_from_result,
)
from core.arxiv.queries import TopicQuery, in_window, plan_queries
from core.config import Settings
from core.errors import FetchError
from core.models import Paper
from core.records import FetchRecord
from core.wording import count


class FetchTarget(Protocol):
    """Where a fetch keeps its papers: the store, which this stage does not import."""

    def has_paper(self, paper_id: str) -> bool: ...
    def upsert_papers(self, papers: Iterable[Paper]) -> object: ...
    def add_to_day(self, day: date, topic: str, paper_ids: Sequence[str]) -> object: ...
    def record_fetch(self, record: FetchRecord) -> object: ...
    def last_successful_fetch(self) -> FetchRecord | None: ...


OVERLAP = timedelta(days=4)
"""How far a window reaches back before the last successful fetch, for late announcements."""


@dataclass(frozen=True)
class FetchProgress:
    """Query `query_index` of `query_count` is being sent (`done` False), or has answered (or
    failed: `error` says why)."""

    query_index: int
    query_count: int
    topic: str
    query: str
    """The keyword phrase or raw query, as the user wrote it (not the full arXiv query)."""
    found: int
    """Papers this query listed as new."""
    error: str = ""
    done: bool = True
    """False for the report sent as the query starts, so a slow first query shows up."""


@dataclass
class FetchReport:
    """What a fetch did; `summary_line()` says it in one line."""

    day: date
    topics: int
    queries: int
    new_papers: int = 0
    """Distinct papers stored for the first time and listed under the day."""
    seen_papers: int = 0
    """Distinct matching papers skipped because they were already in the store."""
    failed_queries: list[tuple[str, str, str]] = field(default_factory=list)
    """(topic, query, reason) for each query that failed after its retries."""
    window_start: datetime | None = None
    window_end: datetime | None = None
    listed: dict[str, list[str]] = field(default_factory=dict)
    """Topic -> ids listed as new by this run, in order."""
    stopped: bool = False
    """True when `should_stop` ended the run before every query was sent."""
    notes: list[str] = field(default_factory=list)
    """What was skipped without failing a query (an entry with an unreadable date...)."""

    @property
    def ok(self) -> bool:
        """Every query answered."""
        return not self.failed_queries and not self.stopped

    @property
    def exit_code(self) -> int:
        """0 when every query answered, 1 when some failed (or the run was stopped)."""
        return 0 if self.ok else 1

    def summary_line(self) -> str:
        """`3 topics, 6 queries: 12 new papers, 4 already seen, 1 query failed`."""
        head = f"{count(self.topics, 'topic')}, {count(self.queries, 'query', 'queries')}"
        parts = []
        if self.new_papers:
            parts.append(count(self.new_papers, "new paper"))
        elif len(self.failed_queries) < self.queries:
            start = self.window_start
            since = f" since {start.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if start else ""
            parts.append(f"nothing new{since}")
        if self.seen_papers:
            parts.append(f"{self.seen_papers} already seen")
        if self.failed_queries:
            failed = len(self.failed_queries)
            parts.append(f"{count(failed, 'query', 'queries')} failed")
        if self.stopped:
            parts.append("stopped early")
        return f"{head}: {', '.join(parts)}"


def fetch_day(
    settings: Settings,
    store: FetchTarget,
    *,
    days: int | None = None,
    progress: Callable[[FetchProgress], None] | None = None,
    now: datetime | None = None,
    should_stop: Callable[[], bool] | None = None,
    client: ArxivClient | None = None,
) -> FetchReport:
    """Run every topic's queries for the window, store what is new, list it under the day.

    A failing query is recorded in the report and the others go on. `should_stop` is asked
    before each query, during the waits between requests, and every few hundredths of a second
    while a request is in flight. The whole run takes at most `arxiv.fetch_deadline_seconds`
    (queries not answered by then fail). `client` lets a caller share one (it is then not
    closed here).
    """
    started = time.monotonic()
    end = _aware(now or datetime.now(UTC))
    start = window_start(settings, store, end, days)
    plan = plan_queries(settings.topics)
    report = FetchReport(day=end.astimezone().date(), topics=len(settings.topics),
                         queries=len(plan), window_start=start, window_end=end)
    run = _Run(store, report)
    own_client = client is None
    arxiv_client = client or ArxivClient(settings.arxiv, should_stop=should_stop)
    arxiv_client.limit_to(settings.arxiv.fetch_deadline_seconds)
    try:
        for index, query in enumerate(plan, 1):
            if report.stopped or (should_stop is not None and should_stop()):
                report.stopped = True
                break
            if progress is not None and not run.unreachable:
                progress(FetchProgress(index, len(plan), query.topic, query.label, 0, done=False))
            if run.unreachable:
                found, error = 0, f"not sent: {run.unreachable}"
                report.failed_queries.append((query.topic, query.label, error))
            else:
                found, error = run.query(arxiv_client, query, start, end)
            if progress is not None:
                progress(FetchProgress(index, len(plan), query.topic, query.label, found, error))
    finally:
        if own_client:
            arxiv_client.close()
    report.new_papers, report.seen_papers = len(run.listed), len(run.seen)
    store.record_fetch(_record(report, end, end + timedelta(seconds=time.monotonic() - started)))
    return report


def window_start(
    settings: Settings, store: FetchTarget, end: datetime, days: int | None
) -> datetime:
    """Where the window opens (see the module docstring)."""
    if days is not None:
        return end - timedelta(days=days)
    last = store.last_successful_fetch()
    if last is None:
        return end - timedelta(days=settings.arxiv.first_run_days)
    return min(_aware(last.started), end) - OVERLAP


@dataclass
class Selection:
    """What one query's results come to, after the window and the phrase re-check."""

    listed: list[Paper] = field(default_factory=list)
    """New papers listed under the day: the first `keep`, newest first."""
    beyond: list[Paper] = field(default_factory=list)
    """New papers past `keep`: neither stored nor listed, so a later run can still list them
    (storing them would mark them seen without anyone having seen them)."""
    seen: list[Paper] = field(default_factory=list)
    """Papers stored before this run."""


def select(query: TopicQuery, papers: list[Paper], start: datetime, end: datetime,
           known: Callable[[str], bool]) -> Selection:
    """Split the papers in `[start, end)` that pass the re-check into listed, beyond and seen."""
    chosen = Selection()
    ids: set[str] = set()
    for paper in papers:
        if paper.id in ids or paper.published is None:
            continue
        if not in_window(paper.published, start, end):
            continue
        if not query.accepts(paper.title, paper.abstract):
            continue
        ids.add(paper.id)
        if known(paper.id):
            chosen.seen.append(paper)
        elif len(chosen.listed) < query.keep:
            chosen.listed.append(paper)
        else:
            chosen.beyond.append(paper)
    return chosen


class _Run:
    """The bookkeeping of one fetch: what it stored, listed, and found already seen."""

    def __init__(self, store: FetchTarget, report: FetchReport) -> None:
        self.store = store
        self.report = report
        self.stored: set[str] = set()
        """Ids this run stored for the first time."""
        self.listed: set[str] = set()
        self.seen: set[str] = set()
        self.unreachable = ""
        """Why no query can succeed now (no network, no time left), once a query found out;
        later ones are not sent."""

    def known(self, paper_id: str) -> bool:
        """Stored before this run began (a paper stored by this run can still be listed)."""
        return paper_id not in self.stored and self.store.has_paper(paper_id)

    def query(self, client: ArxivClient, query: TopicQuery, start: datetime,
              end: datetime) -> tuple[int, str]:
        """Send one query and store its papers; returns (papers listed, error or "")."""
        try:
            results = client.search(query.windowed(start, end), query.max_results)
        except FetchStopped:
            self.report.stopped = True
            return 0, "stopped"
        except FetchError as err:
            if isinstance(err, ArxivUnreachable | FetchOutOfTime):
                self.unreachable = str(err)
            self.report.failed_queries.append((query.topic, query.label, str(err)))
            return 0, str(err)
        finally:
            self.report.notes.extend(client.take_notes())
        chosen = select(query, _papers(results), start, end, self.known)
        # Seen ones are upserted too: a newer version refreshes the stored metadata.
        self.store.upsert_papers([*chosen.listed, *chosen.seen])
        self.store.add_to_day(self.report.day, query.topic, [p.id for p in chosen.listed])
        listed = self.report.listed.setdefault(query.topic, [])
        listed.extend(p.id for p in chosen.listed if p.id not in listed)
        self.stored.update(p.id for p in chosen.listed)
        self.listed.update(p.id for p in chosen.listed)
        self.seen.update(p.id for p in chosen.seen)
        return len(chosen.listed), ""


def _papers(results: list[arxiv.Result]) -> list[Paper]:
    return [paper_from_result(result) for result in results]


def _record(report: FetchReport, end: datetime, finished: datetime) -> FetchRecord:
    return FetchRecord(
        started=end,
        finished=finished,
        day=report.day,
        ok=report.ok,
        queries=report.queries,
        new_papers=report.new_papers,
        seen_papers=report.seen_papers,
        failed_queries=len(report.failed_queries),
        window_start=report.window_start,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
