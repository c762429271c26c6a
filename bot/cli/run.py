"""``python -m bot run [--console]`` (and ``run_bot.py``): start the bot the right way."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any

from bot.console.texts import in_every_language
from bot.i18n import N_
from bot.settings import (
    Settings,
    StartupError,
    configure_logging,
    load_settings_or_exit,
    warn_about_settings,
)

NO_TOKEN = N_(
    "No TELEGRAM_BOT_TOKEN is set, so we chat here in the terminal. "
    "To connect to Telegram, put a token from @BotFather in .env (see README)."
)


def register(subparsers: Any) -> None:
    """Add the ``run`` command."""
    run = subparsers.add_parser("run", help="start the bot (terminal chat without a token)")
    add_run_arguments(run)
    run.set_defaults(func=run_bot)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``python -m bot run`` and ``run_bot.py``."""
    parser.add_argument("--console", action="store_true", help="chat in this terminal")
    parser.add_argument(
        "--user", type=int, default=1, metavar="ID", help="terminal chat: chat as this user id"
    )
    parser.add_argument(
        "--admin", action="store_true", help="terminal chat: be an admin (as if in ADMIN_IDS)"
    )
    parser.add_argument(
        "--files",
        type=Path,
        default=Path("data/console-files"),
        metavar="DIR",
        help="terminal chat: where files the bot sends are saved (default: %(default)s)",
    )


def run_bot(args: argparse.Namespace) -> int:
    """Telegram when a token is set (polling or webhook), LINE when its channel is set (both
    when both are), else the terminal chat; a setting that does not work (database, Bot
    API, LINE) is one line on stderr and exit code 2."""
    settings = load_settings_or_exit()
    try:
        return _run(args, settings)
    except StartupError as error:
        print(str(error), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, settings: Settings) -> int:
    configure_logging(settings.log_level if not args.console else "WARNING")
    warn_about_settings(settings)
    if args.console or not (settings.telegram_enabled or settings.line_enabled):
        if not args.console:
            print(in_every_language(NO_TOKEN, settings.default_language), file=sys.stderr)
        configure_logging("WARNING")
        from bot.console.chat import run_console

        with contextlib.suppress(KeyboardInterrupt):  # where Ctrl-C cannot be caught softly
            asyncio.run(
                run_console(settings, user_id=args.user, admin=args.admin, files_dir=args.files)
            )
        return 0
    if settings.line_enabled or settings.bot_mode == "webhook":
        from bot.web.server import run_server

        run_server(settings)  # LINE, Telegram's webhook, or LINE beside Telegram polling
        return 0
    from bot.telegram.application import run_polling

    run_polling(settings)
    return 0
