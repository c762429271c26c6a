"""The FAQ write lock serialises writers on both databases: a second transaction taking it
waits until the first has committed (SQLite ignores ``FOR UPDATE``, so a read lock would not)."""

from __future__ import annotations

import asyncio

from bot.admin import store
from bot.db.models.admin import FaqVersion
from tests.harness import BotHarness

HOLD_SECONDS = 0.3


async def test_a_second_writer_waits_for_the_first_to_commit(bot: BotHarness) -> None:
    database = bot.conversation.services.database
    order: list[str] = []
    first_locked = asyncio.Event()

    async def first() -> None:
        async with database.sessions.begin() as session:
            await store.lock_faq(session)
            first_locked.set()
            await asyncio.sleep(HOLD_SECONDS)  # the second tries meanwhile
            await store.bump_version(session)
            order.append("first committed")

    async def second() -> None:
        await first_locked.wait()
        async with database.sessions.begin() as session:
            await store.lock_faq(session)
            order.append("second locked")
            version = await store.read_version(session)
            order.append(f"second read {version}")
            await store.bump_version(session)

    async with database.sessions() as session:
        before = await store.read_version(session)
    await asyncio.gather(first(), second())
    assert order == ["first committed", "second locked", f"second read {before + 1}"]
    async with database.sessions() as session:
        assert await session.get(FaqVersion, store.VERSION_ROW) is not None
        assert await store.read_version(session) == before + 2
