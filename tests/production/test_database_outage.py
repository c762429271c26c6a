"""PostgreSQL goes away mid-run: the bot keeps answering, refuses writes politely, recovers.

The database is cut off by a proxy between the bot and the server (other tests keep using
the real server), so this runs where ``TEST_DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, reset_postgres
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings
from tests.production.tcp_proxy import CuttableProxy

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")


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
    [refusal], notice = await bot.press_data(english_user, "lang:en")
    assert "database is unavailable" in refusal.text
    assert "try again" in notice

    proxy.restore()
    [done], _notice = await bot.press_data(english_user, "lang:en")
    assert "I'll speak English" in done.text
