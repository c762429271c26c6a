"""Reach users other than the one being answered (mentors, admins, founders) via Telegram."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden, TelegramError, TimedOut

from bot.conversation.reply import Reply
from bot.delivery import Delivery
from bot.telegram.render import send_reply

log = logging.getLogger(__name__)


class TelegramMessenger:
    """Sends through the bot; a user who blocked it is reported as ``BLOCKED``, not raised."""

    def __init__(self, bot: Bot, admin_menu: Sequence[tuple[str, str]] = ()) -> None:
        self._bot = bot
        self.admin_menu = admin_menu  # (command, description) pairs, set once routes are known

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
        except TimedOut as error:  # not sent again (see request.py): it has most likely arrived
            log.warning("message to a user was not confirmed in time: %s", error)
            return Delivery.SENT
        except TelegramError as error:
            log.warning("message to a user failed: %s", error)
            return Delivery.FAILED
        return Delivery.SENT

    async def show_admin_menu(self, user_id: int, shown: bool) -> None:
        """The admin menu in this user's chat, or back to everyone's menu."""
        scope = BotCommandScopeChat(user_id)
        try:
            if shown and self.admin_menu:
                commands = [BotCommand(c, d) for c, d in self.admin_menu]
                await self._bot.set_my_commands(commands, scope=scope)
            elif not shown:
                await self._bot.delete_my_commands(scope=scope)
        except TelegramError as error:
            log.warning("could not change an admin's command menu: %s", error)


class TelegramSender:
    """``TelegramMessenger`` as the channel's sender: Telegram's external ids are chat ids."""

    def __init__(self, messenger: TelegramMessenger) -> None:
        self.messenger = messenger

    async def send(self, external_id: str, reply: Reply) -> Delivery:
        return await self.messenger.send(int(external_id), reply)

    async def show_admin_menu(self, external_id: str, shown: bool) -> None:
        await self.messenger.show_admin_menu(int(external_id), shown)
