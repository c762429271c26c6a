"""The aiohttp routes: the webhook endpoint, ``/healthz`` and ``/metrics``."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from aiohttp.typedefs import Handler
from telegram import Bot, Update
from telegram.ext import Application

from bot.operations.metrics import CONTENT_TYPE, BotMetrics
from bot.services import Services
from bot.settings import Settings
from bot.web.health import health

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
APPLICATION = web.AppKey("application", Application)
SERVICES = web.AppKey("services", Services)
METRICS = web.AppKey("metrics", BotMetrics)


def _services(request: web.Request) -> Services:
    return request.app[SERVICES]


def _metrics(request: web.Request) -> BotMetrics:
    return request.app[METRICS]


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


def receive_update_handler(settings: Settings) -> Handler:
    """``POST <WEBHOOK_PATH>``: queue Telegram's update for the application, answer at once."""
    expected = settings.webhook_secret.get()

    async def receive_update(request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), expected):
            log.warning("webhook call without the right secret refused")
            return web.Response(status=403, text="forbidden")
        application = request.app[APPLICATION]
        try:
            update = parse_update(await request.json(), application.bot)
        except (json.JSONDecodeError, UnicodeDecodeError):
            update = None
        if update is None:
            log.warning("webhook body that is not an update refused")
            _metrics(request).errors.labels(where="webhook").inc()
            return web.Response(status=400, text="not an update")
        await application.update_queue.put(update)
        return web.Response(text="ok")

    return receive_update


async def show_health(request: web.Request) -> web.Response:
    """200 with each check when all pass, else 503 (load balancers stop sending traffic)."""
    checks = await health(_services(request))
    healthy = all(checks.values())
    return web.json_response(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


async def show_metrics(request: web.Request) -> web.Response:
    """Prometheus text format; database-backed gauges are recomputed for each scrape."""
    metrics = _metrics(request)
    await metrics.refresh(_services(request).database)
    return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})


def build_web_app(services: Services, metrics: BotMetrics) -> web.Application:
    """The aiohttp application with ``/healthz`` and ``/metrics``; each messenger's webhook
    endpoint is added to it (``add_telegram_webhook``)."""
    app = web.Application()
    app[SERVICES] = services
    app[METRICS] = metrics
    app.router.add_get("/healthz", show_health)
    app.router.add_get("/metrics", show_metrics)
    return app


def add_telegram_webhook(
    app: web.Application, application: Application, settings: Settings
) -> None:
    """Telegram posts to ``WEBHOOK_PATH``; ``application`` is a PTB Application without
    updater, fed from here."""
    app[APPLICATION] = application
    app.router.add_post(settings.webhook_path, receive_update_handler(settings))
