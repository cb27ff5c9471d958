"""The model's context window: asked of the server, read from a refusal, and fitted into."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TOKENIZER_SLACK = 1.15
"""Real tokenizers count up to 13% more than `estimate_tokens` on paper text (measured with
SmolLM2's on the eight fixture PDFs: 0.82-1.13); the prompt is fitted with this margin."""
TEMPLATE_TOKENS = 64
"""The chat template's own tokens (role markers, BOS), never in our estimate."""
DISCOVERY_TIMEOUT = 5.0
"""Seconds each discovery request may take: a server that is slow to describe itself is not
worth waiting for (a context-length refusal teaches the same)."""

_LIMIT_PATTERNS = (
    # OpenAI, vLLM, SGLang: "This model's maximum context length is 8192 tokens. However, you
    # requested 8986 tokens (7986 in the messages, 1000 in the completion)."
    re.compile(r"maximum context length is (\d+)", re.I),
    # llama.cpp: "request (9031 tokens) exceeds the available context size (8192 tokens)"
    re.compile(r"context size \((\d+) tokens?\)", re.I),
    # llama-cpp-python: "Requested tokens (8986) exceed context window of 8192"
    re.compile(r"context window of (\d+)", re.I),
    # Others: "... exceeds the context length (4096) ..."
    re.compile(r"context (?:length|window|size)[^\d]{0,20}(\d{3,7})", re.I),
)
_PROMPT_PATTERNS = (
    re.compile(r"(\d+) in the messages", re.I),  # OpenAI, vLLM
    re.compile(r"request \((\d+) tokens?\)", re.I),  # llama.cpp
    re.compile(r"requested tokens \((\d+)\)", re.I),  # llama-cpp-python (prompt tokens)
)


@dataclass(frozen=True)
class ContextOverflow:
    """What a context-length refusal says: the window, and the prompt size when it says so."""

    context_tokens: int
    prompt_tokens: int | None = None
    """Tokens the server counted in the prompt (llama.cpp and OpenAI say; some do not)."""


def overflow_from_error(message: str, body: Any = None) -> ContextOverflow | None:
    """The window named by an HTTP 400 about context length, or None for any other 400."""
    inner = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(inner, dict) and isinstance(inner.get("n_ctx"), int):
        prompt = inner.get("n_prompt_tokens")
        return ContextOverflow(inner["n_ctx"], prompt if isinstance(prompt, int) else None)
    if "context" not in message.lower():
        return None
    for pattern in _LIMIT_PATTERNS:
        found = pattern.search(message)
        if found:
            counts = (p.search(message) for p in _PROMPT_PATTERNS)
            prompt = next((int(c.group(1)) for c in counts if c), None)
            return ContextOverflow(int(found.group(1)), prompt)
    return None


def slack(token_ratio: float | None) -> float:
    """How much more than estimated the server may count: what it counted last time (plus 10%),
    else TOKENIZER_SLACK."""
    return token_ratio * 1.1 if token_ratio else TOKENIZER_SLACK


def paper_budget(context: int | None, answer_tokens: int, overhead: int, ceiling: int,
                 token_ratio: float | None = None) -> int:
    """Tokens of paper text that fit beside the prompt's other parts and the answer.

    `overhead` is the estimated prompt without the paper; `ceiling` is `token_budget`. An
    unknown context gives the ceiling (a refusal will say the real one).
    """
    if not context:
        return ceiling
    room = (context - answer_tokens - TEMPLATE_TOKENS) / slack(token_ratio) - overhead
    return max(0, min(ceiling, int(room)))


def shrunk_budget(previous: int, overflow: ContextOverflow, sent_estimate: int,
                  answer_tokens: int, overhead: int) -> int:
    """A smaller paper budget after a refusal, using the server's own count when it gave one.

    The server counted `overflow.prompt_tokens` where we estimated `sent_estimate`: that ratio
    (plus 10%) replaces the default slack.
    """
    room = overflow.context_tokens - answer_tokens - TEMPLATE_TOKENS
    return max(0, min(previous - 1, int(room / slack(ratio_of(overflow, sent_estimate)))
                      - overhead))


def ratio_of(overflow: ContextOverflow, sent_estimate: int) -> float | None:
    """The server's count over our estimate, when the refusal gave its count."""
    if not overflow.prompt_tokens or not sent_estimate:
        return None
    return clamp_ratio(overflow.prompt_tokens, sent_estimate)


def clamp_ratio(counted: int, estimated: int) -> float:
    """The server's token count over our estimate, held to 0.5-4.0 (beyond is a mistake)."""
    return min(max(counted / estimated, 0.5), 4.0)


def discover_context(base_url: str, model: str, headers: dict[str, str]) -> int | None:
    """Ask the server its context window: vLLM's and llama.cpp's `/v1/models`, llama.cpp's
    `/props`, Ollama's `/api/show`; None when none of them says."""
    import httpx

    root = re.sub(r"/v1/?$", "", base_url.rstrip("/"))
    asks = (
        ("GET", f"{base_url.rstrip('/')}/models", None, _from_models),
        ("GET", f"{root}/props", None, _from_props),
        ("POST", f"{root}/api/show", {"model": model}, _from_ollama),
    )
    with httpx.Client(timeout=DISCOVERY_TIMEOUT, headers=headers) as client:
        for method, url, body, read in asks:
            try:
                response = client.request(method, url, json=body)
                if response.status_code != 200:
                    continue
                found = read(response.json(), model)
            except (httpx.HTTPError, ValueError, TypeError, AttributeError):
                continue
            if isinstance(found, int) and found > 0:
                return found
    return None


def _from_models(data: Any, model: str) -> int | None:
    """vLLM: `max_model_len` on the model; llama.cpp: `meta.n_ctx`."""
    entries = data.get("data") or []
    chosen = next((e for e in entries if e.get("id") == model), None)
    if chosen is None and len(entries) == 1:
        chosen = entries[0]  # llama.cpp serves one model whatever it is called
    if chosen is None:
        return None
    value = chosen.get("max_model_len") or (chosen.get("meta") or {}).get("n_ctx")
    return int(value) if value else None


def _from_props(data: Any, model: str) -> int | None:
    """llama.cpp's `/props`: the slot's `n_ctx`."""
    value = (data.get("default_generation_settings") or {}).get("n_ctx")
    return int(value) if value else None


OLLAMA_DEFAULT_CTX = 4096
"""Ollama runs a model with num_ctx 4096 unless told otherwise, and cuts longer prompts
silently, whatever the model's own context_length."""


def _from_ollama(data: Any, model: str) -> int | None:
    """Ollama's `/api/show`: `num_ctx` among the parameters, else its default."""
    found = re.search(r"num_ctx\s+(\d+)", str(data.get("parameters") or ""))
    if found:
        return int(found.group(1))
    info = data.get("model_info") or {}
    trained = next((v for k, v in info.items() if k.endswith(".context_length")), None)
    return min(int(trained), OLLAMA_DEFAULT_CTX) if trained else None
