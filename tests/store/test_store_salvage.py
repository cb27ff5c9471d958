"""A damaged file gives back every record still readable, keeps a copy aside, and says so."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
from store_samples import make_paper, make_summary

from core.models import Paper
from core.store.store import Store

MONTH = "2510"


def october(n: int) -> Paper:
    """Paper n of October 2025 (2510.10000 + n)."""
    return Paper.from_dict({**make_paper(n).to_dict(), "id": f"{MONTH}.{10000 + n:05d}"})


def fill(directory: Path, count: int) -> list[Paper]:
    """`count` October papers, one with a summary."""
    papers = [october(n) for n in range(count)]
    with Store.open(directory) as store:
        store.upsert_papers(papers)
        store.put_summary(make_summary(0).with_(paper_id=papers[0].id))
    return papers


def whole_records_before(raw: bytes, cut: int) -> int:
    """How many documents of the `papers` table end before byte `cut`."""
    ends = [m.end() for m in re.finditer(rb'"doi":"[^"]*"\}', raw)]
    return sum(end <= cut for end in ends)


def test_a_truncated_shard_keeps_every_record_before_the_cut(tmp_path: Path) -> None:
    papers = fill(tmp_path, 160)
    shard = tmp_path / f"papers-{MONTH}.json"
    raw = shard.read_bytes()
    cut = len(raw) // 2
    shard.write_bytes(raw[:cut])
    expected = whole_records_before(raw, cut)
    with Store.open(tmp_path) as store:
        found = store.get_papers(p.id for p in papers)
        assert found == papers[:expected] and expected >= 70
        [notice] = store.notices
        assert notice.startswith(f"papers-{MONTH}.json was damaged (not whole JSON")
        assert f"; {expected} records recovered; the damaged file is kept as " in notice
        [aside] = tmp_path.glob(f"papers-{MONTH}.json.corrupt-*")
        assert str(aside) in notice and aside.read_bytes() == raw[:cut]
        # The shard itself is whole again, with what was recovered.
        assert len(orjson.loads(shard.read_bytes())["papers"]) == expected
        store.upsert_papers(papers[expected:])  # what fetch or import would store again
    with Store.open(tmp_path) as store:
        assert store.get_papers(p.id for p in papers) == papers
        assert store.notices == []


def test_records_of_the_wrong_type_are_left_out_and_said(tmp_path: Path) -> None:
    papers = fill(tmp_path, 10)
    shard = tmp_path / f"papers-{MONTH}.json"
    data = orjson.loads(shard.read_bytes())
    docs = data["papers"]
    docs["2"]["authors"] = "Me, Myself"  # a hand edit: a string, not a list
    docs["5"]["version"] = "2"
    docs["7"] = ["not", "a", "record"]
    shard.write_bytes(orjson.dumps(data))
    summaries = tmp_path / f"summaries-{MONTH}.json"
    data = orjson.loads(summaries.read_bytes())
    data["summaries"]["1"]["sections"]["task"] = 3
    summaries.write_bytes(orjson.dumps(data))
    with Store.open(tmp_path) as store:
        kept = [p for n, p in enumerate(papers) if n not in (1, 4, 6)]
        assert store.get_papers(p.id for p in papers) == kept
        assert store.get_summary(papers[0].id) is None
        assert store.notices[0] == (
            f"papers-{MONTH}.json was damaged (3 unreadable records); 7 records recovered; "
            f"the damaged file is kept as {next(tmp_path.glob(f'papers-{MONTH}.json.corrupt-*'))}"
        )
        assert store.notices[1].startswith(f"summaries-{MONTH}.json was damaged (1 unreadable")


def test_two_processes_finding_the_damage_keep_one_copy(tmp_path: Path) -> None:
    fill(tmp_path, 20)
    shard = tmp_path / f"papers-{MONTH}.json"
    shard.write_bytes(shard.read_bytes()[:-500])
    first, second = Store.open(tmp_path), Store.open(tmp_path)
    try:
        with first._lock.held():  # the first holds the lock: the second cannot repair yet
            assert len(second.get_papers([october(0).id])) == 1
        assert len(first.get_papers([october(0).id])) == 1
        assert len(list(tmp_path.glob(f"papers-{MONTH}.json.corrupt-*"))) == 1
        assert len(first.notices) == len(second.notices) == 1
        second.upsert_papers([october(19)])  # the write replaces the damaged file
    finally:
        first.close()
        second.close()
    with Store.open(tmp_path) as store:
        assert len(store.get_papers(october(n).id for n in range(20))) >= 16
        assert store.notices == []
