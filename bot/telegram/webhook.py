"""Telegram's webhook endpoint: the update Telegram POSTs, checked and queued for PTB."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from aiohttp.typedefs import Handler
from telegram import Bot, Update
from telegram.ext import Application

from bot.operations.metrics import BotMetrics
from bot.settings import Settings
from bot.telegram.handlers import METRICS_KEY

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison of the header Telegram sends with our secret."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def parse_update(body: object, bot: Bot) -> Update | None:
    """The update in a webhook body, or None when the JSON is not an update object: a 400
    then, never a 500 that Telegram would resend forever."""
    if not isinstance(body, dict):
        return None
    update_id = body.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return None
    try:
        return Update.de_json(body, bot)
    except (AttributeError, KeyError, TypeError, ValueError):  # a field of the wrong shape
        return None


def receive_update_handler(application: Application, settings: Settings) -> Handler:
    """``POST <WEBHOOK_PATH>``: queue Telegram's update for the application, answer at once."""
    expected = settings.webhook_secret.get()

    async def receive_update(request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), expected):
            log.warning("webhook call without the right secret refused")
            return web.Response(status=403, text="forbidden")
        try:
            update = parse_update(await request.json(), application.bot)
        except (json.JSONDecodeError, UnicodeDecodeError):
            update = None
        if update is None:
            log.warning("webhook body that is not an update refused")
            metrics: BotMetrics = application.bot_data[METRICS_KEY]
            metrics.errors.labels(where="webhook").inc()
            return web.Response(status=400, text="not an update")
        await application.update_queue.put(update)
        return web.Response(text="ok")

    return receive_update
