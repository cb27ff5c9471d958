"""The fake arXiv API itself: recorded replies, loose search, cues consumed in order."""

from __future__ import annotations

import requests
from servers.arxiv_server import ArxivServer


def get(server: ArxivServer, **params: str) -> requests.Response:
    return requests.get(server.url, params=params, timeout=5)


def test_id_lists_are_answered_from_the_recordings(arxiv_server: ArxivServer) -> None:
    reply = get(arxiv_server, id_list="hep-ex/0406020v1")
    assert reply.status_code == 200 and b"hep-ex/0406020v1" in reply.content
    error = get(arxiv_server, id_list="abc")
    assert error.status_code == 400 and b"<title>Error</title>" in error.content


def test_search_is_loose_like_arxiv_and_pages(arxiv_server: ArxivServer) -> None:
    query = '(ti:"metamorphic testing" OR abs:"metamorphic testing")'
    first = get(arxiv_server, search_query=query, start="0", max_results="4")
    assert first.content.count(b"</entry>") == 4
    assert b"<opensearch:totalResults>10</opensearch:totalResults>" in first.content
    assert len(arxiv_server.matching(query + " AND (cat:cs.CV OR cat:cs.GR)")) == 2


def test_cues_apply_to_the_next_requests_in_order(arxiv_server: ArxivServer) -> None:
    arxiv_server.too_many_requests(retry_after=7)
    arxiv_server.unavailable()
    arxiv_server.truncated()
    throttled = get(arxiv_server, search_query="x")
    assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "7")
    assert get(arxiv_server, search_query="x").status_code == 503
    cut = get(arxiv_server, search_query="x")
    assert cut.status_code == 200 and not cut.content.rstrip().endswith(b"</feed>")
    assert get(arxiv_server, search_query="x").content.rstrip().endswith(b"</feed>")
    assert [r["search_query"] for r in arxiv_server.requests] == ["x"] * 4
