"""Retention: questions the bot could not answer are kept for admins only for a while."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models.usage import UnansweredQuestion


async def delete_old_unanswered(database: Database, days: int) -> int:
    """Delete unanswered questions (their words with them) older than ``days``; how many."""
    cutoff = utcnow() - dt.timedelta(days=days)
    async with database.sessions.begin() as session:
        result = await session.execute(
            delete(UnansweredQuestion).where(UnansweredQuestion.created_at < cutoff)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
