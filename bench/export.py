"""Benchmark: export of a 1,000-paper day (<= 200 ms); import of 200 digests of ~50 KB (<= 10 s);
import of one 15 MB digest (<= 30 s).

Run: `python bench/export.py [--papers 1000] [--files 200] [--big-mb 15]`. Prints one line per
figure, each with the run's own baseline: for export, reading the day from the store alone; for
import, parsing the same files without a store, and importing them a second time (all known).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.config import load_settings  # noqa: E402
from core.digest.export import collect_day, export_day  # noqa: E402
from core.digest.importer import import_paths  # noqa: E402
from core.digest.markdown import DigestItem, render_digest  # noqa: E402
from core.digest.parse import decode_digest, parse_digest  # noqa: E402
from core.models import Paper  # noqa: E402
from core.records import (  # noqa: E402
    Experiments,
    Method,
    RelatedWork,
    Sections,
    Summary,
    Takeaways,
)
from core.store.store import Store  # noqa: E402

T = TypeVar("T")
TOPICS = ("neural rendering", "Gaussian Splatting", "avatar", "video understanding",
          "model collapse")
WORDS = ("model", "diffusion", "scene", "avatar", "gaussian", "video", "token", "loss",
         "training", "benchmark", "robust", "efficient", "neural", "field", "render")


def sentence(rng: random.Random, words: int = 18) -> str:
    """A plausible sentence of summary text."""
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def sections(rng: random.Random) -> Sections:
    """A summary about the size of the reference digests' (~4 KB of Markdown)."""
    return Sections(
        task=(sentence(rng, 6),),
        motivation=sentence(rng, 30),
        related_work=tuple(RelatedWork(sentence(rng, 4)[:-1], sentence(rng, 14))
                           for _ in range(12)),
        core_idea=(sentence(rng, 30),),
        method=Method(sentence(rng, 25), sentence(rng, 25), sentence(rng, 20)),
        experiments=Experiments(sentence(rng, 25), tuple(sentence(rng, 3)[:-1]
                                                         for _ in range(10)),
                                sentence(rng, 25), sentence(rng, 20), sentence(rng, 20)),
        takeaways=Takeaways(*(tuple(sentence(rng, 12) for _ in range(3)) for _ in range(3))),
    )


def paper(index: int, rng: random.Random) -> Paper:
    """A fetched paper with authors and abstract."""
    return Paper(f"2508.{10000 + index:05d}", 1, sentence(rng, 10)[:-1],
                 authors=tuple(f"Author {rng.randint(1, 999)}" for _ in range(5)),
                 abstract=" ".join(sentence(rng) for _ in range(8)), primary_category="cs.CV",
                 published=datetime(2025, 8, 28, tzinfo=UTC))


@contextmanager
def timed(label: str, results: dict[str, float]) -> Iterator[None]:
    """Record the wall time of the block, in seconds, under `label`."""
    start = time.perf_counter()
    yield
    results[label] = time.perf_counter() - start


def best_of(runs: int, action: Callable[[], T]) -> tuple[float, T]:
    """The fastest of `runs` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def bench_export(root: Path, count: int) -> None:
    """Fill a store with one `count`-paper day, all summarized, and export it."""
    rng = random.Random(1)
    settings = load_settings(root / "home")
    papers = [paper(i, rng) for i in range(count)]
    day = date(2025, 8, 29)
    with Store.open(root / "export-store") as store:
        store.upsert_papers(papers)
        for n, topic in enumerate(TOPICS):
            store.add_to_day(day, topic, [p.id for p in papers[n::len(TOPICS)]])
        for p in papers:
            store.put_summary(Summary(p.id, 1, sections(rng), "llm", model="gpt-4o-mini",
                                      created=datetime(2025, 8, 29, tzinfo=UTC)))
    with Store.open(root / "export-store") as store:  # cold: shards not yet loaded
        start = time.perf_counter()
        result = export_day(settings, store, day)
        cold = time.perf_counter() - start
        read, _ = best_of(5, lambda: collect_day(store, day))
        warm, result = best_of(5, lambda: export_day(settings, store, day))
    size = len(result.text.encode()) / 1e6
    print(f"export {count} papers ({size:.1f} MB of Markdown): cold {cold * 1000:.0f} ms, "
          f"warm {warm * 1000:.0f} ms (target <= 200 ms); baseline: reading the day from the "
          f"store alone {read * 1000:.0f} ms")


def write_digests(folder: Path, files: int, per_file: int, repeat: float) -> int:
    """`files` digests like the old tool's history, `repeat` of entries seen on earlier days."""
    rng = random.Random(2)
    folder.mkdir()
    seen: list[Paper] = []
    total = 0
    for n in range(files):
        items = []
        for _ in range(per_file):
            if seen and rng.random() < repeat:
                p = rng.choice(seen)
            else:
                p = Paper(f"25{n // 30 + 1:02d}.{len(seen) + 10000:05d}", 1, sentence(rng, 10))
                seen.append(p)
            items.append(DigestItem(p, Summary(p.id, 1, sections(rng), "llm", model="m")))
        groups = [(topic, items[i::4]) for i, topic in enumerate(TOPICS[:4])]
        day = date(2025, 1, 1) + timedelta(days=n)
        text = render_digest(day, groups, "Auto-generated: benchmark digest.")
        (folder / f"{day}.md").write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


def bench_import(root: Path, files: int) -> None:
    """Import `files` digests of ~50 KB into an empty store, then again."""
    folder = root / "digests"
    total = write_digests(folder, files, per_file=12, repeat=0.43)
    paths = sorted(folder.glob("*.md"))

    def parse_all() -> int:
        return sum(len(parse_digest(decode_digest(p.read_bytes())[0]).entries) for p in paths)

    parse, entries = best_of(3, parse_all)
    with Store.open(root / "import-store") as store:
        start = time.perf_counter()
        report = import_paths(store, [folder])
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = import_paths(store, [folder])
        second = time.perf_counter() - start
    assert again.papers_new == again.summaries_new == 0
    print(f"import {files} digests ({total / files / 1000:.0f} KB each, {entries} entries, "
          f"{report.papers_new} papers, {report.summaries_new} summaries): {first:.2f} s "
          f"(target <= 10 s); again, all known: {second:.2f} s; baseline: parsing alone "
          f"{parse:.2f} s")


def write_big_digest(path: Path, megabytes: float) -> int:
    """One digest of about `megabytes` MB, like a year of the old tool's output in one file:
    papers over 12 months, one in ten with a summary."""
    rng = random.Random(3)
    items: list[DigestItem] = []
    size = 0
    while size < megabytes * 1e6:
        n = len(items)
        p = Paper(f"25{n % 12 + 1:02d}.{10000 + n:05d}", 1, sentence(rng, 10))
        summary = Summary(p.id, 1, sections(rng), "llm", model="m") if n % 10 == 0 else None
        items.append(DigestItem(p, summary))
        size += 5000 if summary else 150  # about what each renders to
    groups = [(topic, items[i::len(TOPICS)]) for i, topic in enumerate(TOPICS)]
    text = render_digest(date(2025, 10, 15), groups, "Auto-generated: benchmark digest.")
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def bench_big_import(root: Path, megabytes: float) -> None:
    """Import one big digest into an empty store."""
    path = root / "big" / "digest.md"
    path.parent.mkdir()
    size = write_big_digest(path, megabytes)
    parse, entries = best_of(1, lambda: len(parse_digest(decode_digest(path.read_bytes())[0])
                                            .entries))
    with Store.open(root / "big-store") as store:
        start = time.perf_counter()
        report = import_paths(store, [path])
        took = time.perf_counter() - start
    print(f"import one {size / 1e6:.1f} MB digest ({entries} entries, {report.papers_new} "
          f"papers, {report.summaries_new} summaries): {took:.2f} s (target <= 30 s); "
          f"baseline: parsing alone {parse:.2f} s")


def main() -> None:
    """Run both benchmarks in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--big-mb", type=float, default=15.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_export(Path(tmp), args.papers)
        bench_import(Path(tmp), args.files)
        bench_big_import(Path(tmp), args.big_mb)


if __name__ == "__main__":
    main()
