"""A 200 reply that is no feed fails its query (one line, exit 1, the window stays); an entry
with an unreadable date is skipped with a note. Through `papertray fetch` as a real process."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.arxiv_server import ArxivServer

from core.arxiv.client import ArxivClient
from core.config import ArxivSettings
from core.errors import FetchError
from core.store.store import Store

ROOT = Path(__file__).resolve().parents[2]
QUERY = '(ti:"metamorphic testing" OR abs:"metamorphic testing")'


@pytest.fixture
def server(arxiv_server: ArxivServer, home: Path) -> ArxivServer:
    """The fake API dated up to a minute ago, and a one-topic config pointing at it."""
    arxiv_server.restamp(datetime.now(UTC) - timedelta(minutes=1))
    arxiv_server.write_config(home, {"metamorphic": "metamorphic testing"})
    return arxiv_server


def fetch(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "--home", str(home), "fetch"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("cue", "reason"), [
    ("not_a_feed", "the reply is not well-formed XML (Start tag expected, '<' not found"),
    ("broken_xml", "the reply is not well-formed XML ("),
])
def test_a_reply_that_is_no_feed_fails_the_query(server: ArxivServer, home: Path, cue: str,
                                                  reason: str) -> None:
    getattr(server, cue)()
    result = fetch(home)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == ["1 topic, 1 query: 1 query failed"]
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("papertray:")]
    assert line.startswith(f"papertray: query failed: metamorphic: metamorphic testing: {reason}")
    assert "Malformed" not in result.stderr and "nothing new" not in result.stdout
    with Store.open(home / "store") as store:
        assert store.last_successful_fetch() is None  # the next fetch asks the same window


def test_an_entry_with_an_unreadable_date_is_skipped_with_a_note(server: ArxivServer,
                                                                   home: Path) -> None:
    first = server.matching(QUERY)[0]
    first.unreadable_date()
    result = fetch(home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["1 topic, 1 query: 5 new papers"]
    assert (f"papertray: note: skipped an entry from arXiv ({first.short_id}: unreadable "
            "<published> date 'the 3rd of May')") in result.stderr.splitlines()
    assert "ValueError" not in result.stderr
    with Store.open(home / "store") as store:
        assert not store.has_paper(first.short_id.split("v")[0])
        assert store.last_successful_fetch() is not None


def test_the_arxiv_package_logs_no_malformed_feed_warning(
        server: ArxivServer, caplog: pytest.LogCaptureFixture) -> None:
    server.not_a_feed(times=2)
    client = ArxivClient(ArxivSettings(api_url=server.url, delay_seconds=0.0, max_retries=1))
    with caplog.at_level(logging.WARNING), pytest.raises(FetchError, match="gave up after 2"):
        client.search(QUERY, 5)
    assert caplog.records == []
