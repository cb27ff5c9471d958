"""Reading an LLM server's HTTP errors: retry waits, refused parameters, one-line reasons."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime
from typing import Any

BACKOFF_SECONDS = 0.5
"""First wait before retrying a 5xx or a lost connection; doubles each time, capped at 8 s."""
OPTIONAL_PARAMS = ("max_completion_tokens", "max_tokens", "stream_options", "stream")
"""Request parameters a server may refuse by name; each has a way round (see LlmSummarizer)."""


def refused_param(err: Any, sent: dict[str, Any]) -> str | None:
    """The optional parameter a 400/422 refuses, when the server names one we sent."""
    if getattr(err, "status_code", 0) not in (400, 422):
        return None
    body = getattr(err, "body", None)
    inner = body.get("error", body) if isinstance(body, dict) else None
    param = inner.get("param") if isinstance(inner, dict) else None
    if param in OPTIONAL_PARAMS and param in sent:
        return str(param)
    message = server_message(err)
    # The first one named is the refused one: "'max_tokens' is not supported with this model.
    # Use 'max_completion_tokens' instead." (\b: `stream` is not found in `stream_options`).
    places = {name: re.search(rf"\b{name}\b", message) for name in OPTIONAL_PARAMS
              if name in sent}
    named = {name: found.start() for name, found in places.items() if found}
    return min(named, key=lambda name: named[name]) if named else None


def backoff(attempt: int) -> float:
    """0.5 s, 1 s, 2 s ... up to 8 s."""
    return float(min(BACKOFF_SECONDS * 2**attempt, 8.0))


def server_message(err: Any) -> str:
    """The server's own error message, from an OpenAI-style body or the raw text."""
    body = getattr(err, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message)
    return str(getattr(err, "message", "") or "no message")


def retry_after(err: Any) -> float | None:
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
