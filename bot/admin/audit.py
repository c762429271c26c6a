"""The audit log: every admin action with actor, action, target and time."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models.admin import AuditEntry

log = logging.getLogger(__name__)


async def record_action(
    session: AsyncSession, actor_id: int | None, action: str, target: str = ""
) -> None:
    """Note one admin action in the caller's transaction."""
    session.add(AuditEntry(actor_id=actor_id, action=action, target=target, at=utcnow()))
    await session.flush()
    log.info("admin action %s by %s on %s", action, actor_id, target[:80])


async def recent_actions(session: AsyncSession, limit: int = 50) -> list[AuditEntry]:
    """The latest admin actions, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    return list(await session.scalars(query))


async def log_action(database: Database, actor_id: int | None, action: str, target: str) -> None:
    """Note an admin action taken through another feature's service, in its own transaction."""
    async with database.sessions.begin() as session:
        await record_action(session, actor_id, action, target)
