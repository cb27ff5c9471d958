"""Deadlines against a fake arXiv that drips a byte at a time or never answers: each request,
and the whole fetch, end in bounded time; stopping cuts a request in flight."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.arxiv_server import ArxivServer

from core.arxiv.client import ArxivClient, FetchStopped
from core.arxiv.fetch import fetch_day
from core.config import ArxivSettings, Topic, load_settings
from core.errors import FetchError
from core.store.store import Store

QUERY = '(ti:"software testing" OR abs:"software testing")'
NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
TOPICS = tuple(Topic(f"topic {n}", (phrase,)) for n, phrase in
               enumerate(("metamorphic testing", "deep learning", "software testing"), 1))


def client_for(server: ArxivServer, **changes: float) -> ArxivClient:
    values = {"delay_seconds": 0.0, "timeout_seconds": 0.5, "max_retries": 0, **changes}
    return ArxivClient(ArxivSettings(api_url=server.url, **values))  # type: ignore[arg-type]


def test_a_reply_dripped_a_byte_at_a_time_is_cut_at_the_deadline(
        arxiv_server: ArxivServer) -> None:
    # A byte every 0.05 s never trips the 0.5 s read timeout; the whole reply would take
    # over an hour.
    arxiv_server.drip(interval=0.05)
    began = time.monotonic()
    with pytest.raises(FetchError, match=r"^no complete answer within 0\.5 s \(gave up after "
                                         r"1 try\)$"):
        client_for(arxiv_server).search(QUERY, 20)
    assert time.monotonic() - began < 10


def test_a_dripped_reply_is_retried(arxiv_server: ArxivServer) -> None:
    arxiv_server.drip(interval=0.05)
    assert len(client_for(arxiv_server, max_retries=1).search(QUERY, 20)) == 20
    assert len(arxiv_server.requests) == 2


def test_a_whole_fetch_against_a_silent_server_ends_within_its_deadline(
        arxiv_server: ArxivServer, home: Path) -> None:
    arxiv_server.never_answer(times=100)
    settings = arxiv_server.apply(load_settings(home).with_(topics=TOPICS), timeout_seconds=0.5,
                                  max_retries=4, fetch_deadline_seconds=1.2)
    began = time.monotonic()
    with Store.open(home / "store") as store:
        report = fetch_day(settings, store, now=NOW)
        assert store.last_successful_fetch() is None
    took = time.monotonic() - began
    # 3 queries x 5 tries x 0.5 s would be 7.5 s; the fetch's own deadline ends it at 1.2 s.
    assert took < 6
    reasons = [reason for _, _, reason in report.failed_queries]
    assert len(reasons) == 3 and report.exit_code == 1
    out_of_time = "the fetch ran out of time (arxiv.fetch_deadline_seconds = 1.2)"
    assert out_of_time in reasons[0]
    assert reasons[1:] == [f"not sent: {reasons[0]}"] * 2
    assert len(arxiv_server.requests) <= 3


def test_stopping_cuts_a_request_in_flight(arxiv_server: ArxivServer) -> None:
    arxiv_server.never_answer()
    stop = threading.Event()
    client = ArxivClient(ArxivSettings(api_url=arxiv_server.url, delay_seconds=0.0,
                                       timeout_seconds=60.0, max_retries=0),
                         should_stop=stop.is_set)
    threading.Thread(target=lambda: arxiv_server.held.wait(30) and stop.set(),
                     daemon=True).start()
    with pytest.raises(FetchStopped):
        client.search(QUERY, 20)
    stopped_at = time.monotonic()
    assert arxiv_server.hung_up.wait(30)  # the socket was shut down, not left to time out
    assert arxiv_server.hangups[0] - stopped_at < 5


def test_a_backoff_counts_as_the_courtesy_delay(arxiv_server: ArxivServer) -> None:
    waits: list[float] = []
    client = ArxivClient(ArxivSettings(api_url=arxiv_server.url, delay_seconds=0.5,
                                       timeout_seconds=2.0, max_retries=1), sleep=waits.append)
    arxiv_server.unavailable()
    client.search(QUERY, 20)
    assert waits == [0.5]
    client.search(QUERY, 20)  # asked at once: the courtesy delay is a wait too
    assert len(waits) == 2 and 0 < waits[1] <= 0.5


def test_stopping_ends_the_courtesy_delay(arxiv_server: ArxivServer, home: Path) -> None:
    arxiv_server.restamp(NOW - timedelta(minutes=1))
    arxiv_server.empty_page()  # the query asks again, after arXiv's delay (60 s here)
    settings = arxiv_server.apply(load_settings(home).with_(topics=TOPICS), delay_seconds=60.0)
    began = time.monotonic()
    with Store.open(home / "store") as store:
        report = fetch_day(settings, store, now=NOW,
                           should_stop=lambda: len(arxiv_server.requests) >= 1)
    assert report.stopped and len(arxiv_server.requests) == 1
    assert time.monotonic() - began < 30  # not the 60 s delay
