"""Subcommands of `papertray`: one module each, with `register(subparsers)` and `run(args, settings)`."""
