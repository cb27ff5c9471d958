"""Many papertrays, one store: the lock is held only around a write, on the store folder itself,
and no process writes over what another one wrote."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import orjson
import pytest
from store_processes import start_worker
from store_samples import make_paper, make_summary, paper_id
from test_store_crash import check_committed, check_whole

from core.errors import StoreError
from core.models import PaperState
from core.store.lock import StoreLock
from core.store.storage import StoreFile
from core.store.store import META_TABLES, Store

DAY = date(2025, 8, 29)


def test_a_store_open_in_another_process_is_no_obstacle(tmp_path: Path) -> None:
    holder = start_worker("hold", str(tmp_path), "60")
    try:
        with Store.open(tmp_path, lock_timeout=0.5) as store:
            assert store.upsert_papers([make_paper(1)]) == (1, 0)
    finally:
        holder.kill()
        holder.communicate()


def test_a_write_waits_for_another_write_and_fails_in_one_line_after_the_timeout(
    tmp_path: Path,
) -> None:
    with Store.open(tmp_path) as store:
        store.upsert_papers([make_paper(1)])
    writer = start_worker("lock", str(tmp_path), "-")
    try:
        with Store.open(tmp_path, lock_timeout=0.3) as store:
            assert store.get_paper(paper_id(1)) == make_paper(1)  # reads take no lock
            started = time.monotonic()
            with pytest.raises(StoreError) as caught:
                store.upsert_papers([make_paper(2)])
            assert time.monotonic() - started >= 0.3
            assert str(caught.value) == (f"store {tmp_path} is busy: another papertray has "
                                         "been writing to it for 0.3 s")
            writer.communicate("")  # it lets go
            assert store.upsert_papers([make_paper(2)]) == (1, 0)
    finally:
        writer.kill()
        writer.communicate()


def test_removing_a_file_named_lock_lets_no_second_writer_in(tmp_path: Path) -> None:
    (tmp_path / "lock").write_text("4242\n")  # what earlier versions locked
    writer = start_worker("lock", str(tmp_path), "-")
    try:
        subprocess.run(["rm", "-rf", str(tmp_path / "lock")], check=True)
        with Store.open(tmp_path, lock_timeout=0.2) as store, pytest.raises(StoreError):
            store.upsert_papers([make_paper(2)])
    finally:
        writer.kill()
        writer.communicate()


def test_two_processes_writing_the_same_months_lose_nothing(tmp_path: Path) -> None:
    writer = start_worker("write", str(tmp_path), "0")
    assert writer.stdout is not None
    mine = [5000 + n for n in range(48)]  # two rounds of the 24 months the writer also uses
    seen = []
    try:
        with Store.open(tmp_path) as store:
            for n in mine:
                store.upsert_papers([make_paper(n)])
                store.put_summary(make_summary(n))
                store.set_state(paper_id(n), starred=True)
                store.add_to_day(DAY, "mine", [paper_id(n)])
                seen.append(writer.stdout.readline())  # it wrote something in between
    finally:
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
    out = "".join(seen) + rest
    done = [(kind, int(n)) for kind, _, n in (line.partition(" ") for line in out.splitlines())
            if n.isdigit()]
    with Store.open(tmp_path) as store:
        check_committed(store, done)
        check_whole(store)
        assert store.get_papers(paper_id(n) for n in mine) == [make_paper(n) for n in mine]
        assert all(store.get_summary(paper_id(n)) == make_summary(n) for n in mine)
        assert all(store.get_state(paper_id(n)).starred for n in mine)
        assert store.day_listing(DAY)["mine"] == [paper_id(n) for n in mine]


def test_a_store_sees_what_another_process_wrote(tmp_path: Path) -> None:
    with Store.open(tmp_path) as reader:
        assert reader.get_paper(paper_id(1)) is None and reader.days() == []
        assert not reader.refresh()
        with Store.open(tmp_path) as other:  # its own files, like another process
            other.upsert_papers([make_paper(1)])
            other.add_to_day(DAY, "avatar", [paper_id(1)])
            other.set_state(paper_id(1), starred=True)
        assert reader.refresh()
        assert reader.days() == [DAY]
        assert reader.get_paper(paper_id(1)) == make_paper(1)
        assert reader.set_state(paper_id(1), read=True) == PaperState(read=True, starred=True)
        assert not reader.refresh()


def test_a_write_never_replaces_a_file_it_did_not_read(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.add_to_day(DAY, "avatar", ["a"])
    meta = tmp_path / "meta.json"
    file = StoreFile(meta, StoreLock(tmp_path), META_TABLES, print)
    file.read()
    theirs = b'{"days": {"1": {"day": "2025-08-29", "topics": {"avatar": ["b"]}}}}'
    (tmp_path / "theirs").write_bytes(theirs)
    os.replace(tmp_path / "theirs", meta)  # a writer that ignored the lock
    with pytest.raises(StoreError, match="changed by another process during a write"):
        file.commit()
    assert meta.read_bytes() == theirs
    assert orjson.loads(meta.read_bytes())["days"]["1"]["topics"] == {"avatar": ["b"]}
