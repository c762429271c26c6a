"""What ``GET /healthz`` reports: can we reach the database, is the FAQ index loaded."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from bot.db.engine import Database
from bot.services import Services

DATABASE_CHECK_SECONDS = 3.0


async def database_reachable(database: Database) -> bool:
    """A ``SELECT 1`` within a few seconds."""
    try:
        async with asyncio.timeout(DATABASE_CHECK_SECONDS), database.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def faq_loaded(services: Services) -> bool:
    """Whether the FAQ index is built and has entries."""
    try:
        return len(services.faq.knowledge.entries) > 0
    except RuntimeError:  # the index was never built
        return False


async def health(services: Services) -> dict[str, bool]:
    """Each check by name; the bot is healthy when all are True."""
    return {
        "database": await database_reachable(services.database),
        "faq": faq_loaded(services),
    }
