"""Build the python-telegram-bot ``Application``: the Telegram adapter's one entry point."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import Awaitable, Callable

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.app import build_router, start_services, stop_services
from bot.conversation.engine import Conversation
from bot.i18n import LANGUAGES
from bot.operations.metrics import BotMetrics
from bot.settings import Settings
from bot.telegram.channel import telegram_channel
from bot.telegram.eventloop import new_event_loop
from bot.telegram.handlers import CONVERSATION_KEY, METRICS_KEY, register_handlers
from bot.telegram.messenger import TelegramMessenger, TelegramSender
from bot.telegram.request import AiohttpRequest
from bot.telegram.startup import reach_bot_api

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query", "inline_query"]
ConversationSource = Callable[[], Awaitable[Conversation]]


def file_base_url(base_url: str) -> str:
    """``https://api.telegram.org/bot`` → ``https://api.telegram.org/file/bot``."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


def build_application(
    settings: Settings,
    *,
    rate_limit: bool = True,
    concurrency: int = 16,
    webhook: bool = False,
    read_timeout: float = 5.0,
    freeze_after_start: bool = False,
    conversation: ConversationSource | None = None,
    metrics: BotMetrics | None = None,
) -> Application:
    """The application with our handlers; services start in ``post_init``, stop in shutdown.

    ``webhook=True`` builds it without an updater: the web server feeds it the updates.
    ``conversation`` is for a process that runs other messengers too: ``post_init`` takes the
    conversation that source gives (started by the caller, who also stops it) instead of
    starting services of its own; ``metrics`` are then the process's, shared likewise.
    ``freeze_after_start`` (production processes, not tests) moves everything built at start,
    the FAQ index above all, out of the garbage collector's sight: a full collection scanned
    its half a million objects for a fifth of a second."""
    # PTB 22 warns on every 429 until time periods (``RetryAfter.retry_after``) are timedeltas;
    # opt in now: our code reads none of them, PTB's own code uses timedeltas already
    os.environ.setdefault("PTB_TIMEDELTA", "1")

    async def post_init(application: Application) -> None:
        if conversation is None:
            started = Conversation(await start_services(settings), build_router())
        else:
            started = await conversation()
        services = started.services
        messenger = TelegramMessenger(application.bot)
        services.messenger = messenger
        services.channels.register(
            telegram_channel(application.bot.username, TelegramSender(messenger))
        )
        messenger.admin_menu = started.command_menu(settings.default_language, admin=True)
        application.bot_data[CONVERSATION_KEY] = started
        application.bot_data["default_language"] = settings.default_language
        await register_command_menus(application, started, settings)
        if freeze_after_start:
            gc.collect()
            gc.freeze()

    async def post_shutdown(application: Application) -> None:
        started: Conversation | None = application.bot_data.pop(CONVERSATION_KEY, None)
        if started is not None and conversation is None:
            await stop_services(started.services)

    builder: ApplicationBuilder = (
        Application.builder()
        .token(settings.telegram_bot_token.get())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .concurrent_updates(concurrency)
        .request(
            AiohttpRequest(connection_pool_size=max(concurrency, 8), read_timeout=read_timeout)
        )
        # long polling over aiohttp too (PTB would otherwise keep an httpx client for it)
        .get_updates_request(AiohttpRequest(connection_pool_size=1, read_timeout=read_timeout))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data[METRICS_KEY] = metrics or BotMetrics()
    register_handlers(application)
    return application


async def register_command_menus(
    application: Application, conversation: Conversation, settings: Settings
) -> None:
    """``setMyCommands`` per language, plus the admin menu for every admin (configured or
    added with ``/admins add``)."""
    bot = application.bot
    try:
        default = conversation.command_menu(settings.default_language)
        await bot.set_my_commands([BotCommand(c, d) for c, d in default])
        for language in LANGUAGES:
            menu = conversation.command_menu(language)
            await bot.set_my_commands([BotCommand(c, d) for c, d in menu], language_code=language)
    except TelegramError as error:  # a menu is a convenience: never block start-up on it
        log.warning("could not register the command menu: %s", error)
    services = conversation.services
    for admin_id in await services.admin_recipients():
        await services.messenger.show_admin_menu(admin_id, True)


def run_polling(settings: Settings) -> None:
    """Production polling: PTB runs the loop (uvloop where installed) until interrupted."""
    loop = new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(reach_bot_api(settings))
    application = build_application(settings, freeze_after_start=True)
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)


__all__ = ["ALLOWED_UPDATES", "Update", "build_application", "run_polling"]
