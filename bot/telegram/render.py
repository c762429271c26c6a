"""Send a conversation ``Response`` through the Telegram Bot API."""

from __future__ import annotations

import io
import logging

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

from bot.conversation.formatting import split_html
from bot.conversation.reply import Keyboard, Reply, Response

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
CAPTION_LIMIT = 1024


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


async def send_reply(bot: Bot, chat_id: int, reply: Reply) -> None:
    """Send one reply as new message(s): long text is split, buttons go on the last part."""
    markup = keyboard(reply.buttons)
    if reply.attachment is not None:
        attachment = reply.attachment
        caption = reply.text if len(reply.text) <= CAPTION_LIMIT else None
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
    parts = split_html(reply.text)
    for index, part in enumerate(parts):
        await bot.send_message(
            chat_id,
            part,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=markup if index == len(parts) - 1 else None,
        )


async def edit_reply(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    """Replace the pressed message in place; False if Telegram refuses (then send anew)."""
    parts = split_html(reply.text)
    if len(parts) > 1 or reply.attachment is not None:
        return False
    try:
        await bot.edit_message_text(
            parts[0],
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            reply_markup=keyboard(reply.buttons),
        )
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
                    result.text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
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
    for reply in response.replies:
        if (
            reply.edit
            and pressed is not None
            and await edit_reply(bot, chat.id, pressed.message_id, reply)
        ):
            pressed = None  # only the first edit replaces the pressed message
            continue
        await send_reply(bot, chat.id, reply)
