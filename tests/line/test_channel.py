"""The LINE channel: built from what LINE says about the account."""

from __future__ import annotations

from bot.channels import Channels
from bot.conversation.reply import Reply
from bot.line.api import LineApi
from bot.line.channel import line_channel
from bot.line.render import LINE_CAPABILITIES
from bot.messaging import Delivery
from tests.fake_line import BOT_BASIC_ID, FakeLine
from tests.fake_line_webhook import line_user_id


async def test_channel_links_use_the_accounts_basic_id(
    fake_line: FakeLine, line_api: LineApi
) -> None:
    channels = Channels()
    channels.register(await line_channel(line_api))
    channel = channels.get("line")
    assert channel.capabilities == LINE_CAPABILITIES
    link = channel.links.deep_link("ref_1")
    assert link is not None and f"/oaMessage/{BOT_BASIC_ID}/" in link
    assert channel.sender is not None
    assert await channel.sender.send(line_user_id(5), Reply("hi")) is Delivery.SENT
    assert fake_line.count("info") == 1
