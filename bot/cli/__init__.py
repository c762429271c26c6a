"""Command-line entry point: one parser, sub-commands contributed by the modules that own them."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module listed here exposes ``register(subparsers)``; the sub-command it adds sets
# ``func`` (``Callable[[argparse.Namespace], int]``) as its default. With each module, the
# sub-commands it adds, so that running one imports only the modules that add it: the
# database, admin and mentor modules take about a second to import, which answering a
# question (`ask`) does not need.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "bot.cli.run": ("run",),
    "bot.cli.knowledge": ("ask", "eval", "faq"),
    "bot.cli.admin": ("faq",),
    "bot.cli.mentors": ("mentors",),
    "bot.cli.db": ("db",),
    "bot.cli.i18n": ("i18n",),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Collect every module's sub-commands into one parser (only those that add ``command``,
    when one is named)."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, commands in COMMAND_MODULES.items():
        if command is None or command in commands:
            importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command, returning its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    known = {command for commands in COMMAND_MODULES.values() for command in commands}
    named = arguments[0] if arguments and arguments[0] in known else None
    parser = build_parser(named)
    args = parser.parse_args(arguments)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return int(func(args) or 0)
