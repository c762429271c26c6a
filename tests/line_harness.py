"""Run the real bot process (``BotServer``: aiohttp app, conversation, LINE adapter) against the
fake LINE API, and post SIGNED webhook bodies to it over real HTTP, as LINE does."""

from __future__ import annotations

import dataclasses
from typing import Any

import aiohttp
from telegram import Update
from telegram.ext import TypeHandler

from bot.knowledge.service import KnowledgeSource
from bot.settings import Secret, Settings
from bot.web.server import BotServer
from tests.fake_line import ACCESS_TOKEN, CHANNEL_SECRET, FakeLine
from tests.fake_line_webhook import LineEvents, body, post
from tests.fake_telegram import FakeTelegram
from tests.faq_once import load_default_knowledge_once
from tests.harness import DONE_GROUP, BotHarness


def line_settings(fake: FakeLine, database_url: str, **overrides: Any) -> Settings:
    """Settings for LINE against the fake LINE API and the test database (no Telegram)."""
    base = Settings(
        line_channel_secret=Secret(CHANNEL_SECRET),
        line_channel_access_token=Secret(ACCESS_TOKEN),
        line_api_base_url=fake.base_url,
        database_url=database_url,
        default_language="th",
    )
    return dataclasses.replace(base, **overrides)


def both_settings(
    fake_line: FakeLine, fake_telegram: FakeTelegram, database_url: str, **overrides: Any
) -> Settings:
    """LINE and Telegram (polling) in one process, against both fakes."""
    return line_settings(
        fake_line,
        database_url,
        telegram_bot_token=Secret(fake_telegram.token),
        telegram_api_base_url=fake_telegram.base_url,
        **overrides,
    )


class LineHarness:
    """One running bot process with LINE; ``post``/``send`` deliver webhook bodies and wait
    until the bot has handled them. With Telegram configured too (``fake_telegram``), the
    same process polls Telegram and ``telegram`` drives it as ``BotHarness`` does."""

    def __init__(
        self, fake: FakeLine, settings: Settings, fake_telegram: FakeTelegram | None = None
    ) -> None:
        self.fake = fake
        self.settings = settings
        self.events = LineEvents(fake)
        self.server: BotServer | None = None
        self.http: aiohttp.ClientSession | None = None
        self.telegram: BotHarness | None = None
        self.knowledge_source: KnowledgeSource = load_default_knowledge_once
        if fake_telegram is not None:
            self.telegram = BotHarness(fake_telegram, settings)

    async def start(self) -> None:
        server = BotServer(
            self.settings, host="127.0.0.1", port=0, knowledge_source=self.knowledge_source
        )
        if self.telegram is not None:
            assert server.telegram is not None, "the settings have no Telegram token"
            server.telegram.add_handler(
                TypeHandler(Update, self.telegram._mark_done), group=DONE_GROUP
            )
        await server.start()
        self.server = server
        if self.telegram is not None:
            self.telegram.app = server.telegram
        self.http = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
            self.http = None
        server, self.server = self.server, None
        if self.telegram is not None:
            self.telegram.fake.wake_pollers()
            self.telegram.app = None
        if server is not None:
            await server.stop()

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def conversation(self) -> Any:
        assert self.server is not None and self.server.conversation is not None
        return self.server.conversation

    def url(self, path: str | None = None) -> str:
        assert self.server is not None
        return self.server.local_url(path or self.settings.line_webhook_path)

    async def post(self, raw: bytes, **kwargs: Any) -> int:
        """POST ``raw`` to the LINE webhook (signed unless told otherwise), wait until every
        event taken has been handled; the HTTP status."""
        assert self.http is not None and self.server is not None
        status = await post(self.http, self.url(), raw, **kwargs)
        if self.server.line is not None:
            await self.server.line.drain()
        return status

    async def send(self, *events: dict[str, Any]) -> int:
        """Deliver these events in one signed webhook call."""
        return await self.post(body(*events))

    async def get(self, path: str) -> tuple[int, str]:
        assert self.http is not None
        async with self.http.get(self.url(path)) as response:
            return response.status, await response.text()
