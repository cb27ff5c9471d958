"""The shared arXiv client against the local fake API: timeouts, retries, backoff, bad replies."""

from __future__ import annotations

import socket
import time

import arxiv
import pytest
from servers.arxiv_server import ArxivServer

from core.arxiv.client import ArxivClient, paper_from_result
from core.config import ArxivSettings
from core.errors import FetchError

QUERY = '(ti:"software testing" OR abs:"software testing")'


def settings_for(server: ArxivServer, **changes: float) -> ArxivSettings:
    """No delay, two retries, and a deadline only a slow cue trips (a busy machine does not),
    unless a test says otherwise."""
    values = {"delay_seconds": 0.0, "timeout_seconds": 10.0, "max_retries": 2, **changes}
    return ArxivSettings(api_url=server.url, **values)  # type: ignore[arg-type]


@pytest.fixture
def client(arxiv_server: ArxivServer) -> ArxivClient:
    return ArxivClient(settings_for(arxiv_server))


def test_search_asks_newest_first_for_one_page(arxiv_server: ArxivServer,
                                               client: ArxivClient) -> None:
    results = client.search(QUERY, 20)
    assert len(results) == 20
    published = [r.published for r in results]
    assert published == sorted(published, reverse=True)
    (asked,) = arxiv_server.requests
    assert asked["search_query"] == QUERY
    assert (asked["sortBy"], asked["sortOrder"]) == ("submittedDate", "descending")
    assert (asked["start"], asked["max_results"]) == ("0", "20")
    assert arxiv_server.user_agents[0].startswith("papertray/")


def test_429_is_retried_after_the_retry_after_delay(arxiv_server: ArxivServer,
                                                    client: ArxivClient) -> None:
    arxiv_server.too_many_requests(retry_after=1)
    assert client.search(QUERY, 20)
    assert len(arxiv_server.requests) == 2
    first, second = arxiv_server.arrivals
    assert second - first >= 0.95


def test_a_retry_after_beyond_reason_fails_the_query_at_once(arxiv_server: ArxivServer,
                                                             client: ArxivClient) -> None:
    arxiv_server.too_many_requests(retry_after=3600)
    with pytest.raises(FetchError, match="asked to wait 3600 s"):
        client.search(QUERY, 20)
    assert len(arxiv_server.requests) == 1


def test_503_is_retried_with_growing_backoff(arxiv_server: ArxivServer) -> None:
    waits: list[float] = []
    client = ArxivClient(settings_for(arxiv_server, delay_seconds=0.5, max_retries=3),
                         sleep=waits.append)
    arxiv_server.unavailable(times=3)
    assert client.search(QUERY, 20)
    assert len(arxiv_server.requests) == 4
    assert waits == [0.5, 1.0, 2.0]


def test_persistent_503_fails_after_the_configured_retries(arxiv_server: ArxivServer,
                                                           client: ArxivClient) -> None:
    arxiv_server.unavailable(times=5)
    with pytest.raises(FetchError, match=r"HTTP 503 \(gave up after 3 tries\)"):
        client.search(QUERY, 20)
    assert len(arxiv_server.requests) == 3


def test_a_slow_reply_times_out_and_is_retried(arxiv_server: ArxivServer) -> None:
    client = ArxivClient(settings_for(arxiv_server, timeout_seconds=0.5))
    arxiv_server.slow(seconds=30)
    began = time.monotonic()
    assert client.search(QUERY, 20)
    assert time.monotonic() - began < 10  # not the 30 s the slow reply takes
    assert len(arxiv_server.requests) == 2


def test_a_server_that_never_answers_does_not_hang(arxiv_server: ArxivServer) -> None:
    client = ArxivClient(settings_for(arxiv_server, timeout_seconds=0.5))
    arxiv_server.slow(times=3, seconds=30)
    began = time.monotonic()
    with pytest.raises(FetchError, match="no complete answer within 0.5 s"):
        client.search(QUERY, 20)
    assert time.monotonic() - began < 15  # three tries, not 3 x 30 s


def test_a_reset_connection_is_retried(arxiv_server: ArxivServer, client: ArxivClient) -> None:
    arxiv_server.reset()
    assert client.search(QUERY, 20)
    assert len(arxiv_server.requests) == 2


def test_persistent_resets_fail_with_a_short_reason(arxiv_server: ArxivServer,
                                                    client: ArxivClient) -> None:
    arxiv_server.reset(times=3)
    with pytest.raises(FetchError, match=r"^connection failed \(Connection reset by peer\)"):
        client.search(QUERY, 20)


def test_nobody_listening_is_a_connection_failure(arxiv_server: ArxivServer) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = settings_for(arxiv_server, max_retries=1)
    client = ArxivClient(settings.__class__(**{**settings.__dict__,
                                               "api_url": f"http://127.0.0.1:{port}/api/query"}))
    with pytest.raises(FetchError, match=r"connection failed \(Connection refused\)"):
        client.search(QUERY, 20)


def test_an_empty_page_is_asked_again_once(arxiv_server: ArxivServer,
                                           client: ArxivClient) -> None:
    arxiv_server.empty_page()
    assert len(client.search(QUERY, 20)) == 20
    assert len(arxiv_server.requests) == 2


def test_two_empty_pages_are_believed(arxiv_server: ArxivServer, client: ArxivClient) -> None:
    arxiv_server.empty_page(times=2)
    assert client.search(QUERY, 20) == []
    assert len(arxiv_server.requests) == 2


def test_the_http_400_error_feed_is_a_clear_failure_not_a_paper(
        arxiv_server: ArxivServer, client: ArxivClient) -> None:
    arxiv_server.error_feed()
    with pytest.raises(FetchError) as caught:
        client.search(QUERY, 20)
    assert str(caught.value) == "arXiv rejected the query: incorrect id format for abc (HTTP 400)"
    assert len(arxiv_server.requests) == 1


def test_an_error_feed_sent_with_200_is_still_a_failure(arxiv_server: ArxivServer,
                                                        client: ArxivClient) -> None:
    arxiv_server.error_feed(status=200)
    with pytest.raises(FetchError, match="^arXiv rejected the query: incorrect id format for abc"):
        client.search(QUERY, 20)
    assert len(arxiv_server.requests) == 1


def test_truncated_xml_is_retried(arxiv_server: ArxivServer, client: ArxivClient) -> None:
    arxiv_server.truncated()
    assert len(client.search(QUERY, 20)) == 20
    assert len(arxiv_server.requests) == 2


def test_persistent_truncation_fails(arxiv_server: ArxivServer, client: ArxivClient) -> None:
    arxiv_server.truncated(times=3)
    with pytest.raises(FetchError, match="truncated reply"):
        client.search(QUERY, 20)


def test_requests_are_spaced_by_the_delay(arxiv_server: ArxivServer) -> None:
    client = ArxivClient(settings_for(arxiv_server, delay_seconds=0.3))
    client.search(QUERY, 20)
    client.search(QUERY, 20)
    first, second = arxiv_server.arrivals
    assert second - first >= 0.28


def test_results_map_to_papers_with_old_and_new_ids(arxiv_server: ArxivServer) -> None:
    raw = arxiv.Client(num_retries=0, delay_seconds=0)
    raw.query_url_format = arxiv_server.url + "?{}"
    (old,) = raw.results(arxiv.Search(id_list=["hep-ex/0406020v1"]))
    paper = paper_from_result(old)
    assert (paper.id, paper.version) == ("hep-ex/0406020", 1)
    (new,) = raw.results(arxiv.Search(id_list=["2104.12255v1"]))
    paper = paper_from_result(new)
    assert (paper.id, paper.version, paper.versioned_id) == ("2104.12255", 1, "2104.12255v1")
    assert paper.title and paper.authors and paper.published is not None
    assert paper.published.tzinfo is not None
    assert "\n" not in paper.abstract
