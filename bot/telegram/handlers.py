"""The thin Telegram handlers: convert, ask the conversation layer, render. Nothing else."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TimedOut
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.chat_locks import ChatLocks
from bot.conversation.apology import apology
from bot.languages import supported_language
from bot.operations.metrics import BotMetrics
from bot.operations.updates import DuplicateEventError
from bot.telegram.convert import to_incoming
from bot.telegram.render import deliver, send_reply

if TYPE_CHECKING:
    from bot.conversation.engine import Conversation

log = logging.getLogger(__name__)
CONVERSATION_KEY = "conversation"
METRICS_KEY = "metrics"
LOCKS_KEY = "chat_locks"


async def handle_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every update the bot handles goes through here, once even if Telegram resends it."""
    conversation: Conversation = context.bot_data[CONVERSATION_KEY]
    metrics: BotMetrics = context.bot_data[METRICS_KEY]
    incoming = await to_incoming(update, context.bot)
    if incoming is None:
        return
    locks: ChatLocks = context.bot_data.setdefault(LOCKS_KEY, ChatLocks())  # one per event loop
    async with locks(incoming.chat_id):
        try:
            with metrics.observe(incoming.kind):
                response = await conversation.handle(incoming)
                await deliver(update, context.bot, response)
        except DuplicateEventError:
            return  # answered already, here or by another instance


async def report_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure (without message text) and apologise to the user, never a traceback."""
    if isinstance(context.error, TimedOut):  # a reply not confirmed in time has most likely
        log.warning("a reply was not confirmed in time: %s", context.error)  # arrived
        return
    log.error("error while handling an update", exc_info=context.error)
    metrics: BotMetrics | None = context.bot_data.get(METRICS_KEY)
    if metrics is not None:
        metrics.errors.labels(where="handler").inc()
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    default = context.bot_data.get("default_language", "en")
    language = supported_language(user.language_code if user else None) or default
    reply = apology(language)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await send_reply(context.bot, update.effective_chat.id, reply)
    except Exception:
        log.warning("could not send the error message")


def register_handlers(application: Application) -> None:
    """All handlers, in one place: messages of any kind, buttons, inline queries, errors."""
    application.add_handler(
        MessageHandler(filters.ALL & ~filters.UpdateType.EDITED, handle_update)
    )
    application.add_handler(CallbackQueryHandler(handle_update))
    application.add_handler(InlineQueryHandler(handle_update))
    application.add_error_handler(report_error)
