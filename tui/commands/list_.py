"""`papertray list`: a day's papers, best first (or newest first), as text, JSON or ids."""

from __future__ import annotations

import argparse
import json
from typing import Any

from core.config import Settings
from core.services import open_services
from tui.commands.args import day_arg, positive_int
from tui.commands.notices import tell_store_notices

NAME = "list"


def register(subparsers: Any) -> None:
    """Add the `list` subcommand."""
    parser = subparsers.add_parser(
        NAME, help="list a day's papers, best first",
        description="List a day's papers (all topics, or one), ranked by what you liked, "
        "starred, read and hid (by topic keywords until then), or newest first. Hidden papers "
        "are left out.")
    parser.add_argument("--date", type=day_arg, metavar="YYYY-MM-DD",
                        help="the day (default: the latest day with papers)")
    parser.add_argument("--topic", metavar="T", help="only this topic's papers")
    parser.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                        help="relevance (default) or date (newest first)")
    parser.add_argument("--format", choices=("text", "json", "ids"), default="text",
                        help="text: score, id, title (default); json; ids: one id a line")
    parser.add_argument("--limit", type=positive_int, metavar="N", help="at most N papers")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Print the list; 2 for a day or topic the store does not have."""
    from core.rank.day import list_day

    with open_services(settings) as services:
        tell_store_notices(services.store)
        ranked = list_day(settings, services.store, args.date, topic=args.topic,
                          sort=args.sort, limit=args.limit)
    if args.format == "json":
        print(json.dumps([{"id": r.paper.id, "title": r.paper.title, "score": round(r.shown, 3),
                           "reason": r.reason, "url": r.paper.abs_url} for r in ranked],
                         ensure_ascii=False, indent=2))
    else:
        for r in ranked:
            print(r.paper.id if args.format == "ids" else
                  f"{r.shown:.2f}\t{r.paper.id}\t{r.paper.title}")
    return 0
