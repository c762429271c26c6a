"""The aiohttp endpoint LINE posts webhook events to.

It checks ``X-Line-Signature`` over the raw body before reading anything else (401 without
one, 403 with a wrong one), answers 200 at once (LINE waits only briefly and redelivers what
it thinks was lost) and hands the events to the callback in the background. An event whose
``webhookEventId`` was handled already (a redelivery) is dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Protocol

from aiohttp import web

from bot.line.events import LineEvent, WebhookBodyError, parse_body
from bot.line.signature import is_valid_signature

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Line-Signature"
OnEvents = Callable[[list[LineEvent]], Awaitable[None]]


class EventLedger(Protocol):
    """Remembers which webhook events were taken, so a redelivered one is handled once."""

    async def claim(self, event_id: str) -> bool:
        """True the first time ``event_id`` is seen, False after."""
        ...


class RecentEvents:
    """An in-memory ledger of the last ``capacity`` event ids (one process only; several
    instances need the database's processed-updates table instead)."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    async def claim(self, event_id: str) -> bool:
        if event_id in self._seen:
            self._seen.move_to_end(event_id)
            return False
        self._seen[event_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True


class LineWebhook:
    """The webhook endpoint; ``drain()`` waits for events still being handled (at stop)."""

    def __init__(
        self,
        channel_secret: str,
        on_events: OnEvents,
        *,
        ledger: EventLedger | None = None,
        bot_user_id: str | None = None,
    ) -> None:
        self._secret = channel_secret
        self._on_events = on_events
        self.ledger: EventLedger = ledger or RecentEvents()
        self.bot_user_id = bot_user_id
        self._tasks: set[asyncio.Task[None]] = set()

    async def handle(self, request: web.Request) -> web.Response:
        """The request handler: mount it with ``app.router.add_post(path, webhook.handle)``."""
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return web.Response(status=401, text="missing signature")
        body = await request.read()
        if not is_valid_signature(self._secret, body, signature):
            log.warning("LINE webhook: wrong signature from %s", request.remote)
            return web.Response(status=403, text="wrong signature")
        try:
            events = parse_body(body, self.bot_user_id)
        except WebhookBodyError as error:
            return web.Response(status=400, text=str(error))
        fresh = [event for event in events if await self.ledger.claim(event.event_id)]
        if fresh:
            task = asyncio.create_task(self._dispatch(fresh))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return web.Response(status=200, text="ok")

    async def _dispatch(self, events: list[LineEvent]) -> None:
        try:
            await self._on_events(events)
        except Exception:
            log.exception("LINE webhook: handling %d event(s) failed", len(events))

    async def drain(self) -> None:
        """Wait until every event taken so far has been handled."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def line_webhook(
    channel_secret: str,
    on_events: OnEvents,
    *,
    ledger: EventLedger | None = None,
    bot_user_id: str | None = None,
) -> LineWebhook:
    """The endpoint for ``LINE_WEBHOOK_PATH``; mount its ``handle``, await ``drain()`` at stop."""
    return LineWebhook(channel_secret, on_events, ledger=ledger, bot_user_id=bot_user_id)
