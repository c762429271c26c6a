"""Who is who across messengers: an internal user id for each ``(channel, external_id)``.

Core statements on a plain ``Connection`` (the engine resolves the sender of every event in
its per-message transaction, ``Database.run``); session code calls them through
``AsyncSession.run_sync``. They never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.db.base import utcnow
from bot.db.models import Identity, User

_IDENTITIES = Identity.__table__
_USER_FOR = select(_IDENTITIES.c.user_id).where(
    _IDENTITIES.c.channel == bindparam("channel"),
    _IDENTITIES.c.external_id == bindparam("external_id"),
)
_IDENTITIES_OF = (
    select(_IDENTITIES.c.channel, _IDENTITIES.c.external_id, _IDENTITIES.c.created_at)
    .where(_IDENTITIES.c.user_id == bindparam("user_id"))
    .order_by(_IDENTITIES.c.created_at.desc(), _IDENTITIES.c.channel)
)
_NEW_USER = insert(User).returning(User.id)
_LINKS = {  # insert-or-skip: another transaction may link the same account at the same time
    "sqlite": sqlite.insert(Identity).on_conflict_do_nothing(),
    "postgresql": postgresql.insert(Identity).on_conflict_do_nothing(),
}


@dataclass(frozen=True)
class Account:
    """One identity of a user, as ``/mydata`` shows it and the messenger routes by it."""

    channel: str
    external_id: str


def user_for(connection: Connection, channel: str, external_id: str) -> int | None:
    """The internal id of the user behind this messenger account, or None before first
    contact."""
    return connection.execute(_USER_FOR, {"channel": channel, "external_id": external_id}).scalar()


def create_user_for(connection: Connection, channel: str, external_id: str, language: str) -> int:
    """A new user with this identity; if another transaction linked the account first (two
    instances meeting a new user at once), the row made here is dropped and theirs returned.
    """
    now = utcnow()
    user_id = int(
        connection.execute(
            _NEW_USER,
            {"language": language, "language_chosen": False, "first_seen": now, "last_seen": now},
        ).scalar_one()
    )
    linked = connection.execute(
        _LINKS[connection.dialect.name],
        {"channel": channel, "external_id": external_id, "user_id": user_id, "created_at": now},
    )
    if linked.rowcount == 1:
        return user_id
    connection.execute(delete(User).where(User.id == user_id))
    existing = user_for(connection, channel, external_id)
    if existing is None:  # linked and erased in between: extremely unlikely, try once more
        return create_user_for(connection, channel, external_id, language)
    return existing


def ensure_user_for(connection: Connection, channel: str, external_id: str, language: str) -> int:
    """The user behind this account, made now if there is none (an admin named by id before
    they ever wrote to the bot)."""
    existing = user_for(connection, channel, external_id)
    if existing is not None:
        return existing
    return create_user_for(connection, channel, external_id, language)


async def ensure_user_in(
    session: AsyncSession, channel: str, external_id: str, language: str
) -> int:
    """``ensure_user_for`` inside an ``AsyncSession``'s transaction."""

    def ensure(sync_session: Session) -> int:
        return ensure_user_for(sync_session.connection(), channel, external_id, language)

    return await session.run_sync(ensure)


def identities_of(connection: Connection, user_id: int) -> list[Account]:
    """The user's messenger accounts, the most recently linked first."""
    rows = connection.execute(_IDENTITIES_OF, {"user_id": user_id})
    return [Account(row.channel, row.external_id) for row in rows]
