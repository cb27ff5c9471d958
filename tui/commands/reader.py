"""`papertray` with no subcommand: open the reader, on the user's home or on the demo day."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from core.config import Paths, Settings, load_settings
from core.errors import UsageError
from core.services import open_services


def parse_day(text: str | None) -> date | None:
    """`--date` as a date; a one-line usage error when it is not YYYY-MM-DD."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date must be YYYY-MM-DD, got {text!r}") from None


def run_reader(args: argparse.Namespace) -> int:
    """Open the Textual reader; `--demo` uses a throwaway home holding the sample day."""
    day = parse_day(args.date)
    if args.demo:
        return _run_demo(day, Paths.resolve(args.home).export_dir)
    settings = load_settings(args.home)
    return _run_app(settings, day, notices=())


def _run_demo(day: date | None, export_dir: Path) -> int:
    from core.demo import make_demo_home

    home = Path(tempfile.mkdtemp(prefix="papertray-demo-"))
    try:
        settings = make_demo_home(home, export_dir=export_dir)
        notice = (f"Demo: a sample day of real arXiv papers, in a temporary home; "
                  f"exports (e) go to {export_dir}.")
        return _run_app(settings, day, notices=(notice,))
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run_app(settings: Settings, day: date | None, notices: tuple[str, ...]) -> int:
    from tui.app import PapertrayApp

    with open_services(settings) as services:
        app = PapertrayApp(services, date=day, notices=notices)
        app.run()
        app.unsaved.flush(services.store)  # the store may take them by now
    for line in app.unsaved.lines():
        print(f"papertray: {line}", file=sys.stderr)
    return 1 if len(app.unsaved) else 0
