"""PostgreSQL turns read-only (as a standby does after a failover): the bot keeps answering,
refuses writes politely, and writes again by itself once the server accepts them.

The database is the one ``TEST_DATABASE_URL`` names; it is made read-only for new sessions
and the bot's sessions are ended, so the bot reconnects to a server that refuses writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import POSTGRES_URL, reset_postgres
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings
from tests.production.test_database_outage import QUESTION, logged_questions

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


async def set_read_only(read_only: bool) -> None:
    """Make the test database read-only (or writable) for every session opened from now on,
    and end the other sessions when turning it read-only (the failover)."""
    name = make_url(POSTGRES_URL).database
    quoted = '"' + str(name).replace('"', '""') + '"'
    setting = "SET default_transaction_read_only = on" if read_only else "RESET ALL"
    engine = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"))
            await connection.execute(text(f"ALTER DATABASE {quoted} {setting}"))
            if read_only:
                await connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
    finally:
        await engine.dispose()


@pytest.fixture
async def postgres_bot(fake_telegram: FakeTelegram) -> AsyncIterator[BotHarness]:
    await reset_postgres(POSTGRES_URL)
    settings = make_settings(fake_telegram, POSTGRES_URL, default_language="en")
    harness = BotHarness(fake_telegram, settings)
    await harness.start()
    try:
        yield harness
    finally:
        await set_read_only(False)
        await harness.stop()


async def test_a_read_only_database_is_an_outage_and_writes_resume_by_themselves(
    postgres_bot: BotHarness, english_user: FakeUser
) -> None:
    bot = postgres_bot
    assert await bot.say(english_user, "/start")

    await set_read_only(True)
    [help_text] = await bot.say(english_user, "/help")
    assert "/language" in help_text.text, "what needs no writes must keep working"
    [answer] = await bot.say(english_user, QUESTION)
    assert "platform" in answer.text.lower() and "something went wrong" not in answer.text
    [refusal], notice = await bot.press_data(english_user, "lang:en")
    assert "database is unavailable" in refusal.text
    assert "try again" in notice
    assert await logged_questions(bot) == 0, "nothing could be written"

    await set_read_only(False)
    [done], _notice = await bot.press_data(english_user, "lang:en")
    assert "I'll speak English" in done.text
    await bot.say(english_user, QUESTION)
    assert await logged_questions(bot) == 1, "usage logging resumes with a writable server"
