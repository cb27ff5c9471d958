"""A local OpenAI-compatible server on 127.0.0.1 that records requests and answers from a script.

`POST /v1/chat/completions`, plain JSON or SSE (`stream: true`); `GET /v1/models`. Each request
takes the next cue of `script` (when it is empty: a valid summary of the paper sent, `on_topic`):
`reply(content)`, `valid()`, `invalid()`, `truncated()`, `status(code)`, `unauthorized()`,
`rate_limited(retry_after)`, `server_error()`, `slow(seconds)`, `html_page()`, `looping()` (a model
writing the same word until the answer bound, or forever), `stalling()` (a few tokens, then
silence), `meaningless(kind)`; add them with `server.then(...)`. `reject_json_schema = 400 | 500`
makes every request asking for `json_schema` fail that way (500 is llama.cpp's answer) without
taking a cue. `context_tokens = N` refuses a prompt plus answer bound over N tokens, worded as
`context_style` says (`openai`, `llamacpp`, `llama-cpp-python`); `advertise` names where the
window is told (`models`: vLLM's max_model_len, `props`: llama.cpp, `ollama`: /api/show);
`token_ratio` makes the server count more tokens than papertray estimates. `refuse_param = name`
refuses any request carrying that parameter (OpenAI's newer models and `max_tokens`);
`streams = False` answers stream requests with a whole JSON completion. `hold()` makes requests wait
until `release()` (to assert a loading state); `wait_for_requests(n)` waits for them to arrive.
`requests` holds every chat request's JSON body, `recorded` also the path and headers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from servers.http_reply import send_reply

from core.config import LlmSettings

MODEL = "test-model"

VALID_SECTIONS: dict[str, Any] = {
    "task": ["Open-domain question answering: retrieve passages that answer a question."],
    "motivation": "Sparse retrieval such as TF-IDF or BM25 misses passages that use other words.",
    "related_work": [
        {"work": "BM25", "challenge": "Keyword matching misses synonyms and paraphrases."},
        {"work": "ORQA", "challenge": "Costly inverse-cloze pretraining of the retriever."},
    ],
    "core_idea": ["Dense passage embeddings from two BERT encoders, trained on QA pairs."],
    "method": {
        "pipeline": "Encode passages offline, index them with FAISS, encode the question.",
        "architecture": "Two BERT-base encoders; in-batch negatives; negative log-likelihood.",
        "complexity": "21M passages indexed; retrieval in milliseconds per question on CPU.",
    },
    "experiments": {
        "datasets": "Natural Questions, TriviaQA, WebQuestions, CuratedTREC, SQuAD; top-k hits.",
        "baselines": ["BM25", "ORQA"],
        "main_results": "Top-20 accuracy 78.4% on Natural Questions against 59.1% for BM25.",
        "ablations": "More in-batch negatives help; gold-passage training is better.",
        "limitations": "SQuAD favours BM25 because questions reuse the passage's words.",
    },
    "takeaways": {
        "pros": ["Simple training recipe.", "Large retrieval gains."],
        "cons": ["Needs a GPU to index the corpus."],
        "future_work": ["Joint training of retriever and reader."],
    },
}
VALID_JSON = json.dumps(VALID_SECTIONS)

LLAMA_CPP_500 = {
    "error": {
        "code": 500,
        "message": 'response_format type must be one of "text" or "json_object", '
        "but got: json_schema",
        "type": "server_error",
    }
}
OPENAI_400 = {
    "error": {
        "message": "Invalid parameter: 'response_format' of type 'json_schema' is not supported "
        "with this model.",
        "type": "invalid_request_error",
        "param": "response_format",
        "code": None,
    }
}


@dataclass
class Cue:
    """How to answer one request."""

    content: str = VALID_JSON
    finish_reason: str = "stop"
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    usage: bool = True
    raw: str | None = None
    """A body sent as it is (text/html), instead of a completion."""
    loop: str | None = None
    """Write this token over and over: up to the request's answer bound, or forever if None is
    sent (or `ignore_bound`), until the client hangs up."""
    ignore_bound: bool = False
    stall_after: int | None = None
    """Stream this many pieces of `content`, then go silent until the server stops."""


def reply(content: str, finish_reason: str = "stop", *, usage: bool = True) -> Cue:
    """Answer with this assistant content."""
    return Cue(content=content, finish_reason=finish_reason, usage=usage)


def valid() -> Cue:
    """A valid six-section answer (VALID_SECTIONS)."""
    return Cue()


def invalid() -> Cue:
    """Prose that is not JSON."""
    return Cue(content="Sure! Here is a summary of the paper: it is about retrieval.")


def truncated() -> Cue:
    """The first half of a valid answer, cut off (`finish_reason: length`)."""
    return Cue(content=VALID_JSON[: len(VALID_JSON) // 2], finish_reason="length")


def status(code: int, message: str = "scripted failure", **headers: str) -> Cue:
    """An HTTP error with an OpenAI-style error body."""
    body = {"error": {"message": message, "type": "server_error", "code": code}}
    return Cue(status=code, body=body, headers=headers)


def unauthorized(key_shown: str = "") -> Cue:
    """401 as OpenAI words it, echoing part of the key as OpenAI does."""
    message = f"Incorrect API key provided: {key_shown}. You can find your API key at ..."
    return Cue(status=401, body={"error": {"message": message, "type": "invalid_request_error",
                                           "code": "invalid_api_key"}})


def rate_limited(retry_after: float | str = 1) -> Cue:
    """429 with a Retry-After header."""
    return status(429, "Rate limit reached", **{"Retry-After": str(retry_after)})


def server_error() -> Cue:
    """500 with a JSON body."""
    return status(500, "internal error")


def html_page() -> Cue:
    """200 with an HTML page, as a captive portal or a wrong base URL gives."""
    return Cue(raw="<html><body>Welcome to the proxy</body></html>")


def looping(word: str = "retrieval ", *, ignore_bound: bool = False) -> Cue:
    """A model caught in a loop: one word until the answer bound (finish_reason length)."""
    return Cue(loop=word, ignore_bound=ignore_bound)


def stalling(after: int = 3) -> Cue:
    """A few streamed pieces of a valid answer, then silence."""
    return Cue(stall_after=after)


MEANINGLESS: dict[str, dict[str, Any]] = {
    "digits": {**VALID_SECTIONS, "task": ["1"], "core_idea": ["2"]},
    "number_field": {**VALID_SECTIONS, "motivation": "1, 2, 3."},
    "punctuation": {**VALID_SECTIONS, "task": ["},"], "core_idea": ["]"]},
    "one_word": {**VALID_SECTIONS, "motivation": " ".join(["retrieval"] * 30)},
    "repeated": {**VALID_SECTIONS,
                 "core_idea": ["Dense passage embeddings are learned from question pairs."],
                 "method": {**VALID_SECTIONS["method"], "pipeline":
                            "Dense passage embeddings are learned from question pairs."}},
    "off_topic": {
        "task": ["Bake sourdough bread with a crisp crust at home."],
        "motivation": "Home bakers struggle with flat loaves and pale crusts.",
        "related_work": [{"work": "Tartine", "challenge": "Long fermentation schedules."}],
        "core_idea": ["Preheat a cast-iron pot and steam the dough while baking."],
        "method": {"pipeline": "Mix flour and water, fold hourly, shape, proof overnight.",
                   "architecture": "A covered pot traps steam during the bake.",
                   "complexity": "Twenty hours including the cold proof."},
        "experiments": {"datasets": "Twelve loaves baked over three weekends.",
                        "baselines": ["Sheet pan"], "main_results": "Taller loaves, darker crust.",
                        "ablations": "Without steam the crust stays pale.",
                        "limitations": "Gas ovens vent steam quickly."},
        "takeaways": {"pros": ["Cheap."], "cons": ["Slow."], "future_work": ["Rye flour."]},
    },
}
"""Schema-valid answers that mean nothing (as small local models write them)."""


def meaningless(kind: str) -> Cue:
    """A schema-valid answer of one MEANINGLESS kind."""
    return Cue(content=json.dumps(MEANINGLESS[kind]))


def slow(seconds: float, then: Cue | None = None) -> Cue:
    """Wait `seconds` before answering (a valid answer unless told)."""
    cue = then or Cue()
    cue.delay = seconds
    return cue


@dataclass
class Recorded:
    """One request as the server saw it."""

    path: str
    headers: dict[str, str]
    """Header names lower-cased."""
    body: dict[str, Any]


class FakeOpenAI:
    """The server's script, recordings and hold gate; tests get one from `openai_server`."""

    def __init__(self) -> None:
        self.script: list[Cue] = []
        self.recorded: list[Recorded] = []
        self.reject_json_schema: int | None = None
        self.context_tokens: int | None = None
        self.context_style = "openai"
        self.advertise: str | None = None
        self.token_ratio = 1.0
        self.refuse_param: str | None = None
        self.streams = True
        self.in_flight = 0
        self.max_in_flight = 0
        """The most chat requests answered at once."""
        self._gate = threading.Event()
        self._gate.set()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:<port>/v1`."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def requests(self) -> list[dict[str, Any]]:
        """The JSON bodies of every chat request, in order."""
        return [r.body for r in self.recorded if r.path.endswith("/chat/completions")]

    def settings(self, **changes: Any) -> LlmSettings:
        """LlmSettings pointing at this server (short timeout, no key)."""
        values: dict[str, Any] = {"base_url": self.base_url, "model": MODEL,
                                  "timeout_seconds": 5.0, "max_retries": 2}
        return LlmSettings(**{**values, **changes})

    def then(self, *cues: Cue) -> FakeOpenAI:
        """Append cues to the script."""
        with self._lock:
            self.script.extend(cues)
        return self

    def hold(self) -> None:
        """Make requests wait (after being recorded) until `release()`."""
        self._gate.clear()

    def release(self) -> None:
        """Let held requests answer."""
        self._gate.set()

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Block until `count` requests have arrived; False on timeout."""
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.recorded) >= count, timeout)

    def start(self) -> FakeOpenAI:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release held and slow requests, stop serving, close the socket (idempotent)."""
        if self._stop.is_set():
            return
        self._stop.set()
        self._gate.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def prompt_tokens(self, body: dict[str, Any]) -> int:
        """The server's count of a request's prompt: 4 characters a token, times token_ratio."""
        chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        return int(chars / 4 * self.token_ratio)

    def _refusal(self, body: dict[str, Any]) -> Cue | None:
        """A refused parameter, or a prompt over the context window, before any cue is taken."""
        if self.refuse_param and self.refuse_param in body:
            other = "max_completion_tokens" if self.refuse_param == "max_tokens" else "max_tokens"
            message = (f"Unsupported parameter: '{self.refuse_param}' is not supported with this "
                       f"model. Use '{other}' instead.")
            return Cue(status=400, body={"error": {"message": message, "type":
                                                   "invalid_request_error",
                                                   "param": self.refuse_param,
                                                   "code": "unsupported_parameter"}})
        if self.context_tokens is None:
            return None
        prompt = self.prompt_tokens(body)
        bound = body.get("max_tokens") or body.get("max_completion_tokens") or 0
        if prompt + bound <= self.context_tokens:
            return None
        return Cue(status=400, body=_context_error(self.context_style, self.context_tokens,
                                                   prompt, bound))

    def _next_cue(self, body: dict[str, Any]) -> Cue:
        refusal = self._refusal(body)
        if refusal is not None:
            return refusal
        wants_schema = (body.get("response_format") or {}).get("type") == "json_schema"
        if wants_schema and self.reject_json_schema:
            code = self.reject_json_schema
            return Cue(status=code, body=LLAMA_CPP_500 if code == 500 else OPENAI_400)
        with self._lock:
            return self.script.pop(0) if self.script else Cue(content=on_topic(body))

    def _record(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> None:
        with self._arrived:
            self.recorded.append(Recorded(path, headers, body))
            self._arrived.notify_all()

    def _wait(self, seconds: float) -> None:
        """Sleep, but not past the server's shutdown."""
        self._stop.wait(seconds)


def _handler(server: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.rstrip("/")
            window = server.context_tokens
            if path.endswith("/models"):
                model: dict[str, Any] = {"id": MODEL, "object": "model"}
                if server.advertise == "models" and window:
                    model["max_model_len"] = window
                self._json(200, {"object": "list", "data": [model]})
            elif path == "/props" and server.advertise == "props" and window:
                self._json(200, {"default_generation_settings": {"n_ctx": window}})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except json.JSONDecodeError:
                self._json(400, {"error": {"message": "body is not JSON"}})
                return
            server._record(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            if self.path == "/api/show" and server.advertise == "ollama":
                self._json(200, {"parameters": f"num_ctx {server.context_tokens}",
                                 "model_info": {"llama.context_length": 131072}})
                return
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            with server._lock:
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                self._answer(body)
            finally:
                with server._lock:
                    server.in_flight -= 1

        def _answer(self, body: dict[str, Any]) -> None:
            server._gate.wait(30)
            cue = server._next_cue(body)
            if cue.delay:
                server._wait(cue.delay)
            if cue.raw is not None:
                self._raw(cue.raw)
            elif cue.status != 200:
                self._json(cue.status, cue.body or {}, cue.headers)
            elif body.get("stream") and server.streams:
                self._stream(cue, body)
            elif cue.loop is not None:
                self._json(200, _completion(_looped(cue, body), body,
                                                server.prompt_tokens(body)))
            else:
                self._json(200, _completion(cue, body, server.prompt_tokens(body)))

        def _json(self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None
                  ) -> None:
            send_reply(self, code, "application/json", json.dumps(payload).encode(), headers)

        def _raw(self, text: str) -> None:
            data = text.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, cue: Cue, body: dict[str, Any]) -> None:
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                for index, chunk in enumerate(_chunks(cue, body, server.prompt_tokens(body))):
                    if cue.stall_after is not None and index == cue.stall_after:
                        server._wait(60)
                        return
                    if cue.ignore_bound:  # an endless loop: at a pace, until hung up on
                        server._wait(0.005)
                        if server._stop.is_set():
                            return
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

    return Handler


def _usage(cue: Cue, prompt: int) -> dict[str, int]:
    completion = len(cue.content) // 4
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion}


def _completion(cue: Cue, body: dict[str, Any], prompt: int) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": f"chatcmpl-{time.monotonic_ns()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", MODEL),
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": cue.content},
            "finish_reason": cue.finish_reason,
        }],
    }
    if cue.usage:
        payload["usage"] = _usage(cue, prompt)
    return payload


def on_topic(body: dict[str, Any]) -> str:
    """The answer when the script is empty: VALID_SECTIONS, its task, core idea, motivation and
    pipeline taken from the paper sent (title and first sentences), as a model summarizing that
    paper would write them, so that any paper's summary passes the vocabulary check."""
    user = next((str(m.get("content", "")) for m in body.get("messages", [])
                 if m.get("role") == "user"), "")
    paper = user.split("<paper>", 1)[-1].split("</paper>", 1)[0]
    title = next((line[7:] for line in paper.splitlines() if line.startswith("Title: ")), "")
    text = " ".join(line for line in paper.splitlines()[3:] if not line.startswith("## "))
    found = [f"{s.strip().rstrip('.')}." for s in text.split(". ") if len(s.split()) >= 4]
    sentences = list(dict.fromkeys(found))[:3]
    if not title or len(sentences) < 3:
        return VALID_JSON
    data = json.loads(VALID_JSON)
    data["task"] = [f"The problem of {title}."]
    data["core_idea"], data["motivation"] = [sentences[0]], sentences[1]
    data["method"]["pipeline"] = sentences[2]
    return json.dumps(data)


def _bound(cue: Cue, body: dict[str, Any]) -> int | None:
    """The answer bound the request sent (None: none, or the cue ignores it)."""
    if cue.ignore_bound:
        return None
    bound = body.get("max_tokens") or body.get("max_completion_tokens")
    return int(bound) if bound else None


def _looped(cue: Cue, body: dict[str, Any]) -> Cue:
    """A whole looping answer: the bound's worth of the word (a non-streamed loop needs one)."""
    bound = _bound(cue, body) or 100_000
    return Cue(content=(cue.loop or "") * bound, finish_reason="length")


def _context_error(style: str, window: int, prompt: int, bound: int) -> dict[str, Any]:
    """A context-length refusal as each kind of server words it."""
    if style == "llamacpp":
        return {"error": {"code": 400, "message": f"request ({prompt} tokens) exceeds the "
                          f"available context size ({window} tokens), try increasing it",
                          "type": "exceed_context_size_error", "n_prompt_tokens": prompt,
                          "n_ctx": window}}
    if style == "llama-cpp-python":
        return {"error": {"message": f"Requested tokens ({prompt}) exceed context window of "
                          f"{window}", "type": "internal_server_error"}}
    return {"error": {"message": f"This model's maximum context length is {window} tokens. "
                      f"However, you requested {prompt + bound} tokens ({prompt} in the "
                      f"messages, {bound} in the completion). Please reduce the length of the "
                      "messages or completion.", "type": "invalid_request_error",
                      "param": "messages", "code": "context_length_exceeded"}}


def _chunks(cue: Cue, body: dict[str, Any], prompt: int) -> Iterator[dict[str, Any]]:
    base = {"id": f"chatcmpl-{time.monotonic_ns()}", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": body.get("model", MODEL)}
    if cue.loop is not None:
        yield from _loop_chunks(cue, body, base, prompt)
        return
    pieces = [cue.content[i : i + 40] for i in range(0, len(cue.content), 40)] or [""]
    for index, piece in enumerate(pieces):
        delta = {"content": piece, **({"role": "assistant"} if index == 0 else {})}
        yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": cue.finish_reason}]}
    if cue.usage and (body.get("stream_options") or {}).get("include_usage"):
        yield {**base, "choices": [], "usage": _usage(cue, prompt)}


def _loop_chunks(cue: Cue, body: dict[str, Any], base: dict[str, Any], prompt: int
                 ) -> Iterator[dict[str, Any]]:
    """One token a chunk, up to the bound (then `length`), or without end."""
    bound = _bound(cue, body)
    written = 0
    while bound is None or written < bound:
        delta = {"content": cue.loop, **({"role": "assistant"} if written == 0 else {})}
        yield {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
        written += 1
    yield {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}
    if (body.get("stream_options") or {}).get("include_usage"):
        yield {**base, "choices": [], "usage": {"prompt_tokens": prompt,
                                                "completion_tokens": written,
                                                "total_tokens": prompt + written}}


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible server on 127.0.0.1, stopped after the test."""
    server = FakeOpenAI().start()
    try:
        yield server
    finally:
        server.stop()
