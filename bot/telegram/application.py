"""Build the python-telegram-bot ``Application``: the Telegram adapter's one entry point."""

from __future__ import annotations

import asyncio
import gc
import logging
import os

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.app import start_conversation, stop_conversation
from bot.conversation.engine import Conversation
from bot.i18n import LANGUAGES
from bot.knowledge.service import KnowledgeSource, load_default_knowledge
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
) -> Application:
    """The application with our handlers; ``open_conversation`` gives it its conversation
    once it is initialised (it needs the bot's username), ``close_conversation`` ends it.

    ``webhook=True`` builds it without an updater: the web server feeds it the updates."""
    # PTB 22 warns on every 429 until time periods (``RetryAfter.retry_after``) are timedeltas;
    # opt in now: our code reads none of them, PTB's own code uses timedeltas already
    os.environ.setdefault("PTB_TIMEDELTA", "1")
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
    )
    if rate_limit:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data[METRICS_KEY] = BotMetrics()
    register_handlers(application)
    return application


async def open_conversation(
    application: Application,
    settings: Settings,
    *,
    knowledge_source: KnowledgeSource = load_default_knowledge,
    freeze_after_start: bool = False,
) -> Conversation:
    """Start the conversation for an initialised application and attach it.

    ``freeze_after_start`` (production processes, not tests) moves everything built at start,
    the FAQ index above all, out of the garbage collector's sight: a full collection scanned
    its half a million objects for a fifth of a second."""
    messenger = TelegramMessenger(application.bot)
    conversation = await start_conversation(settings, knowledge_source=knowledge_source)
    await attach_conversation(application, conversation, messenger, settings)
    if freeze_after_start:
        gc.collect()
        gc.freeze()
    return conversation


async def attach_conversation(
    application: Application,
    conversation: Conversation,
    messenger: TelegramMessenger,
    settings: Settings,
) -> None:
    """Serve ``conversation`` (started by the caller, perhaps shared with other messengers)
    from this initialised application: Telegram's channel, the command menus."""
    conversation.services.channels.register(
        telegram_channel(application.bot.username, TelegramSender(messenger))
    )
    messenger.admin_menu = conversation.command_menu(settings.default_language, admin=True)
    application.bot_data[CONVERSATION_KEY] = conversation
    application.bot_data["default_language"] = settings.default_language
    await register_command_menus(application, conversation, settings)


def detach_conversation(application: Application) -> Conversation | None:
    """The conversation this application served, no longer attached."""
    conversation: Conversation | None = application.bot_data.pop(CONVERSATION_KEY, None)
    return conversation


async def close_conversation(application: Application) -> None:
    """Stop the conversation's services (after the application stopped taking updates)."""
    conversation = detach_conversation(application)
    if conversation is not None:
        await stop_conversation(conversation)


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
    application = build_application(settings)

    async def open_for_polling(app: Application) -> None:
        await open_conversation(app, settings, freeze_after_start=True)

    application.post_init = open_for_polling
    application.post_shutdown = close_conversation
    application.run_polling(allowed_updates=ALLOWED_UPDATES, drop_pending_updates=False)


__all__ = [
    "ALLOWED_UPDATES",
    "Update",
    "attach_conversation",
    "build_application",
    "close_conversation",
    "detach_conversation",
    "open_conversation",
    "run_polling",
]
