"""Turn a python-telegram-bot ``Update`` into the conversation layer's ``Incoming``."""

from __future__ import annotations

import dataclasses
from typing import Any

from telegram import Bot, Message, MessageEntity, Update

from bot.admin.importing import MAX_UPLOAD_BYTES
from bot.conversation.events import Incoming, IncomingFile, Sender
from bot.telegram.channel import TELEGRAM

MAX_DOCUMENT_BYTES = MAX_UPLOAD_BYTES  # FAQ files are the only documents the bot reads
MEDIA_ATTRIBUTES = (
    "sticker", "photo", "voice", "video", "video_note", "animation", "audio", "location",
    "contact", "poll", "dice", "venue", "game", "story",
)  # fmt: skip


def _sender(update: Update) -> Sender | None:
    user = update.effective_user
    if user is None:
        return None
    return Sender(
        id=user.id,
        first_name=user.first_name or "",
        username=user.username,
        language_code=user.language_code,
    )


def _is_addressed(message: Message, bot: Bot) -> tuple[bool, str]:
    """Whether a group message is meant for the bot, and its text without the mention."""
    text = message.text or ""
    if message.chat.type == "private":
        return True, text
    mention = f"@{bot.username}".lower() if bot.username else None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot.id:
        return True, text
    if mention is not None:
        for entity in message.entities:
            if entity.type == MessageEntity.MENTION:
                value = message.parse_entity(entity)
                if value.lower() == mention:
                    return True, text.replace(value, " ").strip()
    return False, text


async def to_incoming(update: Update, bot: Bot) -> Incoming | None:
    """The neutral event for this update (carrying its ``update_id``), or None when it is not
    for the bot at all."""
    incoming = await _to_incoming(update, bot)
    return (
        None if incoming is None else dataclasses.replace(incoming, event_id=str(update.update_id))
    )


async def _to_incoming(update: Update, bot: Bot) -> Incoming | None:
    sender = _sender(update)
    if sender is None:
        return None
    if update.inline_query is not None:
        return Incoming(
            sender=sender,
            chat_id=sender.id,
            channel=TELEGRAM,
            inline_query=update.inline_query.query,
        )
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        chat_id = message.chat.id if message is not None else sender.id
        chat_type = message.chat.type if message is not None else "private"
        return Incoming(
            sender=sender,
            chat_id=chat_id,
            channel=TELEGRAM,
            chat_type=chat_type,
            button=query.data or "",
        )
    message = update.message
    if message is None:
        return None
    base: dict[str, Any] = {
        "sender": sender,
        "chat_id": message.chat.id,
        "channel": TELEGRAM,
        "chat_type": message.chat.type,
    }
    if message.text is not None:
        command = _command(message, bot)
        if command is not None:
            name, args = command
            if name is None:  # a command addressed to another bot in a group
                return None
            return Incoming(**base, command=name, args=args)
        addressed, text = _is_addressed(message, bot)
        return Incoming(**base, text=text, addressed=addressed)
    if message.document is not None:
        addressed, _ = _is_addressed(message, bot)
        document = message.document
        if message.chat.type == "private":
            size = document.file_size
            content = None  # too large: the conversation says so, without downloading it
            if (size or 0) <= MAX_DOCUMENT_BYTES:
                content = bytes(await (await document.get_file()).download_as_bytearray())
            name = document.file_name or "file"
            return Incoming(**base, file=IncomingFile(filename=name, content=content, size=size))
        return Incoming(**base, media="document", addressed=addressed)
    for attribute in MEDIA_ATTRIBUTES:
        if getattr(message, attribute, None):
            addressed = message.chat.type == "private"
            return Incoming(**base, media=attribute, addressed=addressed)
    return None


def _command(message: Message, bot: Bot) -> tuple[str | None, str] | None:
    """``(name, args)`` for a ``/command`` message; name None if it names another bot."""
    text = message.text or ""
    entities = message.entities
    if not entities or entities[0].type != MessageEntity.BOT_COMMAND or entities[0].offset:
        return None
    word = text[1 : entities[0].length]
    name, _, target = word.partition("@")
    if target and bot.username and target.lower() != bot.username.lower():
        return None, ""
    return name.lower(), text[entities[0].length :].strip()
