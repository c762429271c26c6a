"""The aiohttp application: the messengers' webhook endpoints, ``/healthz`` and ``/metrics``.

Each adapter that takes webhooks (Telegram in webhook mode, LINE) hands in its own
``(path, handler)``; health and metrics are the process's, whatever messengers it serves.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.operations.metrics import CONTENT_TYPE, BotMetrics
from bot.services import Services
from bot.web.health import health

SERVICES = web.AppKey("services", Services)
METRICS = web.AppKey("metrics", BotMetrics)
WebhookRoute = tuple[str, Handler]  # (path, POST handler)


async def show_health(request: web.Request) -> web.Response:
    """200 with each check when all pass, else 503 (load balancers stop sending traffic)."""
    checks = await health(request.app[SERVICES])
    healthy = all(checks.values())
    return web.json_response(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


async def show_metrics(request: web.Request) -> web.Response:
    """Prometheus text format; database-backed gauges are recomputed for each scrape."""
    metrics = request.app[METRICS]
    await metrics.refresh(request.app[SERVICES].database)
    return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE})


def build_web_app(
    services: Services, metrics: BotMetrics, webhooks: Sequence[WebhookRoute]
) -> web.Application:
    """One aiohttp application for the process: every webhook, health and metrics."""
    app = web.Application()
    app[SERVICES] = services
    app[METRICS] = metrics
    for path, handler in webhooks:
        app.router.add_post(path, handler)
    app.router.add_get("/healthz", show_health)
    app.router.add_get("/metrics", show_metrics)
    return app
