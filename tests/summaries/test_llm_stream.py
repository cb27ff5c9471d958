"""The answer is bounded and streamed: progress as it arrives, an idle deadline and a total cap,
and the ways round servers that refuse a parameter or do not stream."""

from __future__ import annotations

import time

import pytest
from servers.openai_server import VALID_SECTIONS, FakeOpenAI, looping, stalling, valid
from test_llm_summarizer import PAPER, paper_text

from core.errors import SummaryError
from core.summaries.llm import LlmSummarizer
from core.summaries.stream import LlmProgress, SectionTracker


def test_the_answer_is_bounded_and_streamed_with_progress(openai_server: FakeOpenAI) -> None:
    seen: list[LlmProgress] = []
    summary = LlmSummarizer(openai_server.settings()).summarize(PAPER, paper_text(),
                                                                progress=seen.append)
    body = openai_server.requests[0]
    assert body["max_tokens"] == 1800 and body["stream"] is True
    assert seen[0].phase == "reading" and seen[0].prompt_tokens > 0
    assert seen[0].text.startswith("reading the paper (")
    writing = [p for p in seen if p.phase == "writing"]
    assert writing and writing[-1].tokens > 1
    assert writing[-1].sections == tuple(VALID_SECTIONS)[: len(writing[-1].sections)]
    assert "tokens" in writing[-1].text
    assert summary.output_tokens > 0 and summary.input_tokens > 0  # from the stream's usage


def test_a_looping_model_stops_at_the_bound_and_gets_one_shorter_retry(
        openai_server: FakeOpenAI) -> None:
    openai_server.then(looping(), valid())
    settings = openai_server.settings(answer_tokens=300)
    summary = LlmSummarizer(settings).summarize(PAPER, paper_text())
    first, second = openai_server.requests
    assert first["max_tokens"] == second["max_tokens"] == 300
    assert "cut off" in second["messages"][-1]["content"]
    assert summary.output_tokens >= 300  # the looped tokens were paid for, and counted


def test_a_loop_that_ignores_the_bound_meets_the_total_cap(openai_server: FakeOpenAI) -> None:
    openai_server.then(looping(ignore_bound=True))
    started = time.monotonic()
    with pytest.raises(SummaryError, match=r"still writing after 1 s .* looping model"):
        LlmSummarizer(openai_server.settings(timeout_seconds=1)).summarize(PAPER, None)
    assert time.monotonic() - started < 20  # not endless (imports and load take a few s)


def test_a_server_that_goes_quiet_meets_the_idle_deadline(openai_server: FakeOpenAI) -> None:
    openai_server.then(stalling(after=3))
    started = time.monotonic()
    with pytest.raises(SummaryError, match=r"stopped for 0.5 s after \d+ tokens .*idle_seconds"):
        LlmSummarizer(openai_server.settings(idle_seconds=0.5)).summarize(PAPER, None)
    assert time.monotonic() - started < 20  # not endless (imports and load take a few s)


@pytest.mark.parametrize(("refused", "used"), [("max_tokens", "max_completion_tokens"),
                                               ("max_completion_tokens", "max_tokens")])
def test_a_refused_bound_parameter_is_swapped_and_remembered(
        openai_server: FakeOpenAI, refused: str, used: str) -> None:
    openai_server.refuse_param = refused
    settings = openai_server.settings()
    summarizer = LlmSummarizer(settings)
    if refused == "max_completion_tokens":
        summarizer.learn(bound_param="max_completion_tokens")
    summarizer.summarize(PAPER, None)
    first, second = openai_server.requests
    assert refused in first and used in second and refused not in second
    LlmSummarizer(settings).summarize(PAPER, None)
    assert used in openai_server.requests[2]


def test_openai_itself_gets_max_completion_tokens() -> None:
    from core.config import LlmSettings

    summarizer = LlmSummarizer(LlmSettings(api_key="sk-x", model="o3-mini-test"))
    assert summarizer.bound_param() == "max_completion_tokens"


def test_a_server_that_does_not_stream_is_asked_whole(openai_server: FakeOpenAI) -> None:
    openai_server.streams = False
    summarizer = LlmSummarizer(openai_server.settings())
    assert summarizer.summarize(PAPER, None).sections.task
    assert summarizer.known.stream is False
    summarizer.summarize(PAPER, None)
    assert not openai_server.requests[-1].get("stream")


def test_streaming_can_be_turned_off(openai_server: FakeOpenAI) -> None:
    LlmSummarizer(openai_server.settings(stream=False)).summarize(PAPER, None)
    assert "stream" not in openai_server.requests[0]
    assert openai_server.requests[0]["max_tokens"] == 1800


def test_sections_close_as_their_json_ends() -> None:
    tracker = SectionTracker()
    closed = tracker.feed('{"task": ["a, b", "c}"], "motivation": "say \\"hi\\", ')
    assert closed == ("task",)
    assert tracker.feed('then"') == ()
    assert tracker.feed(', "method": {"pipeline": "x"}}') == ("motivation", "method")
