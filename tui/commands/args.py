"""Argument types the subcommands share (argparse turns their errors into usage errors)."""

from __future__ import annotations

import argparse
from datetime import date


def day_arg(text: str) -> date:
    """`--date YYYY-MM-DD`."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def positive_int(text: str) -> int:
    """A count of 1 or more (`--days`, `--limit`)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value
