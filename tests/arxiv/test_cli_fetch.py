"""`papertray fetch` through the real command line against the fake arXiv API."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.arxiv_server import ArxivServer

from core.rank.saved import load_day_ranking, rank_dir
from core.store.store import Store
from tui.cli import main

SUMMARY = "2 topics, 2 queries: 9 new papers"


@pytest.fixture
def server(arxiv_server: ArxivServer, home: Path) -> ArxivServer:
    """The fake API dated up to a minute ago, and a config with two topics pointing at it."""
    arxiv_server.restamp(datetime.now(UTC) - timedelta(minutes=1))
    arxiv_server.write_config(home, {"metamorphic": "metamorphic testing",
                                     "deep learning": "deep learning"}, timeout_seconds=2)
    return arxiv_server


def test_plain_progress_lines_then_one_summary_line(server: ArxivServer, home: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [SUMMARY]
    assert err.splitlines() == [
        "[1/2] metamorphic: metamorphic testing (5 new)",
        "[2/2] deep learning: deep learning (5 new)",
    ]
    assert "\r" not in err
    with Store.open(home / "store") as store:
        assert len(store.papers_for(store.days()[-1], "deep learning")) == 5


def test_the_fetched_day_is_ranked_for_the_reader(server: ArxivServer, home: Path) -> None:
    """A cron fetch leaves the day ranked: the reader lists it best first from its first frame."""
    assert main(["fetch"]) == 0
    with Store.open(home / "store") as store:
        day = store.days()[-1]
        listed = {i for ids in store.day_listing(day).values() for i in ids}
    ranking = load_day_ranking(rank_dir(home / "store"), day)
    assert ranking is not None and set(ranking.scores) == listed
    assert ranking.best and set(ranking.best) <= listed


def test_a_bar_redrawn_on_one_line_on_a_terminal(server: ArxivServer) -> None:
    controller, terminal = os.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "tui", "fetch"], stdout=subprocess.PIPE,
                                stderr=terminal, text=True, timeout=60)
    finally:
        os.close(terminal)
    drawn = _read_all(controller).decode()
    assert result.returncode == 0, drawn
    assert result.stdout.splitlines() == [SUMMARY]
    assert "[" + "#" * 20 + "] 2/2 deep learning" in drawn
    assert "\r[##########----------] 1/2 metamorphic" in drawn
    assert "\r[--------------------] 0/2 metamorphic: metamorphic testing …" in drawn
    assert drawn.count("\r[") == 4 and "[1/2]" not in drawn  # redrawn in place, not listed
    assert drawn.count("\n") == 1 and drawn.endswith("\n")  # one line, ended once


def test_a_failed_query_exits_1_and_says_which(server: ArxivServer,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    server.unavailable()
    assert main(["fetch"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == ["2 topics, 2 queries: 5 new papers, 1 query failed"]
    assert ("papertray: query failed: metamorphic: metamorphic testing: HTTP 503 "
            "(gave up after 1 try)") in err.splitlines()


def test_a_corrupt_month_found_during_the_fetch_is_reported(server: ArxivServer, home: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    home.joinpath("store").mkdir(parents=True)
    home.joinpath("store", "papers-2202.json").write_bytes(b'{"papers": {"22')
    assert main(["fetch"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [SUMMARY]
    assert "papertray: papers-2202.json was damaged" in err and "kept as " in err
    with Store.open(home / "store") as store:
        assert store.has_paper("2202.12139")  # it carried on and stored the month afresh


def test_a_store_open_in_the_reader_does_not_stop_a_fetch(
        server: ArxivServer, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(home / "store") as reader:
        assert reader.days() == []
        assert main(["fetch"]) == 0
        assert capsys.readouterr().out.splitlines() == [SUMMARY]
        assert reader.refresh() and len(reader.days()) == 1  # seen without reopening


def test_days_must_be_positive_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["fetch", "--days", "0"])
    assert caught.value.code == 2
    assert "must be 1 or more" in capsys.readouterr().err


def test_days_widens_the_window(server: ArxivServer,
                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--days", "7"]) == 0
    (first, *_) = server.search_queries()
    start = (datetime.now(UTC) - timedelta(days=7)).strftime("%Y%m%d")
    assert f"submittedDate:[{start}" in first


def test_debug_shows_the_traceback_of_a_config_error(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("[arxiv]\nmax_retries = 'x'\n", encoding="utf-8")
    plain = subprocess.run([sys.executable, "-m", "tui", "fetch"], capture_output=True,
                           text=True)
    debug = subprocess.run([sys.executable, "-m", "tui", "--debug", "fetch"],
                           capture_output=True, text=True)
    assert plain.returncode == debug.returncode == 2
    assert "Traceback" not in plain.stderr and len(plain.stderr.splitlines()) == 1
    assert "Traceback" in debug.stderr and "ConfigError" in debug.stderr
    assert debug.stderr.splitlines()[-1] == plain.stderr.splitlines()[0]
    assert "arxiv.max_retries must be a whole number" in plain.stderr


def _read_all(fd: int) -> bytes:
    """Everything written to a pty whose writer has exited."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the other side is closed and the buffer drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)
