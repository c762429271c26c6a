"""LINE events through the conversation layer, and its answers back to LINE.

Each ``LineEvent`` becomes an ``Incoming`` on channel ``line`` (the sender keyed by their
LINE user id, the event by its ``webhookEventId`` so a redelivery raises
``DuplicateEventError`` in the engine and nothing is sent twice); the response goes out with
the event's reply token while it is fresh, by push otherwise (``LineApi.deliver``). A follow
is ``/start``; an unfollow makes the user unreachable, as a blocked Telegram bot does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.admin.importing import MAX_UPLOAD_BYTES
from bot.chat_locks import ChatLocks
from bot.conversation.apology import apology
from bot.conversation.engine import Conversation
from bot.conversation.events import Incoming, IncomingFile, Sender
from bot.conversation.reply import Response
from bot.languages import supported_language
from bot.line.api import LineApi
from bot.line.channel import CHANNEL_NAME
from bot.line.events import LineEvent, LineFile
from bot.line.profiles import LineProfiles
from bot.line.render import render_replies
from bot.operations.metrics import BotMetrics
from bot.operations.updates import DuplicateEventError

log = logging.getLogger(__name__)
OnUnfollow = Callable[[str], Awaitable[None]]


class LineBridge:
    """Handles the events of one webhook call: one chat's in order, different chats at once."""

    def __init__(
        self,
        conversation: Conversation,
        api: LineApi,
        metrics: BotMetrics,
        *,
        on_unfollow: OnUnfollow | None = None,
        concurrency: int = 16,
    ) -> None:
        self.conversation = conversation
        self.api = api
        self.metrics = metrics
        self.profiles = LineProfiles(api)
        self.on_unfollow = on_unfollow
        self._locks = ChatLocks()
        self._slots = asyncio.Semaphore(concurrency)  # as PTB's concurrent_updates for Telegram

    async def on_events(self, events: list[LineEvent]) -> None:
        """The webhook's callback."""
        by_chat: dict[str, list[LineEvent]] = {}
        for event in events:
            by_chat.setdefault(event.chat_id, []).append(event)
        await asyncio.gather(*(self._in_order(chat) for chat in by_chat.values()))

    async def _in_order(self, events: list[LineEvent]) -> None:
        for event in events:
            await self.handle(event)

    async def handle(self, event: LineEvent) -> None:
        """One event, in its chat's turn and within the concurrency limit."""
        async with self._locks(event.chat_id), self._slots:
            await self.process(event)

    async def process(self, event: LineEvent) -> None:
        """Converse and answer; a failure is logged and apologised for."""
        if event.kind == "unfollow":
            await self._unfollowed(event)
            return
        incoming: Incoming | None = None
        try:
            incoming = await self.to_incoming(event)
            with self.metrics.observe(incoming.kind):
                response = await self.conversation.handle(incoming)
                await self.answer(event, response)
        except DuplicateEventError:
            return  # answered already, here or by another instance
        except Exception:
            log.error("error while handling a LINE %s event", event.kind, exc_info=True)
            self.metrics.errors.labels(where="handler").inc()
            await self._apologise(event, incoming)

    async def to_incoming(self, event: LineEvent) -> Incoming:
        """The neutral event; the sender's name and language come from their LINE profile."""
        profile = await self.profiles.get(event.user_id)
        sender = Sender(
            id=event.user_id,
            first_name=profile.display_name if profile else "",
            username=None,  # LINE has no public usernames: contact goes through the relay
            language_code=profile.language if profile else None,
        )
        fields: dict[str, Any] = {
            "sender": sender,
            "chat_id": event.chat_id,
            "chat_type": "private" if event.is_private else "group",
            "event_id": event.event_id,
            "channel": CHANNEL_NAME,
        }
        if event.kind == "follow":
            fields["command"] = "start"
        elif event.kind == "command":
            fields.update(command=event.command, args=event.args)
        elif event.kind == "button":
            fields["button"] = event.button
        elif event.kind == "media":
            fields["media"] = event.media
        elif event.kind == "file" and event.file is not None:
            fields["file"] = await self._download(event.file)
        else:
            fields["text"] = event.text or ""
        return Incoming(**fields)

    async def _download(self, file: LineFile) -> IncomingFile:
        """The file's bytes, unless it is too large to read (the conversation says so)."""
        content = None
        if file.size <= MAX_UPLOAD_BYTES:
            content = await self.api.content(file.message_id)
        return IncomingFile(file.filename, content, file.size)

    async def answer(self, event: LineEvent, response: Response) -> None:
        """Everything the conversation said, by reply token while it works, then by push."""
        replies = [*response.replies, *response.pushed]
        if not replies and not response.notice:
            return
        outgoing = render_replies(replies, response.notice)
        await self.api.deliver(event.chat_id, event.reply_token, outgoing)

    async def _apologise(self, event: LineEvent, incoming: Incoming | None) -> None:
        default = self.conversation.services.settings.default_language
        code = incoming.sender.language_code if incoming is not None else None
        reply = apology(supported_language(code) or default)
        try:
            await self.api.deliver(event.chat_id, event.reply_token, render_replies([reply]))
        except Exception:
            log.warning("could not send the error message")

    async def _unfollowed(self, event: LineEvent) -> None:
        """The user blocked or removed the account: nothing reaches them any more."""
        self.profiles.forget(event.user_id)
        if self.on_unfollow is None:
            return
        try:
            await self.on_unfollow(event.user_id)
        except Exception:
            log.error("error while handling a LINE unfollow", exc_info=True)
            self.metrics.errors.labels(where="handler").inc()
