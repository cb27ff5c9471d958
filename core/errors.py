"""Typed errors whose message is fit to show a user as it is."""

from __future__ import annotations


class PapertrayError(Exception):
    """Base of every error papertray expects; `str(err)` is a one-line user-facing message."""

    exit_code = 1


class ConfigError(PapertrayError):
    """The config file is missing a key, has a bad value, or is not TOML."""

    exit_code = 2


class UsageError(PapertrayError):
    """Bad input on the command line (an unknown id, a file that is not a PDF...)."""

    exit_code = 2


class StoreError(PapertrayError):
    """The store cannot be read or written (unwritable, busy with another process's write)."""

    exit_code = 2


class FetchError(PapertrayError):
    """arXiv (or the configured mirror) could not answer a query."""


class PdfError(PapertrayError):
    """A PDF could not be downloaded or read; the summary falls back to the abstract."""


class SummaryError(PapertrayError):
    """The summarizer failed: the LLM refused, timed out, or kept answering invalid JSON."""


class Stopped(PapertrayError):
    """The caller asked to stop (the reader quitting) while a summary was being made: nothing
    was made, and nothing failed. Not a PdfError: a stopped download must not fall back to
    summarizing the abstract."""

    def __init__(self, message: str = "stopped") -> None:
        super().__init__(message)
