"""Command-line entry point: one parser, sub-commands contributed by the modules that own them."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each module listed here exposes ``register(subparsers)``; the sub-command it adds sets
# ``func`` (``Callable[[argparse.Namespace], int]``) as its default.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.run_commands",
    "bot.knowledge.commands",
    "bot.admin.commands",
    "bot.mentors.commands",
    "bot.db.commands",
    "bot.i18n_commands",
)
# The sub-commands a module adds, so that running one imports only the modules that add it:
# the database, admin and mentor modules take about a second to import, which answering a
# question (`ask`) does not need. A module missing here is always imported.
MODULE_COMMANDS: dict[str, tuple[str, ...]] = {
    "bot.run_commands": ("run",),
    "bot.knowledge.commands": ("ask", "eval", "faq"),
    "bot.admin.commands": ("faq",),
    "bot.mentors.commands": ("mentors",),
    "bot.db.commands": ("db",),
    "bot.i18n_commands": ("i18n",),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Collect every module's sub-commands into one parser (only those that add ``command``,
    when one is named)."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        if command is not None and command not in MODULE_COMMANDS.get(name, (command,)):
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:  # the module is not written yet; its commands are absent
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the chosen command, returning its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    known = {command for commands in MODULE_COMMANDS.values() for command in commands}
    named = arguments[0] if arguments and arguments[0] in known else None
    parser = build_parser(named)
    args = parser.parse_args(arguments)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    return int(func(args) or 0)
