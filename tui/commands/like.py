"""`papertray like FILE|ID...`: teach the ranking with papers you like; `--list`, `--remove`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from core.config import Settings
from core.errors import UsageError
from core.services import open_services
from tui.commands.notices import tell_store_notices

NAME = "like"


def register(subparsers: Any) -> None:
    """Add the `like` subcommand."""
    parser = subparsers.add_parser(
        NAME, help="add papers you like (BibTeX, a list of arXiv ids, or ids) to the ranking",
        description="Store papers as liked: the ranking puts papers like them first. FILE is a "
        "BibTeX export (Zotero, JabRef, Mendeley: title, abstract, eprint or arXiv id, url, "
        "doi) or a text file with one arXiv id or URL a line; ids and URLs may be given too. "
        "Papers without an abstract are looked up on arXiv. Liked papers are listed under no "
        "day.")
    parser.add_argument("sources", nargs="*", metavar="FILE|ID",
                        help="a BibTeX or text file, an arXiv id, or an arXiv URL")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="list the liked papers")
    group.add_argument("--remove", metavar="ID", nargs="+",
                       help="take these papers out of the liked ones")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Like, list or remove; 1 when some papers could not be found or looked up."""
    from core.ids import find_id
    from core.liking import like
    from core.rank.library import read_items

    if bool(args.sources) == bool(args.list or args.remove):
        raise UsageError("like: give files or ids to like, or --list, or --remove ID")
    items = read_items(args.sources) if args.sources else []
    with open_services(settings) as services:
        tell_store_notices(services.store)
        store = services.store
        if args.list:
            for paper in store.get_papers(store.liked_ids()):
                print(f"{paper.id}\t{paper.title}")
            return 0
        if args.remove:
            missing = [r for r in args.remove
                       if not store.unlike(r if r.startswith("bib:") else find_id(r) or r)]
            for raw in missing:
                print(f"papertray: not liked: {raw}", file=sys.stderr)
            print(f"removed {len(args.remove) - len(missing)} of {len(args.remove)}")
            return 1 if missing else 0
        report = like(settings, store, items)
    if report.error:
        print(f"papertray: arXiv look-up failed: {report.error}", file=sys.stderr)
    if report.not_found:
        print(f"papertray: not on arXiv: {', '.join(report.not_found)}", file=sys.stderr)
    print(report.summary_line())
    return report.exit_code
