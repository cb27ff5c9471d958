"""One chat completion, streamed or whole, under an idle deadline and a total cap."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from core.errors import SummaryError
from core.stopping import STOP_CHECK_SECONDS, ShouldStop, check_stop

READ_RATE = 50
"""Prompt tokens a slow CPU server reads per second before its first token (a 4k prompt took
25-40 s with a 135M model on 2 cores); the first token may take this long beyond the idle time."""
REPORT_EVERY = 0.25
"""Seconds between progress reports while tokens arrive (a closed section reports at once)."""


@dataclass(frozen=True)
class LlmProgress:
    """Where one LLM call is: reading the paper, or writing the answer."""

    phase: Literal["reading", "writing"]
    prompt_tokens: int
    """Estimated tokens sent (the server's count once it gives one)."""
    tokens: int
    """Answer tokens so far."""
    seconds: float
    """Since the call started."""
    sections: tuple[str, ...] = ()
    """Top-level keys of the JSON answer already complete, in order."""

    @property
    def text(self) -> str:
        """`reading the paper (4,018 tokens)… 12 s` or `writing: 230 tokens, 3 sections, 41 s`."""
        if self.phase == "reading":
            return f"reading the paper ({self.prompt_tokens:,} tokens)… {self.seconds:.0f} s"
        done = f", {len(self.sections)}/7 parts" if self.sections else ""
        return f"writing the summary: {self.tokens:,} tokens{done}, {self.seconds:.0f} s"


OnProgress = Callable[[LlmProgress], None]


@dataclass
class Answer:
    """What came back: content, why it ended, and the server's token counts if it gave them."""

    content: str
    finish_reason: str | None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    streamed_nothing: bool = False
    """A stream request answered with no chunk at all (a server that does not stream)."""


@dataclass(frozen=True)
class Deadline:
    """Idle seconds (no token), a total cap, and the first token's allowance for reading."""

    idle: float
    total: float

    def first_token(self, prompt_tokens: int) -> float:
        """How long the first token may take: the idle time plus the prompt's reading."""
        return min(self.total, self.idle + prompt_tokens / READ_RATE)


def whole_answer(client: Any, request: dict[str, Any], deadline: Deadline) -> Answer:
    """A non-streamed completion; the server is silent until done, so the cap is the deadline."""
    response = client.chat.completions.create(**request, timeout=_timeout(deadline.total))
    if not response.choices:
        raise SummaryError("the LLM server answered with no choices")
    choice = response.choices[0]
    usage = response.usage
    return Answer(choice.message.content or "", choice.finish_reason,
                  usage.prompt_tokens if usage else None,
                  usage.completion_tokens if usage else None)


def stream_answer(client: Any, request: dict[str, Any], deadline: Deadline, prompt_tokens: int,
                  on_progress: OnProgress | None,
                  should_stop: ShouldStop | None = None) -> Answer:
    """A streamed completion, reporting progress; SummaryError on an idle server or past the cap,
    Stopped as soon as `should_stop()` says so.

    A helper thread reads the stream into a queue, so this thread can give up after the idle
    time (the first token may also take the prompt's reading) or when asked to stop, whatever
    the socket does; the helper then closes the stream at its next chunk, which stops the
    server's generation.
    """
    started = time.monotonic()
    report = _Reporter(on_progress, prompt_tokens, started)
    report.reading()
    chunks: queue.Queue[Any] = queue.Queue()
    stop = threading.Event()
    first_wait = deadline.first_token(prompt_tokens)
    reader = threading.Thread(target=_read_stream, name="llm-stream", daemon=True,
                              args=(client, request, first_wait, chunks, stop))
    reader.start()
    parts: list[str] = []
    answer = Answer("", None, streamed_nothing=True)
    tracker = SectionTracker()
    try:
        while True:
            left = deadline.total - (time.monotonic() - started)
            wait = min(deadline.idle if parts else first_wait, left)
            try:
                chunk = _next_chunk(chunks, wait, should_stop)
            except queue.Empty:
                if left <= wait and parts:
                    raise SummaryError(_cap_message(deadline, len(parts))) from None
                if left <= wait:
                    raise SummaryError(f"the LLM server did not answer within "
                                       f"{deadline.total:g} s (llm.timeout_seconds)") from None
                raise SummaryError(_idle_message(deadline, prompt_tokens, len(parts))) from None
            if chunk is _END:
                break
            if isinstance(chunk, BaseException):
                raise _stream_error(chunk, deadline, prompt_tokens, len(parts))
            answer.streamed_nothing = False
            if chunk.usage is not None:
                answer.prompt_tokens = chunk.usage.prompt_tokens
                answer.completion_tokens = chunk.usage.completion_tokens
            for choice in chunk.choices or ():
                piece = choice.delta.content if choice.delta else None
                if piece:
                    parts.append(piece)
                    report.token(tracker.feed(piece))
                if choice.finish_reason:
                    answer.finish_reason = choice.finish_reason
            if time.monotonic() - started > deadline.total:
                raise SummaryError(_cap_message(deadline, len(parts)))
    finally:
        stop.set()
    answer.content = "".join(parts)
    return answer


_END = object()


def _next_chunk(chunks: queue.Queue[Any], wait: float, should_stop: ShouldStop | None) -> Any:
    """The next chunk within `wait` seconds (queue.Empty if none came), asking `should_stop`
    between short slices; also asked when chunks keep coming, so a steady stream stops too."""
    check_stop(should_stop)
    if should_stop is None:
        return chunks.get(timeout=max(wait, 0.0))
    ends = time.monotonic() + wait
    while True:
        left = ends - time.monotonic()
        try:
            return chunks.get(timeout=max(min(left, STOP_CHECK_SECONDS), 0.0))
        except queue.Empty:
            if left <= STOP_CHECK_SECONDS:
                raise
        check_stop(should_stop)


def _read_stream(client: Any, request: dict[str, Any], read_timeout: float,
                 chunks: queue.Queue[Any], stop: threading.Event) -> None:
    """The helper thread: every chunk (or the error) into `chunks`, then _END."""
    try:
        stream = client.chat.completions.create(**request, stream=True,
                                                timeout=_timeout(read_timeout))
        try:
            if "html" in stream.response.headers.get("content-type", ""):  # a proxy's page
                raise SummaryError("the LLM server's answer is not a chat completion")
            for chunk in stream:
                if stop.is_set():
                    return
                chunks.put(chunk)
        finally:
            stream.close()
    except BaseException as err:  # handed over to the caller's thread
        chunks.put(err)
        return
    chunks.put(_END)


def _stream_error(err: BaseException, deadline: Deadline, prompt_tokens: int,
                  tokens: int) -> BaseException:
    """The caller's error for what the helper thread met: timeouts and broken streams worded."""
    import httpx

    if isinstance(err, httpx.TimeoutException):
        return SummaryError(_idle_message(deadline, prompt_tokens, tokens))
    if isinstance(err, httpx.RemoteProtocolError | httpx.ReadError):
        return SummaryError(f"the LLM server broke off its answer after {tokens:,} tokens")
    return err


def _cap_message(deadline: Deadline, tokens: int) -> str:
    return (f"the LLM was still writing after {deadline.total:g} s ({tokens:,} tokens): "
            "a looping model? (llm.timeout_seconds caps a call)")


def _idle_message(deadline: Deadline, prompt_tokens: int, tokens: int) -> str:
    if not tokens:
        return (f"the LLM server sent no token within {deadline.first_token(prompt_tokens):.0f} s "
                f"of a {prompt_tokens:,}-token prompt (llm.idle_seconds)")
    return (f"the LLM server stopped for {deadline.idle:g} s after {tokens:,} tokens "
            "(llm.idle_seconds)")


def _timeout(read: float) -> Any:
    import httpx

    return httpx.Timeout(read, connect=min(read, 10.0))


class _Reporter:
    """Progress reports, at most every REPORT_EVERY seconds unless a section closed."""

    def __init__(self, on_progress: OnProgress | None, prompt_tokens: int, started: float) -> None:
        self.on_progress = on_progress
        self.prompt_tokens = prompt_tokens
        self.started = started
        self.tokens = 0
        self.sections: tuple[str, ...] = ()
        self._last = 0.0

    def reading(self) -> None:
        if self.on_progress:
            self.on_progress(LlmProgress("reading", self.prompt_tokens, 0, 0.0))

    def token(self, closed: tuple[str, ...]) -> None:
        self.tokens += 1
        self.sections += closed
        now = time.monotonic()
        if self.on_progress and (closed or self.tokens == 1 or now - self._last >= REPORT_EVERY):
            self._last = now
            self.on_progress(LlmProgress("writing", self.prompt_tokens, self.tokens,
                                         now - self.started, self.sections))


class SectionTracker:
    """Follows a JSON object as it streams in and names each top-level key once its value ends."""

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escaped = False
        self.key: str | None = None
        self._string: list[str] = []
        self._expect_key = False

    def feed(self, text: str) -> tuple[str, ...]:
        """Consume more of the answer; returns the keys completed by it."""
        closed: list[str] = []
        for ch in text:
            if self.in_string:
                self._in_string(ch)
            elif ch == '"':
                self.in_string = True
                self._string = []
            elif ch in "{[":
                self.depth += 1
                self._expect_key = self.depth == 1 and ch == "{"
            elif ch in "}]":
                if self.depth == 1 and self.key:
                    closed.append(self.key)
                    self.key = None
                self.depth -= 1
            elif ch == "," and self.depth == 1:
                if self.key:
                    closed.append(self.key)
                    self.key = None
                self._expect_key = True
        return tuple(closed)

    def _in_string(self, ch: str) -> None:
        if self.escaped:
            self.escaped = False
        elif ch == "\\":
            self.escaped = True
        elif ch == '"':
            self.in_string = False
            if self.depth == 1 and self._expect_key:
                self.key = "".join(self._string)
                self._expect_key = False
            return
        self._string.append(ch)
