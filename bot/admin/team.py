"""Who is an admin: the ids in ``ADMIN_IDS`` plus admins stored by other admins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.admin.audit import record_action
from bot.db.engine import Database
from bot.db.models.admin import StoredAdmin


@dataclass(frozen=True)
class AdminListing:
    """The admins, split by where their right comes from."""

    configured: tuple[int, ...]
    stored: tuple[StoredAdmin, ...]


class AdminTeam:
    """Answers ``is_admin`` from memory; the stored set is refreshed on every change and by
    the periodic reload, so an admin added on one instance is known on all within seconds."""

    def __init__(self, database: Database, configured: frozenset[int]) -> None:
        self.database = database
        self.configured = configured
        self._stored: frozenset[int] = frozenset()

    def is_admin(self, user_id: int) -> bool:
        """Whether ``user_id`` may use admin commands."""
        return user_id in self.configured or user_id in self._stored

    def recipients(self) -> list[int]:
        """Every admin, for notifications."""
        return sorted(self.configured | self._stored)

    async def refresh(self) -> None:
        """Re-read the stored admins."""
        async with self.database.sessions() as session:
            ids = await session.scalars(select(StoredAdmin.user_id))
            self._stored = frozenset(int(user_id) for user_id in ids)

    async def listing(self) -> AdminListing:
        """Configured and stored admins, for ``/admins``."""
        async with self.database.sessions() as session:
            rows = await session.scalars(select(StoredAdmin).order_by(StoredAdmin.added_at))
            stored = tuple(rows)
        return AdminListing(configured=tuple(sorted(self.configured)), stored=stored)

    async def add(self, user_id: int, actor_id: int) -> bool:
        """Store a new admin; False if they already were one."""
        if self.is_admin(user_id):
            await self.refresh()
            if self.is_admin(user_id):
                return False
        async with self.database.sessions.begin() as session:
            if await session.get(StoredAdmin, user_id) is not None:
                return False
            session.add(StoredAdmin(user_id=user_id, added_by=actor_id))
            await record_action(session, actor_id, "admin_add", str(user_id))
        await self.refresh()
        return True

    async def remove(self, user_id: int, actor_id: int) -> bool:
        """Remove a stored admin; False if there was none (``ADMIN_IDS`` can't be removed)."""
        async with self.database.sessions.begin() as session:
            row = await session.get(StoredAdmin, user_id)
            if row is None:
                return False
            await session.delete(row)
            await record_action(session, actor_id, "admin_remove", str(user_id))
        await self.refresh()
        return True
