"""Fixtures: a fake Bot API server, a fresh database (SQLite, and PostgreSQL when
``TEST_DATABASE_URL`` is set) and a running bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.conversation import markup
from bot.conversation.engine import Conversation
from bot.conversation.events import Incoming
from bot.conversation.mentoring import notices
from bot.conversation.reply import Reply, Response
from bot.knowledge.service import KnowledgeSource
from tests import faq_once
from tests.fake_line import FakeLine
from tests.fake_line_webhook import line_user_id
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings, telegram_admins
from tests.line_harness import LineHarness, line_settings
from tests.transcripts import Chat, LineChat, Person, TelegramChat


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Spread the tests over every CPU (pytest-xdist ``-n auto``) unless the command line
    says how (``-n 0``, ``-n 3``) or turns xdist off (``-p no:xdist``); here rather than in
    addopts so that both ways of debugging one test serially still work."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # a worker: it runs what it is sent
    if config.pluginmanager.hasplugin("xdist") and config.option.numprocesses is None:
        config.option.numprocesses = "auto"
        if config.option.dist == "no":
            config.option.dist = "worksteal"  # long tests (subprocesses) don't pile up last


def worker_database(url: str, worker: str | None) -> str:
    """The database one pytest-xdist worker uses: ``<name>_<worker>`` (``test_gw0``), so
    workers resetting their schema never meet; the name as given without xdist."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(hide_password=False)


GIVEN_POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
POSTGRES_URL = worker_database(GIVEN_POSTGRES_URL, os.environ.get("PYTEST_XDIST_WORKER"))
ADMIN = 900  # the admin of the ``bot`` and ``messenger`` fixtures
DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
_created: set[str] = set()


async def create_postgres_database(url: str) -> None:
    """Create the database ``url`` names if it is missing, through the given database (the
    one TEST_DATABASE_URL names, which must exist)."""
    name = str(make_url(url).database)
    if url in ("", GIVEN_POSTGRES_URL) or not GIVEN_POSTGRES_URL or name in _created:
        return
    engine = create_async_engine(GIVEN_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            found = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if found is None:
                quoted = '"' + name.replace('"', '""') + '"'
                await connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        await engine.dispose()
    _created.add(name)


async def reset_postgres(url: str) -> None:
    """Drop and recreate the public schema: every test starts from an empty database."""
    await create_postgres_database(url)
    engine = create_async_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session", autouse=True)
def faq_read_and_indexed_once() -> Iterator[None]:
    """Each distinct FAQ is read and indexed once per process, not at every bot start."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        faq_once.install(monkeypatch)
        yield


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
    return faq_once.load_default_knowledge_once


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
