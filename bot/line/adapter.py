"""The LINE adapter as the process runs it: API client, channel, webhook route, stop.

Built before the web server starts (its route must be mounted), started once the services
are: ``start`` checks the access token with LINE (one line naming the setting when it does
not work), registers the ``line`` channel, and from then on webhook events reach the
conversation. ``drain`` waits for the events in hand, ``close`` closes the HTTP session.
"""

from __future__ import annotations

import logging
from functools import partial

from bot.conversation.engine import Conversation
from bot.db.repositories.identities import user_for
from bot.line.api import LineApi, LineApiError
from bot.line.bridge import LineBridge
from bot.line.channel import CHANNEL_NAME, line_channel
from bot.line.events import LineEvent
from bot.line.webhook import LineWebhook
from bot.operations.metrics import BotMetrics
from bot.settings import Settings, StartupError
from bot.web.routes import WebhookRoute

log = logging.getLogger(__name__)


class EveryEvent:
    """The webhook's ledger when the conversation claims each event in the database (as it
    does by ``webhookEventId``): that claim holds across instances and restarts."""

    async def claim(self, event_id: str) -> bool:
        return True


class LineAdapter:
    """LINE for one process: ``route`` to mount, then ``start``; ``stop`` at the end."""

    def __init__(self, settings: Settings, metrics: BotMetrics, *, concurrency: int = 16) -> None:
        self.settings = settings
        self.metrics = metrics
        self.concurrency = concurrency
        self.api = LineApi(settings.line_channel_access_token.get(), settings.line_api_base_url)
        self.webhook = LineWebhook(
            settings.line_channel_secret.get(), self._on_events, ledger=EveryEvent()
        )
        self.bridge: LineBridge | None = None

    @property
    def route(self) -> WebhookRoute:
        return self.settings.line_webhook_path, self.webhook.handle

    async def start(self, conversation: Conversation) -> None:
        """Reach LINE, register the channel, take events."""
        await self.api.start()
        try:
            info = await self.api.bot_info()
        except LineApiError as error:
            await self.api.close()
            raise StartupError(_problem(self.settings, error)) from None
        conversation.services.channels.register(await line_channel(self.api, info))
        self.webhook.bot_user_id = info.user_id or None
        services = conversation.services

        async def unfollowed(external_id: str) -> None:
            """As a blocked Telegram bot: a mentor's offers move on (see ``user_unreachable``)."""
            find = partial(user_for, channel=CHANNEL_NAME, external_id=external_id)
            user_id = await services.database.run(find)
            if user_id is not None:
                await services.mentors.user_unreachable(user_id)

        self.bridge = LineBridge(
            conversation,
            self.api,
            self.metrics,
            on_unfollow=unfollowed,
            concurrency=self.concurrency,
        )
        log.info("LINE account %s ready", info.basic_id)

    async def _on_events(self, events: list[LineEvent]) -> None:
        if self.bridge is None:  # posted before start finished: LINE will not resend it
            log.warning("LINE events arrived before the adapter started; %d dropped", len(events))
            return
        await self.bridge.on_events(events)

    async def drain(self) -> None:
        """Finish the events in hand (the web server stopped taking requests before)."""
        await self.webhook.drain()

    async def close(self) -> None:
        """Close the HTTP session (after every adapter finished its work: a Telegram update
        in hand may still push to a LINE user)."""
        await self.api.close()


def _problem(settings: Settings, error: LineApiError) -> str:
    """One line naming the setting to check."""
    if error.status in (401, 403):
        return "LINE_CHANNEL_ACCESS_TOKEN: LINE refused the channel access token"
    where = settings.line_api_base_url
    if error.status == 0:
        return f"LINE_API_BASE_URL: cannot reach LINE at {where} ({error.message})"
    return f"LINE_API_BASE_URL: LINE answered {error.status} at {where}"
