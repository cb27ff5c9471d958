"""Scoped queries, the date window and the local re-check (pure functions, no network)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.arxiv.queries import (
    in_window,
    mentions,
    phrase_clause,
    plan_queries,
    results_wanted,
    split_id,
    topic_queries,
    window_clause,
)
from core.config import Topic


def test_keyword_becomes_title_or_abstract_phrase_scoped_to_categories() -> None:
    topic = Topic("neural rendering", ("neural rendering", "neural radiance field"),
                  ("cs.CV", "cs.GR"), per_query=3)
    first, second = topic_queries(topic)
    assert first.search == ('(ti:"neural rendering" OR abs:"neural rendering") '
                            "AND (cat:cs.CV OR cat:cs.GR)")
    assert second.label == "neural radiance field"
    assert first.phrase == "neural rendering"
    assert (first.keep, first.max_results) == (3, 20)


def test_no_categories_means_no_category_clause() -> None:
    (query,) = topic_queries(Topic("avatar", ("avatar",)))
    assert query.search == '(ti:"avatar" OR abs:"avatar")'


def test_raw_query_is_sent_as_it_is_and_not_rechecked() -> None:
    topic = Topic("mine", ("avatar",), ("cs.GR",), query="au:del_maestro AND ti:checkerboard")
    keyword, raw = topic_queries(topic)
    assert raw.search == "(au:del_maestro AND ti:checkerboard)"
    assert raw.label == "au:del_maestro AND ti:checkerboard"
    assert raw.phrase is None
    assert raw.accepts("anything", "at all")
    assert keyword.phrase == "avatar"


def test_one_query_per_keyword_across_topics() -> None:
    topics = (Topic("a", ("x", "y")), Topic("b", ("z",), query="cat:hep-ex"))
    assert [q.label for q in plan_queries(topics)] == ["x", "y", "z", "cat:hep-ex"]


def test_quotes_in_a_phrase_cannot_break_the_query() -> None:
    assert phrase_clause(' "3D"  gaussian ') == '(ti:"3D gaussian" OR abs:"3D gaussian")'


def test_window_is_utc_minutes_widened_to_cover_the_interval() -> None:
    start = datetime(2026, 11, 22, 14, 5, 30, tzinfo=UTC)
    end = datetime(2026, 11, 24, 4, 10, 1, tzinfo=timezone(timedelta(hours=1)))
    assert window_clause(start, end) == "submittedDate:[202611221405 TO 202611240311]"
    (query,) = topic_queries(Topic("a", ("x",)))
    assert query.windowed(start, end).endswith(
        " AND submittedDate:[202611221405 TO 202611240311]")


@pytest.mark.parametrize(("per_query", "size"), [(1, 20), (3, 20), (10, 20), (100, 200),
                                                 (1000, 2000)])
def test_a_query_asks_for_more_than_it_keeps(per_query: int, size: int) -> None:
    assert results_wanted(per_query) == size


def test_by_default_a_keyword_lists_up_to_100_papers() -> None:
    (query,) = topic_queries(Topic("avatar", ("avatar",)))
    assert (query.keep, query.max_results) == (100, 200)


@pytest.mark.parametrize(("text", "expected"), [
    ("We present Neural Rendering of scenes", True),
    ("a neural-rendering pipeline", True),
    ("NEURAL\n  RENDERING", True),
    ("neural \u2010 rendering", True),
    ("rendering with neural fields", False),
    ("a neural renderer", False),
    ("", False),
])
def test_recheck_is_case_and_hyphen_insensitive(text: str, expected: bool) -> None:
    assert mentions("neural rendering", text) is expected


def test_recheck_matches_whole_words_and_accepts_plurals() -> None:
    assert mentions("neural radiance field", "Neural Radiance Fields (NeRF)")
    assert mentions("avatar", "Avatars from a phone")
    assert mentions("GUI", "agents for GUIs and the web", "")
    assert mentions("gui", "a GUI-based agent")
    assert mentions("Neural-Rendering", "", "it uses neural rendering")
    assert mentions("patch", "small patches")


@pytest.mark.parametrize("text", ["a new start", "guidelines for LLM evaluation",
                                  "a user guide", "artistic", "arts2"])
def test_recheck_does_not_match_inside_a_word(text: str) -> None:
    assert not mentions("art", text) and not mentions("gui", text)


def test_window_check_is_half_open_and_reads_naive_as_utc() -> None:
    start = datetime(2026, 11, 22, tzinfo=UTC)
    end = start + timedelta(days=2)
    assert in_window(start, start, end)
    assert not in_window(end, start, end)
    assert in_window(datetime(2026, 11, 23, 12), start, end)
    assert not in_window(start - timedelta(seconds=1), start, end)


@pytest.mark.parametrize(("raw", "expected"), [
    ("2004.04906v3", ("2004.04906", 3)),
    ("http://arxiv.org/abs/2004.04906v12", ("2004.04906", 12)),
    ("hep-ex/0406020v1", ("hep-ex/0406020", 1)),
    ("https://arxiv.org/abs/quant-ph/0201082v1", ("quant-ph/0201082", 1)),
    ("2004.04906", ("2004.04906", 1)),
])
def test_ids_lose_their_version(raw: str, expected: tuple[str, int]) -> None:
    assert split_id(raw) == expected
