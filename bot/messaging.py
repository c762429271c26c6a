"""The port through which domain services reach users other than the one being answered."""

from __future__ import annotations

from typing import Protocol

from bot.conversation.reply import Reply
from bot.delivery import Delivery

__all__ = ["Delivery", "Messenger", "NullMessenger"]


class Messenger(Protocol):
    """Implemented by each transport adapter (Telegram, console)."""

    async def send(self, user_id: int, reply: Reply) -> Delivery:
        """Send ``reply`` to ``user_id`` in a private chat."""
        ...

    async def show_admin_menu(self, user_id: int, shown: bool) -> None:
        """Show or hide the admin commands in ``user_id``'s command menu, where the
        transport has one; a failure is logged, never raised (the menu is a convenience)."""
        ...


class NullMessenger:
    """Used before an adapter is attached: nothing can be delivered yet."""

    async def send(self, user_id: int, reply: Reply) -> Delivery:
        return Delivery.FAILED

    async def show_admin_menu(self, user_id: int, shown: bool) -> None:
        return None
