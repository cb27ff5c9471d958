"""Settings: one frozen object read from TOML, validated strictly, with env overrides."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.atomic_file import atomic_write
from core.errors import ConfigError

HOME_ENV = "PAPERTRAY_HOME"
REAL_ARXIV_API = "https://export.arxiv.org/api/query"
REAL_ARXIV_PDF = "https://arxiv.org/pdf"
LOCAL_KEY_PLACEHOLDER = "not-needed"


@dataclass(frozen=True)
class Topic:
    """A heading of the digest: a few keyword phrases searched on arXiv."""

    name: str
    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    per_query: int = 100
    """Papers listed per query and day: every match, on all but the busiest days."""
    query: str = ""
    """A raw arXiv query, sent as it is, for what keywords cannot say."""


@dataclass(frozen=True)
class ArxivSettings:
    """Where and how politely to ask the arXiv API."""

    api_url: str = REAL_ARXIV_API
    delay_seconds: float = 3.0
    """arXiv's terms ask for one request every three seconds."""
    timeout_seconds: float = 30.0
    """The most one request may take, from connecting to its last byte."""
    max_retries: int = 4
    first_run_days: int = 2
    fetch_deadline_seconds: float = 600.0
    """The most a whole fetch may take: requests, retries and waits together."""
    page_size: int = 100
    """Results per request; a query's results come in as many pages as they need."""


@dataclass(frozen=True)
class PdfSettings:
    """Where PDFs come from and how much of one we accept."""

    base_url: str = REAL_ARXIV_PDF
    timeout_seconds: float = 60.0
    max_megabytes: float = 50.0
    max_retries: int = 3


@dataclass(frozen=True)
class LlmSettings:
    """An OpenAI-compatible server; with neither a base URL nor a key, summaries are offline."""

    base_url: str = ""
    model: str = "gpt-4o-mini"
    api_key: str = field(default="", repr=False)
    language: str = "English"
    token_budget: int = 8000
    """A ceiling on the paper text sent: less when the context window is smaller."""
    timeout_seconds: float = 300.0
    """Total cap on one call, however steadily the server writes."""
    max_retries: int = 2
    context_tokens: int = 0
    """The model's context window; 0: ask the server, else learn it from a refusal."""
    answer_tokens: int = 1800
    """Bound on the answer (max_tokens); the real six-section answers measured 169-1765."""
    idle_seconds: float = 60.0
    """A call fails when no token came for this long (the paper's reading is allowed for)."""
    stream: bool = True
    """Stream the answer where the server can (progress, idle deadline)."""
    concurrency: int = 2
    """Requests at once for many papers (export --summarize, prefetch)."""

    @property
    def enabled(self) -> bool:
        """Setting a base URL or a key turns the LLM on."""
        return bool(self.base_url or self.api_key)

    @property
    def workers(self) -> int:
        """How many summaries run at once: `concurrency` with an LLM, one offline."""
        return self.concurrency if self.enabled else 1

    @property
    def key_for_client(self) -> str:
        """The key to send; local servers take any placeholder."""
        return self.api_key or LOCAL_KEY_PLACEHOLDER


@dataclass(frozen=True)
class Settings:
    """Everything papertray reads from config and environment, resolved to absolute paths."""

    config_path: Path
    store_dir: Path
    pdf_cache_dir: Path
    export_dir: Path
    topics: tuple[Topic, ...]
    arxiv: ArxivSettings = field(default_factory=ArxivSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    llm: LlmSettings = field(default_factory=LlmSettings)
    prefetch: int | None = None
    """How many of the next papers to summarize in the background (None: 2 with an LLM, else 0)."""
    fetch_on_start: bool = True
    """The reader fetches when it opens, unless a fetch already succeeded today."""

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


DEFAULT_TOPICS: tuple[Topic, ...] = (
    Topic("neural rendering", ("neural rendering", "neural radiance field"), ("cs.CV", "cs.GR")),
    Topic("Gaussian Splatting", ("gaussian splatting",), ("cs.CV", "cs.GR")),
    Topic("avatar", ("avatar", "digital human"), ("cs.CV", "cs.GR")),
    Topic("video understanding", ("video understanding", "video question answering"), ("cs.CV",)),
    Topic("model collapse", ("model collapse",), ("cs.LG", "cs.CL", "cs.AI")),
)


def _toml_list(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def default_config_text() -> str:
    """The config written on first run: the reference digests' topics, documented."""
    topics = "\n".join(
        f'[[topics]]\nname = "{t.name}"\nkeywords = {_toml_list(t.keywords)}\n'
        f"categories = {_toml_list(t.categories)}\nper_query = {t.per_query}\n"
        for t in DEFAULT_TOPICS
    )
    return f"""\
# papertray configuration.  `papertray config --check` validates this file.
#
# Each [[topics]] entry is a heading of the digest: papers whose title or abstract
# holds one of its keyword phrases, optionally limited to some arXiv categories.
# `query = '...'` sends a raw arXiv query instead (https://info.arxiv.org/help/api/user-manual.html).

[arxiv]
api_url = "{REAL_ARXIV_API}"
delay_seconds = 3.0       # arXiv's terms: one request every 3 seconds
timeout_seconds = 30       # the most one request may take, start to finish
max_retries = 4
first_run_days = 2        # how far back the very first fetch looks
fetch_deadline_seconds = 600  # the most a whole fetch may take
page_size = 100           # results per request (more come in further pages, 3 s apart)

[pdf]
base_url = "{REAL_ARXIV_PDF}"
timeout_seconds = 60      # the most one download may take, start to finish
max_megabytes = 50

[llm]
# Any OpenAI-compatible server: OpenAI, vLLM, Ollama, llama.cpp.  Setting base_url or
# api_key turns it on; OPENAI_BASE_URL, OPENAI_MODEL and OPENAI_API_KEY override these.
# With neither, papertray summarizes offline (extractive: sentences quoted from the paper).
base_url = ""
model = "gpt-4o-mini"
api_key = ""
language = "English"
token_budget = 8000       # at most this many tokens of paper text per call (less if the
                          # context window is smaller; a short paper is sent whole)
context_tokens = 0        # the model's context window; 0: ask the server
answer_tokens = 1800      # bound on the answer (max_tokens)
idle_seconds = 60         # fail when no token came for this long
timeout_seconds = 300     # total cap on one call
stream = true             # stream the answer where the server can
concurrency = 2           # requests at once (a vLLM, SGLang or hosted endpoint takes 8-32)

[export]
dir = ""                  # empty: the "exports" folder beside the store

[reader]
# prefetch = 2            # summarize the next N papers in the background (default: 2 with
                          # an LLM, one at a time; 0 offline)
fetch_on_start = true     # fetch on opening, unless a fetch already succeeded today

{topics}"""


# Each table's keys and the types a value may have; anything else is a config error.
_SCHEMA: dict[str, dict[str, tuple[type, ...]]] = {
    "arxiv": {
        "api_url": (str,),
        "delay_seconds": (int, float),
        "timeout_seconds": (int, float),
        "max_retries": (int,),
        "first_run_days": (int,),
        "fetch_deadline_seconds": (int, float),
        "page_size": (int,),
    },
    "pdf": {
        "base_url": (str,),
        "timeout_seconds": (int, float),
        "max_megabytes": (int, float),
        "max_retries": (int,),
    },
    "llm": {
        "base_url": (str,),
        "model": (str,),
        "api_key": (str,),
        "language": (str,),
        "token_budget": (int,),
        "timeout_seconds": (int, float),
        "max_retries": (int,),
        "context_tokens": (int,),
        "answer_tokens": (int,),
        "idle_seconds": (int, float),
        "stream": (bool,),
        "concurrency": (int,),
    },
    "export": {"dir": (str,)},
    "reader": {"prefetch": (int,), "fetch_on_start": (bool,)},
}
_TOPIC_KEYS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "keywords": (list,),
    "categories": (list,),
    "per_query": (int,),
    "query": (str,),
}
_TYPE_NAMES = {
    bool: "true or false", str: "a string", int: "a whole number", float: "a number",
    list: "a list",
}


@dataclass(frozen=True)
class Paths:
    """Where config, store, PDF cache and exports live."""

    config_path: Path
    store_dir: Path
    pdf_cache_dir: Path
    export_dir: Path

    @classmethod
    def resolve(cls, home: Path | str | None = None) -> Paths:
        """Everything under `home` (or $PAPERTRAY_HOME), else the platform's dirs."""
        home = home or os.environ.get(HOME_ENV)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "config.toml", root / "store", root / "pdf-cache", root / "exports")
        import platformdirs

        data = Path(platformdirs.user_data_dir("papertray"))
        return cls(
            Path(platformdirs.user_config_dir("papertray")) / "config.toml",
            data / "store",
            Path(platformdirs.user_cache_dir("papertray")) / "pdf",
            data / "exports",
        )


def ensure_config(paths: Paths) -> bool:
    """Write the default config if there is none; True when it was written."""
    path = paths.config_path
    if path.exists():
        return False
    _check_not_dangling(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, default_config_text().encode("utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot write the config {path}: {err.strerror or err}") from None
    return True


def _check_not_dangling(path: Path) -> None:
    """A link to a config that is not there is a mistake to show, not a file to replace."""
    if path.is_symlink():
        raise ConfigError(f"{path}: a link to {os.readlink(path)}, which does not exist")


def load_settings(
    home: Path | str | None = None, env: dict[str, str] | None = None, *, create: bool = True
) -> Settings:
    """Read, validate and resolve the config; raises ConfigError naming file, key and problem."""
    paths = Paths.resolve(home)
    if create:
        ensure_config(paths)
    env = dict(os.environ) if env is None else env
    if not paths.config_path.exists():
        _check_not_dangling(paths.config_path)
    data = _read_toml(paths.config_path) if paths.config_path.exists() else {}
    return parse_settings(data, paths, env)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # here, not at start-up: the demo builds its settings without a file

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not UTF-8 text ({err.reason})") from None
    except OSError as err:
        raise ConfigError(f"{path}: cannot read ({err.strerror})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from None


def parse_settings(data: dict[str, Any], paths: Paths, env: dict[str, str]) -> Settings:
    """Validate parsed TOML against the schema and build Settings (pure: no file access)."""
    where = str(paths.config_path)
    for key in data:
        if key not in _SCHEMA and key != "topics":
            raise ConfigError(f"{where}: unknown table [{key}] (expected one of: "
                              f"{', '.join(sorted([*_SCHEMA, 'topics']))})")
    tables = {name: _check_table(data.get(name, {}), name, where) for name in _SCHEMA}
    arxiv = ArxivSettings(**tables["arxiv"])
    pdf = PdfSettings(**tables["pdf"])
    llm = LlmSettings(**tables["llm"])
    llm = replace(
        llm,
        base_url=env.get("OPENAI_BASE_URL") or llm.base_url,
        model=env.get("OPENAI_MODEL") or llm.model,
        api_key=env.get("OPENAI_API_KEY") or llm.api_key,
    )
    for key, value in (("llm.token_budget", llm.token_budget),
                       ("llm.timeout_seconds", llm.timeout_seconds),
                       ("llm.idle_seconds", llm.idle_seconds)):
        _check_positive(where, key, value)
    _check_context_tokens(where, llm)
    for name, url in (("arxiv.api_url", arxiv.api_url), ("pdf.base_url", pdf.base_url),
                      ("llm.base_url", llm.base_url)):
        if url and not url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: {name} must be an http(s) URL, got {redact_url(url)!r}")
    topics = _parse_topics(data.get("topics", [dict(_topic_to_dict(t)) for t in DEFAULT_TOPICS]),
                           where)
    export_dir = tables["export"].get("dir") or ""
    prefetch = tables["reader"].get("prefetch")
    return Settings(
        config_path=paths.config_path,
        store_dir=paths.store_dir,
        pdf_cache_dir=paths.pdf_cache_dir,
        export_dir=Path(export_dir).expanduser() if export_dir else paths.export_dir,
        topics=topics,
        arxiv=arxiv,
        pdf=pdf,
        llm=llm,
        prefetch=prefetch,
        fetch_on_start=tables["reader"].get("fetch_on_start", True),
    )


def _check_table(table: Any, name: str, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [{name}] must be a table")
    schema = _SCHEMA[name]
    for key, value in table.items():
        if key not in schema:
            raise ConfigError(f"{where}: unknown key {name}.{key} (expected one of: "
                              f"{', '.join(schema)})")
        _check_type(where, f"{name}.{key}", value, schema[key])
        if f"{name}.{key}" in _RANGES:
            _check_range(where, f"{name}.{key}", value)
        else:
            _check_finite(where, f"{name}.{key}", value)
    return {k: (float(v) if float in schema[k] else v) for k, v in table.items()}


def _check_type(where: str, key: str, value: Any, types: tuple[type, ...]) -> None:
    # bool is an int in Python, but `per_query = true` is a mistake, not a 1.
    if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
        expected = " or ".join(_TYPE_NAMES[t] for t in types)
        shown = "a value of another type" if key.endswith("api_key") else repr(value)
        raise ConfigError(f"{where}: {key} must be {expected}, got {shown}")  # never the key


def _check_context_tokens(where: str, llm: LlmSettings) -> None:
    """A context window, when given, must hold the answer bound and some prompt."""
    if llm.context_tokens and llm.context_tokens < llm.answer_tokens + 1024:
        raise ConfigError(f"{where}: llm.context_tokens ({llm.context_tokens}) must leave 1024 "
                          f"tokens of prompt beside llm.answer_tokens ({llm.answer_tokens}); "
                          "0 asks the server")


def _check_positive(where: str, key: str, value: float) -> None:
    if value <= 0:
        raise ConfigError(f"{where}: {key} must be more than 0, got {value}")


# (lowest, highest, whether the lowest itself is allowed): beyond these a value is a mistake
# (a fetch of 100000000 days, a deadline of inf), not a choice.
_RANGES: dict[str, tuple[float, float, bool]] = {
    "arxiv.delay_seconds": (0, 60, True),
    "arxiv.timeout_seconds": (0, 600, False),
    "arxiv.first_run_days": (1, 365, True),
    "arxiv.fetch_deadline_seconds": (0, 86400, False),
    "arxiv.page_size": (10, 2000, True),
    "arxiv.max_retries": (0, 10, True),
    "pdf.timeout_seconds": (0, 600, False),
    "pdf.max_megabytes": (0, 1000, False),
    "pdf.max_retries": (0, 10, True),
    "llm.max_retries": (0, 10, True),
    "llm.answer_tokens": (256, 32768, True),
    "llm.concurrency": (1, 64, True),
    "reader.prefetch": (0, 10, True),
}


def _check_range(where: str, key: str, value: float) -> None:
    low, high, low_allowed = _RANGES[key]
    if (low <= value if low_allowed else low < value) and value <= high:
        return
    above = f"between {low:g} and" if low_allowed else f"more than {low:g} and at most"
    raise ConfigError(f"{where}: {key} must be {above} {high:g}, got {value}")


def _check_finite(where: str, key: str, value: Any) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{where}: {key} must be a finite number, got {value}")


def redact_url(url: str) -> str:
    """The URL with any password in it replaced by `***` (`http://user:***@host/v1`)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
    except ValueError:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _topic_to_dict(topic: Topic) -> dict[str, Any]:
    return {
        "name": topic.name,
        "keywords": list(topic.keywords),
        "categories": list(topic.categories),
        "per_query": topic.per_query,
    }


def _parse_topics(raw: Any, where: str) -> tuple[Topic, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: topics must be an array of tables ([[topics]])")
    topics: list[Topic] = []
    for index, item in enumerate(raw, 1):
        label = f"topics[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: {label} must be a table")
        for key, value in item.items():
            if key not in _TOPIC_KEYS:
                raise ConfigError(f"{where}: unknown key {label}.{key} (expected one of: "
                                  f"{', '.join(_TOPIC_KEYS)})")
            _check_type(where, f"{label}.{key}", value, _TOPIC_KEYS[key])
        name = item.get("name", "").strip()
        if not name:
            raise ConfigError(f"{where}: {label}.name is missing (every topic needs a name)")
        keywords = _string_list(item.get("keywords", []), f"{label}.keywords", where)
        categories = _string_list(item.get("categories", []), f"{label}.categories", where)
        query = item.get("query", "").strip()
        if not keywords and not query:
            raise ConfigError(f"{where}: {label} ({name!r}) needs keywords or a query")
        per_query = item.get("per_query", Topic.per_query)
        if not 1 <= per_query <= 1000:
            raise ConfigError(f"{where}: {label}.per_query must be between 1 and 1000, "
                              f"got {per_query}")
        if any(t.name == name for t in topics):
            raise ConfigError(f"{where}: {label}.name {name!r} is used by another topic")
        topics.append(Topic(name, keywords, categories, per_query, query))
    return tuple(topics)


def _string_list(value: list[Any], key: str, where: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)
