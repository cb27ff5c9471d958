"""Store write and open times at 0, 1k and 10k papers with summaries, against plain TinyDB.

Run: `python bench/store.py` (add `--sizes 0 1000` to shorten). Each store is seeded in bulk
with N papers and N ~4 KB summaries over 24 months of arXiv ids, N/40 day listings and triage
state for half the papers, then timed:

- open: `Store.open` + `close` (papertray's start-up cost for the store);
- first screen: open + the last day's listing, its papers, states and summary markers, and one
  summary, which loads the shards that day needs (what the TUI does before showing anything);
- month load: the first access to one month's summaries (each month is loaded lazily), median;
- everything: open + one paper, state and summary from every month (all files loaded, as a
  whole-history export would);
- write: `put_summary` of a new summary into an already loaded month, median and p95.

The baseline is TinyDB's default JSONStorage holding the same data in one file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

from store_samples import make_paper, make_summary, paper_id  # noqa: E402
from tinydb import TinyDB  # noqa: E402

from core.store.store import Store  # noqa: E402
from core.store.tables import shard_of  # noqa: E402

TOPICS = ("neural rendering", "gaussian splatting", "avatar", "video understanding", "collapse")
FIRST_DAY = date(2025, 1, 1)


def ms(seconds: float) -> str:
    """Milliseconds, aligned."""
    return f"{seconds * 1000:8.1f} ms"


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def seed(directory: Path, count: int) -> None:
    """N papers, summaries, states and listings, one commit per month file (through the
    store's own tables: calling put_summary 10,000 times would only time the seeding)."""
    per_month = max(1, -(-count // 24))  # ceil: the newest papers land in the newest month
    with Store.open(directory) as store:
        by_month: dict[tuple[str, str], list[dict[str, object]]] = {}
        for n in range(count):
            pid = paper_id(n, per_month)
            month = shard_of(pid)
            by_month.setdefault(("papers", month), []).append(make_paper(n, 1, per_month).to_dict())
            summary = make_summary(n, per_month=per_month)
            by_month.setdefault(("summaries", month), []).append(
                {**summary.to_dict(), "key": summary.key}
            )
            if n % 2:
                by_month.setdefault(("state", month), []).append(
                    {"id": pid, "read": True, "starred": n % 10 == 1, "skipped": False}
                )
        for (kind, month), docs in by_month.items():
            store._shard(kind, month).put_many(docs)
        for start in range(0, count, 40):
            day = FIRST_DAY + timedelta(days=start // 40)
            ids = [paper_id(n, per_month) for n in range(start, min(start + 40, count))]
            for i, topic in enumerate(TOPICS):
                store.add_to_day(day, topic, ids[i * 8 : (i + 1) * 8])


def first_screen(directory: Path) -> None:
    """What the TUI reads before it can show the newest day."""
    with Store.open(directory) as store:
        days = store.days()
        if not days:
            return
        ids = [i for ids in store.day_listing(days[-1]).values() for i in ids]
        store.get_papers(ids)
        store.get_states(ids)
        store.summarized_ids(ids)
        store.get_summary(ids[0])


def everything(directory: Path) -> None:
    """Touch every month of every kind, so the whole history is in memory."""
    with Store.open(directory) as store:
        for path in sorted(directory.glob("papers-*.json")):
            pid = path.stem.split("-")[1] + ".00000"  # absent or not, its month gets loaded
            store.get_paper(pid)
            store.get_state(pid)
            store.get_summary(pid)


@contextmanager
def scratch() -> Iterator[Path]:
    """A temp dir on the same disk as the repo (fsync costs differ between disks)."""
    with tempfile.TemporaryDirectory(dir=ROOT / "bench", prefix=".store-") as name:
        yield Path(name)


def bench_store(count: int, writes: int) -> dict[str, float]:
    """Time papertray's Store at `count` papers with summaries."""
    with scratch() as directory:
        seed(directory, count)
        opens = [timed(lambda: Store.open(directory).close()) for _ in range(7)]
        screens = [timed(lambda: first_screen(directory)) for _ in range(5)]
        wholes = [timed(lambda: everything(directory)) for _ in range(3)]
        with Store.open(directory) as store:
            new = [make_summary(count + 24 * 1000 + j) for j in range(writes)]
            loads = [timed(partial(store.has_summary, s.paper_id)) for s in new[:24]]
            for summary in new:
                store.has_summary(summary.paper_id)
            samples = [timed(partial(store.put_summary, s)) for s in new]
        month_bytes = max(p.stat().st_size for p in directory.glob("summaries-*.json"))
        return {
            "open": statistics.median(opens),
            "screen": statistics.median(screens),
            "all": statistics.median(wholes),
            "load": statistics.median(loads),
            "median": statistics.median(samples),
            "p95": p95(samples),
            "month_mb": month_bytes / 1e6,
        }


def bench_tinydb(count: int, writes: int) -> dict[str, float]:
    """Time TinyDB's default JSONStorage with the same data in one file."""
    with scratch() as directory:
        path = directory / "db.json"
        papers = {str(n + 1): make_paper(n).to_dict() for n in range(count)}
        summaries = {str(n + 1): make_summary(n).to_dict() for n in range(count)}
        path.write_text(json.dumps({"papers": papers, "summaries": summaries}))
        size = path.stat().st_size

        def open_db() -> None:
            with TinyDB(path) as db:
                len(db.table("summaries"))

        opens = [timed(open_db) for _ in range(3)]
        with TinyDB(path) as db:
            table = db.table("summaries")
            new = [make_summary(count + j).to_dict() for j in range(writes)]
            samples = [timed(partial(table.insert, d)) for d in new]
        return {
            "open": statistics.median(opens),
            "median": statistics.median(samples),
            "p95": p95(samples),
            "mb": size / 1e6,
        }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    parser.add_argument("--writes", type=int, default=100, help="summary writes timed per size")
    args = parser.parse_args()
    print(f"papertray Store (sharded by month, orjson, atomic fsync'ed writes) — {ROOT}")
    for count in args.sizes:
        r = bench_store(count, args.writes)
        print(
            f"  {count:>6} papers: open {ms(r['open'])}  first screen {ms(r['screen'])}  "
            f"month load {ms(r['load'])}  write median {ms(r['median'])}  p95 {ms(r['p95'])}"
            f"  everything {ms(r['all'])}  (largest month {r['month_mb']:.1f} MB)"
        )
    print("baseline: TinyDB JSONStorage, one file (fewer writes timed at 10k)")
    for count in args.sizes:
        r = bench_tinydb(count, max(3, min(args.writes, 200_000 // max(count, 1))))
        print(
            f"  {count:>6} papers: open {ms(r['open'])}  write median {ms(r['median'])}"
            f"  p95 {ms(r['p95'])}  (file {r['mb']:.1f} MB)"
        )


if __name__ == "__main__":
    main()
