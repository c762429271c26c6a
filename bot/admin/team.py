"""Who is an admin: the accounts in ``ADMIN_IDS`` plus admins stored by other admins.

Both are known by internal user id. ``ADMIN_IDS`` names messenger accounts, so each refresh
finds (or makes) the user behind each one: an admin named there has a user, and gets the
admin menu, before they ever write to the bot.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from sqlalchemy import Connection, select

from bot.admin.audit import record_action
from bot.db.engine import Database
from bot.db.models.admin import StoredAdmin
from bot.db.repositories.identities import ensure_user_for, user_for

Account = tuple[str, str]  # (channel, external id)


@dataclass(frozen=True)
class AdminListing:
    """The admins, split by where their right comes from."""

    configured: tuple[Account, ...]
    stored: tuple[StoredAdmin, ...]


class AdminTeam:
    """Answers ``is_admin`` from memory; the stored set is refreshed on every change and by
    the periodic reload, so an admin added on one instance is known on all within seconds."""

    def __init__(
        self, database: Database, configured: frozenset[Account], language: str = "th"
    ) -> None:
        self.database = database
        self.configured = configured
        self.language = language  # for the user made for an admin who never wrote yet
        self._configured_ids: frozenset[int] = frozenset()
        self._stored: frozenset[int] = frozenset()

    def is_admin(self, user_id: int) -> bool:
        """Whether ``user_id`` (internal) may use admin commands."""
        return user_id in self._configured_ids or user_id in self._stored

    def is_configured(self, user_id: int) -> bool:
        """Whether ``user_id`` is an admin through ``ADMIN_IDS`` (which /admins can't change)."""
        return user_id in self._configured_ids

    def recipients(self) -> list[int]:
        """Every admin, for notifications."""
        return sorted(self._configured_ids | self._stored)

    def _read(self, connection: Connection) -> tuple[frozenset[int], frozenset[int]]:
        configured = frozenset(
            ensure_user_for(connection, channel, external_id, self.language)
            for channel, external_id in sorted(self.configured)
        )
        stored = frozenset(int(i) for i in connection.scalars(select(StoredAdmin.user_id)))
        return configured, stored

    async def refresh(self) -> None:
        """Re-read the stored admins and the users behind ``ADMIN_IDS``."""
        self._configured_ids, self._stored = await self.database.run(self._read)

    async def listing(self) -> AdminListing:
        """Configured and stored admins, for ``/admins``."""
        async with self.database.sessions() as session:
            rows = await session.scalars(select(StoredAdmin).order_by(StoredAdmin.added_at))
            stored = tuple(rows)
        return AdminListing(configured=tuple(sorted(self.configured)), stored=stored)

    async def add(self, user_id: int, actor_id: int, label: str) -> bool:
        """Store a new admin; False if they already were one. ``label`` names them in the
        audit log as the adding admin wrote them."""
        if self.is_admin(user_id):
            await self.refresh()
            if self.is_admin(user_id):
                return False
        async with self.database.sessions.begin() as session:
            if await session.get(StoredAdmin, user_id) is not None:
                return False
            session.add(StoredAdmin(user_id=user_id, added_by=actor_id))
            await record_action(session, actor_id, "admin_add", label)
        await self.refresh()
        return True

    async def remove(self, user_id: int, actor_id: int, label: str) -> bool:
        """Remove a stored admin; False if there was none (``ADMIN_IDS`` can't be removed)."""
        async with self.database.sessions.begin() as session:
            row = await session.get(StoredAdmin, user_id)
            if row is None:
                return False
            await session.delete(row)
            await record_action(session, actor_id, "admin_remove", label)
        await self.refresh()
        return True


async def account_user(
    database: Database, account: Account, language: str, *, create: bool
) -> int | None:
    """The internal id of the user behind ``account``; with ``create``, made now if they
    never wrote yet (an admin added before their first message)."""
    channel, external_id = account
    if create:
        return await database.run(
            partial(ensure_user_for, channel=channel, external_id=external_id, language=language)
        )
    return await database.run(partial(user_for, channel=channel, external_id=external_id))
