"""Fixtures: a fake Bot API server, a fresh database (SQLite, and PostgreSQL when
``TEST_DATABASE_URL`` is set) and a running bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.conversation import markup
from bot.conversation.engine import Conversation
from bot.conversation.events import Incoming
from bot.conversation.mentoring import notices
from bot.conversation.reply import Reply, Response
from bot.knowledge.service import KnowledgeSource, load_default_knowledge
from tests.fake_line import FakeLine
from tests.fake_line_webhook import line_user_id
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings, telegram_admins
from tests.line_harness import LineHarness, line_settings
from tests.transcripts import Chat, LineChat, Person, TelegramChat

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
ADMIN = 900  # the admin of the ``bot`` and ``messenger`` fixtures
DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


async def reset_postgres(url: str) -> None:
    """Drop and recreate the public schema: every test starts from an empty database."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@pytest.fixture(autouse=True)
def replies_keep_to_the_markup(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every reply the engine produces and every notice rendered for another user is parsed
    as reply markup: a test fails on bad markup wherever it came from, whatever it asserts."""
    problems: list[str] = []

    def check(text: str) -> None:
        try:
            markup.parse(text)
        except markup.MarkupError as error:
            problems.append(f"{error}: {text[:120]!r}")

    handle = Conversation.handle

    async def checked_handle(self: Conversation, event: Incoming) -> Response:
        response = await handle(self, event)
        for reply in [*response.replies, *response.pushed]:
            check(reply.text)
        for result in response.inline_results or ():
            check(result.text)
        return response

    render = notices.render

    def checked_render(*args: Any) -> Reply:
        reply = render(*args)
        check(reply.text)
        return reply

    monkeypatch.setattr(Conversation, "handle", checked_handle)
    monkeypatch.setattr(notices, "render", checked_render)
    yield problems
    assert not problems, f"replies outside the markup: {problems}"


@pytest.fixture(params=DATABASES)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind under test."""
    if request.param == "postgresql":
        await reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API; a test fails if the bot sent anything Telegram would refuse (HTML it
    cannot parse, a text over 4,096 characters…), even where its own asserts don't look."""
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()
    refused = [(c.method, c.description, c.text[:80]) for c in fake.refused]
    assert not refused, f"Telegram would refuse: {refused}"


@pytest.fixture
async def fake_line() -> AsyncIterator[FakeLine]:
    """The fake LINE API; a test fails if the bot sent anything LINE would refuse."""
    fake = FakeLine()
    await fake.start()
    yield fake
    await fake.stop()
    refused = [(c.endpoint, c.problems) for c in fake.refused]
    assert not refused, f"LINE would refuse: {refused}"


@pytest.fixture
def knowledge_source() -> KnowledgeSource:
    """Where the bots in a test read the FAQ at start: ``knowledge/``; test folders that
    need a stable FAQ override this fixture."""
    return load_default_knowledge


@pytest.fixture
def bot_factory(
    fake_telegram: FakeTelegram, database_url: str, knowledge_source: KnowledgeSource
) -> Callable[..., BotHarness]:
    """Make a harness with settings overrides (not started)."""

    def make(**overrides: object) -> BotHarness:
        harness = BotHarness(
            fake_telegram, make_settings(fake_telegram, database_url, **overrides)
        )
        harness.knowledge_source = knowledge_source
        return harness

    return make


@pytest.fixture
async def bot(bot_factory: Callable[..., BotHarness]) -> AsyncIterator[BotHarness]:
    """A running bot with admin 900."""
    harness = bot_factory(admin_ids=telegram_admins(900))
    await harness.start()
    yield harness
    await harness.stop()


@pytest.fixture
def thai_user() -> FakeUser:
    return FakeUser(id=101, first_name="สมชาย", username="somchai", language_code="th")


@pytest.fixture
def english_user() -> FakeUser:
    return FakeUser(id=102, first_name="Alex", username="alex", language_code="en")


@pytest.fixture
def messenger_settings() -> dict[str, Any]:
    """Settings overrides for the ``messenger`` fixture's bot (a test module may override)."""
    return {}


@pytest.fixture(params=["telegram", "line"])
async def messenger(
    request: pytest.FixtureRequest,
    bot_factory: Callable[..., BotHarness],
    fake_line: FakeLine,
    database_url: str,
    knowledge_source: KnowledgeSource,
    messenger_settings: dict[str, Any],
) -> AsyncIterator[Chat]:
    """The same transcript on each messenger (``tests/transcripts.py``): Telegram through the
    real Application and the fake Bot API, LINE through the real bot process, signed webhook
    posts and the fake LINE API (both fakes run either way: each checks what it was sent).
    Person ``ADMIN`` (900) is an admin on either, as in the ``bot`` fixture."""
    chat: TelegramChat | LineChat
    if request.param == "telegram":
        bot = bot_factory(**{"admin_ids": telegram_admins(ADMIN), **messenger_settings})
        await bot.start()
        chat = TelegramChat(bot)
    else:
        admins = frozenset({("line", line_user_id(ADMIN))})
        settings = line_settings(
            fake_line, database_url, **{"admin_ids": admins, **messenger_settings}
        )
        harness = LineHarness(fake_line, settings)
        harness.knowledge_source = knowledge_source
        await harness.start()
        chat = LineChat(harness)
    yield chat
    await (chat.bot if isinstance(chat, TelegramChat) else chat.harness).stop()


@pytest.fixture
def thai_person() -> Person:
    """``thai_user`` on whichever messenger the test runs on."""
    return Person(101, "สมชาย", "th", "somchai")


@pytest.fixture
def english_person() -> Person:
    """``english_user`` on whichever messenger the test runs on."""
    return Person(102, "Alex", "en", "alex")
