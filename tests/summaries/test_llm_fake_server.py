"""The fake OpenAI server itself: SSE streaming through the real client, hold and release."""

from __future__ import annotations

import json
import threading

import openai
from servers.openai_server import VALID_JSON, FakeOpenAI, reply

from core.models import Paper
from core.summaries.llm import LlmSummarizer


def client(server: FakeOpenAI) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.base_url, api_key="x", max_retries=0, timeout=5)


def test_streaming_reply_through_the_openai_client(openai_server: FakeOpenAI) -> None:
    stream = client(openai_server).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True,
        stream_options={"include_usage": True})
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert json.loads(text) == json.loads(VALID_JSON)
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert openai_server.requests[0]["stream"] is True


def test_streamed_truncation_reports_length(openai_server: FakeOpenAI) -> None:
    openai_server.then(reply('{"task": ["a', finish_reason="length"))
    chunks = list(client(openai_server).chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True))
    assert chunks[-1].choices[0].finish_reason == "length"


def test_models_endpoint(openai_server: FakeOpenAI) -> None:
    assert [m.id for m in client(openai_server).models.list()] == ["test-model"]


def test_hold_keeps_the_reply_until_release(openai_server: FakeOpenAI) -> None:
    openai_server.hold()
    results: list[object] = []
    paper = Paper(id="1", version=1, title="T", abstract="An abstract.")
    worker = threading.Thread(target=lambda: results.append(
        LlmSummarizer(openai_server.settings()).summarize(paper, None)))
    worker.start()
    assert openai_server.wait_for_requests(1)
    worker.join(0.3)
    assert worker.is_alive() and not results  # loading: the request is in, no answer yet
    openai_server.release()
    worker.join(5)
    assert len(results) == 1
