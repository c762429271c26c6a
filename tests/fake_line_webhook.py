"""What LINE posts to the bot: webhook event builders and a client that signs the body.

Events carry fresh reply tokens from the fake server (``FakeLine.issue_reply_token``), unique
``webhookEventId``s, and ``deliveryContext.isRedelivery``; ``post`` signs with the channel
secret (or a forged or missing signature, for the tests that need one).
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import aiohttp

from bot.line.signature import sign
from tests.fake_line import BOT_USER_ID, CHANNEL_SECRET, FakeLine

Event = dict[str, Any]
_serial = itertools.count(1)


def line_user_id(n: int) -> str:
    """A valid-looking LINE userId (``U`` + 32 hex digits) for test user ``n``."""
    return "U" + f"{n:032x}"


def _event_id() -> str:
    return f"01TESTEVENT{next(_serial):015d}"  # ULID-shaped, unique per run


def _source(user_id: str, group_id: str | None = None, room_id: str | None = None) -> Event:
    if group_id is not None:
        return {"type": "group", "groupId": group_id, "userId": user_id}
    if room_id is not None:
        return {"type": "room", "roomId": room_id, "userId": user_id}
    return {"type": "user", "userId": user_id}


def _base(kind: str, source: Event, redelivery: bool, event_id: str | None) -> Event:
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": source,
        "webhookEventId": event_id or _event_id(),
        "deliveryContext": {"isRedelivery": redelivery},
    }


class LineEvents:
    """Builds events as LINE would send them, with reply tokens the fake will accept."""

    def __init__(self, fake: FakeLine | None = None) -> None:
        self.fake = fake

    def _token(self, user_id: str) -> str:
        return self.fake.issue_reply_token(user_id) if self.fake else "00" * 16

    def text(
        self,
        user_id: str,
        text: str,
        *,
        group_id: str | None = None,
        room_id: str | None = None,
        mention: Event | None = None,
        redelivery: bool = False,
        event_id: str | None = None,
    ) -> Event:
        """A text message; ``mention`` is LINE's ``mention`` object (see ``mention_of``)."""
        event = _base("message", _source(user_id, group_id, room_id), redelivery, event_id)
        message: Event = {"type": "text", "id": str(next(_serial)), "text": text}
        message["quoteToken"] = "quote-" + message["id"]
        if mention is not None:
            message["mention"] = mention
        event["message"] = message
        event["replyToken"] = self._token(user_id)
        return event

    def postback(self, user_id: str, data: str, *, group_id: str | None = None) -> Event:
        """A tap on a postback button or quick reply."""
        event = _base("postback", _source(user_id, group_id), False, None)
        event["postback"] = {"data": data}
        event["replyToken"] = self._token(user_id)
        return event

    def follow(self, user_id: str, *, unblocked: bool = False) -> Event:
        event = _base("follow", _source(user_id), False, None)
        event["follow"] = {"isUnblocked": unblocked}
        event["replyToken"] = self._token(user_id)
        return event

    def unfollow(self, user_id: str) -> Event:
        return _base("unfollow", _source(user_id), False, None)

    def media(self, user_id: str, kind: str, *, group_id: str | None = None) -> Event:
        """A sticker, image, video, audio, location or file message."""
        event = _base("message", _source(user_id, group_id), False, None)
        message: Event = {"type": kind, "id": str(next(_serial))}
        if kind in ("sticker", "image", "video"):
            message["quoteToken"] = "quote-" + message["id"]
        extra: dict[str, Event] = {
            "sticker": {"packageId": "446", "stickerId": "1988", "stickerResourceType": "STATIC"},
            "image": {"contentProvider": {"type": "line"}},
            "video": {"duration": 1000, "contentProvider": {"type": "line"}},
            "audio": {"duration": 1000, "contentProvider": {"type": "line"}},
            "file": {"fileName": "faq.yaml", "fileSize": 120},
            "location": {"latitude": 13.75, "longitude": 100.5, "address": "Bangkok"},
        }
        message.update(extra[kind])
        event["message"] = message
        event["replyToken"] = self._token(user_id)
        return event


def mention_of(
    text: str, name: str, *, is_self: bool | None = True, user_id: str | None = None
) -> Event:
    """LINE's ``mention`` object for ``@name`` in ``text`` (the bot: ``is_self``)."""
    index = text.index(f"@{name}")
    mentionee: Event = {"index": index, "length": len(name) + 1, "type": "user"}
    if is_self is not None:
        mentionee["isSelf"] = is_self
    if user_id is not None:
        mentionee["userId"] = user_id
    return {"mentionees": [mentionee]}


def body(*events: Event, destination: str = BOT_USER_ID) -> bytes:
    return json.dumps({"destination": destination, "events": list(events)}).encode()


async def post(
    session: aiohttp.ClientSession,
    url: str,
    raw: bytes,
    *,
    secret: str = CHANNEL_SECRET,
    signature: str | None = None,
    signed: bool = True,
) -> int:
    """POST ``raw`` as LINE would (signed with ``secret``, or with ``signature`` as given, or
    with no signature header at all); the status the bot answered."""
    headers = {"Content-Type": "application/json"}
    if signed:
        headers["X-Line-Signature"] = signature if signature is not None else sign(secret, raw)
    async with session.post(url, data=raw, headers=headers) as response:
        await response.read()
        return response.status
