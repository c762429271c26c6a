"""Send a conversation ``Response`` through the Telegram Bot API.

Text messages and edits go out as plain Bot API calls (``Bot._post``, the call every PTB
method ends in, so the request layer, retries and rate limiter all still apply) without
building ``InlineKeyboardMarkup`` objects on the way out or parsing the sent ``Message`` back
on the way in: nothing reads it, and that round of object building was a fifth of the CPU
a question cost. Files still go through PTB's own methods.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.conversation.reply import Button, Keyboard, Reply, Response
from bot.telegram.channel import to_telegram_html
from bot.telegram.splitting import split_html

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
CAPTION_LIMIT = 1024
JSONDict = dict[str, Any]


def keyboard(buttons: Keyboard) -> InlineKeyboardMarkup | None:
    """Telegram's inline keyboard for the reply's buttons."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.label, callback_data=b.data, url=b.url) for b in row]
            for row in buttons
        ]
    )


def keyboard_json(buttons: Keyboard) -> JSONDict | None:
    """The same keyboard as the Bot API's JSON (for calls made without PTB's objects)."""
    if not buttons:
        return None
    return {"inline_keyboard": [[_button_json(b) for b in row] for row in buttons]}


def _button_json(button: Button) -> JSONDict:
    if button.url is not None:
        return {"text": button.label, "url": button.url}
    return {"text": button.label, "callback_data": button.data}


def _text_fields(text: str, buttons: Keyboard) -> JSONDict:
    fields: JSONDict = {
        "text": text,
        "parse_mode": ParseMode.HTML.value,
        "link_preview_options": {"is_disabled": True},
    }
    markup = keyboard_json(buttons)
    if markup is not None:
        fields["reply_markup"] = markup
    return fields


async def send_text(bot: Bot, chat_id: int, text: str, buttons: Keyboard = ()) -> None:
    """``sendMessage`` with HTML text and no link preview; the sent message is not parsed."""
    await bot._post("sendMessage", {"chat_id": chat_id, **_text_fields(text, buttons)})


async def send_reply(bot: Bot, chat_id: int, reply: Reply) -> None:
    """Send one reply as new message(s): long text is split, buttons go on the last part."""
    if reply.attachment is not None:
        markup = keyboard(reply.buttons)
        attachment = reply.attachment
        text = to_telegram_html(reply.text)
        caption = text if len(text) <= CAPTION_LIMIT else None
        data = io.BytesIO(attachment.content)
        if attachment.kind == "photo":
            await bot.send_photo(
                chat_id,
                data,
                caption=caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if caption else None,
                filename=attachment.filename,
            )
        else:
            await bot.send_document(
                chat_id,
                data,
                filename=attachment.filename,
                caption=caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if caption else None,
            )
        if caption is not None:
            return
    parts = split_html(to_telegram_html(reply.text))
    for index, part in enumerate(parts):
        await send_text(bot, chat_id, part, reply.buttons if index == len(parts) - 1 else ())


async def edit_reply(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    """Replace the pressed message in place; False if Telegram refuses (then send anew)."""
    parts = split_html(to_telegram_html(reply.text))
    if len(parts) > 1 or reply.attachment is not None:
        return False
    try:
        target = {"chat_id": chat_id, "message_id": message_id}
        await bot._post("editMessageText", {**target, **_text_fields(parts[0], reply.buttons)})
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return True
        log.info("could not edit message, sending a new one: %s", error)
        return False
    return True


async def deliver(update: Update, bot: Bot, response: Response) -> None:
    """Render everything in ``response`` as the answer to ``update``."""
    query = update.callback_query
    if update.inline_query is not None:
        results = [
            InlineQueryResultArticle(
                id=result.id,
                title=result.title,
                description=result.description,
                input_message_content=InputTextMessageContent(
                    to_telegram_html(result.text),
                    parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW,
                ),
            )
            for result in (response.inline_results or [])
        ]
        await update.inline_query.answer(results[:50], cache_time=30, is_personal=True)
        return
    if query is not None:
        await query.answer(response.notice[:200] if response.notice else None)
    chat = update.effective_chat
    if chat is None:
        return
    pressed = query.message if query is not None else None
    for reply in [*response.replies, *response.pushed]:  # Telegram has no cap on either
        if (
            reply.edit
            and pressed is not None
            and await edit_reply(bot, chat.id, pressed.message_id, reply)
        ):
            pressed = None  # only the first edit replaces the pressed message
            continue
        await send_reply(bot, chat.id, reply)
