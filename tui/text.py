"""Untrusted text (titles, abstracts, LLM output, errors) made safe to show: never markup."""

from __future__ import annotations

import re
from datetime import datetime

from textual.content import Content

_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""ANSI escape sequences and C0/C1 control characters other than tab and newline."""


def clean(text: str, limit: int = 0) -> str:
    """Text without control characters, whitespace runs collapsed, cut to `limit` if given."""
    text = " ".join(_CONTROL.sub("", text).split())
    if limit and len(text) > limit:
        return text[: limit - 1].rstrip() + "…"
    return text


def plain(text: str, style: str = "", limit: int = 0) -> Content:
    """A literal Content of untrusted text, optionally styled as a whole."""
    content = Content(clean(text, limit))
    return content.stylize(style) if style else content


def short_date(value: datetime | None) -> str:
    """`2026-04-10`, or empty when unknown."""
    return value.date().isoformat() if value else ""
