"""A streamed LLM call gives up at once when its caller asks to stop (the reader quitting),
whether the server has not answered yet or went quiet mid-answer."""

from __future__ import annotations

import time

import pytest
from servers.openai_server import FakeOpenAI, rate_limited, stalling
from test_llm_summarizer import PAPER, paper_text

from core.errors import Stopped, SummaryError
from core.summaries.llm import LlmSummarizer
from core.summaries.stream import LlmProgress


class StopWhen:
    """`should_stop` that turns true once `ready()` does, noting when."""

    def __init__(self, ready: object) -> None:
        self.ready = ready
        self.at: float | None = None

    def __call__(self) -> bool:
        if self.at is None and self.ready():  # type: ignore[operator]
            self.at = time.monotonic()
        return self.at is not None


@pytest.mark.parametrize("silence", ["before the first token", "after a few tokens"])
def test_stopping_ends_the_wait_on_a_silent_stream(openai_server: FakeOpenAI,
                                                  silence: str) -> None:
    seen: list[LlmProgress] = []
    if silence == "before the first token":
        openai_server.hold()  # the request arrives and is not answered
        stop = StopWhen(lambda: bool(openai_server.requests))
    else:
        openai_server.then(stalling(after=3))  # three pieces, then silence
        stop = StopWhen(lambda: any(p.phase == "writing" for p in seen))
    settings = openai_server.settings(idle_seconds=60.0, timeout_seconds=60.0)
    with pytest.raises(Stopped) as raised:
        LlmSummarizer(settings).summarize(PAPER, paper_text(), progress=seen.append,
                                          should_stop=stop)
    assert stop.at is not None and time.monotonic() - stop.at < 2  # not the 60 s idle time
    assert not isinstance(raised.value, SummaryError)
    assert len(openai_server.requests) == 1  # not retried


def test_stopping_ends_the_wait_before_a_retry(openai_server: FakeOpenAI) -> None:
    openai_server.then(rate_limited(retry_after=30))
    stop = StopWhen(lambda: bool(openai_server.requests))
    settings = openai_server.settings(stream=False)  # a whole call: only the wait can stop
    with pytest.raises(Stopped):
        LlmSummarizer(settings).summarize(PAPER, None, should_stop=stop)
    assert stop.at is not None and time.monotonic() - stop.at < 2  # not the 30 s Retry-After
    assert len(openai_server.requests) == 1
