"""Small helpers for messages people read."""

from __future__ import annotations

from collections.abc import Mapping


def count(number: int, singular: str, plural: str | None = None) -> str:
    """`1 paper`, `2 papers`, `3 queries` (pass the plural when it is not singular + s)."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def usage_line(totals: Mapping[str, float]) -> str:
    """`LLM today: 3 calls, 12,400 tokens in, 2,100 out, 95 s`."""
    return (f"LLM today: {count(int(totals['calls']), 'call')}, "
            f"{int(totals['input_tokens']):,} tokens in, {int(totals['output_tokens']):,} out, "
            f"{totals['seconds']:.0f} s")
