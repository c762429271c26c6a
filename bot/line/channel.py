"""The LINE ``Channel`` the composition root registers once the API client has started."""

from __future__ import annotations

from bot.channels import Channel
from bot.line.api import BotInfo, LineApi
from bot.line.links import LineLinks
from bot.line.render import LINE_CAPABILITIES
from bot.line.sender import LineSender

CHANNEL_NAME = "line"


async def line_channel(api: LineApi, info: BotInfo | None = None) -> Channel:
    """LINE's limits, links with the account's basic id, push for reaching users. Without
    ``info`` LINE is asked who the bot is (this checks the access token)."""
    if info is None:
        info = await api.bot_info()
    return Channel(
        CHANNEL_NAME, LINE_CAPABILITIES, LineLinks(info.basic_id), LineSender(api), title="LINE"
    )
