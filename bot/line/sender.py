"""``ChannelSender`` for LINE: reach a user outside a reply (offers, notices, relays) by push."""

from __future__ import annotations

from bot.conversation.reply import Reply
from bot.line.api import LineApi
from bot.line.render import batches, render_reply
from bot.messaging import Delivery


class LineSender:
    """Pushes replies to LINE users; LINE has no per-user command menu."""

    def __init__(self, api: LineApi) -> None:
        self.api = api

    async def send(self, external_id: str, reply: Reply) -> Delivery:
        """Push ``reply`` to the LINE user ``external_id``; never raises for a blocked user."""
        delivery = Delivery.SENT
        for batch in batches(render_reply(reply)):
            delivery = await self.api.push(external_id, batch)
            if delivery is not Delivery.SENT:
                break
        return delivery

    async def show_admin_menu(self, external_id: str, shown: bool) -> None:
        """Nothing to do: admin commands on LINE are typed (or a rich menu, set by hand)."""
        return None
