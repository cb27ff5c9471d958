"""`papertray config [--check]`: where the config lives, and whether it is valid."""

from __future__ import annotations

import argparse
from typing import Any

from core.config import Settings, redact_url

NAME = "config"


def register(subparsers: Any) -> None:
    """Add the `config` subcommand."""
    parser = subparsers.add_parser(NAME, help="print the config file's path; --check validates it")
    parser.add_argument("--check", action="store_true",
                        help="validate the config and say what it sets up")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the path, and with --check what the (already validated) settings amount to."""
    print(settings.config_path)
    if args.check:
        llm = settings.llm
        where = redact_url(llm.base_url) if llm.base_url else "the OpenAI API"
        summarizer = (f"LLM {llm.model} at {where}" if llm.enabled
                      else "offline summarizer (no LLM configured)")
        queries = sum(len(t.keywords) or 1 for t in settings.topics)
        print(f"ok: {len(settings.topics)} topics, {queries} queries; arXiv API "
              f"{redact_url(settings.arxiv.api_url)}; summaries by {summarizer}")
        print(f"store: {settings.store_dir}\nexports: {settings.export_dir}")
    return 0
