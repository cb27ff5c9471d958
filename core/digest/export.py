"""Export a day from the store: digest Markdown or BibTeX, to a new file or a string.

Each topic's papers come best first, in the reader's relevance order (core.rank).

Which papers: every paper listed on the day, topic by topic, except those marked skipped
(a skipped paper was triaged away; it is kept when it is also starred). `starred_only` keeps
the starred ones and leaves out topics with none.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from core import days
from core.config import Settings
from core.digest.bibtex import render_bibtex
from core.digest.markdown import DigestItem, Group, made_by_line, render_digest
from core.errors import PapertrayError, Stopped, UsageError
from core.models import Paper, PaperState
from core.records import Summary
from core.store.store import Store
from core.wording import count

Format = Literal["markdown", "bibtex"]
SUFFIXES: dict[str, str] = {"markdown": ".md", "bibtex": ".bib"}
Summarize = Callable[[Paper], Summary]
"""Makes (and stores) a paper's summary; raises a PapertrayError when it cannot."""
Progress = Callable[[int, int, Paper], None]
"""Called as (1-based index, how many, paper) as each paper's summary is started."""


@dataclass
class ExportResult:
    """What an export wrote."""

    day: date
    text: str
    papers: int
    """Distinct papers in the export."""
    summarized: int
    path: Path | None = None
    """Where it was written; None when only the text was asked for."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(paper id, reason) for each summary that --summarize could not make."""

    @property
    def unsummarized(self) -> int:
        """Papers of the export without a summary."""
        return self.papers - self.summarized

    def summary_line(self) -> str:
        """`exported 12 papers of 2025-08-29 (11 summarized) to PATH`."""
        where = f" to {self.path}" if self.path else ""
        failed = f"; {len(self.failures)} could not be summarized" if self.failures else ""
        return (f"exported {count(self.papers, 'paper')} of {self.day} "
                f"({self.summarized} summarized)"
                f"{failed}{where}")


def pick_day(store: Store, day: date | None) -> date:
    """`day`, or the latest day in the store; UsageError when there is nothing to export."""
    return days.pick_day(store.days(), day, "nothing to export: the store has no days yet "
                         "(run `papertray fetch`)")


def collect_day(store: Store, day: date, *, starred_only: bool = False,
                listing: dict[str, list[str]] | None = None) -> list[Group]:
    """The day's topics with their papers and summaries, in `listing`'s order (by default the
    order they were listed in)."""
    listing = store.day_listing(day) if listing is None else listing
    ids = list(dict.fromkeys(i for topic_ids in listing.values() for i in topic_ids))
    papers = {paper.id: paper for paper in store.get_papers(ids)}
    states = store.get_states(ids)
    summaries = {i: store.get_summary(i) for i in store.summarized_ids(ids)}
    groups: list[Group] = []
    for topic, topic_ids in listing.items():
        keep = [i for i in topic_ids if i in papers and _wanted(states[i], starred_only)]
        if starred_only and not keep:
            continue
        groups.append((topic, [DigestItem(papers[i], summaries.get(i)) for i in keep]))
    return groups


def _wanted(state: PaperState, starred_only: bool) -> bool:
    return state.starred if starred_only else (state.starred or not state.skipped)


def summarize_missing(
    groups: Sequence[Group], summarize: Summarize, progress: Progress | None = None,
    concurrency: int = 1,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[list[Group], list[tuple[str, str]]]:
    """Make the missing summaries (each paper once, `concurrency` at a time); returns new
    groups and the failures.

    `should_stop` is asked before each paper starts: once it says so, the rest stay
    unsummarized (those under way finish, unless `summarize` stops them too: Stopped is no
    failure).
    """
    from concurrent.futures import ThreadPoolExecutor

    todo = list({item.paper.id: item.paper for _, items in groups for item in items
                 if item.summary is None}.values())
    made: dict[str, Summary] = {}
    failed: dict[str, str] = {}
    started = 0
    lock = threading.Lock()

    def one(paper: Paper) -> None:
        nonlocal started
        with lock:  # the check, the count and the progress line go together
            if should_stop and should_stop():
                return
            started += 1
            if progress:
                progress(started, len(todo), paper)
        try:
            made[paper.id] = summarize(paper)
        except Stopped:
            return
        except PapertrayError as err:
            failed[paper.id] = str(err)

    # Bounded by the pool's size: the server sees at most `concurrency` requests at once.
    with ThreadPoolExecutor(max(1, concurrency), thread_name_prefix="summarize") as pool:
        list(pool.map(one, todo))  # re-raises what `one` did not expect
    new_groups: list[Group] = [
        (topic, [_with_summary(item, made, failed) for item in items]) for topic, items in groups
    ]
    return new_groups, list(failed.items())


def _with_summary(item: DigestItem, made: dict[str, Summary], failed: dict[str, str]) -> DigestItem:
    if item.summary is not None:
        return item
    paper_id = item.paper.id
    return DigestItem(item.paper, made.get(paper_id), failed.get(paper_id, ""))


def export_day(
    settings: Settings,
    store: Store,
    day: date | None = None,
    *,
    fmt: Format = "markdown",
    starred_only: bool = False,
    summarize: Summarize | None = None,
    progress: Progress | None = None,
    concurrency: int = 1,
    should_stop: Callable[[], bool] | None = None,
) -> ExportResult:
    """Build the day's export text (nothing is written; see `write_export`)."""
    from core.rank.day import relevance_listing

    day = pick_day(store, day)
    groups = collect_day(store, day, starred_only=starred_only,
                         listing=relevance_listing(settings, store, day))
    failures: list[tuple[str, str]] = []
    if summarize is not None:
        groups, failures = summarize_missing(groups, summarize, progress, concurrency,
                                             should_stop)
    unique = {item.paper.id: item for _, items in groups for item in items}
    if fmt == "bibtex":
        text = render_bibtex(item.paper for item in unique.values())
    else:
        per_query = {topic.name: topic.per_query for topic in settings.topics}
        text = render_digest(day, groups, made_by_line(groups, per_query,
                                                       starred_only=starred_only))
    summarized = sum(1 for item in unique.values() if item.summary is not None)
    return ExportResult(day, text, len(unique), summarized, failures=failures)


def default_path(settings: Settings, day: date, fmt: Format = "markdown") -> Path:
    """`<export dir>/YYYY-MM-DD.md` (or `.bib`)."""
    return settings.export_dir / f"{day.isoformat()}{SUFFIXES[fmt]}"


def write_export(text: str, path: Path, *, force: bool = False, numbered: bool = True) -> Path:
    """Write `text` (UTF-8) to `path`, or to `name-2.md`, `name-3.md`... if it exists.

    Never overwrites unless `force`; with `numbered=False` an existing file is a UsageError.
    The file appears whole or not at all (temp file, then link or rename).
    """
    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise PapertrayError(f"cannot write to {path.parent}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if force:
            os.replace(tmp, path)
            return path
        return _first_free_name(Path(tmp), path, numbered, data)
    except OSError as err:
        raise PapertrayError(f"cannot write {path}: {err.strerror or err}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _first_free_name(tmp: Path, path: Path, numbered: bool, data: bytes) -> Path:
    """Give the written temp file the first free name of `path`, `path-2`, `path-3`..."""
    for number in range(1, 10_000):
        target = path if number == 1 else path.with_name(f"{path.stem}-{number}{path.suffix}")
        try:
            _create(tmp, target, data)
            return target
        except FileExistsError:
            if not numbered:
                raise UsageError(f"{path} exists; use --force to replace it") from None
    raise UsageError(f"too many exports named like {path}")


def _create(tmp: Path, target: Path, data: bytes) -> None:
    """Make `target` hold `data`; FileExistsError, never a replacement, if it exists."""
    try:
        os.link(tmp, target)  # atomic, and fails rather than replace
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system (some network and FAT ones)
        with open(target, "xb") as file:
            file.write(data)
