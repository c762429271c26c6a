"""Tests read the database by internal user id: these find it from a messenger account."""

from __future__ import annotations

from functools import partial
from typing import Any

from bot.db.engine import Database
from bot.db.repositories.identities import ensure_user_for, user_for


def database_of(bot: Any) -> Database:
    """The database of a running harness (or a ``Database`` as it is)."""
    return bot if isinstance(bot, Database) else bot.conversation.services.database


async def internal_id(bot: Any, channel: str, external_id: int | str) -> int:
    """The internal id of the user behind ``(channel, external_id)``; fails if none."""
    found = await database_of(bot).run(
        partial(user_for, channel=channel, external_id=str(external_id))
    )
    assert found is not None, f"no user for {channel}:{external_id}"
    return found


async def telegram_user(bot: Any, telegram_id: int) -> int:
    """The internal id of a Telegram user (made if they never wrote, like an admin's import)."""
    return await database_of(bot).run(
        partial(ensure_user_for, channel="telegram", external_id=str(telegram_id), language="en")
    )


async def user_id_of(bot: Any, user: Any) -> int:
    """The internal id of a fake Telegram user who has written to the bot."""
    return await internal_id(bot, "telegram", user.id)
