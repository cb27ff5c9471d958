"""`papertray config [--check]`: where the config lives, and whether it is valid."""

from __future__ import annotations

import argparse
from typing import Any

from core.config import Settings

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
        summarizer = (f"LLM {llm.model} at {llm.base_url or 'the OpenAI API'}" if llm.enabled
                      else "offline summarizer (no LLM configured)")
        queries = sum(len(t.keywords) or 1 for t in settings.topics)
        print(f"ok: {len(settings.topics)} topics, {queries} queries; arXiv API "
              f"{settings.arxiv.api_url}; summaries by {summarizer}")
        print(f"store: {settings.store_dir}\nexports: {settings.export_dir}")
    return 0
