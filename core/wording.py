"""Small helpers for messages people read."""

from __future__ import annotations


def count(number: int, singular: str, plural: str | None = None) -> str:
    """`1 paper`, `2 papers`, `3 queries` (pass the plural when it is not singular + s)."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
