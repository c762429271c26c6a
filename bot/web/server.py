"""One process, every configured messenger: Telegram (polling or webhook), LINE, or both.

The services start once and every adapter shares them (one conversation, one job runner,
one set of metrics). Webhooks are served by one aiohttp application on
``WEBHOOK_LISTEN:WEBHOOK_PORT`` with ``/healthz`` and ``/metrics``: Telegram's at
``WEBHOOK_PATH`` in webhook mode, LINE's at ``LINE_WEBHOOK_PATH``. Telegram polling runs in
the same event loop as the LINE server. Several instances can run behind a load balancer on
one PostgreSQL database: events are claimed by id and periodic jobs by lease, so each is
handled once.

``bot.telegram`` and ``bot.line`` are imported only when their messenger is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.app import start_conversation, stop_conversation
from bot.conversation.engine import Conversation
from bot.knowledge.service import KnowledgeSource, load_default_knowledge
from bot.operations.metrics import BotMetrics
from bot.settings import Settings
from bot.web.routes import WebhookRoute, build_web_app

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.line.adapter import LineAdapter

log = logging.getLogger(__name__)


class BotServer:
    """Everything one process runs; ``start`` then ``stop`` (or ``serve`` until a signal).

    ``telegram`` is the PTB application (None without a token) and ``line`` the LINE adapter
    (None without its settings), both built here so callers can add handlers before start.
    ``telegram_options`` go to ``build_application`` and ``line_options`` to ``LineAdapter``
    (the load test turns Telegram's rate limiter off and sets both concurrencies)."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str | None = None,
        port: int | None = None,
        register_webhook: bool = True,
        freeze_after_start: bool = False,
        telegram_options: Mapping[str, Any] | None = None,
        line_options: Mapping[str, Any] | None = None,
        knowledge_source: KnowledgeSource = load_default_knowledge,
    ) -> None:
        self.settings = settings
        self.host = host or settings.webhook_listen
        self.port = settings.webhook_port if port is None else port
        self.register_webhook = register_webhook
        self.freeze_after_start = freeze_after_start
        self.knowledge_source = knowledge_source
        self.conversation: Conversation | None = None
        self.telegram: Application | None = None
        self.line: LineAdapter | None = None
        self._runner: web.AppRunner | None = None
        self._polling = False
        self.metrics = BotMetrics()
        if settings.telegram_enabled:
            from bot.telegram.application import build_application
            from bot.telegram.handlers import METRICS_KEY

            self.telegram = build_application(
                settings, webhook=self.telegram_webhook, **dict(telegram_options or {})
            )
            self.metrics = self.telegram.bot_data[METRICS_KEY]  # one set for the process
        if settings.line_enabled:
            from bot.line.adapter import LineAdapter

            self.line = LineAdapter(settings, self.metrics, **dict(line_options or {}))

    @property
    def telegram_webhook(self) -> bool:
        """Telegram's updates arrive at our webhook (else Telegram is polled, if it runs)."""
        return self.settings.telegram_enabled and self.settings.bot_mode == "webhook"

    @property
    def application(self) -> Application:
        """The Telegram application (for callers that know Telegram runs)."""
        assert self.telegram is not None, "Telegram is not configured"
        return self.telegram

    async def start(self) -> None:
        """Services, then each messenger, then the web server (nothing is taken before
        everything that handles it is ready); whatever started is stopped if a step fails."""
        try:
            if self.telegram is not None:
                await self.telegram.initialize()  # getMe: the bot's username for its links
            self.conversation = await start_conversation(
                self.settings, knowledge_source=self.knowledge_source
            )
            if self.line is not None:
                await self.line.start(self.conversation)
            if self.telegram is not None:
                await self._start_telegram(self.telegram, self.conversation)
            routes = self._routes()
            if routes:
                await self._start_web(routes)
        except BaseException:
            await self.stop()
            raise
        if self.freeze_after_start:  # see open_conversation: start-up's objects, out of sight
            gc.collect()
            gc.freeze()

    async def _start_telegram(self, application: Application, conversation: Conversation) -> None:
        from bot.telegram.application import ALLOWED_UPDATES, attach_conversation
        from bot.telegram.messenger import TelegramMessenger

        messenger = TelegramMessenger(application.bot)
        await attach_conversation(application, conversation, messenger, self.settings)
        await application.start()
        if not self.telegram_webhook:
            assert application.updater is not None
            await application.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False
            )
            self._polling = True
        elif self.register_webhook:
            await application.bot.set_webhook(
                url=self.settings.webhook_url,
                secret_token=self.settings.webhook_secret.get(),
                allowed_updates=ALLOWED_UPDATES,
                max_connections=40,
            )

    def _routes(self) -> list[WebhookRoute]:
        routes: list[WebhookRoute] = []
        if self.telegram is not None and self.telegram_webhook:
            from bot.telegram.webhook import receive_update_handler

            routes.append(
                (self.settings.webhook_path, receive_update_handler(self.telegram, self.settings))
            )
        if self.line is not None:
            routes.append(self.line.route)
        return routes

    async def _start_web(self, routes: list[WebhookRoute]) -> None:
        assert self.conversation is not None
        app = build_web_app(self.conversation.services, self.metrics, routes)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        if self.port == 0 and self._runner.addresses:
            self.port = self._runner.addresses[0][1]
        paths = ", ".join(path for path, _handler in routes)
        log.info("web server listening on %s:%s (%s)", self.host, self.port, paths)

    def local_url(self, path: str) -> str:
        """Where this server takes ``path`` (for tests and the load test)."""
        return f"http://{self.host}:{self.port}{path}"

    async def stop(self) -> None:
        """Stop taking requests and updates, finish those in hand (one messenger's may still
        send through the other), close the messengers, then stop the services. A Telegram
        webhook stays registered: other instances may still be serving it."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        application = self.telegram
        if application is not None and self._polling and application.updater is not None:
            await application.updater.stop()
            self._polling = False
        if self.line is not None:
            await self.line.drain()
        if application is not None:
            from bot.telegram.application import detach_conversation

            if application.running:
                await application.stop()
            await application.shutdown()
            detach_conversation(application)
        if self.line is not None:
            await self.line.close()
        conversation, self.conversation = self.conversation, None
        if conversation is not None:
            await stop_conversation(conversation)


async def serve(settings: Settings, *, freeze_after_start: bool = False) -> None:
    """Run until SIGINT or SIGTERM."""
    if settings.telegram_enabled:
        from bot.telegram.startup import reach_bot_api

        await reach_bot_api(settings)
    server = BotServer(settings, freeze_after_start=freeze_after_start)
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


def run_server(settings: Settings) -> None:
    """Production: owns the event loop (uvloop where installed) until interrupted, with
    start-up's objects frozen out of the garbage collector's sight."""
    from bot.telegram.eventloop import new_event_loop

    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        runner.run(serve(settings, freeze_after_start=True))
