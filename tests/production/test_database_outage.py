"""PostgreSQL goes away mid-run: the bot keeps answering, refuses writes politely, recovers.

The database is cut off by a proxy between the bot and the server (other tests keep using
the real server), so this runs where ``TEST_DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.db.models.usage import QuestionLog
from tests.conftest import POSTGRES_URL, reset_postgres
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings
from tests.production.tcp_proxy import CuttableProxy

QUESTION = "What is a platform cooperative?"
pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


async def logged_questions(bot: BotHarness) -> int:
    async with bot.conversation.services.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(QuestionLog)) or 0)


@pytest.fixture
async def proxy() -> AsyncIterator[CuttableProxy]:
    url = make_url(POSTGRES_URL)
    proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    yield proxy
    await proxy.stop()


@pytest.fixture
async def bot_behind_proxy(
    fake_telegram: FakeTelegram, proxy: CuttableProxy
) -> AsyncIterator[BotHarness]:
    await reset_postgres(POSTGRES_URL)
    url = make_url(POSTGRES_URL).set(host="127.0.0.1", port=proxy.port)
    settings = make_settings(
        fake_telegram, url.render_as_string(hide_password=False), default_language="en"
    )
    harness = BotHarness(fake_telegram, settings)
    await harness.start()
    yield harness
    proxy.restore()
    await harness.stop()


async def test_without_the_database_the_bot_answers_refuses_writes_politely_and_recovers(
    bot_behind_proxy: BotHarness, proxy: CuttableProxy, english_user: FakeUser
) -> None:
    bot = bot_behind_proxy
    assert await bot.say(english_user, "/start")

    proxy.cut()
    [help_text] = await bot.say(english_user, "/help")
    assert "/language" in help_text.text, "what needs no database must keep working"
    [answer] = await bot.say(english_user, QUESTION)
    assert "platform" in answer.text.lower() and "database" not in answer.text
    assert any("👍" in label for label in answer.button_labels)
    [refusal], notice = await bot.press_data(english_user, "lang:en")
    assert "database is unavailable" in refusal.text
    assert "try again" in notice

    proxy.restore()
    assert await logged_questions(bot) == 0, "nothing was written while the database was away"
    [done], _notice = await bot.press_data(english_user, "lang:en")
    assert "I'll speak English" in done.text
    await bot.say(english_user, QUESTION)
    assert await logged_questions(bot) == 1, "usage logging resumes with the database"
