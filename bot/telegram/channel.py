"""Telegram as a channel: what it can show, its links, and the markup it is sent in."""

from __future__ import annotations

import functools
from urllib.parse import quote

from bot.channels import Capabilities, Channel, ChannelSender
from bot.conversation.markup import parse
from bot.telegram.splitting import TELEGRAM_TEXT_LIMIT

TELEGRAM = "telegram"
SHARE_URL = "https://t.me/share/url"

TELEGRAM_CAPABILITIES = Capabilities(
    text_limit=TELEGRAM_TEXT_LIMIT,  # longer replies are split (splitting.py)
    edit_in_place=True,
    inline_mode=True,
    button_label_limit=None,  # Telegram shortens long labels itself, on the screen
    buttons_per_message=100,  # the Bot API's limit on an inline keyboard
    button_data_limit=64,  # bytes of callback_data
    messages_per_reply=None,
)


class TelegramLinks:
    """t.me links: ``t.me/<bot>?start=<payload>``, ``t.me/share/url``, ``t.me/<username>``."""

    def __init__(self, bot_username: str | None) -> None:
        self.bot_username = bot_username

    def deep_link(self, payload: str) -> str | None:
        if not self.bot_username:
            return None
        return f"https://t.me/{self.bot_username}?start={payload}"

    def share_url(self, link: str, text: str) -> str | None:
        return _share_url(link, text)

    def contact_link(self, username: str) -> str | None:
        return f"https://t.me/{quote(username, safe='')}" if username else None


@functools.lru_cache(maxsize=1024)
def _share_url(link: str, text: str) -> str:
    return f"{SHARE_URL}?url={quote(link, safe='')}&text={quote(text)}"


@functools.lru_cache(maxsize=4096)
def to_telegram_html(text: str) -> str:
    """Reply markup as Telegram HTML: the markup is a subset Telegram reads as it is, so it
    is checked (``MarkupError`` on anything else) and passed through. Cached: answers repeat."""
    parse(text)
    return text


def telegram_channel(bot_username: str | None, sender: ChannelSender | None = None) -> Channel:
    """The channel a running Telegram bot registers (its username is known after getMe)."""
    return Channel(
        TELEGRAM, TELEGRAM_CAPABILITIES, TelegramLinks(bot_username), sender, title="Telegram"
    )
