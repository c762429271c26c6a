"""Repositories for the foundation tables: they take a session and never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import utcnow
from bot.db.models import ConversationState, User


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


async def get_user_and_state(
    session: AsyncSession, telegram_id: int
) -> tuple[User | None, ConversationState | None]:
    """The user and their active flow in one query: this runs for every message."""
    row = (
        await session.execute(
            select(User, ConversationState)
            .outerjoin(ConversationState, ConversationState.user_id == User.telegram_id)
            .where(User.telegram_id == telegram_id)
        )
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


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
