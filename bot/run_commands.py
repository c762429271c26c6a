"""``python -m bot run [--console]`` (and ``run_bot.py``): start the bot the right way."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import Any

from bot.i18n import _, use_language
from bot.settings import (
    Settings,
    StartupError,
    configure_logging,
    load_settings_or_exit,
    warn_about_settings,
)


def register(subparsers: Any) -> None:
    """Add the ``run`` command."""
    run = subparsers.add_parser("run", help="start the bot (terminal chat without a token)")
    add_run_arguments(run)
    run.set_defaults(func=run_bot)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by ``python -m bot run`` and ``run_bot.py``."""
    parser.add_argument("--console", action="store_true", help="chat in this terminal")


def run_bot(args: argparse.Namespace) -> int:
    """Telegram when a token is set (polling or webhook), else the terminal chat; a setting
    that does not work (database, Bot API) is one line on stderr and exit code 2."""
    settings = load_settings_or_exit()
    try:
        return _run(args, settings)
    except StartupError as error:
        print(str(error), file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, settings: Settings) -> int:
    configure_logging(settings.log_level if not args.console else "WARNING")
    warn_about_settings(settings)
    if args.console or not settings.telegram_bot_token:
        if not args.console:
            with use_language(settings.default_language):
                print(
                    _(
                        "No TELEGRAM_BOT_TOKEN is set, so we chat here in the terminal. "
                        "To connect to Telegram, put a token from @BotFather in .env "
                        "(see README)."
                    ),
                    file=sys.stderr,
                )
        configure_logging("WARNING")
        from bot.console.chat import run_console

        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(run_console(settings))
        return 0
    if settings.bot_mode == "webhook":
        from bot.web.webhook import run_webhook

        run_webhook(settings)
        return 0
    from bot.telegram.application import run_polling

    run_polling(settings)
    return 0
