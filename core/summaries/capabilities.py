"""What a server + model was found to take, learned once and kept (in memory and the store)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from core.summaries.prompt import Mode

BoundParam = Literal["max_tokens", "max_completion_tokens"]

Load = Callable[[str], "dict[str, Any] | None"]
Save = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Capabilities:
    """One server's answers to "do you take ...?"; None means not known yet."""

    mode: Mode | None = None
    """The way of asking for JSON that worked."""
    context_tokens: int | None = None
    """The context window; 0 when the server was asked and did not say."""
    bound_param: BoundParam | None = None
    """How the answer bound is sent (OpenAI's newer models refuse `max_tokens`)."""
    stream: bool | None = None
    """Whether the server streams."""
    stream_usage: bool | None = None
    """Whether it takes `stream_options` (usage in the last chunk)."""
    token_ratio: float | None = None
    """The server's prompt tokens over papertray's estimate, last time it said."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Capabilities:
        """The inverse of `to_dict`; unknown keys are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def server_key(base_url: str, model: str) -> str:
    """`base URL|model`, the URL without any user:password in it (never stored)."""
    parts = urlsplit(base_url or "https://api.openai.com/v1")
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{urlunsplit((parts.scheme, host, parts.path.rstrip('/'), '', ''))}|{model}"


_memory: dict[str, Capabilities] = {}
_lock = threading.Lock()


class CapabilityBook:
    """Capabilities by server key: remembered for the process, and kept through `load`/`save`
    (the store) so the next run does not spend a failing call to learn them again."""

    def __init__(self, load: Load | None = None, save: Save | None = None) -> None:
        self._load = load
        self._save = save

    def get(self, key: str) -> Capabilities:
        """What is known of this server (nothing, at first)."""
        with _lock:
            known = _memory.get(key)
        if known is None and self._load is not None:
            doc = self._load(key)
            known = Capabilities.from_dict(doc) if doc else None
            if known is not None:
                with _lock:
                    known = _memory.setdefault(key, known)
        return known or Capabilities()

    def learn(self, key: str, **changes: Any) -> Capabilities:
        """Record what was just found; saved only when something changed."""
        old = self.get(key)
        new = replace(old, **changes)
        if new != old:
            with _lock:
                _memory[key] = new
            if self._save is not None:
                self._save({"key": key, **new.to_dict()})
        return new


def forget_all() -> None:
    """Drop what this process learned (the store keeps its copy)."""
    with _lock:
        _memory.clear()
