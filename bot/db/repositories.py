"""Repositories for the foundation tables: they take a session and never commit.

The two that run for every message take a plain ``Connection`` instead (Core statements
built once, for ``Database.run``): the ORM's unit of work cost more than the SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, bindparam, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import ConversationState, User

_USERS = User.__table__
_STATES = ConversationState.__table__
_USER_AND_FLOW = (
    select(
        _USERS.c.language,
        _USERS.c.language_chosen,
        _USERS.c.last_seen,
        _STATES.c.flow,
        _STATES.c.step,
        _STATES.c.data,
    )
    .outerjoin(_STATES, _STATES.c.user_id == _USERS.c.telegram_id)
    .where(_USERS.c.telegram_id == bindparam("telegram_id"))
)


def _visit_statement(dialect: Any) -> Any:
    insert = dialect.insert(_USERS)
    return insert.on_conflict_do_update(
        index_elements=[_USERS.c.telegram_id],
        set_={
            "last_seen": insert.excluded.last_seen,
            "language": case(
                (_USERS.c.language_chosen, _USERS.c.language), else_=insert.excluded.language
            ),
        },
    )


_VISITS = {"sqlite": _visit_statement(sqlite), "postgresql": _visit_statement(postgresql)}


def read_user_and_flow(connection: Connection, telegram_id: int) -> Row[*tuple[Any, ...]] | None:
    """The user's ``language``, ``language_chosen`` and ``last_seen`` with their active flow
    (``flow``, ``step``, ``data``: None outside one), in one query; None before first contact."""
    return connection.execute(_USER_AND_FLOW, {"telegram_id": telegram_id}).first()


def note_visit(connection: Connection, telegram_id: int, language: str) -> None:
    """Create the user on first contact, else refresh their last-seen time and, unless they
    chose a language, the guessed one (an upsert: two instances may meet a new user at once).
    """
    now = utcnow()
    connection.execute(
        _VISITS[connection.dialect.name],
        {
            "telegram_id": telegram_id,
            "language": language,
            "language_chosen": False,
            "first_seen": now,
            "last_seen": now,
        },
    )


async def get_user(session: AsyncSession, telegram_id: int) -> User | None:
    """The stored user, if they have talked to the bot before."""
    return await session.get(User, telegram_id)


async def touch_user(session: AsyncSession, telegram_id: int, language: str) -> User:
    """Create the user on first contact, else refresh their last-seen time."""
    user = await session.get(User, telegram_id)
    now = utcnow()
    if user is None:
        user = User(telegram_id=telegram_id, language=language, first_seen=now, last_seen=now)
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


async def set_language(session: AsyncSession, telegram_id: int, language: str) -> None:
    """Store an explicit language choice, which then wins over every other signal."""
    user = await session.get(User, telegram_id)
    if user is None:
        now = utcnow()
        user = User(telegram_id=telegram_id, language=language, first_seen=now, last_seen=now)
        session.add(user)
    user.language, user.language_chosen = language, True
    await session.flush()
