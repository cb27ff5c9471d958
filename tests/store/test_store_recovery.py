"""Corrupt files are moved aside and reported, leftover temp files ignored, failed writes undone."""

from __future__ import annotations

import errno
import os
import re
from datetime import date
from pathlib import Path

import pytest
from store_samples import make_paper, make_summary, paper_id

from core.errors import StoreError
from core.store.store import Store

DAY = date(2025, 8, 29)
ASIDE = re.compile(r"\.corrupt-\d{8}T\d{6}(-\d+)?$")


def filled(directory: Path) -> None:
    """Two months of papers and summaries, a listing, some state."""
    with Store.open(directory) as store:
        store.upsert_papers([make_paper(n) for n in range(4)])
        for n in range(4):
            store.put_summary(make_summary(n))
        store.add_to_day(DAY, "avatar", [paper_id(n) for n in range(4)])
        store.set_state(paper_id(1), starred=True)


def asides(directory: Path, name: str) -> list[Path]:
    """The moved-aside copies of `name`."""
    return [p for p in directory.iterdir() if p.name.startswith(name) and ASIDE.search(p.name)]


@pytest.mark.parametrize("garbage", [b'{"papers": {"1": {"id": "24', b"", b"[1, 2]", b'{"a": 3}'])
def test_an_unreadable_shard_is_kept_aside_reported_and_replaced(
    tmp_path: Path, garbage: bytes
) -> None:
    filled(tmp_path)
    name = f"papers-{paper_id(0)[:4]}.json"
    (tmp_path / name).write_bytes(garbage)
    with Store.open(tmp_path) as store:
        assert store.notices == []  # months load lazily
        assert store.get_paper(paper_id(0)) is None
        assert store.get_paper(paper_id(1)) == make_paper(1)  # another month
        assert store.get_summary(paper_id(0)) == make_summary(0)
        assert len(store.notices) == 1
        assert store.notices[0].startswith(f"{name} was damaged (")
        assert "0 records recovered" in store.notices[0]
        [aside] = asides(tmp_path, name)
        assert str(aside) in store.notices[0]
        assert aside.read_bytes() == garbage
        store.upsert_papers([make_paper(0)])  # carries on
    with Store.open(tmp_path) as store:
        assert store.get_paper(paper_id(0)) == make_paper(0)
        assert store.notices == []


def test_a_damaged_meta_file_is_reported_at_open(tmp_path: Path) -> None:
    filled(tmp_path)
    (tmp_path / "meta.json").write_bytes(b"\x00\x00\x00")
    with Store.open(tmp_path) as store:
        assert len(store.notices) == 1 and "meta.json was damaged" in store.notices[0]
        assert store.days() == []
        assert store.get_state(paper_id(1)).starred
        store.add_to_day(DAY, "avatar", [paper_id(0)])
    with Store.open(tmp_path) as store:
        assert store.day_listing(DAY) == {"avatar": [paper_id(0)]}


def test_corrupting_twice_keeps_both_copies(tmp_path: Path) -> None:
    for attempt in (b"first", b"second"):
        (tmp_path / "meta.json").write_bytes(attempt)
        Store.open(tmp_path).close()
    kept = sorted(p.read_bytes() for p in asides(tmp_path, "meta.json"))
    assert kept == [b"first", b"second"]


def test_a_leftover_partial_temp_file_is_ignored_and_removed(tmp_path: Path) -> None:
    filled(tmp_path)
    name = f"summaries-{paper_id(0)[:4]}.json"
    whole = (tmp_path / name).read_bytes()
    leftover = tmp_path / f".{name}.k3j2h1.tmp"
    leftover.write_bytes(whole[: len(whole) // 2])
    never_finished = tmp_path / ".papers-2612.json.abc123.tmp"  # a first write cut short
    never_finished.write_bytes(b'{"papers": {"1"')
    with Store.open(tmp_path) as store:
        assert store.get_summary(paper_id(0)) == make_summary(0)
        assert store.get_papers(["2612.00001"]) == []
        assert store.notices == []
    assert not leftover.exists() and not never_finished.exists()


def test_a_failed_write_leaves_memory_equal_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(tmp_path)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with Store.open(tmp_path) as store:
        store.get_paper(paper_id(0))  # loaded before the failure
        monkeypatch.setattr(os, "fsync", disk_full)
        with pytest.raises(StoreError, match="No space left on device"):
            store.upsert_papers([make_paper(24), make_paper(0, version=2)])
        with pytest.raises(StoreError, match="cannot write"):
            store.put_summary(make_summary(0).with_(note="lost"))
        with pytest.raises(StoreError):
            store.add_to_day(DAY, "avatar", [paper_id(24)])
        monkeypatch.undo()
        assert not store.has_paper(paper_id(24))
        assert store.get_paper(paper_id(0)) == make_paper(0)
        assert store.get_summary(paper_id(0)) == make_summary(0)
        assert store.day_listing(DAY) == {"avatar": [paper_id(n) for n in range(4)]}
        assert store.upsert_papers([make_paper(24)]) == (1, 0)
    assert not list(tmp_path.glob(".*.tmp"))
    with Store.open(tmp_path) as store:
        assert store.get_paper(paper_id(24)) == make_paper(24)
        assert store.get_paper(paper_id(0)) == make_paper(0)
