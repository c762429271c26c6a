"""Claim each Telegram ``update_id`` once, so a redelivered update is not answered twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models import ProcessedUpdate

KEEP_PROCESSED = dt.timedelta(days=2)  # Telegram gives up redelivering after 24 hours


class DuplicateEventError(Exception):
    """This update was already handled (delivered again, or to another instance)."""


async def claim_update(session: AsyncSession, update_id: int) -> bool:
    """True if this is the first claim of ``update_id`` (insert-or-skip, in the caller's
    transaction: it holds if that transaction commits)."""
    dialect = sqlite if session.bind.dialect.name == "sqlite" else postgresql
    statement = (
        dialect.insert(ProcessedUpdate)
        .values(update_id=update_id, processed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["update_id"])
    )
    result = await session.execute(statement)
    return result.rowcount == 1  # type: ignore[attr-defined]


async def prune_processed_updates(database: Database, keep: dt.timedelta = KEEP_PROCESSED) -> int:
    """Forget claims older than any redelivery could be; returns how many were removed."""
    async with database.sessions.begin() as session:
        result = await session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < utcnow() - keep)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
