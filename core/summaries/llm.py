"""Six-section summaries from any OpenAI-compatible server: one call per paper, validated JSON."""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from core.config import LlmSettings
from core.errors import SummaryError
from core.models import Paper
from core.records import PaperText, Sections, Summary
from core.summaries.budget import estimate_tokens, select_text
from core.summaries.prompt import PROMPT_VERSION, Message, Mode, build_messages, correction
from core.summaries.schema import InvalidSummaryError, parse_sections, response_format_json_schema

if TYPE_CHECKING:
    import openai

__all__ = ["PROMPT_VERSION", "LlmSummarizer"]

MODES: tuple[Mode, ...] = ("json_schema", "json_object", "plain")
UNSUPPORTED_STATUS = frozenset({400, 415, 422, 500, 501})
"""How servers refuse a response_format they do not know (llama.cpp: 500; vLLM, OpenAI: 400)."""
MAX_RETRY_WAIT = 30.0
"""Longest Retry-After honoured; a server asking for more fails the summary at once."""
BACKOFF_SECONDS = 0.5
"""First wait before retrying a 5xx or a lost connection; doubles each time, capped at 8 s."""

_modes_that_worked: dict[tuple[str, str], Mode] = {}
_modes_lock = threading.Lock()


class _Unsupported(Exception):
    """The server refused this mode's response_format: try the next mode."""


@dataclass
class _Spent:
    """Tokens used by the calls of one summary."""

    input_tokens: int = 0
    output_tokens: int = 0


class LlmSummarizer:
    """Summarizes one paper per call through the `openai` client, JSON validated to `Sections`."""

    def __init__(self, settings: LlmSettings) -> None:
        self.settings = settings
        self._client: openai.OpenAI | None = None

    @property
    def name(self) -> str:
        """`llm:<model>`, for the UI."""
        return f"llm:{self.settings.model}"

    @property
    def mode(self) -> Mode | None:
        """The way of asking for JSON that worked with this server and model, if one has."""
        with _modes_lock:
            return _modes_that_worked.get(self._server_key)

    def summarize(self, paper: Paper, text: PaperText | None) -> Summary:
        """One LLM call (one more after an invalid or cut-off answer); raises SummaryError."""
        started = time.monotonic()
        chosen = select_text(text, paper.abstract, self.settings.token_budget)
        if not chosen.text:
            raise SummaryError(f"nothing to summarize: {paper.versioned_id} has no abstract")
        spent = _Spent()
        language = self.settings.language
        sections = self._ask(
            lambda mode: build_messages(paper, chosen, language=language, mode=mode), spent
        )
        note = ""
        if text is not None and chosen.source == "abstract":
            note = "no text found in the PDF; from the abstract"
        return Summary(
            paper_id=paper.id,
            version=paper.version,
            sections=sections,
            summarizer="llm",
            model=self.settings.model,
            prompt_version=PROMPT_VERSION,
            source=chosen.source,
            note=note,
            language=self.settings.language,
            input_tokens=spent.input_tokens,
            output_tokens=spent.output_tokens,
            seconds=round(time.monotonic() - started, 3),
            created=datetime.now(UTC),
        )

    # --- the conversation -------------------------------------------------------------------

    def _ask(
        self, chosen_messages: Callable[[Mode], list[Message]], spent: _Spent
    ) -> Sections:
        """Ask in the best mode the server takes; one corrective retry on a bad answer."""
        known = self.mode
        modes = MODES[MODES.index(known):] if known else MODES
        for index, mode in enumerate(modes):
            messages: list[Message] = chosen_messages(mode)
            try:
                # Until a mode has worked, an HTTP 400/500 may mean "not this response_format".
                content, truncated = self._call(messages, mode, spent, probing=mode != known)
            except _Unsupported as err:
                if index + 1 < len(modes):
                    continue
                raise SummaryError(str(err)) from None
            self._remember(mode)
            try:
                return self._parse(content, truncated)
            except InvalidSummaryError as err:
                messages = [*messages, correction(str(err), truncated=truncated)]
            content, truncated = self._call(messages, mode, spent)
            try:
                return self._parse(content, truncated)
            except InvalidSummaryError as err:
                raise SummaryError(f"the LLM answered invalid JSON twice ({err})") from None
        raise SummaryError("the LLM server accepted no way of asking for JSON")  # not reached

    @staticmethod
    def _parse(content: str, truncated: bool) -> Sections:
        if truncated:
            raise InvalidSummaryError("the answer was cut off (finish_reason length)")
        return parse_sections(content)

    def _call(
        self, messages: list[Message], mode: Mode, spent: _Spent, *, probing: bool = False
    ) -> tuple[str, bool]:
        """One chat completion, with bounded retries on 429, 5xx and lost connections."""
        import openai

        request: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            # Low but not 0: faithful to the paper, without the loops greedy decoding can fall
            # into on small local models.
            "temperature": 0.2,
        }
        if mode == "json_schema":
            request["response_format"] = response_format_json_schema()
        elif mode == "json_object":
            request["response_format"] = {"type": "json_object"}
        attempt = 0
        while True:
            try:
                response = self.client.chat.completions.create(**request)
                break
            except openai.APIStatusError as err:
                # A mode's refusal is only a refusal when asking for JSON that way.
                if probing and mode != "plain" and err.status_code in UNSUPPORTED_STATUS:
                    raise _Unsupported(self._describe(err)) from None
                wait = self._retry_wait(err, attempt)
            except openai.APITimeoutError:
                raise SummaryError(
                    f"the LLM server did not answer within {self.settings.timeout_seconds:g} s"
                ) from None
            except openai.APIConnectionError:
                wait = self._retry_wait(None, attempt)
            attempt += 1
            time.sleep(wait)
        try:
            return self._read(response, messages, spent)
        except (AttributeError, TypeError, IndexError):  # e.g. an HTML page answered with 200
            raise SummaryError("the LLM server's answer is not a chat completion") from None

    def _retry_wait(self, err: openai.APIStatusError | None, attempt: int) -> float:
        """Seconds to wait before the next try, or SummaryError when no retry is due."""
        if err is None:
            if attempt >= self.settings.max_retries:
                raise SummaryError(f"cannot reach the LLM server at {self._where}") from None
            return _backoff(attempt)
        status = err.status_code
        if status not in (408, 409, 429) and status < 500 or attempt >= self.settings.max_retries:
            raise SummaryError(self._describe(err)) from None
        asked = _retry_after(err)
        if asked is not None and asked > MAX_RETRY_WAIT:
            raise SummaryError(
                f"the LLM server is rate limiting (HTTP {status}) and asks to wait {asked:.0f} s"
            ) from None
        return asked if asked is not None else _backoff(attempt)

    def _read(self, response: Any, messages: list[Message], spent: _Spent) -> tuple[str, bool]:
        """Content and whether it was cut off; tokens from usage, else estimated."""
        if not response.choices:
            raise SummaryError("the LLM server answered with no choices")
        choice = response.choices[0]
        content = choice.message.content or ""  # a refusal has none: it gets the retry
        usage = response.usage
        spent.input_tokens += (usage.prompt_tokens if usage and usage.prompt_tokens else
                               sum(estimate_tokens(m["content"]) for m in messages))
        spent.output_tokens += (usage.completion_tokens if usage and usage.completion_tokens else
                                estimate_tokens(content))
        return content, choice.finish_reason == "length"

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def client(self) -> openai.OpenAI:
        """The `openai` client, made on first use (importing openai costs ~0.5 s)."""
        if self._client is None:
            import openai

            # Retries are ours (bounded Retry-After, no retry of a refused response_format).
            self._client = openai.OpenAI(
                base_url=self.settings.base_url or None,
                api_key=self.settings.key_for_client,
                timeout=self.settings.timeout_seconds,
                max_retries=0,
            )
        return self._client

    @property
    def _server_key(self) -> tuple[str, str]:
        return (self.settings.base_url, self.settings.model)

    @property
    def _where(self) -> str:
        return self.settings.base_url.split("@")[-1] if self.settings.base_url else "api.openai.com"

    def _remember(self, mode: Mode) -> None:
        with _modes_lock:
            _modes_that_worked[self._server_key] = mode

    def _describe(self, err: openai.APIStatusError) -> str:
        """A one-line reason for an HTTP error, with the API key never in it."""
        status = err.status_code
        if status == 401:
            return "the LLM server rejected the API key (401)"
        if status == 403:
            return "the LLM server refused access (403): check the API key's permissions"
        if status == 404:
            hint = "" if self._where.rstrip("/").endswith("/v1") else ", which usually ends in /v1"
            return (f"the LLM server answered 404 for model {self.settings.model!r}: "
                    f"check llm.model and llm.base_url ({self._where}{hint})")
        verb = "failed" if status >= 500 else "refused the request"
        return f"the LLM server {verb} (HTTP {status}): {self._scrub(_server_message(err))}"

    def _scrub(self, text: str) -> str:
        key = self.settings.api_key
        if key:
            text = text.replace(key, "***")
            if len(key) > 8:
                text = text.replace(key[:8], "***")
        return " ".join(text.split())[:200]


def _backoff(attempt: int) -> float:
    """0.5 s, 1 s, 2 s ... up to 8 s."""
    return float(min(BACKOFF_SECONDS * 2**attempt, 8.0))


def _server_message(err: Any) -> str:
    """The server's own error message, from an OpenAI-style body or the raw text."""
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message)
    return str(getattr(err, "message", "") or "no message")


def _retry_after(err: Any) -> float | None:
    """Seconds a 429/503 asks to wait: `retry-after-ms`, `Retry-After` seconds or HTTP date."""
    headers = getattr(getattr(err, "response", None), "headers", None) or {}
    milliseconds = headers.get("retry-after-ms")
    if milliseconds:
        try:
            return max(float(milliseconds) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)
