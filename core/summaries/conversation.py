"""The calls for one paper: fit the prompt, pick the JSON mode, send, check the answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.errors import SummaryError
from core.models import Paper
from core.records import PaperText, Sections
from core.stopping import ShouldStop, check_stop, pause
from core.summaries.answer_checks import check_content
from core.summaries.budget import BudgetedText, estimate_tokens, select_text
from core.summaries.context import (
    ContextOverflow,
    clamp_ratio,
    overflow_from_error,
    paper_budget,
    ratio_of,
    shrunk_budget,
)
from core.summaries.llm_errors import backoff, refused_param, retry_after, server_message
from core.summaries.prompt import Message, Mode, build_messages, correction
from core.summaries.schema import InvalidSummaryError, parse_sections, response_format_json_schema
from core.summaries.stream import Answer, Deadline, OnProgress, stream_answer, whole_answer

if TYPE_CHECKING:
    import openai

    from core.summaries.llm import LlmSummarizer

MODES: tuple[Mode, ...] = ("json_schema", "json_object", "plain")
UNSUPPORTED_STATUS = frozenset({400, 415, 422, 500, 501})
"""How servers refuse a response_format they do not know (llama.cpp: 500; vLLM, OpenAI: 400)."""
MAX_RETRY_WAIT = 30.0
"""Longest Retry-After honoured; a server asking for more fails the summary at once."""


class _Unsupported(Exception):
    """The server refused this mode's response_format: try the next mode."""


class _Overflow(Exception):
    """The prompt and the answer bound do not fit the model's context window."""

    def __init__(self, overflow: ContextOverflow, sent: int) -> None:
        super().__init__(overflow.context_tokens)
        self.overflow = overflow
        self.sent = sent
        """Our estimate of the prompt's tokens."""


@dataclass
class Usage:
    """What the calls of one summary cost (also when it failed)."""

    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    seconds: float = 0.0


OnUsage = Callable[[Usage], None]


class Conversation:
    """The calls for one paper: fit the prompt, pick the JSON mode, check the answer."""

    def __init__(self, llm: LlmSummarizer, paper: Paper, text: PaperText | None, usage: Usage,
                 progress: OnProgress | None, should_stop: ShouldStop | None = None) -> None:
        self.llm = llm
        self.should_stop = should_stop
        """Asked between calls and while one streams or waits to retry (Stopped)."""
        self.settings = llm.settings
        self.paper = paper
        self.text = text
        self.usage = usage
        self.progress = progress
        self.budget: int | None = None
        """A paper budget forced by a context-length refusal."""
        self.worked_round: set[str] = set()
        """Optional parameters already changed after a refusal (each once)."""

    def run(self) -> tuple[Sections, BudgetedText]:
        """The checked sections and the text they were made from."""
        known = self.llm.mode
        modes = MODES[MODES.index(known):] if known else MODES
        index, shrunk = 0, False
        while True:
            mode = modes[index]
            chosen, messages = self.prompt(mode)
            try:
                # Until a mode has worked, an HTTP 400/500 may mean "not this response_format".
                answer = self.call(messages, mode, probing=mode != known)
            except _Unsupported as err:
                index += 1
                if index < len(modes):
                    continue
                raise SummaryError(str(err)) from None
            except _Overflow as over:
                self.llm.learn(context_tokens=over.overflow.context_tokens,
                               token_ratio=ratio_of(over.overflow, over.sent)
                               or self.llm.known.token_ratio)
                self.budget = shrunk_budget(chosen.tokens, over.overflow, over.sent,
                                            self.settings.answer_tokens, self.overhead(mode))
                if shrunk or self.budget <= 0:
                    raise SummaryError(self.too_long(over)) from None
                shrunk = True
                continue
            self.llm.learn(mode=mode)
            return self.accept(answer, chosen, messages, mode), chosen

    def accept(self, answer: Answer, chosen: BudgetedText, messages: list[Message],
               mode: Mode) -> Sections:
        """The answer's sections, after one corrective retry if it is unusable."""
        try:
            return self.check(answer, chosen)
        except InvalidSummaryError as err:
            truncated = answer.finish_reason == "length"
            messages = [*messages, correction(str(err), truncated=truncated)]
        try:
            answer = self.call(messages, mode)
        except _Overflow as over:
            raise SummaryError(self.too_long(over)) from None
        try:
            return self.check(answer, chosen)
        except InvalidSummaryError as err:
            raise SummaryError(f"the LLM's answer was unusable twice ({err})") from None

    def check(self, answer: Answer, chosen: BudgetedText) -> Sections:
        """Sections from a whole, meaningful answer, else InvalidSummaryError."""
        if answer.finish_reason == "length":
            raise InvalidSummaryError(
                f"the answer was cut off at {self.settings.answer_tokens} tokens "
                "(finish_reason length)")
        sections = parse_sections(answer.content)
        check_content(sections, f"{self.paper.title}\n{self.paper.abstract}\n{chosen.text}")
        return sections

    # --- the prompt -----------------------------------------------------------------------

    def prompt(self, mode: Mode) -> tuple[BudgetedText, list[Message]]:
        """The paper text that fits, and the messages carrying it."""
        budget = self.budget
        if budget is None:
            budget = paper_budget(self.llm.context_tokens(), self.settings.answer_tokens,
                                  self.overhead(mode), self.settings.token_budget,
                                  self.llm.known.token_ratio)
        if budget <= 0:
            raise SummaryError(self.no_room())
        chosen = select_text(self.text, self.paper.abstract, budget)
        if not chosen.text:
            raise SummaryError(f"nothing to summarize: {self.paper.versioned_id} has no abstract")
        messages = build_messages(self.paper, chosen, language=self.settings.language, mode=mode)
        return chosen, messages

    def overhead(self, mode: Mode) -> int:
        """Estimated tokens of the prompt without the paper's text."""
        empty = BudgetedText("", (), 0, "pdf")
        messages = build_messages(self.paper, empty, language=self.settings.language, mode=mode)
        return sum(estimate_tokens(m["content"]) for m in messages)

    def no_room(self) -> str:
        context = self.llm.context_tokens()
        return (f"the model's context ({context} tokens) leaves no room for the paper beside "
                f"the answer bound (llm.answer_tokens = {self.settings.answer_tokens}): "
                "lower llm.answer_tokens or use a model with a larger context")

    def too_long(self, over: _Overflow) -> str:
        prompt = (f"{over.overflow.prompt_tokens:,}" if over.overflow.prompt_tokens
                  else f"~{over.sent:,}")
        return (f"the prompt ({prompt} tokens) and the answer bound "
                f"({self.settings.answer_tokens}) do not fit the model's context "
                f"({over.overflow.context_tokens:,} tokens): lower llm.token_budget or "
                "llm.answer_tokens, or set llm.context_tokens")

    # --- one call -----------------------------------------------------------------------------

    def call(self, messages: list[Message], mode: Mode, *, probing: bool = False) -> Answer:
        """One chat completion, with bounded retries on 429, 5xx and lost connections, and one
        change of request for each optional parameter the server refuses."""
        import openai

        request = self.request(messages, mode)
        sent = sum(estimate_tokens(m["content"]) for m in messages)
        attempt = 0
        while True:
            self.usage.calls += 1
            try:
                answer = self.send(request, sent)
                break
            except openai.APIStatusError as err:
                overflow = overflow_from_error(server_message(err), getattr(err, "body", None))
                if overflow is not None:
                    raise _Overflow(overflow, sent) from None
                if self.work_round(err, request):
                    continue
                # A mode's refusal is only a refusal when asking for JSON that way.
                if probing and mode != "plain" and err.status_code in UNSUPPORTED_STATUS:
                    raise _Unsupported(self.llm.describe(err)) from None
                wait = self.retry_wait(err, attempt)
            except openai.APITimeoutError:
                raise SummaryError(
                    f"the LLM server did not answer within {self.settings.timeout_seconds:g} s "
                    "(llm.timeout_seconds)") from None
            except openai.APIConnectionError:
                wait = self.retry_wait(None, attempt)
            except (AttributeError, TypeError, IndexError):  # e.g. an HTML page with 200
                raise SummaryError("the LLM server's answer is not a chat completion") from None
            attempt += 1
            pause(wait, self.should_stop)
        self.count(answer, sent)
        return answer

    def request(self, messages: list[Message], mode: Mode) -> dict[str, Any]:
        """The request's body, as far as this server is known to take it."""
        request: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            # Low but not 0: faithful to the paper, without the loops greedy decoding can fall
            # into on small local models.
            "temperature": 0.2,
            self.llm.bound_param(): self.settings.answer_tokens,
        }
        if mode == "json_schema":
            request["response_format"] = response_format_json_schema()
        elif mode == "json_object":
            request["response_format"] = {"type": "json_object"}
        known = self.llm.known
        if self.settings.stream and known.stream is not False:
            request["stream"] = True
            if known.stream_usage is not False:
                request["stream_options"] = {"include_usage": True}
        return request

    def send(self, request: dict[str, Any], sent: int) -> Answer:
        """The call itself, streamed when asked; a server that streams nothing is asked whole.

        Only a streamed call can be stopped while under way: a whole one ends at its timeout.
        """
        check_stop(self.should_stop)
        deadline = Deadline(self.settings.idle_seconds, self.settings.timeout_seconds)
        if not request.get("stream"):
            return whole_answer(self.llm.client, request, deadline)
        body = {k: v for k, v in request.items() if k != "stream"}
        answer = stream_answer(self.llm.client, body, deadline, sent, self.progress,
                               self.should_stop)
        if answer.streamed_nothing:
            self.llm.learn(stream=False)
            request.pop("stream", None)
            request.pop("stream_options", None)
            return whole_answer(self.llm.client, request, deadline)
        self.llm.learn(stream=True, stream_usage="stream_options" in request)
        return answer

    def work_round(self, err: openai.APIStatusError, request: dict[str, Any]) -> bool:
        """Change the request when the server refuses an optional parameter by name."""
        refused = refused_param(err, request)
        if refused is None or refused in self.worked_round:
            return False
        self.worked_round.add(refused)
        bound = request.pop(refused, None) if refused.startswith("max_") else None
        if refused == "max_tokens":
            request["max_completion_tokens"] = bound
            self.llm.learn(bound_param="max_completion_tokens")
        elif refused == "max_completion_tokens":
            request["max_tokens"] = bound
            self.llm.learn(bound_param="max_tokens")
        elif refused == "stream_options":
            request.pop("stream_options")
            self.llm.learn(stream_usage=False)
        else:
            request.pop("stream")
            request.pop("stream_options", None)
            self.llm.learn(stream=False)
        return True

    def count(self, answer: Answer, sent: int) -> None:
        """Tokens from the server's usage, else estimated; how far off the estimate was."""
        self.usage.input_tokens += answer.prompt_tokens or sent
        self.usage.output_tokens += answer.completion_tokens or estimate_tokens(answer.content)
        if answer.prompt_tokens and sent >= 1000:  # short prompts are mostly template
            self.llm.learn(token_ratio=round(clamp_ratio(answer.prompt_tokens, sent), 2))

    def retry_wait(self, err: openai.APIStatusError | None, attempt: int) -> float:
        """Seconds to wait before the next try, or SummaryError when no retry is due."""
        if err is None:
            if attempt >= self.settings.max_retries:
                raise SummaryError(f"cannot reach the LLM server at {self.llm.where}") from None
            return backoff(attempt)
        status = err.status_code
        if status not in (408, 409, 429) and status < 500 or attempt >= self.settings.max_retries:
            raise SummaryError(self.llm.describe(err)) from None
        asked = retry_after(err)
        if asked is not None and asked > MAX_RETRY_WAIT:
            raise SummaryError(
                f"the LLM server is rate limiting (HTTP {status}) and asks to wait {asked:.0f} s"
            ) from None
        return asked if asked is not None else backoff(attempt)
