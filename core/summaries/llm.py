"""Six-section summaries from any OpenAI-compatible server: one call per paper, checked JSON.

The prompt is fitted to the model's context window, the answer is bounded and streamed, and
an answer that is valid JSON but meaningless gets one corrective retry. What the server takes
(JSON mode, context window, how to bound the answer, streaming) is learned once per server.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from core.config import LlmSettings
from core.models import Paper
from core.records import PaperText, Summary
from core.stopping import ShouldStop
from core.summaries.capabilities import Capabilities, CapabilityBook, server_key
from core.summaries.conversation import Conversation, OnUsage, Usage
from core.summaries.llm_errors import server_message
from core.summaries.prompt import PROMPT_VERSION, Mode
from core.summaries.stream import OnProgress

if TYPE_CHECKING:
    import openai

__all__ = ["PROMPT_VERSION", "LlmSummarizer", "Usage"]


class LlmSummarizer:
    """Summarizes one paper per call through the `openai` client, checked to `Sections`."""

    def __init__(self, settings: LlmSettings, book: CapabilityBook | None = None,
                 on_usage: OnUsage | None = None) -> None:
        self.settings = settings
        self.book = book or CapabilityBook()
        self.on_usage = on_usage
        self._client: openai.OpenAI | None = None
        self._key = server_key(settings.base_url, settings.model)

    @property
    def name(self) -> str:
        """`llm:<model>`, for the UI."""
        return f"llm:{self.settings.model}"

    @property
    def known(self) -> Capabilities:
        """What has been learned of this server and model."""
        return self.book.get(self._key)

    @property
    def mode(self) -> Mode | None:
        """The way of asking for JSON that worked with this server and model, if one has."""
        return self.known.mode

    def summarize(self, paper: Paper, text: PaperText | None,
                  progress: OnProgress | None = None,
                  should_stop: ShouldStop | None = None) -> Summary:
        """One LLM call (one more after a refusal or a bad answer); raises SummaryError, or
        Stopped when `should_stop()` says so (a streamed call is cut at once)."""
        started = time.monotonic()
        usage = Usage()
        try:
            sections, chosen = Conversation(self, paper, text, usage, progress,
                                            should_stop).run()
        finally:
            usage.seconds = round(time.monotonic() - started, 3)
            if self.on_usage is not None:
                self.on_usage(usage)
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
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            seconds=usage.seconds,
            created=datetime.now(UTC),
        )

    # --- what the server takes ------------------------------------------------------------

    def context_tokens(self) -> int | None:
        """The context window: configured, else learned, else asked of the server (once)."""
        if self.settings.context_tokens:
            return self.settings.context_tokens
        known = self.known.context_tokens
        if known is None:
            from core.summaries.context import discover_context

            found = discover_context(self.settings.base_url or "https://api.openai.com/v1",
                                     self.settings.model, self._auth_headers())
            known = self.learn(context_tokens=found or 0).context_tokens
        return known or None

    def learn(self, **changes: Any) -> Capabilities:
        """Remember something found about this server (kept in the store when there is one)."""
        return self.book.learn(self._key, **changes)

    def bound_param(self) -> str:
        """`max_tokens`, or `max_completion_tokens` for OpenAI itself (its newer models refuse
        `max_tokens`), unless the server taught otherwise."""
        known = self.known.bound_param
        if known:
            return known
        hosted = not self.settings.base_url or "api.openai.com" in self.settings.base_url
        return "max_completion_tokens" if hosted else "max_tokens"

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

    def _auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.key_for_client}"}

    @property
    def where(self) -> str:
        """The server, without any user:password of its URL."""
        return self.settings.base_url.split("@")[-1] if self.settings.base_url else "api.openai.com"

    def describe(self, err: openai.APIStatusError) -> str:
        """A one-line reason for an HTTP error, with the API key never in it."""
        status = err.status_code
        if status == 401:
            return "the LLM server rejected the API key (401)"
        if status == 403:
            return "the LLM server refused access (403): check the API key's permissions"
        if status == 404:
            hint = "" if self.where.rstrip("/").endswith("/v1") else ", which usually ends in /v1"
            return (f"the LLM server answered 404 for model {self.settings.model!r}: "
                    f"check llm.model and llm.base_url ({self.where}{hint})")
        verb = "failed" if status >= 500 else "refused the request"
        return f"the LLM server {verb} (HTTP {status}): {self.scrub(server_message(err))}"

    def scrub(self, text: str) -> str:
        """`text` on one line, without the API key or its start."""
        key = self.settings.api_key
        if key:
            text = text.replace(key, "***")
            if len(key) > 8:
                text = text.replace(key[:8], "***")
        return " ".join(text.split())[:200]


