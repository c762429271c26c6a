"""Command-line entry point: one parser, sub-commands contributed by the modules that own them."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence

# Each module listed here exposes ``register(subparsers)``; the sub-command it adds sets
# ``func`` (``Callable[[argparse.Namespace], int]``) as its default.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.cli.run",
    "bot.cli.knowledge",
    "bot.cli.admin",
    "bot.cli.mentors",
    "bot.cli.db",
    "bot.cli.i18n",
)


def build_parser() -> argparse.ArgumentParser:
    """Collect every module's sub-commands into one parser."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command, returning its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return int(func(args) or 0)
