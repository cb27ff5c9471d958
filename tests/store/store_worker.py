"""A second papertray for the store tests, run as a subprocess.

`hold DIR SECONDS`: open the store, print `ready`, keep it open for SECONDS.
`lock DIR -`: hold the store's write lock, print `ready`, let go when stdin closes.
`write DIR START`: write papers, summaries, state, listings and fetches from paper START on,
printing one line per committed call (`paper 12`, `summary 12`...) until killed.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from store_samples import make_paper, make_summary, paper_id

from core.records import FetchRecord
from core.store.lock import StoreLock
from core.store.store import Store

DAY = date(2025, 8, 29)


def say(line: str) -> None:
    """Report a committed write to the parent."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def hold(directory: Path, seconds: float) -> None:
    """Keep the store open (and locked) for a while."""
    with Store.open(directory):
        say("ready")
        time.sleep(seconds)


def lock(directory: Path) -> None:
    """Hold the write lock, as a writer in the middle of a long write does."""
    with StoreLock(directory).held():
        say("ready")
        sys.stdin.read()


def batch_member(n: int, k: int) -> int:
    """The k-th paper of the batch written after paper n."""
    return 50000 + n * 6 + k


def write_forever(directory: Path, start: int) -> None:
    """Every kind of write, in a loop, each reported once committed."""
    with Store.open(directory, lock_timeout=10) as store:
        say("ready")
        n = start
        while True:
            store.upsert_papers([make_paper(n)])
            say(f"paper {n}")
            store.put_summary(make_summary(n))
            say(f"summary {n}")
            store.set_state(paper_id(n), read=True, starred=n % 2 == 0)
            say(f"state {n}")
            store.add_to_day(DAY, f"topic {n % 3}", [paper_id(n)])
            say(f"day {n}")
            if n - start >= 3:
                store.upsert_papers([make_paper(n - 3, version=2)])
                say(f"paper2 {n - 3}")
            if n % 4 == 0:  # one call, six months: one commit per month
                store.upsert_papers([make_paper(batch_member(n, k)) for k in range(6)])
                say(f"batch {n}")
            if n % 5 == 0:
                now = datetime.now(UTC)
                store.record_fetch(FetchRecord(now, now, DAY, True, new_papers=n))
                say(f"fetch {n}")
            n += 1


if __name__ == "__main__":
    command, folder, value = sys.argv[1:4]
    if command == "hold":
        hold(Path(folder), float(value))
    elif command == "lock":
        lock(Path(folder))
    else:
        write_forever(Path(folder), int(value))
