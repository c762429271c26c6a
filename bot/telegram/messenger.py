"""Reach users other than the one being answered (mentors, admins, founders) via Telegram."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.conversation.reply import Reply
from bot.messaging import Delivery
from bot.telegram.render import send_reply

log = logging.getLogger(__name__)


class TelegramMessenger:
    """Sends through the bot; a user who blocked it is reported as ``BLOCKED``, not raised."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def send(self, user_id: int, reply: Reply) -> Delivery:
        try:
            await send_reply(self._bot, user_id, reply)
        except Forbidden:
            return Delivery.BLOCKED
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                return Delivery.BLOCKED
            log.warning("message to a user was refused: %s", error)
            return Delivery.FAILED
        except TelegramError as error:
            log.warning("message to a user failed: %s", error)
            return Delivery.FAILED
        return Delivery.SENT
