"""Webhook mode: Telegram posts updates to our aiohttp server instead of us polling for them.

Several instances can run behind a load balancer on one PostgreSQL database: updates are
claimed by ``update_id`` and periodic jobs by lease, so each is handled once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web
from telegram.ext import Application

from bot.knowledge.service import KnowledgeSource, load_default_knowledge
from bot.settings import Settings
from bot.telegram.application import (
    ALLOWED_UPDATES,
    build_application,
    close_conversation,
    open_conversation,
)
from bot.telegram.eventloop import new_event_loop
from bot.telegram.handlers import METRICS_KEY
from bot.web.routes import add_telegram_webhook, build_web_app

log = logging.getLogger(__name__)


class WebhookServer:
    """The PTB application (no updater) plus the aiohttp server that feeds it."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str | None = None,
        port: int | None = None,
        application: Application | None = None,
        register_webhook: bool = True,
        freeze_after_start: bool = False,
        knowledge_source: KnowledgeSource = load_default_knowledge,
    ) -> None:
        self.settings = settings
        self.host = host or settings.webhook_listen
        self.port = settings.webhook_port if port is None else port
        self.application = application or build_application(settings, webhook=True)
        self.register_webhook = register_webhook
        self.freeze_after_start = freeze_after_start
        self.knowledge_source = knowledge_source
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Start services, tell Telegram where to post (with the secret), then listen."""
        application = self.application
        await application.initialize()
        conversation = await open_conversation(
            application,
            self.settings,
            knowledge_source=self.knowledge_source,
            freeze_after_start=self.freeze_after_start,
        )
        await application.start()
        if self.register_webhook:
            await application.bot.set_webhook(
                url=self.settings.webhook_url,
                secret_token=self.settings.webhook_secret.get(),
                allowed_updates=ALLOWED_UPDATES,
                max_connections=40,
            )
        web_app = build_web_app(conversation.services, application.bot_data[METRICS_KEY])
        add_telegram_webhook(web_app, application, self.settings)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self.port == 0 and self._runner.addresses:
            self.port = self._runner.addresses[0][1]
        log.info("webhook server listening on %s:%s%s", self.host, self.port, self.url_path)

    @property
    def url_path(self) -> str:
        return self.settings.webhook_path

    @property
    def local_url(self) -> str:
        """Where this server receives updates (for tests and the load test)."""
        return f"http://{self.host}:{self.port}{self.settings.webhook_path}"

    async def stop(self) -> None:
        """Stop taking updates, finish those in hand, then stop services. The webhook stays
        registered: other instances may still be serving it."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        application = self.application
        if application.running:
            await application.stop()
        await application.shutdown()
        await close_conversation(application)


async def serve_webhook(settings: Settings, *, freeze_after_start: bool = False) -> None:
    """Run until SIGINT or SIGTERM."""
    server = WebhookServer(settings, freeze_after_start=freeze_after_start)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopping.set)
    await server.start()
    try:
        await stopping.wait()
    finally:
        await server.stop()


def run_webhook(settings: Settings) -> None:
    """Production webhook mode: owns the event loop (uvloop where installed) until
    interrupted, with start-up's objects frozen out of the garbage collector's sight."""
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        runner.run(serve_webhook(settings, freeze_after_start=True))
