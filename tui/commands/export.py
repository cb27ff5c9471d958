"""`papertray export`: write a day's digest (Markdown) or its BibTeX, to a new file or stdout."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from core.config import Settings
from core.models import Paper
from core.services import open_services
from core.wording import usage_line
from tui.commands.args import day_arg
from tui.commands.notices import tell_store_notices
from tui.commands.progress import ProgressLine

NAME = "export"


def register(subparsers: Any) -> None:
    """Add the `export` subcommand."""
    parser = subparsers.add_parser(
        NAME, help="write a day's digest (Markdown or BibTeX)",
        description="Write a day's papers as a digest in the reference Markdown format, or as "
        "BibTeX. Papers marked skipped are left out (unless starred). The file goes to the "
        "export dir as YYYY-MM-DD.md; an existing file is never replaced (YYYY-MM-DD-2.md "
        "instead) unless --force.")
    parser.add_argument("--date", type=day_arg, metavar="YYYY-MM-DD",
                        help="the day to export (default: the latest day in the store)")
    parser.add_argument("--starred-only", action="store_true", help="only the starred papers")
    parser.add_argument("--format", choices=("markdown", "bibtex"), default="markdown",
                        help="markdown (default) or bibtex")
    parser.add_argument("-o", "--output", metavar="FILE|-",
                        help="write here instead of the export dir; '-' for stdout")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument("--summarize", action="store_true",
                        help="summarize the papers that have no summary yet, first")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Export; 1 when some summaries could not be made (the export is written anyway)."""
    from core.digest.export import default_path, export_day, write_export

    progress = ProgressLine()

    def on_progress(index: int, count: int, paper: Paper) -> None:
        progress.show(index, count, f"summarizing {paper.versioned_id} {paper.title}")

    with open_services(settings) as services:
        tell_store_notices(services.store)
        summarize = services.pipeline.summarize if args.summarize else None
        concurrency = settings.llm.workers
        try:
            result = export_day(settings, services.store, args.date, fmt=args.format,
                                starred_only=args.starred_only, summarize=summarize,
                                progress=on_progress, concurrency=concurrency)
        finally:
            progress.done()
        totals = services.store.llm_usage(date.today())
    for paper_id, reason in result.failures:
        print(f"papertray: could not summarize {paper_id}: {reason}", file=sys.stderr)
    if totals["calls"]:
        print(f"papertray: {usage_line(totals)}", file=sys.stderr)
    if args.output == "-":
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
        print(result.summary_line(), file=sys.stderr)
    else:
        if args.output:
            result.path = write_export(result.text, Path(args.output).expanduser(),
                                       force=args.force, numbered=False)
        else:
            result.path = write_export(result.text, default_path(settings, result.day,
                                                                 args.format), force=args.force)
        print(result.summary_line())
    return 1 if result.failures else 0
