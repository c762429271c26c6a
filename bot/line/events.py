"""Turn a LINE webhook body into neutral events the conversation layer can take.

Parsing uses line-bot-sdk's v3 models (``linebot.v3.webhooks``), one event at a time, so an
event type the SDK does not know (LINE adds them) is skipped instead of failing the batch.

``LineEvent`` exists because ``Incoming`` keys the sender by a Telegram-style ``int``; LINE's
ids are strings (``U`` + 32 hex digits). The composition root maps a ``LineEvent`` onto
``Incoming`` once identity by channel lands: ``user_id`` → the ``("line", user_id)`` identity,
``chat_id``/``chat_type``, ``text``/``command``+``args``/``button``/``media``/``file`` as they
are, ``event_id`` → the processed-updates key, ``reply_token`` kept for the answer.
``follow``/``unfollow`` are not messages: follow is a ``/start``; unfollow marks the user
unreachable (the LINE equivalent of blocking the bot).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from linebot.v3.webhooks import (
    AudioMessageContent,
    Event,
    FileMessageContent,
    FollowEvent,
    GroupSource,
    ImageMessageContent,
    LocationMessageContent,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    Source,
    StickerMessageContent,
    TextMessageContent,
    UnfollowEvent,
    UserMentionee,
    UserSource,
    VideoMessageContent,
)

log = logging.getLogger(__name__)

MEDIA_TYPES: tuple[tuple[type, str], ...] = (
    (StickerMessageContent, "sticker"),
    (ImageMessageContent, "photo"),  # the name Telegram's adapter uses for the same thing
    (VideoMessageContent, "video"),
    (AudioMessageContent, "audio"),
    (LocationMessageContent, "location"),
)


class WebhookBodyError(ValueError):
    """The body is not a LINE webhook request (not JSON, or no ``events`` list)."""


@dataclass(frozen=True)
class LineFile:
    """A file the user sent; its bytes are fetched on demand (``LineApi.content``)."""

    message_id: str
    filename: str
    size: int


@dataclass(frozen=True)
class LineEvent:
    """One webhook event, messenger-neutral except for LINE's string ids and reply token.

    ``kind`` is one of ``text``, ``command``, ``button``, ``media``, ``file``, ``follow``,
    ``unfollow``; exactly the matching field is set (``command`` also sets ``args``).
    """

    kind: str
    user_id: str  # the sender's LINE userId
    chat_id: str  # the userId in a 1:1 chat, else the groupId or roomId
    chat_type: str  # "private", "group" or "room"
    event_id: str  # webhookEventId: the same on a redelivery, so handle it once
    redelivery: bool
    reply_token: str | None
    timestamp_ms: int
    text: str | None = None
    command: str | None = None
    args: str = ""
    button: str | None = None  # the postback's data
    media: str | None = None  # sticker, photo, video, audio, location
    file: LineFile | None = None

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"


def parse_body(body: bytes, bot_user_id: str | None = None) -> list[LineEvent]:
    """Every event in the body that is for the bot; ``bot_user_id`` (default: the body's
    ``destination``) tells which mention in a group names the bot."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WebhookBodyError(f"not JSON: {error}") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise WebhookBodyError("no events list")
    own_id = bot_user_id or payload.get("destination")
    events = []
    for raw in payload["events"]:
        event = _parse_event(raw)
        if event is not None:
            neutral = to_line_event(event, own_id if isinstance(own_id, str) else None)
            if neutral is not None:
                events.append(neutral)
    return events


def _parse_event(raw: Any) -> Event | None:
    """The SDK's model for one event, or None (logged) for one it cannot read."""
    if not isinstance(raw, dict):
        return None
    try:
        return Event.from_dict(raw)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        log.info("skipping a LINE event of type %r: %s", raw.get("type"), error)
        return None


def to_line_event(event: Event, bot_user_id: str | None) -> LineEvent | None:
    """The neutral event for one SDK event, or None when it is not for the bot (another
    event type, standby mode, a group message that does not mention the bot)."""
    if str(getattr(event.mode, "value", event.mode)) != "active":
        return None  # in standby another module has the chat: it answers, not us
    where = _where(event.source)
    if where is None:
        return None
    user_id, chat_id, chat_type = where
    base: dict[str, Any] = {
        "user_id": user_id,
        "chat_id": chat_id,
        "chat_type": chat_type,
        "event_id": event.webhook_event_id,
        "redelivery": bool(event.delivery_context.is_redelivery),
        "reply_token": getattr(event, "reply_token", None),
        "timestamp_ms": event.timestamp,
    }
    if isinstance(event, MessageEvent):
        return _message(event, base, bot_user_id)
    if isinstance(event, PostbackEvent):
        return LineEvent(kind="button", button=event.postback.data, **base)
    if chat_type != "private":
        return None
    if isinstance(event, FollowEvent):
        return LineEvent(kind="follow", **base)
    if isinstance(event, UnfollowEvent):
        return LineEvent(kind="unfollow", **base)
    return None


def _where(source: Source | None) -> tuple[str, str, str] | None:
    """(sender, chat, chat type); None without a user id (e.g. a user on LINE for PC in a
    group, who has not consented to share it): nobody could be answered as a person."""
    if isinstance(source, UserSource) and source.user_id:
        return source.user_id, source.user_id, "private"
    if isinstance(source, GroupSource) and source.user_id:
        return source.user_id, source.group_id, "group"
    if isinstance(source, RoomSource) and source.user_id:
        return source.user_id, source.room_id, "room"
    return None


def _message(
    event: MessageEvent, base: dict[str, Any], bot_user_id: str | None
) -> LineEvent | None:
    message = event.message
    private = base["chat_type"] == "private"
    if isinstance(message, TextMessageContent):
        text = message.text
        if not private:
            addressed, text = _addressed_text(message, bot_user_id)
            if not addressed:
                return None
        command = _command(text)
        if command is not None:
            return LineEvent(kind="command", command=command[0], args=command[1], **base)
        return LineEvent(kind="text", text=text, **base)
    if not private:
        return None  # pictures and stickers in a group are the group's, not questions
    if isinstance(message, FileMessageContent):
        file = LineFile(message_id=message.id, filename=message.file_name, size=message.file_size)
        return LineEvent(kind="file", file=file, **base)
    for model, name in MEDIA_TYPES:
        if isinstance(message, model):
            return LineEvent(kind="media", media=name, **base)
    return None


def _addressed_text(message: TextMessageContent, bot_user_id: str | None) -> tuple[bool, str]:
    """Whether a group message mentions the bot, and its text without that mention."""
    mention = message.mention
    if mention is None:
        return False, message.text
    for mentionee in mention.mentionees:
        if not isinstance(mentionee, UserMentionee):
            continue  # @All is for the people in the group
        if mentionee.is_self or (bot_user_id is not None and mentionee.user_id == bot_user_id):
            start, end = mentionee.index, mentionee.index + mentionee.length
            return True, (message.text[:start] + " " + message.text[end:]).strip()
    return False, message.text


def _command(text: str) -> tuple[str, str] | None:
    """``(name, args)`` for ``/name args`` (LINE has no command entities: deep links prefill
    ``/start payload`` and rich-menu actions send ``/forget`` and the like as text)."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    word, _, args = stripped[1:].partition(" ")
    if not word.replace("_", "").isalnum() or not word.isascii():
        return None
    return word.lower(), args.strip()
