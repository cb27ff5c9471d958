"""Bodies of the reader's thread workers: slow calls in, messages out, no widget touched."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import get_current_worker

from core.errors import PapertrayError, Stopped
from core.models import Paper
from core.reader.listing import DayData
from core.wording import count
from tui.unsaved import UnsavedStates

if TYPE_CHECKING:
    from core.arxiv.fetch import FetchProgress

Post = Callable[[Message], Any]


_STATE_LOCK = threading.Lock()


def write_state(unsaved: UnsavedStates, store: Any, data: DayData, paper_id: str,
                notify: Callable[..., object]) -> None:
    """Store a paper's triage state as it is on screen *now*.

    Writing the latest state under a lock (not the change that started the worker) keeps the
    store right whatever order quick presses' workers run in. A store that refuses the write
    (read-only, full) is said once; the change stays on screen and is retried with the next.
    """
    with _STATE_LOCK:
        why, earlier = unsaved.write(store, paper_id, data.state(paper_id))
    if why and not earlier:
        notify(f"Not saved: {why}. It stays on screen; papertray tries again with the next "
               "change and says at quit what could not be saved.",
               markup=False, severity="error", timeout=10)
    elif not why and earlier:
        notify(f"Saved now: {count(earlier, 'change')} the store had refused before.",
               markup=False)


def reason(err: BaseException) -> str:
    """A one-line reason: our errors as they are, anything else with its type."""
    text = " ".join(str(err).split())
    return text if isinstance(err, PapertrayError) else f"{type(err).__name__}: {text}"


def summarize(services: Any, paper: Paper, post: Post) -> None:
    """Summarize one paper; cancelling the worker (the reader quitting) cuts its download or
    its streamed LLM call at once."""
    worker = get_current_worker()
    summarize_paper(services, paper, post, lambda: worker.is_cancelled)


def summarize_paper(services: Any, paper: Paper, post: Post,
                    should_stop: Callable[[], bool]) -> None:
    """Make (and store) one paper's summary, posting each stage, the LLM call's progress
    (`reading the paper (4,018 tokens)… 12 s`, then the tokens written) and the outcome.

    A summary stopped by `should_stop` is not a failure: its paper is left as if never started.
    """
    from tui.messages import (  # (not at start-up)
        SummaryFailed,
        SummaryReady,
        SummaryStage,
        SummaryStopped,
    )

    try:
        summary = services.pipeline.summarize(
            paper, stage=lambda stage: post(SummaryStage(paper.id, stage)),
            progress=lambda progress: post(SummaryStage(paper.id, progress.text)),
            should_stop=should_stop,
        )
    except Stopped:
        post(SummaryStopped(paper.id))
    except Exception as err:  # the app never dies because a backend raised
        post(SummaryFailed(paper.id, reason(err)))
    else:
        post(SummaryReady(paper.id, summary))


def prefetch(services: Any, papers: Sequence[Paper], post: Post,
             closing: Callable[[], bool]) -> None:
    """Summarize a few papers. Replaced by a newer prefetch (the worker cancelled), it starts
    no more of them but lets those under way finish: their tokens are being spent, and the
    reader may be about to show them. Quitting (`closing`) cuts them."""
    worker = get_current_worker()
    prefetch_papers(services, papers, post, lambda: worker.is_cancelled,
                    cut=lambda: worker.is_cancelled and closing())


def prefetch_papers(services: Any, papers: Sequence[Paper], post: Post,
                    should_stop: Callable[[], bool],
                    cut: Callable[[], bool] | None = None) -> None:
    """Summarize papers `[llm] concurrency` at a time (one at a time offline); once
    `should_stop()` turns true, a paper not yet started is left alone, and those under way are
    cut once `cut()` (by default `should_stop()`) does (to be started again when shown)."""
    from concurrent.futures import ThreadPoolExecutor

    from tui.messages import SummaryStage

    def one(paper: Paper) -> None:
        if should_stop():
            return
        post(SummaryStage(paper.id, "starting"))
        summarize_paper(services, paper, post, cut or should_stop)

    llm = services.settings.llm
    with ThreadPoolExecutor(llm.workers, thread_name_prefix="prefetch") as pool:
        list(pool.map(one, papers))


def progress_text(progress: FetchProgress) -> str:
    """`Fetching 3/12 · avatar · digital human · 4 new (R stops)`, or why that query failed."""
    if not progress.done:
        outcome = "asking arXiv…"
    elif progress.error:
        outcome = f"failed: {progress.error}"
    else:
        outcome = f"{progress.found} new"
    return (f"Fetching {progress.query_index}/{progress.query_count} · {progress.topic} · "
            f"{progress.query} · {outcome} (R stops)")


def fetch(services: Any, post: Post) -> None:
    """Fetch the new papers now, posting progress; cancelling the worker stops between queries."""
    from tui.messages import FetchFinished, FetchProgressed

    worker = get_current_worker()
    try:
        report = services.fetch(
            progress=lambda p: post(FetchProgressed(progress_text(p))),
            should_stop=lambda: worker.is_cancelled,
        )
    except Exception as err:
        post(FetchFinished(f"Fetch failed: {reason(err)}", ok=False))
    else:
        post(FetchFinished(fetch_outcome(report), ok=report.exit_code == 0))


def fetch_outcome(report: Any) -> str:
    """The fetch's summary line, with why the first failed query failed, and its first note
    (what `papertray fetch` prints as `note:` lines)."""
    line = str(report.summary_line())
    if report.failed_queries:
        why = report.failed_queries[0][2]
        line += f" ({why})." if why not in line else "."
    if report.notes:
        more = len(report.notes) - 1
        line += f" Note: {report.notes[0]}" + (f" (and {more} more)." if more else ".")
    return line


CONSOLE_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh"})
"""Browsers that run in the terminal: started under the reader, they would fight it for it."""


def open_in_browser(url: str) -> bool:
    """Hand `url` to the system's graphical browser; False when there is none."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    name = str(getattr(browser, "name", "")).rsplit("/", 1)[-1]
    if isinstance(browser, webbrowser.GenericBrowser) and name in CONSOLE_BROWSERS:
        return False
    return bool(browser.open(url))


def export(services: Any, day: date, starred_only: bool, post: Post) -> str:
    """Summarize the papers that lack a summary (progress posted; cancelling the worker cuts
    those under way and starts no other), then write the day's digest to a new file; say what
    was written."""
    from core.digest.export import default_path, export_day, write_export
    from tui.messages import ExportProgressed, SummaryReady

    worker = get_current_worker()

    def summarize(paper: Paper) -> Any:
        try:
            summary = services.pipeline.summarize(paper, should_stop=lambda: worker.is_cancelled)
        except PapertrayError:
            raise
        except Exception as err:  # the app never dies because a backend raised
            raise PapertrayError(reason(err)) from err
        post(SummaryReady(paper.id, summary))
        return summary

    def progress(index: int, total: int, paper: Paper) -> None:
        post(ExportProgressed(f"Summarizing {index}/{total} for the digest… (Esc stops: the "
                              "digest is then written with what is done)"))

    llm = services.settings.llm
    result = export_day(services.settings, services.store, day, starred_only=starred_only,
                        summarize=summarize, progress=progress,
                        concurrency=llm.workers,
                        should_stop=lambda: worker.is_cancelled)
    path = default_path(services.settings, day)
    if starred_only:
        path = path.with_name(f"{path.stem}-starred{path.suffix}")
    result.path = write_export(result.text, path)
    line = str(result.summary_line())
    if result.unsummarized:
        line += f". {result.unsummarized} of them lack a summary"
    return line


_ONE_RANKING = threading.Lock()
"""Rankings run one at a time: a cancelled thread worker still runs, so without it each
triage key would start a full retrain beside the others."""


def rank_day(services: Any, day: date, generation: int, post: Post) -> None:
    """Retrain the ranking if the labels changed, rank the day, save and post the ranking;
    a request replaced by a newer one while it waited its turn does nothing."""
    from core.rank.day import rank_day
    from tui.day import RankingReady

    with _ONE_RANKING:
        if get_current_worker().is_cancelled:
            return
        try:
            ranking = rank_day(services.settings, services.store, day)
        except Exception:  # noqa: BLE001 - the reader keeps the order it has if ranking fails
            return
    post(RankingReady(day, generation, ranking))
