"""`papertray import`: read digests (files or folders) into the store, idempotently.

Papers come in as id, version and title only. A paper already stored keeps what it has
(authors, abstract...): the store's upsert replaces whole records, so only a newer version
is written, merged over the stored record. An imported summary is stored only when the paper
has no summary of that version or newer, so it never hides one made here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from core.digest.parse import DigestEntry, NotADigest, ParsedDigest, decode_digest, parse_digest
from core.models import Paper
from core.records import Summary
from core.store.store import Store

MAX_BYTES = 20 * 1024 * 1024
"""A digest is tens of KB; anything this big is not one."""


@dataclass
class ImportReport:
    """What an import did, for the user."""

    files: list[Path] = field(default_factory=list)
    """Digest files read."""
    not_digests: list[tuple[Path, str]] = field(default_factory=list)
    repaired: list[Path] = field(default_factory=list)
    """Files whose mis-decoded UTF-8 (`¬∑` for `·`) was repaired."""
    days: set[date] = field(default_factory=set)
    papers_new: int = 0
    papers_known: int = 0
    papers_updated: int = 0
    """Known papers that a digest listed in a newer version."""
    listed: int = 0
    """(day, topic, paper) listings added."""
    summaries_new: int = 0
    summaries_known: int = 0
    without_summary: int = 0
    """Entries with no summary (`summary failed`, not summarized): their paper is stored."""
    skipped: list[tuple[Path, int, str]] = field(default_factory=list)
    """(file, line, why) for each entry or part of one that was left out."""
    _seen: set[str] = field(default_factory=set, repr=False)

    @property
    def exit_code(self) -> int:
        """2 when no file at all was a digest, else 0 (importing known data again is fine)."""
        return 0 if self.files else 2

    def lines(self) -> list[str]:
        """The report, one line each: totals first, then what was skipped and why."""
        repaired = f" ({len(self.repaired)} with repaired UTF-8)" if self.repaired else ""
        updated = f", {self.papers_updated} in a newer version" if self.papers_updated else ""
        out = [
            f"files: {len(self.files)} digests read{repaired}, {len(self.not_digests)} skipped",
            f"days: {len(self.days)}" + (f" ({min(self.days)} to {max(self.days)})"
                                         if self.days else ""),
            f"papers: {self.papers_new} new, {self.papers_known} already known{updated}; "
            f"{self.listed} listings added",
            f"summaries: {self.summaries_new} new, {self.summaries_known} already stored; "
            f"{self.without_summary} entries had no summary",
        ]
        out += [f"not a digest: {path}: {why}" for path, why in self.not_digests]
        out += [f"skipped: {path}:{line}: {why}" for path, line, why in self.skipped]
        return out


def digest_files(paths: Iterable[Path], report: ImportReport) -> Iterator[Path]:
    """Each file named, and the `*.md` files under each folder named (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.md")
                              if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            yield path
        else:
            report.not_digests.append((path, "no such file or folder"))


def import_paths(
    store: Store, paths: Iterable[Path], progress: Callable[[int, int, Path], None] | None = None
) -> ImportReport:
    """Import every digest among `paths` into `store`; a bad file is reported, never raised.

    `progress(index, count, path)` is called before each file (1-based index).
    """
    report = ImportReport()
    files = list(digest_files(paths, report))
    for index, path in enumerate(files, 1):
        if progress:
            progress(index, len(files), path)
        parsed = read_digest(path, report)
        if parsed is not None:
            store_digest(store, parsed, report, path)
    return report


def read_digest(path: Path, report: ImportReport) -> ParsedDigest | None:
    """Parse one file; a file that is not a digest is noted in the report and gives None."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise NotADigest(f"too big for a digest ({path.stat().st_size // 1024} KB)")
        text, repaired = decode_digest(path.read_bytes())
        parsed = parse_digest(text, repaired=repaired)
    except NotADigest as err:
        report.not_digests.append((path, str(err)))
        return None
    except OSError as err:
        report.not_digests.append((path, f"cannot read: {err.strerror or err}"))
        return None
    report.files.append(path)
    report.days.add(parsed.day)
    if parsed.repaired:
        report.repaired.append(path)
    report.skipped += [(path, line, why) for line, why in parsed.problems]
    return parsed


def store_digest(store: Store, parsed: ParsedDigest, report: ImportReport, path: Path) -> None:
    """Store one parsed digest's papers, listings and summaries."""
    _store_papers(store, parsed.entries, report)
    for topic in parsed.topics:
        ids = [entry.paper_id for entry in parsed.entries if entry.topic == topic]
        report.listed += store.add_to_day(parsed.day, topic, list(dict.fromkeys(ids)))
    pending: dict[str, Summary] = {}
    for entry in parsed.entries:
        summary = _new_summary(store, pending, entry, parsed.day, report)
        if summary is not None:
            pending[entry.paper_id] = summary
    store.put_summaries(pending.values())  # one write per month, not one per entry


def _store_papers(store: Store, entries: Iterable[DigestEntry], report: ImportReport) -> None:
    incoming: dict[str, Paper] = {}
    for entry in entries:
        old = incoming.get(entry.paper_id)
        if old is None or entry.version > old.version:
            incoming[entry.paper_id] = Paper(entry.paper_id, entry.version, entry.title)
    stored = {paper.id: paper for paper in store.get_papers(incoming)}
    writes = []
    for paper_id, paper in incoming.items():
        merged = merge_paper(stored.get(paper_id), paper)  # for the report; the store merges
        # again with what it holds when it writes: a fetch may have stored it meanwhile
        first_time = paper_id not in report._seen
        report._seen.add(paper_id)
        if paper_id not in stored:
            report.papers_new += 1
        elif first_time:
            report.papers_known += 1
        if merged is not None:
            writes.append(merged)
            report.papers_updated += int(paper_id in stored)
    if writes:
        store.upsert_papers(writes, merge=merge_paper)


def merge_paper(stored: Paper | None, imported: Paper) -> Paper | None:
    """What to write for an imported paper: itself when new, the stored record moved to the
    newer version (keeping its authors, abstract...) when newer, else None."""
    if stored is None:
        return imported
    if imported.version <= stored.version:
        return None
    return replace(stored, version=imported.version, title=imported.title or stored.title)


def _new_summary(store: Store, pending: dict[str, Summary], entry: DigestEntry, day: date,
                 report: ImportReport) -> Summary | None:
    """The entry's summary, unless the paper has one of this version or newer (stored, or
    among the `pending` ones of this digest)."""
    if entry.sections is None:
        report.without_summary += 1
        return None
    existing = pending.get(entry.paper_id) or store.get_summary(entry.paper_id)
    if existing is not None and existing.version >= entry.version:
        report.summaries_known += 1
        return None
    report.summaries_new += 1
    return Summary(
        paper_id=entry.paper_id,
        version=entry.version,
        sections=entry.sections,
        summarizer="imported",
        source="digest",
        note=f"digest of {day.isoformat()}",
    )
