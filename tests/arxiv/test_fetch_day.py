"""`fetch_day` against the fake arXiv API and the real store: what is stored, listed and asked."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.arxiv_server import ArxivServer

from core.arxiv.fetch import OVERLAP, FetchProgress, fetch_day
from core.config import Settings, Topic, load_settings
from core.store.store import Store

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
METAMORPHIC = Topic("metamorphic", ("metamorphic testing",), per_query=5)
DEEP = Topic("deep learning", ("deep learning",), per_query=5)
WINDOW = "submittedDate:[202611220300 TO 202611240300]"
"""The first run's window: `first_run_days` (2) before NOW."""


@pytest.fixture
def server(arxiv_server: ArxivServer) -> ArxivServer:
    """The recorded entries, dated every 30 minutes back from a minute before NOW."""
    arxiv_server.restamp(NOW - timedelta(minutes=1), timedelta(minutes=30))
    return arxiv_server


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with Store.open(home / "store") as opened:
        yield opened


def settings_for(server: ArxivServer, home: Path, *topics: Topic) -> Settings:
    return server.apply(load_settings(home).with_(topics=topics))


def test_first_run_stores_each_paper_once_and_lists_it_under_every_topic(
        server: ArxivServer, home: Path, store: Store) -> None:
    report = fetch_day(settings_for(server, home, METAMORPHIC, DEEP), store, now=NOW)
    metamorphic = ["2407.18756", "1904.08007", "2312.06056", "2502.09460", "1907.06632"]
    deep = ["2202.12139", "2301.05651", "2602.15552", "1907.06632", "1808.05353"]
    assert store.day_listing(report.day) == {"metamorphic": metamorphic, "deep learning": deep}
    assert report.listed == {"metamorphic": metamorphic, "deep learning": deep}
    assert (report.new_papers, report.seen_papers, report.exit_code) == (9, 0, 0)
    assert report.day == NOW.astimezone().date()
    shared = store.get_paper("1907.06632")
    assert shared is not None and shared.version == 1
    assert shared.title == "Metamorphic Testing of a Deep Learning based Forecaster"
    assert report.summary_line() == "2 topics, 2 queries: 9 new papers"


def test_queries_are_scoped_windowed_and_sorted_newest_first(
        server: ArxivServer, home: Path, store: Store) -> None:
    topic = Topic("hypothesis", ("hypothesis testing",), ("cs.IT", "math.ST"), per_query=2)
    fetch_day(settings_for(server, home, topic), store, now=NOW)
    (asked,) = server.requests
    assert asked["search_query"] == ('(ti:"hypothesis testing" OR abs:"hypothesis testing") '
                                     f"AND (cat:cs.IT OR cat:math.ST) AND {WINDOW}")
    assert (asked["sortBy"], asked["sortOrder"], asked["max_results"]) == (
        "submittedDate", "descending", "20")


def test_results_without_the_phrase_are_dropped(server: ArxivServer, home: Path,
                                                store: Store) -> None:
    topic = Topic("metamorphic", ("metamorphic testing",), per_query=20)
    report = fetch_day(settings_for(server, home, topic), store, now=NOW)
    answered = [e.short_id for e in server.matching(server.requests[0]["search_query"])]
    assert "2202.12139v1" in answered  # "metamorphic" and "testing", but not together
    assert "2202.12139" not in report.listed["metamorphic"]
    assert not store.has_paper("2202.12139")
    assert len(report.listed["metamorphic"]) == len(answered) - 1


def test_papers_outside_the_window_are_dropped_even_if_the_server_sends_them(
        server: ArxivServer, home: Path, store: Store) -> None:
    topic = Topic("hypothesis", ("hypothesis testing",), ("cs.IT",), per_query=10)
    report = fetch_day(settings_for(server, home, topic), store, now=NOW)
    old = server.entry("1706.08286v3")
    assert old.published < NOW - timedelta(days=2)
    assert old in server.matching(server.requests[0]["search_query"])
    assert report.listed["hypothesis"] == ["2403.16981", "1704.08347", "2507.16734",
                                           "1609.07528", "2304.14166"]


def test_days_overrides_the_window(server: ArxivServer, home: Path, store: Store) -> None:
    report = fetch_day(settings_for(server, home, DEEP), store, now=NOW, days=1)
    assert server.requests[0]["search_query"].endswith(
        "submittedDate:[202611230300 TO 202611240300]")
    assert report.window_start == NOW - timedelta(days=1)
    assert report.listed["deep learning"] == ["2202.12139", "2301.05651", "2602.15552"]


def test_a_paper_is_never_presented_as_new_twice(server: ArxivServer, home: Path,
                                                 store: Store) -> None:
    two = Topic("metamorphic", ("metamorphic testing",), per_query=2)
    first = fetch_day(settings_for(server, home, two), store, now=NOW)
    assert first.listed["metamorphic"] == ["2407.18756", "1904.08007"]
    # Matches past per_query are not stored: nobody has seen them, so a later run lists them.
    assert not store.has_paper("2312.06056")
    ten = Topic("metamorphic", ("metamorphic testing",), per_query=10)
    second = fetch_day(settings_for(server, home, ten), store, now=NOW + timedelta(minutes=5))
    assert "2407.18756" not in second.listed["metamorphic"]
    assert "1904.08007" not in second.listed["metamorphic"]
    assert "2312.06056" in second.listed["metamorphic"]
    assert (second.new_papers, second.seen_papers) == (7, 2)
    third = fetch_day(settings_for(server, home, ten), store, now=NOW + timedelta(minutes=10))
    assert (third.listed, third.new_papers, third.seen_papers) == ({"metamorphic": []}, 0, 9)
    listing = store.day_listing(first.day)["metamorphic"]
    assert listing[:2] == ["2407.18756", "1904.08007"] and len(listing) == len(set(listing)) == 9
    assert third.summary_line().endswith(": nothing new since 2026-11-20 03:05 UTC, "
                                         "9 already seen")


def test_a_late_announced_paper_is_caught_by_the_overlap(server: ArxivServer, home: Path,
                                                         store: Store) -> None:
    everything = list(server.entries)
    late = server.entry("1904.08007v1")  # submitted 17 h before NOW, announced after it
    server.entries = [e for e in everything if e is not late]
    all_of_them = Topic("metamorphic", ("metamorphic testing",), per_query=10)
    settings = settings_for(server, home, all_of_them)
    first = fetch_day(settings, store, now=NOW)
    assert "1904.08007" not in first.listed["metamorphic"]
    server.entries = everything
    second = fetch_day(settings, store, now=NOW + timedelta(days=1))
    assert second.listed["metamorphic"] == ["1904.08007"]
    assert second.summary_line() == "1 topic, 1 query: 1 new paper, 8 already seen"
    assert store.day_listing(second.day)["metamorphic"][-1] == "1904.08007"


def test_the_next_window_opens_at_the_last_success_minus_the_overlap(
        server: ArxivServer, home: Path, store: Store) -> None:
    settings = settings_for(server, home, DEEP)
    fetch_day(settings, store, now=NOW)
    report = fetch_day(settings, store, now=NOW + timedelta(days=1))
    assert report.window_start == NOW - OVERLAP
    assert server.requests[1]["search_query"].endswith(
        "submittedDate:[202611200300 TO 202611250300]")
    assert report.new_papers == 0
    assert report.summary_line() == (
        "1 topic, 1 query: nothing new since 2026-11-20 03:00 UTC, 5 already seen")


def test_nothing_new_is_a_normal_outcome_said_plainly(arxiv_server: ArxivServer, home: Path,
                                                      store: Store) -> None:
    arxiv_server.entries = []
    report = fetch_day(settings_for(arxiv_server, home, DEEP), store, now=NOW)
    assert report.exit_code == 0
    assert report.summary_line() == "1 topic, 1 query: nothing new since 2026-11-22 03:00 UTC"
    assert len(arxiv_server.requests) == 2  # an empty page is asked once more
    assert store.last_successful_fetch() is not None


def test_a_failing_query_is_reported_and_the_others_go_on(server: ArxivServer, home: Path,
                                                          store: Store) -> None:
    server.error_feed()
    report = fetch_day(settings_for(server, home, METAMORPHIC, DEEP), store, now=NOW)
    assert report.failed_queries == [("metamorphic", "metamorphic testing",
                                      "arXiv rejected the query: incorrect id format for abc "
                                      "(HTTP 400)")]
    assert report.listed == {"deep learning": ["2202.12139", "2301.05651", "2602.15552",
                                               "1907.06632", "1808.05353"]}
    assert report.exit_code == 1
    assert report.summary_line() == "2 topics, 2 queries: 5 new papers, 1 query failed"
    assert all(p.title != "Error" for p in store.papers_for(report.day, "deep learning"))
    assert store.last_successful_fetch() is None


def test_a_partly_failed_run_does_not_move_the_window(server: ArxivServer, home: Path,
                                                      store: Store) -> None:
    settings = settings_for(server, home, DEEP)
    fetch_day(settings, store, now=NOW)
    server.unavailable(times=3)
    failed = fetch_day(settings, store, now=NOW + timedelta(days=1))
    assert failed.failed_queries[0][2] == "HTTP 503 (gave up after 3 tries)"
    last = store.last_successful_fetch()
    assert last is not None and last.started == NOW
    again = fetch_day(settings, store, now=NOW + timedelta(days=2))
    assert again.window_start == NOW - OVERLAP


def test_transient_failures_are_retried_within_the_run(server: ArxivServer, home: Path,
                                                       store: Store) -> None:
    server.too_many_requests(retry_after=0)
    server.reset()
    server.truncated()
    server.empty_page()
    settings = server.apply(settings_for(server, home, DEEP), max_retries=3)
    report = fetch_day(settings, store, now=NOW)
    assert report.exit_code == 0
    assert len(report.listed["deep learning"]) == 5
    assert len(server.requests) == 5
    assert len(set(server.search_queries())) == 1


def test_a_raw_query_is_sent_as_it_is_and_not_rechecked(server: ArxivServer, home: Path,
                                                        store: Store) -> None:
    raw = Topic("raw", query='abs:"mutation testing"', per_query=3)
    report = fetch_day(settings_for(server, home, raw), store, now=NOW)
    assert server.requests[0]["search_query"] == f'(abs:"mutation testing") AND {WINDOW}'
    assert report.listed["raw"] == ["2202.12139", "2301.05651", "2301.13615"]


def test_progress_reports_each_query(server: ArxivServer, home: Path, store: Store) -> None:
    updates: list[FetchProgress] = []
    server.error_feed()
    fetch_day(settings_for(server, home, METAMORPHIC, DEEP), store, now=NOW,
              progress=updates.append)
    assert [(u.query_index, u.done, u.topic, u.query, u.found) for u in updates] == [
        (1, False, "metamorphic", "metamorphic testing", 0),
        (1, True, "metamorphic", "metamorphic testing", 0),
        (2, False, "deep learning", "deep learning", 0),
        (2, True, "deep learning", "deep learning", 5),
    ]
    assert {u.query_count for u in updates} == {2}
    assert updates[1].error.startswith("arXiv rejected the query")


def test_should_stop_is_checked_between_queries(server: ArxivServer, home: Path,
                                                store: Store) -> None:
    asked: list[int] = []
    answered: list[FetchProgress] = []

    def should_stop() -> bool:
        asked.append(len(server.requests))
        return bool(answered)  # stop once the first query is answered, not while it is in flight

    report = fetch_day(settings_for(server, home, METAMORPHIC, DEEP), store, now=NOW,
                       should_stop=should_stop,
                       progress=lambda update: update.done and answered.append(update))
    # Asked before each query (and, by the request's watchdog, while one is in flight).
    assert asked[0] == 0 and asked[-1] == 1
    assert len(server.requests) == 1
    assert report.stopped and report.exit_code == 1
    assert report.summary_line() == "2 topics, 2 queries: 5 new papers, stopped early"
    assert store.last_successful_fetch() is None


def test_each_run_is_logged(server: ArxivServer, home: Path, store: Store) -> None:
    report = fetch_day(settings_for(server, home, METAMORPHIC, DEEP), store, now=NOW)
    record = store.last_successful_fetch()
    assert record is not None
    assert (record.started, record.day, record.ok, record.queries) == (NOW, report.day, True, 2)
    assert (record.new_papers, record.seen_papers, record.failed_queries) == (9, 0, 0)
    assert record.window_start == NOW - timedelta(days=2)
    assert record.finished >= record.started


def test_should_stop_cuts_a_retry_backoff_short(server: ArxivServer, home: Path,
                                                store: Store) -> None:
    settings = server.apply(settings_for(server, home, METAMORPHIC, DEEP), delay_seconds=30.0)
    server.unavailable()
    began = time.monotonic()
    report = fetch_day(settings, store, now=NOW,
                       should_stop=lambda: time.monotonic() - began > 0.3)
    assert time.monotonic() - began < 2
    assert report.stopped and not report.failed_queries
    assert len(server.requests) == 1


def test_without_a_network_the_first_query_fails_fast_and_the_rest_are_not_sent(
        home: Path, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    lookups: list[object] = []

    def no_dns(host: object, *args: object, **kwargs: object) -> object:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    settings = load_settings(home).with_(topics=(METAMORPHIC, DEEP))
    report = fetch_day(settings, store, now=NOW)
    assert len(lookups) == 1  # no retries: they cannot help without a network
    assert [reason for _, _, reason in report.failed_queries] == [
        "cannot reach the arXiv API at export.arxiv.org (Name or service not known): no network?",
        "not sent: cannot reach the arXiv API at export.arxiv.org (Name or service not known): "
        "no network?",
    ]
    assert report.exit_code == 1
    assert store.last_successful_fetch() is None


def test_every_match_in_the_window_is_listed_a_page_at_a_time(
        server: ArxivServer, home: Path, store: Store) -> None:
    server.restamp(NOW - timedelta(minutes=1), timedelta(minutes=10))  # a busy day
    topic = Topic("testing", ("testing",))  # per_query: 100 by default
    settings = server.apply(load_settings(home).with_(topics=(topic,)), page_size=25)
    report = fetch_day(settings, store, now=NOW)
    matches = server.matching(server.requests[0]["search_query"])
    assert len(matches) > 50
    assert [(r["start"], r["max_results"]) for r in server.requests] == [
        (str(start), "25") for start in range(0, len(matches), 25)]
    listed = report.listed["testing"]
    assert listed == [e.short_id.rsplit("v", 1)[0] for e in matches
                      if re.search(r"\btesting\b", f"{e.title} {e.abstract}", re.I)]
    assert len(listed) > 50
