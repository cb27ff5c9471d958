"""The JSON schema an LLM fills for the six sections, and the strict reader of its answers."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from core.errors import SummaryError
from core.records import Experiments, Method, RelatedWork, Sections, Takeaways

SCHEMA_NAME = "paper_summary"

MAX_FIELD_CHARS = 2000
"""A longer field is cut: an answer is a digest entry, not a copy of the paper."""
MAX_ITEMS = 20
"""Items kept per list (bullets, baselines, related works)."""


# The descriptions document the fields here; they are not sent (the prompt's field guide says
# the same once, and every schema token is paid for on every call).
def _text(description: str) -> dict[str, Any]:
    return {"type": "string"}


def _list(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string"}}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    # Strict structured outputs want every property required and no others allowed.
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


SUMMARY_SCHEMA: dict[str, Any] = _object(
    {
        "task": _list("1. Task / Problem: the problem the paper solves, as short bullets."),
        "motivation": _text("2. Motivation & Gaps: why the problem matters and what is missing."),
        "related_work": {
            # 2. Prior works the paper discusses, each named once, with the challenge left open.
            "type": "array",
            "items": _object(
                {
                    "work": _text("The prior work's name (method, paper or system)."),
                    "challenge": _text("The limitation or open challenge of that work."),
                }
            ),
        },
        "core_idea": _list("3. Core Idea: the key idea of the paper, as short bullets."),
        "method": _object(
            {
                "pipeline": _text("4. Method: the pipeline, step by step."),
                "architecture": _text("4. Architecture / Loss / Training."),
                "complexity": _text("4. Complexity / Resources (compute, memory, data)."),
            }
        ),
        "experiments": _object(
            {
                "datasets": _text("5. Datasets & Metrics."),
                "baselines": _list("5. Baselines compared against, one name each."),
                "main_results": _text("5. Main Results, with numbers where the paper gives them."),
                "ablations": _text("5. Ablations."),
                "limitations": _text("5. Limitations / Stress Tests."),
            }
        ),
        "takeaways": _object(
            {
                "pros": _list("6. Strengths of the paper."),
                "cons": _list("6. Weaknesses of the paper."),
                "future_work": _list("6. Future work."),
            }
        ),
    }
)
"""Strict-mode compatible (every property required, no extra keys); empty means "not said"."""


class InvalidSummaryError(SummaryError):
    """The LLM's answer is not a JSON object with the six sections; `str()` says why."""


def response_format_json_schema() -> dict[str, Any]:
    """The `response_format` asking an OpenAI-compatible server for schema-valid JSON."""
    return {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": SUMMARY_SCHEMA},
    }


def parse_sections(raw: str | dict[str, Any]) -> Sections:
    """Validate an LLM answer and keep only clean, schema-valid content.

    Strips text, drops filler ("N/A", "none", "not mentioned", "N/A: N/A"), control characters,
    duplicate list items and related works named twice (by normalized name). Raises
    InvalidSummaryError when the answer is not JSON, not an object, lacks one of the top-level
    keys, or has nothing left once cleaned.
    """
    data = _load(raw) if isinstance(raw, str) else raw
    if not isinstance(data, dict):
        raise InvalidSummaryError(f"the answer is a JSON {type(data).__name__}, not an object")
    missing = [key for key in SUMMARY_SCHEMA["properties"] if key not in data]
    if missing:
        raise InvalidSummaryError(f"the answer lacks {', '.join(missing)}")
    sections = _build(data)
    if sections.is_empty():
        raise InvalidSummaryError("the answer has no content in any section")
    return sections


def _build(data: dict[str, Any]) -> Sections:
    method = _mapping(data.get("method"))
    experiments = _mapping(data.get("experiments"))
    takeaways = _mapping(data.get("takeaways"))
    return Sections(
        task=_items(data.get("task")),
        motivation=_field(data.get("motivation")),
        related_work=_related(data.get("related_work")),
        core_idea=_items(data.get("core_idea")),
        method=Method(
            pipeline=_field(method.get("pipeline")),
            architecture=_field(method.get("architecture")),
            complexity=_field(method.get("complexity")),
        ),
        experiments=Experiments(
            datasets=_field(experiments.get("datasets")),
            baselines=_items(experiments.get("baselines")),
            main_results=_field(experiments.get("main_results")),
            ablations=_field(experiments.get("ablations")),
            limitations=_field(experiments.get("limitations")),
        ),
        takeaways=Takeaways(
            pros=_items(takeaways.get("pros")),
            cons=_items(takeaways.get("cons")),
            future_work=_items(takeaways.get("future_work")),
        ),
    )


# --- reading the raw answer -------------------------------------------------------------------

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"^```[a-zA-Z]*\s*\n?(.*?)\n?```$", re.DOTALL)


def _load(raw: str) -> Any:
    """JSON from an answer, tolerating a reasoning block, a code fence or a sentence around it."""
    text = _THINK.sub("", raw).strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    if not text:
        raise InvalidSummaryError("the answer is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        start, end = text.find("{"), text.rfind("}")
        if 0 < start < end:  # prose around one object: "Here is the summary: {...}"
            try:
                return json.loads(text[start : end + 1])
            except json.JSONDecodeError:
                pass
        raise InvalidSummaryError(
            f"the answer is not valid JSON ({err.msg} at char {err.pos})"
        ) from None


# --- cleaning values --------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\ufeff]")
_FILLER = re.compile(
    r"^(?:n/?a|none|null|nil|unknown|not applicable|not available|nothing|-+|\.+|"
    r"not (?:mentioned|specified|provided|stated|given|described|discussed|reported|clear)"
    r"(?: in (?:the )?(?:paper|text|provided text|excerpt|abstract))?)$"
)
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NON_WORD = re.compile(r"[\W_]+")


def clean_text(value: str) -> str:
    """One line of safe text: no escape sequences, controls, surrogates or bidi overrides."""
    value = _ANSI.sub("", value)
    value = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in value
        if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    value = " ".join(_BIDI.sub("", value).split())
    if len(value) > MAX_FIELD_CHARS:
        value = value[: MAX_FIELD_CHARS - 1].rstrip() + "…"
    return value


def is_filler(value: str) -> bool:
    """True for placeholders meaning "nothing": `N/A`, `None.`, `Not mentioned`, `N/A: N/A`."""
    parts = re.split(r"\s*[:;,]\s*", value.strip().lower())
    return all(_FILLER.match(part.strip(" .!*_`'\"")) or not part.strip() for part in parts)


def _field(value: Any) -> str:
    if isinstance(value, list):  # a list where a paragraph belongs: keep the words
        value = " ".join(item for item in value if isinstance(item, str))
    if not isinstance(value, str):
        return ""
    value = clean_text(value)
    return "" if is_filler(value) else value


def _items(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):  # one bullet given as a plain string
        value = [value]
    if not isinstance(value, list):
        return ()
    kept: dict[str, str] = {}
    for item in value:
        text = _field(item) if isinstance(item, str) else ""
        key = _NON_WORD.sub(" ", text.casefold()).strip()
        if text and key not in kept:
            kept[key] = text
    return tuple(kept.values())[:MAX_ITEMS]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _related(value: Any) -> tuple[RelatedWork, ...]:
    if not isinstance(value, list):
        return ()
    kept: list[RelatedWork] = []
    seen: set[str] = set()
    for item in value:
        item = _mapping(item)
        work, challenge = _field(item.get("work")), _field(item.get("challenge"))
        names = work_names(work)
        if not work or not challenge or not names or names & seen:
            continue
        seen |= names
        kept.append(RelatedWork(work, challenge))
    return tuple(kept[:MAX_ITEMS])


def work_names(work: str) -> set[str]:
    """Normalized names a related work goes by, to spot the same work listed twice.

    `LocalRF [32]`, `Local-RF (Meuleman et al., 2023)` and `localrf` all give `localrf`;
    `Reward Feedback Learning (ReFL)` also answers to `refl`, its acronym in parentheses.
    """
    bare, previous = work, ""
    while bare != previous:  # nested: `Flow Matching (Lipman et al. (2022))`
        bare, previous = _PARENS.sub(" ", bare), bare
    names = {_NON_WORD.sub("", bare).casefold()}
    for alias in re.findall(r"\(([^()]*)\)", work):
        alias = alias.strip()
        # An acronym or short name, not a citation such as "Xu et al., 2023" or "2022".
        if re.fullmatch(r"[A-Za-z][\w.+-]{1,15}", alias) and not alias.isdigit():
            names.add(_NON_WORD.sub("", alias).casefold())
    return {name for name in names if name}
