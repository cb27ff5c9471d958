"""Subcommands of `papertray`: a module each, with `NAME`, `register(subparsers)` and `run`."""
