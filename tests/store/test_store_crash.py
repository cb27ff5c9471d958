"""kill -9 a writing papertray at random moments: the store always opens, whole and up to date."""

from __future__ import annotations

import random
import signal
from datetime import date
from pathlib import Path

import orjson
from store_processes import start_worker
from store_samples import make_paper, make_summary, paper_id
from store_worker import batch_member

from core.models import Paper
from core.records import Summary
from core.store.store import Store

DAY = date(2025, 8, 29)
RUNS = 6


def number(pid: str) -> int:
    """The n that `paper_id(n)` was made from."""
    return int(pid.split(".")[1]) - 10000


def kill_while_writing(directory: Path, start: int, after: int) -> list[tuple[str, int]]:
    """Run the writer, SIGKILL it once it reported `after` writes (it is in the middle of the
    next one, or between two); the writes it reported committed."""
    writer = start_worker("write", str(directory), str(start))
    assert writer.stdout is not None
    seen = [writer.stdout.readline() for _ in range(after)]
    writer.send_signal(signal.SIGKILL)
    rest, _ = writer.communicate()
    out = "".join(seen) + rest
    assert writer.returncode == -signal.SIGKILL
    done = []
    for line in out.splitlines():
        kind, _, n = line.partition(" ")
        if n.isdigit():
            done.append((kind, int(n)))
    return done


def check_committed(store: Store, done: list[tuple[str, int]]) -> None:
    """Everything the writer reported committed is there."""
    upgraded = {n for kind, n in done if kind == "paper2"}
    for kind, n in done:
        pid = paper_id(n)
        if kind == "paper":
            assert store.get_paper(pid) in (make_paper(n), make_paper(n, version=2))
        elif kind == "paper2":
            assert store.get_paper(pid) == make_paper(n, version=2)
        elif kind == "summary":
            assert store.get_summary(pid) == make_summary(n)
        elif kind == "state":
            assert store.get_state(pid).read
            assert store.get_state(pid).starred == (n % 2 == 0)
        elif kind == "batch":
            assert len(store.get_papers(paper_id(batch_member(n, k)) for k in range(6))) == 6
        elif kind == "day":
            assert pid in store.day_listing(DAY)[f"topic {n % 3}"]
    assert upgraded <= {number(p.id) for p in _all_papers(store.directory) if p.version == 2}


def _all_papers(directory: Path) -> list[Paper]:
    docs = []
    for path in directory.glob("papers-*.json"):
        docs += orjson.loads(path.read_bytes())["papers"].values()
    return [Paper.from_dict(doc) for doc in docs]


def check_whole(store: Store) -> None:
    """Every record on disk is one the writer made, complete; listings point at stored papers."""
    for paper in _all_papers(store.directory):
        assert paper == make_paper(number(paper.id), version=paper.version)
    for path in store.directory.glob("summaries-*.json"):
        for doc in orjson.loads(path.read_bytes())["summaries"].values():
            summary = Summary.from_dict(doc)
            assert summary == make_summary(number(summary.paper_id))
            assert doc["key"] == summary.key
            assert store.has_paper(summary.paper_id)
    for ids in store.day_listing(DAY).values():
        assert len(store.get_papers(ids)) == len(ids) == len(set(ids))
    fetch = store.last_successful_fetch()
    assert fetch is None or fetch.ok


def test_kill_9_at_random_moments_never_loses_committed_writes(tmp_path: Path) -> None:
    rng = random.Random(20260424)
    total = 0
    for run in range(RUNS):
        done = kill_while_writing(tmp_path, run * 1000, rng.randint(12, 80))
        total += len(done)
        with Store.open(tmp_path, lock_timeout=5) as store:
            assert store.notices == []
            check_committed(store, done)
            check_whole(store)
        assert not list(tmp_path.glob("*.corrupt-*"))
    assert total > RUNS * 10  # the writer got well into its loop each time
