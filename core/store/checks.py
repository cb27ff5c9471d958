"""Is a stored document one papertray can read? Checked against the record's dataclass.

A hand edit can leave valid JSON of the wrong shape (`"authors": "me"`, `"version": "2"`);
such a document is left out when its file is loaded, instead of failing later, far away.
"""

from __future__ import annotations

import dataclasses
import itertools
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

Check = Callable[[Any], bool]
"""True when a document is fit to read."""


def dataclass_check(cls: type) -> Check:
    """A check that a document has `cls`'s fields with their declared types (built once)."""
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    required = tuple(f.name for f in fields if f.default is dataclasses.MISSING
                     and f.default_factory is dataclasses.MISSING)
    return spec({f.name: _check_for(hints[f.name]) for f in fields}, required)


def keyed(name: str, check: Check) -> Check:
    """`check`, and the document's `name` field is a string (the table's key)."""
    return lambda doc: isinstance(doc, dict) and isinstance(doc.get(name), str) and check(doc)


def spec(fields: dict[str, Check], required: tuple[str, ...] = ()) -> Check:
    """A check of a JSON object field by field: present fields must pass, `required` be there.

    For the records of core.records, which the store must not import at start-up.
    """
    tests = tuple(fields.items())

    def check(doc: Any) -> bool:
        if type(doc) is not dict:
            return False
        for name in required:
            if name not in doc:
                return False
        try:
            for name, test in tests:
                value = doc.get(name, _ABSENT)
                if value is not _ABSENT and not test(value):
                    return False
        except (TypeError, ValueError):
            return False
        return True

    return check


_ABSENT = object()


def is_str(value: Any) -> bool:
    """A string."""
    return isinstance(value, str)


def is_int(value: Any) -> bool:
    """An integer (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """An integer or a float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_bool(value: Any) -> bool:
    """True or False."""
    return isinstance(value, bool)


def is_moment(value: Any) -> bool:
    """An ISO date or datetime (ValueError otherwise, which the spec turns into False)."""
    return isinstance(value, str) and bool(datetime.fromisoformat(value))


def maybe(check: Check) -> Check:
    """`check`, or null."""
    return lambda value: value is None or check(value)


def list_of(check: Check) -> Check:
    """A list whose every item passes `check`."""

    def test(value: Any) -> bool:
        return type(value) is list and all(map(check, value))

    return test


def _strings(value: Any) -> bool:
    return type(value) is list and all(map(isinstance, value, itertools.repeat(str)))


_STRS = _strings
SECTIONS = spec({
    "task": _STRS, "motivation": is_str, "core_idea": _STRS,
    "related_work": list_of(spec({"work": is_str, "challenge": is_str}, ("work", "challenge"))),
    "method": spec({"pipeline": is_str, "architecture": is_str, "complexity": is_str}),
    "experiments": spec({"datasets": is_str, "baselines": _STRS, "main_results": is_str,
                         "ablations": is_str, "limitations": is_str}),
    "takeaways": spec({"pros": _STRS, "cons": _STRS, "future_work": _STRS}),
})
"""core.records.Sections as stored."""
SUMMARY = spec({
    "paper_id": is_str, "version": is_int, "sections": SECTIONS, "summarizer": is_str,
    "model": is_str, "prompt_version": is_str, "source": is_str, "note": is_str,
    "language": is_str, "input_tokens": is_int, "output_tokens": is_int, "seconds": is_number,
    "created": maybe(is_moment),
}, ("paper_id", "version", "sections", "summarizer"))
"""core.records.Summary as stored."""
FETCH = spec({
    "started": is_moment, "finished": is_moment, "day": is_moment, "ok": is_bool,
    "queries": is_int, "new_papers": is_int, "seen_papers": is_int, "failed_queries": is_int,
    "window_start": maybe(is_moment),
}, ("started", "finished", "day", "ok"))
"""core.records.FetchRecord as stored."""
LLM_USAGE = spec({"calls": is_number, "input_tokens": is_number, "output_tokens": is_number,
                  "seconds": is_number})
"""A day's LLM totals as stored."""


def day_listing(doc: Any) -> bool:
    """{"day": "YYYY-MM-DD", "topics": {topic: [paper id, ...]}}."""
    try:
        date.fromisoformat(doc["day"])
        topics = doc["topics"]
    except (TypeError, ValueError, KeyError):
        return False
    return isinstance(topics, dict) and all(
        isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in topics.values()
    )


def _check_for(hint: Any) -> Check:
    """The check of a value declared as `hint` (JSON form: tuples as lists, times as text)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_check_for(arg) for arg in typing.get_args(hint)]
        return lambda value: any(option(value) for option in options)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return _strings if item is str else list_of(_check_for(item))
    if origin is dict:
        return lambda value: isinstance(value, dict)
    if dataclasses.is_dataclass(hint):
        return dataclass_check(hint)  # type: ignore[arg-type]
    simple: dict[Any, Check] = {datetime: is_moment, date: is_moment, int: is_int,
                                float: is_number, bool: is_bool, str: is_str,
                                type(None): lambda value: value is None}
    return simple.get(hint, lambda value: True)  # a hint not known here (Literal...): trusted
