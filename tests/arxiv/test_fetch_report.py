"""The one-line summary of a fetch and its exit code (pure, no network)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from core.arxiv.fetch import FetchReport

START = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)


def report(**changes: object) -> FetchReport:
    values: dict[str, object] = {"day": date(2026, 11, 23), "topics": 3, "queries": 6,
                                 "window_start": START}
    values.update(changes)
    return FetchReport(**values)  # type: ignore[arg-type]


def test_the_usual_line() -> None:
    line = report(new_papers=12, seen_papers=4,
                  failed_queries=[("avatar", "digital human", "HTTP 503")]).summary_line()
    assert line == "3 topics, 6 queries: 12 new papers, 4 already seen, 1 query failed"


def test_singulars() -> None:
    line = report(topics=1, queries=1, new_papers=1, seen_papers=1).summary_line()
    assert line == "1 topic, 1 query: 1 new paper, 1 already seen"


def test_nothing_new_says_since_when() -> None:
    assert report().summary_line() == "3 topics, 6 queries: nothing new since 2026-11-21 18:30 UTC"
    assert report().exit_code == 0


def test_when_every_query_failed_it_does_not_claim_nothing_is_new() -> None:
    failed = [("t", f"q{i}", "connection failed (Connection refused)") for i in range(6)]
    result = report(failed_queries=failed)
    assert result.summary_line() == "3 topics, 6 queries: 6 queries failed"
    assert result.exit_code == 1


def test_a_stopped_run_says_so_and_is_not_ok() -> None:
    result = report(new_papers=2, stopped=True)
    assert result.summary_line() == "3 topics, 6 queries: 2 new papers, stopped early"
    assert not result.ok and result.exit_code == 1
