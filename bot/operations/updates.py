"""Claim each event once (by its messenger's delivery id), so a redelivery is not answered
twice."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models import ProcessedUpdate

KEEP_PROCESSED = dt.timedelta(days=2)  # Telegram gives up redelivering after 24 hours
_CLAIMS = {  # insert-or-skip, built once per dialect
    "sqlite": sqlite.insert(ProcessedUpdate).on_conflict_do_nothing(),
    "postgresql": postgresql.insert(ProcessedUpdate).on_conflict_do_nothing(),
}


class DuplicateEventError(Exception):
    """This update was already handled (delivered again, or to another instance)."""


def claim_update(connection: Connection, channel: str, event_id: str) -> bool:
    """True if this is the first claim of ``event_id`` on ``channel`` (insert-or-skip, in the
    caller's transaction: it holds if that transaction commits)."""
    result = connection.execute(
        _CLAIMS[connection.dialect.name],
        {"channel": channel, "event_id": event_id, "processed_at": utcnow()},
    )
    return result.rowcount == 1


async def prune_processed_updates(database: Database, keep: dt.timedelta = KEEP_PROCESSED) -> int:
    """Forget claims older than any redelivery could be; returns how many were removed."""
    async with database.sessions.begin() as session:
        result = await session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < utcnow() - keep)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
