"""`papertray import FILE...`: read digests (files or folders of them) into the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.config import Settings
from core.services import open_services
from tui.commands.notices import tell_store_notices
from tui.commands.progress import ProgressLine

NAME = "import"


def register(subparsers: Any) -> None:
    """Add the `import` subcommand."""
    parser = subparsers.add_parser(
        NAME, help="import digests written by papertray or the tool it replaces",
        description="Read digest Markdown files (or every *.md under a folder) and store their "
        "papers, topics, days and summaries. Importing the same file again changes nothing.")
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path,
                        help="a digest file, or a folder of them")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Import and print what was done; 2 when not one file was a digest."""
    from core.digest.importer import import_paths

    progress = ProgressLine()
    with open_services(settings) as services:
        tell_store_notices(services.store)
        try:
            report = import_paths(services.store, args.files,
                                  lambda i, n, path: progress.show(i, n, str(path)))
        finally:
            progress.done()
    lines = report.lines()
    print("\n".join(lines[:4]))
    for line in lines[4:]:
        print(f"papertray: {line}", file=sys.stderr)
    return report.exit_code
