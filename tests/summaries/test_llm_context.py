"""The prompt fits the model's context window: configured, asked of the server, or learned
from a context-length refusal (then shrunk and sent once more)."""

from __future__ import annotations

import pytest
from servers.openai_server import FakeOpenAI
from test_llm_summarizer import PAPER, paper_text, user_message

from core.errors import SummaryError
from core.summaries.budget import estimate_tokens
from core.summaries.context import overflow_from_error, paper_budget
from core.summaries.llm import LlmSummarizer


def sent_tokens(server: FakeOpenAI, index: int = 0) -> int:
    return server.prompt_tokens(server.requests[index])


@pytest.mark.parametrize("where", ["models", "props", "ollama"])
def test_the_window_the_server_tells_is_fitted_at_once(openai_server: FakeOpenAI,
                                                       where: str) -> None:
    openai_server.context_tokens, openai_server.advertise = 4096, where
    summary = LlmSummarizer(openai_server.settings()).summarize(PAPER, paper_text(words=5000))
    assert len(openai_server.requests) == 1
    body = openai_server.requests[0]
    assert sent_tokens(openai_server) + body["max_tokens"] <= 4096
    assert summary.sections.task


@pytest.mark.parametrize("style", ["openai", "llamacpp", "llama-cpp-python"])
def test_a_context_refusal_shrinks_the_paper_and_retries_once(openai_server: FakeOpenAI,
                                                              style: str) -> None:
    openai_server.context_tokens, openai_server.context_style = 4096, style
    openai_server.token_ratio = 1.3  # a tokenizer counting more than papertray's estimate
    summarizer = LlmSummarizer(openai_server.settings())
    summarizer.summarize(PAPER, paper_text(words=5000))
    first, second = openai_server.requests
    assert first["response_format"] == second["response_format"]  # not taken for a mode refusal
    assert openai_server.prompt_tokens(second) + second["max_tokens"] <= 4096
    assert summarizer.known.context_tokens == 4096
    # Learned: the next paper fits at once.
    summarizer.summarize(PAPER, paper_text(words=5000))
    assert len(openai_server.requests) == 3


def test_a_prompt_that_cannot_fit_names_the_settings(openai_server: FakeOpenAI) -> None:
    openai_server.context_tokens = 2100  # the answer bound (1800) leaves no room for a paper
    with pytest.raises(SummaryError) as caught:
        LlmSummarizer(openai_server.settings()).summarize(PAPER, paper_text(words=5000))
    message = str(caught.value)
    assert "do not fit the model's context (2,100 tokens)" in message
    assert "llm.token_budget" in message and "llm.answer_tokens" in message
    assert "\n" not in message
    assert len(openai_server.requests) == 1


def test_configured_context_is_used_without_asking(openai_server: FakeOpenAI) -> None:
    settings = openai_server.settings(context_tokens=3000, answer_tokens=1000)
    LlmSummarizer(settings).summarize(PAPER, paper_text(words=5000))
    inside = user_message(openai_server.requests[0])
    assert estimate_tokens(inside) + 1000 <= 3000
    assert [r.path for r in openai_server.recorded] == ["/v1/chat/completions"]


def test_a_short_paper_is_sent_whole(openai_server: FakeOpenAI) -> None:
    openai_server.context_tokens, openai_server.advertise = 8192, "props"
    text = paper_text(words=50)
    LlmSummarizer(openai_server.settings()).summarize(PAPER, text)
    inside = user_message(openai_server.requests[0])
    assert all(body in inside for body in text.sections.values())


def test_overflow_messages_of_real_servers() -> None:
    llama = overflow_from_error("request (9031 tokens) exceeds the available context size "
                                "(8192 tokens), try increasing it")
    assert llama is not None and (llama.context_tokens, llama.prompt_tokens) == (8192, 9031)
    openai = overflow_from_error("This model's maximum context length is 8192 tokens. However, "
                                 "you requested 8986 tokens (7186 in the messages, 1800 in the "
                                 "completion).")
    assert openai is not None and (openai.context_tokens, openai.prompt_tokens) == (8192, 7186)
    python = overflow_from_error("Requested tokens (8986) exceed context window of 8192")
    assert python is not None and (python.context_tokens, python.prompt_tokens) == (8192, 8986)
    assert overflow_from_error("response_format json_schema is not supported") is None


def test_budget_is_a_ceiling() -> None:
    assert paper_budget(None, 1800, 400, 8000) == 8000
    assert paper_budget(131072, 1800, 400, 8000) == 8000
    assert paper_budget(8192, 1800, 400, 8000) < 8192 - 1800 - 400
    assert paper_budget(2048, 1800, 400, 8000) == 0
