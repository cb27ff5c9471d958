"""The `papertray` command: parse arguments, load settings, run a subcommand or open the reader."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from core import __version__
from core.config import load_settings
from core.errors import PapertrayError

# Subcommand modules in tui/commands, in the order `--help` lists them.
COMMANDS = ("fetch", "list_", "like", "summarize", "export", "import_", "config")


def _command_modules() -> list[ModuleType]:
    return [importlib.import_module(f"tui.commands.{name}") for name in COMMANDS]


def build_parser(modules: Sequence[ModuleType]) -> argparse.ArgumentParser:
    """The whole command line, with each subcommand's own options."""
    parser = argparse.ArgumentParser(
        prog="papertray",
        description="A keyboard-driven terminal reader for the daily arXiv papers. "
        "With no command, opens the reader.",
    )
    parser.add_argument("--version", action="version", version=f"papertray {__version__}")
    parser.add_argument("--home", metavar="DIR",
                        help="keep config, store, PDF cache and exports under DIR "
                        "(default: $PAPERTRAY_HOME, else the platform's folders)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="open the reader on this day (default: the latest day with papers)")
    parser.add_argument("--demo", action="store_true",
                        help="open a bundled sample day in a temporary home (no network needed)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `papertray` console script; returns the exit code."""
    modules = _command_modules()
    parser = build_parser(modules)
    args = parser.parse_args(argv)
    if args.debug:
        _show_debug_log()
    try:
        if args.command is None:
            from tui.commands.reader import run_reader

            return run_reader(args)
        settings = load_settings(args.home)
        command = {module.NAME: module for module in modules}[args.command]
        return int(command.run(args, settings))
    except PapertrayError as err:
        if args.debug:
            traceback.print_exc()
        print(f"papertray: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("papertray: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - the last line of defence: one line, not a dump
        if args.debug:
            traceback.print_exc()
        else:
            print(f"papertray: unexpected error: {type(err).__name__}: {err} "
                  "(run with --debug for the traceback)", file=sys.stderr)
        return 1


def _show_debug_log() -> None:
    """`--debug`: what core logs for debugging (MuPDF's own messages...) goes to stderr."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("papertray: debug: %(name)s: %(message)s"))
    logger = logging.getLogger("papertray")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
