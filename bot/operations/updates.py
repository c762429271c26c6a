"""Claim each Telegram ``update_id`` once, so a redelivered update is not answered twice."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models import ProcessedUpdate
from bot.db.outage import is_database_outage

log = logging.getLogger(__name__)
KEEP_PROCESSED = dt.timedelta(days=2)  # Telegram gives up redelivering after 24 hours


async def claim_update(database: Database, update_id: int) -> bool:
    """True if this instance is the first to see ``update_id`` (insert-or-skip).

    If the database is unreachable the update is handled anyway: answering twice in an outage
    is better than not answering at all."""
    dialect = sqlite if database.is_sqlite else postgresql
    statement = (
        dialect.insert(ProcessedUpdate)
        .values(update_id=update_id, processed_at=utcnow())
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(ProcessedUpdate.update_id)
    )
    try:
        async with database.sessions.begin() as session:
            inserted = (await session.execute(statement)).scalar_one_or_none()
    except Exception as error:
        if not is_database_outage(error):
            raise
        log.warning("database unreachable: handling update %s without deduplication", update_id)
        return True
    return inserted is not None


async def prune_processed_updates(database: Database, keep: dt.timedelta = KEEP_PROCESSED) -> int:
    """Forget claims older than any redelivery could be; returns how many were removed."""
    async with database.sessions.begin() as session:
        result = await session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < utcnow() - keep)
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
