"""The port through which domain services reach users other than the one being answered.

Services name users by their internal id; ``RoutingMessenger`` finds the user's messenger
accounts (identities) and sends through the first whose channel runs here with a sender.
"""

from __future__ import annotations

from functools import partial
from typing import Protocol

from bot.channels import Channel, Channels, ChannelSender
from bot.conversation.reply import Reply
from bot.db.engine import Database
from bot.db.repositories.identities import identities_of
from bot.delivery import Delivery

__all__ = ["Delivery", "Messenger", "RoutingMessenger"]


class Messenger(Protocol):
    """How services reach a user by internal id, whichever messenger they use."""

    async def send(self, user_id: int, reply: Reply) -> Delivery:
        """Send ``reply`` to ``user_id`` in a private chat."""
        ...

    async def show_admin_menu(self, user_id: int, shown: bool) -> None:
        """Show or hide the admin commands in ``user_id``'s command menu, where the
        transport has one; a failure is logged, never raised (the menu is a convenience)."""
        ...

    async def channel_of(self, user_id: int) -> Channel | None:
        """The channel a message to ``user_id`` would go through, or None (unreachable)."""
        ...


class RoutingMessenger:
    """Sends to a user through their most recently linked identity whose channel is running
    with a sender (each adapter registers its channel in ``Channels``); a user with no such
    identity is unreachable, as if they had blocked the bot."""

    def __init__(self, database: Database, channels: Channels) -> None:
        self.database = database
        self.channels = channels

    async def route(self, user_id: int) -> tuple[Channel, ChannelSender, str] | None:
        """The channel, its sender and the external id to reach ``user_id`` by, or None."""
        accounts = await self.database.run(partial(identities_of, user_id=user_id))
        for account in accounts:
            channel = self.channels.running(account.channel)
            if channel is not None and channel.sender is not None:
                return channel, channel.sender, account.external_id
        return None

    async def channel_of(self, user_id: int) -> Channel | None:
        route = await self.route(user_id)
        return route[0] if route is not None else None

    async def send(self, user_id: int, reply: Reply) -> Delivery:
        route = await self.route(user_id)
        if route is None:
            return Delivery.BLOCKED
        _channel, sender, external_id = route
        return await sender.send(external_id, reply)

    async def show_admin_menu(self, user_id: int, shown: bool) -> None:
        route = await self.route(user_id)
        if route is not None:
            _channel, sender, external_id = route
            await sender.show_admin_menu(external_id, shown)
