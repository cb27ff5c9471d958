"""`papertray fetch [--days N]`: bring the new papers of every topic into the store."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from core.config import Settings
from core.services import open_services
from core.wording import count
from tui.commands.args import positive_int
from tui.commands.notices import tell_store_notices
from tui.commands.progress import ProgressLine

if TYPE_CHECKING:
    from core.arxiv.fetch import FetchProgress

NAME = "fetch"


def register(subparsers: Any) -> None:
    """Add the `fetch` subcommand."""
    parser = subparsers.add_parser(NAME, help="fetch today's papers for every topic")
    parser.add_argument("--days", type=positive_int, metavar="N",
                        help="look back N days instead of since the last fetch")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch, showing progress, then print one summary line; 1 when some queries failed."""
    progress = ProgressLine()

    def on_progress(update: FetchProgress) -> None:
        if not update.done:
            # A bar shows the query under way; a log gets one line per answered query.
            if progress.is_terminal:
                progress.show(update.query_index - 1, update.query_count,
                              f"{update.topic}: {update.query} …")
            return
        outcome = f"failed: {update.error}" if update.error else f"{update.found} new"
        progress.show(update.query_index, update.query_count,
                      f"{update.topic}: {update.query} ({outcome})")

    with open_services(settings) as services:
        tell_store_notices(services.store)
        try:
            report = services.fetch(days=args.days, progress=on_progress)
        finally:
            progress.done()
    for note in report.notes:
        print(f"papertray: note: {note}", file=sys.stderr)
    unsent = [f for f in report.failed_queries if f[2].startswith("not sent:")]
    for topic, query, reason in report.failed_queries:
        if not reason.startswith("not sent:"):
            print(f"papertray: query failed: {topic}: {query}: {reason}", file=sys.stderr)
    if unsent:
        print(f"papertray: {count(len(unsent), 'more query', 'more queries')} not sent",
              file=sys.stderr)
    print(report.summary_line())
    return report.exit_code
