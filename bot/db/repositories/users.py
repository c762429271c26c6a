"""Users and their conversation state: these take a session and never commit.

The two that run for every message take a plain ``Connection`` instead (Core statements
built once, for ``Database.run``): the ORM's unit of work cost more than the SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, bindparam, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import ConversationState, Identity, User

_USERS = User.__table__
_STATES = ConversationState.__table__
_IDENTITIES = Identity.__table__
_USER_COLUMNS = (
    _USERS.c.id,
    _USERS.c.language,
    _USERS.c.language_chosen,
    _USERS.c.last_seen,
    _STATES.c.flow,
    _STATES.c.step,
    _STATES.c.data,
)
_USER_AND_FLOW = (
    select(*_USER_COLUMNS)
    .outerjoin(_STATES, _STATES.c.user_id == _USERS.c.id)
    .where(_USERS.c.id == bindparam("user_id"))
)
_ACCOUNT_USER_AND_FLOW = (
    select(*_USER_COLUMNS)
    .join(_IDENTITIES, _IDENTITIES.c.user_id == _USERS.c.id)
    .outerjoin(_STATES, _STATES.c.user_id == _USERS.c.id)
    .where(
        _IDENTITIES.c.channel == bindparam("channel"),
        _IDENTITIES.c.external_id == bindparam("external_id"),
    )
)


def _visit_statement(dialect: Any) -> Any:
    insert = dialect.insert(_USERS)
    return insert.on_conflict_do_update(
        index_elements=[_USERS.c.id],
        set_={
            "last_seen": insert.excluded.last_seen,
            "language": case(
                (_USERS.c.language_chosen, _USERS.c.language), else_=insert.excluded.language
            ),
        },
    )


_VISITS = {"sqlite": _visit_statement(sqlite), "postgresql": _visit_statement(postgresql)}


def read_user_and_flow(connection: Connection, user_id: int) -> Row[*tuple[Any, ...]] | None:
    """The user's ``id``, ``language``, ``language_chosen`` and ``last_seen`` with their active
    flow (``flow``, ``step``, ``data``: None outside one), in one query; None if unknown."""
    return connection.execute(_USER_AND_FLOW, {"user_id": user_id}).first()


def read_account_user_and_flow(
    connection: Connection, channel: str, external_id: str
) -> Row[*tuple[Any, ...]] | None:
    """``read_user_and_flow`` for the user behind a messenger account, found through its
    identity in the same query; None before first contact."""
    return connection.execute(
        _ACCOUNT_USER_AND_FLOW, {"channel": channel, "external_id": external_id}
    ).first()


def note_visit(connection: Connection, user_id: int, language: str) -> None:
    """Refresh the user's last-seen time and, unless they chose a language, the guessed one
    (an upsert: the row is made if it is missing, e.g. erased by a /forget meanwhile)."""
    now = utcnow()
    connection.execute(
        _VISITS[connection.dialect.name],
        {
            "id": user_id,
            "language": language,
            "language_chosen": False,
            "first_seen": now,
            "last_seen": now,
        },
    )


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    """The stored user, if they have talked to the bot before."""
    return await session.get(User, user_id)


async def touch_user(session: AsyncSession, user_id: int, language: str) -> User:
    """Refresh the user's last-seen time (making the row if it is missing)."""
    user = await session.get(User, user_id)
    now = utcnow()
    if user is None:
        user = User(id=user_id, language=language, first_seen=now, last_seen=now)
        session.add(user)
    else:
        user.last_seen = now
        if not user.language_chosen:
            user.language = language
    await session.flush()
    return user


async def get_state(session: AsyncSession, user_id: int) -> ConversationState | None:
    """The user's active flow, if any."""
    return await session.get(ConversationState, user_id)


async def save_state(
    session: AsyncSession, user_id: int, flow: str, step: str, data: dict[str, Any]
) -> None:
    """Start or advance the user's flow."""
    state = await session.get(ConversationState, user_id)
    if state is None:
        session.add(ConversationState(user_id=user_id, flow=flow, step=step, data=data))
    else:
        state.flow, state.step, state.data, state.updated_at = flow, step, dict(data), utcnow()
    await session.flush()


async def clear_state(session: AsyncSession, user_id: int) -> None:
    """End the user's flow."""
    await session.execute(delete(ConversationState).where(ConversationState.user_id == user_id))


async def set_language(session: AsyncSession, user_id: int, language: str) -> None:
    """Store an explicit language choice, which then wins over every other signal."""
    user = await session.get(User, user_id)
    if user is None:
        now = utcnow()
        user = User(id=user_id, language=language, first_seen=now, last_seen=now)
        session.add(user)
    user.language, user.language_chosen = language, True
    await session.flush()
