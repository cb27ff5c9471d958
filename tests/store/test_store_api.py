"""Round trips of every Store method, on real TinyDB files in a temp dir."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from store_samples import make_paper, make_summary, paper_id
from tinydb import TinyDB

from core.errors import StoreError
from core.models import Paper, PaperState
from core.records import FetchRecord, Sections, Summary
from core.store.store import Store

DAY = date(2025, 8, 29)


_OPENED: list[Store] = []


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An open store; it and any reopened one are closed at the end of the test."""
    _OPENED.append(Store.open(tmp_path / "store"))
    yield _OPENED[0]
    while _OPENED:
        _OPENED.pop().close()


def reopen(store: Store) -> Store:
    """Close and open again, to prove it was on disk."""
    store.close()
    _OPENED.append(Store.open(store.directory))
    return _OPENED[-1]


def test_paper_round_trip_keeps_every_field(store: Store) -> None:
    paper = make_paper(3)
    assert store.upsert_papers([paper]) == (1, 0)
    assert store.get_paper(paper.id) == paper
    assert store.has_paper(paper.id)
    assert not store.has_paper("2501.99999")
    assert store.get_paper("2501.99999") is None
    assert reopen(store).get_paper(paper.id) == paper


def test_get_papers_keeps_order_and_skips_missing(store: Store) -> None:
    papers = [make_paper(n) for n in range(5)]
    store.upsert_papers(papers)
    wanted = [papers[3].id, "2412.00001", papers[0].id, papers[4].id]
    assert store.get_papers(wanted) == [papers[3], papers[0], papers[4]]


def test_upsert_counts_new_updated_and_unchanged(store: Store) -> None:
    assert store.upsert_papers([make_paper(1), make_paper(2)]) == (2, 0)
    assert store.upsert_papers([make_paper(1), make_paper(2)]) == (0, 0)
    assert store.upsert_papers([make_paper(1, version=2), make_paper(3)]) == (1, 1)
    assert store.get_paper(paper_id(1)) == make_paper(1, version=2)


def test_an_older_version_never_replaces_a_newer(store: Store) -> None:
    store.upsert_papers([make_paper(1, version=3)])
    assert store.upsert_papers([make_paper(1, version=2)]) == (0, 0)
    assert store.get_paper(paper_id(1)) == make_paper(1, version=3)


def test_one_call_with_the_same_paper_twice_keeps_the_newest(store: Store) -> None:
    assert store.upsert_papers([make_paper(1, version=2), make_paper(1, version=1)]) == (1, 0)
    assert store.get_paper(paper_id(1)).version == 2  # type: ignore[union-attr]


def test_old_style_and_odd_ids_get_their_own_files(store: Store) -> None:
    old = Paper(id="hep-ex/0406020", version=1, title="Old style")
    odd = Paper(id="local-file-3f2a", version=1, title="A PDF given on the command line")
    store.upsert_papers([old, odd])
    store = reopen(store)
    assert store.get_papers([old.id, odd.id]) == [old, odd]
    names = {path.name for path in store.directory.iterdir()}
    assert {"papers-0406.json", "papers-other.json"} <= names
    store.close()


def test_a_paper_under_two_topics_is_stored_once(store: Store) -> None:
    paper = make_paper(7)
    store.upsert_papers([paper])
    store.upsert_papers([paper])
    store.add_to_day(DAY, "avatar", [paper.id])
    store.add_to_day(DAY, "gaussian splatting", [paper.id])
    assert store.papers_for(DAY, "avatar") == [paper]
    assert store.papers_for(DAY, "gaussian splatting") == [paper]
    store.close()
    raw = orjson.loads((store.directory / f"papers-{paper.id[:4]}.json").read_bytes())
    assert [doc["id"] for doc in raw["papers"].values()] == [paper.id]


def test_add_to_day_keeps_order_and_is_idempotent(store: Store) -> None:
    assert store.add_to_day(DAY, "avatar", ["b", "a", "b", "c"]) == 3
    assert store.add_to_day(DAY, "avatar", ["c", "a"]) == 0
    assert store.add_to_day(DAY, "avatar", ["d", "a"]) == 1
    assert store.add_to_day(DAY, "model collapse", ["a"]) == 1
    expected = {"avatar": ["b", "a", "c", "d"], "model collapse": ["a"]}
    assert store.day_listing(DAY) == expected
    assert list(store.day_listing(DAY)) == ["avatar", "model collapse"]
    assert reopen(store).day_listing(DAY) == expected


def test_a_topic_with_nothing_new_is_still_listed(store: Store) -> None:
    assert store.add_to_day(DAY, "avatar", []) == 0
    assert store.day_listing(DAY) == {"avatar": []}
    assert store.days() == [DAY]


def test_days_are_ascending_and_unknown_days_are_empty(store: Store) -> None:
    for offset in (3, 1, 2):
        store.add_to_day(DAY + timedelta(days=offset), "avatar", ["x"])
    assert store.days() == [DAY + timedelta(days=n) for n in (1, 2, 3)]
    assert store.day_listing(DAY) == {}
    assert store.papers_for(DAY, "avatar") == []
    assert store.papers_for(DAY + timedelta(days=1), "no such topic") == []


def test_day_listing_is_a_copy(store: Store) -> None:
    store.add_to_day(DAY, "avatar", ["a"])
    store.day_listing(DAY)["avatar"].append("mutated")
    assert store.day_listing(DAY) == {"avatar": ["a"]}


def test_papers_for_skips_ids_never_stored(store: Store) -> None:
    store.upsert_papers([make_paper(1)])
    store.add_to_day(DAY, "avatar", [paper_id(2), paper_id(1)])
    assert store.papers_for(DAY, "avatar") == [make_paper(1)]


def test_state_defaults_changes_and_persists(store: Store) -> None:
    pid = paper_id(1)
    assert store.get_state(pid) == PaperState()
    assert store.set_state(pid, read=True) == PaperState(read=True)
    assert store.set_state(pid, starred=True) == PaperState(read=True, starred=True)
    assert store.set_state(pid, read=False, skipped=True) == PaperState(False, True, True)
    store = reopen(store)
    assert store.get_state(pid) == PaperState(read=False, starred=True, skipped=True)
    assert store.get_states([pid, paper_id(2)]) == {
        pid: PaperState(read=False, starred=True, skipped=True),
        paper_id(2): PaperState(),
    }
    store.close()


def test_set_state_rejects_unknown_fields_and_non_bools(store: Store) -> None:
    with pytest.raises(TypeError, match="liked"):
        store.set_state(paper_id(1), liked=True)
    with pytest.raises(TypeError, match="read"):
        store.set_state(paper_id(1), read="yes")  # type: ignore[arg-type]
    assert store.get_state(paper_id(1)) == PaperState()


def test_summary_round_trip(store: Store) -> None:
    summary = make_summary(4)
    assert not store.has_summary(summary.paper_id)
    assert store.get_summary(summary.paper_id) is None
    store.put_summary(summary)
    assert store.has_summary(summary.paper_id)
    assert store.get_summary(summary.paper_id) == summary
    assert reopen(store).get_summary(summary.paper_id) == summary


def test_put_summary_replaces_the_same_key(store: Store) -> None:
    first = make_summary(4)
    second = first.with_(note="redone", output_tokens=1)
    store.put_summary(first)
    store.put_summary(second)
    assert store.get_summary(first.paper_id) == second
    store.close()
    raw = orjson.loads((store.directory / f"summaries-{first.paper_id[:4]}.json").read_bytes())
    assert len(raw["summaries"]) == 1


def test_get_summary_prefers_higher_version_then_later_creation(store: Store) -> None:
    when = datetime(2025, 9, 1, tzinfo=UTC)
    v2 = make_summary(4, version=2).with_(created=when)
    v1_late = make_summary(4, version=1).with_(created=when + timedelta(days=3))
    offline = Summary(paper_id(4), 2, Sections(task=("t",)), "offline", created=None)
    imported = Summary(
        paper_id(4), 2, Sections(), "imported", created=datetime(2025, 9, 2)
    )  # naive: read as UTC
    store.put_summary(v2)
    store.put_summary(v1_late)
    store.put_summary(offline)
    assert store.get_summary(paper_id(4)) == v2
    store.put_summary(imported)
    assert store.get_summary(paper_id(4)) == imported


def test_summaries_of_the_same_paper_and_created_time_newest_stored_wins(store: Store) -> None:
    first = make_summary(4, model="a")
    second = make_summary(4, model="b")
    store.put_summary(first)
    store.put_summary(second)
    assert store.get_summary(paper_id(4)) == second


def test_summarized_ids(store: Store) -> None:
    for n in (1, 3, 30):
        store.put_summary(make_summary(n))
    ids = [paper_id(n) for n in range(0, 40)]
    assert store.summarized_ids(ids) == {paper_id(1), paper_id(3), paper_id(30)}
    assert store.summarized_ids([]) == set()


def test_fetch_log(store: Store) -> None:
    start = datetime(2025, 8, 29, 6, tzinfo=UTC)
    good = FetchRecord(start, start + timedelta(minutes=1), DAY, True, 12, 30, 4, 0, start)
    failed = FetchRecord(
        start + timedelta(days=1), start + timedelta(days=1, minutes=1), DAY, False, 12, 3
    )
    assert store.last_successful_fetch() is None
    store.record_fetch(good)
    store.record_fetch(failed)
    assert store.last_successful_fetch() == good
    later = FetchRecord(start + timedelta(days=2), start + timedelta(days=2), DAY, True)
    store.record_fetch(later)
    assert reopen(store).last_successful_fetch() == later


def test_files_stay_readable_by_plain_tinydb(store: Store) -> None:
    store.upsert_papers([make_paper(1)])
    store.put_summary(make_summary(1))
    store.close()
    month = paper_id(1)[:4]
    with TinyDB(store.directory / f"papers-{month}.json") as db:
        assert Paper.from_dict(db.table("papers").all()[0]) == make_paper(1)
    with TinyDB(store.directory / f"summaries-{month}.json") as db:
        assert Summary.from_dict(db.table("summaries").all()[0]) == make_summary(1)


def test_context_manager_closes_and_a_closed_store_refuses(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.upsert_papers([make_paper(1)])
    with pytest.raises(StoreError, match="closed"):
        store.get_paper(paper_id(1))
    store.close()  # twice is fine
    with Store.open(tmp_path) as again:
        assert again.has_paper(paper_id(1))


def test_open_creates_missing_parents(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a" / "b" / "store") as store:
        assert store.notices == []
    assert (tmp_path / "a" / "b" / "store").is_dir()


def test_open_on_a_file_fails_with_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(StoreError, match="cannot create store"):
        Store.open(tmp_path / "file")


def test_writes_from_several_threads_all_land(store: Store) -> None:
    def work(offset: int) -> None:
        for n in range(offset, offset + 20):
            store.upsert_papers([make_paper(n)])
            store.set_state(paper_id(n), read=True)
            store.add_to_day(DAY, f"topic {offset}", [paper_id(n)])

    threads = [threading.Thread(target=work, args=(k * 100,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = reopen(store)
    ids = [paper_id(k * 100 + n) for k in range(4) for n in range(20)]
    assert len(store.get_papers(ids)) == 80
    assert all(state.read for state in store.get_states(ids).values())
    assert sum(len(v) for v in store.day_listing(DAY).values()) == 80
    store.close()


def test_text_with_a_lone_surrogate_is_stored_not_crashed_on(store: Store) -> None:
    # The replaced tool lost summaries to "surrogates not allowed"; the store must not.
    paper = Paper("2501.00001", 1, "Broken \ud835 title", abstract="ok")
    assert store.upsert_papers([paper]) == (1, 0)
    again = reopen(store)
    stored = again.get_paper("2501.00001")
    assert stored is not None and stored.title == "Broken \ufffd title"
