"""``python -m bot db upgrade``: apply migrations without starting the bot."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.db.engine import create_database
from bot.db.migrate import upgrade_database
from bot.settings import load_settings_or_exit


def register(subparsers: Any) -> None:
    """Add the ``db`` command group."""
    db = subparsers.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply all migrations")
    upgrade.set_defaults(func=_upgrade)


def _upgrade(_args: argparse.Namespace) -> int:
    settings = load_settings_or_exit()

    async def run() -> None:
        database = create_database(settings.database_url)
        try:
            await upgrade_database(database)
        finally:
            await database.dispose()

    asyncio.run(run())
    print("Database is up to date.")
    return 0
