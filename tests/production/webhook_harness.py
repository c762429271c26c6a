"""The bot in webhook mode, driven like ``BotHarness``: users' updates are POSTed to it."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from telegram import Update
from telegram.ext import TypeHandler

from bot.settings import Secret, Settings
from bot.telegram.webhook import SECRET_HEADER
from bot.web.server import BotServer
from tests.fake_telegram import FakeTelegram
from tests.harness import DONE_GROUP, BotHarness, make_settings

WEBHOOK_SECRET = "right-secret_123"


def webhook_settings(fake: FakeTelegram, database_url: str, **overrides: Any) -> Settings:
    """Settings for webhook mode against the fake Bot API."""
    return make_settings(
        fake,
        database_url,
        bot_mode="webhook",
        webhook_url="https://bot.example.org/telegram",
        webhook_secret=Secret(WEBHOOK_SECRET),
        **overrides,
    )


class WebhookHarness(BotHarness):
    """``say``/``press`` work as with polling: each update waiting on the fake is taken off
    its queue and POSTed to the webhook with the right secret before waiting for it."""

    def __init__(self, fake: FakeTelegram, settings: Settings) -> None:
        super().__init__(fake, settings)
        self.server: BotServer | None = None
        self.http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        server = BotServer(
            self.settings, host="127.0.0.1", port=0, knowledge_source=self.knowledge_source
        )
        server.application.add_handler(TypeHandler(Update, self._mark_done), group=DONE_GROUP)
        await server.start()
        self.server, self.app = server, server.application
        self.http = aiohttp.ClientSession()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
            self.http = None
        server, self.server, self.app = self.server, None, None
        if server is not None:
            await server.stop()

    def url(self, path: str | None = None) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.port}{path or self.settings.webhook_path}"

    async def post(self, body: Any, secret: str | None = WEBHOOK_SECRET) -> int:
        """POST ``body`` to the webhook as Telegram would; returns the HTTP status."""
        assert self.http is not None
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[SECRET_HEADER] = secret
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        async with self.http.post(self.url(), data=data, headers=headers) as response:
            return response.status

    async def get(self, path: str) -> tuple[int, str]:
        assert self.http is not None
        async with self.http.get(self.url(path)) as response:
            return response.status, await response.text()

    async def processed(self, update_id: int, timeout: float = 15.0) -> None:
        body = self.fake.take_update(update_id)
        if body is not None:
            assert await self.post(body) == 200
        await super().processed(update_id, timeout)
