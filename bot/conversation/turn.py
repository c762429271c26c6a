"""One event being handled: who, in which language, in which flow, with which services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.channels import Capabilities, Channel, Links
from bot.conversation.events import Incoming
from bot.conversation.router import Router
from bot.db.repositories import users
from bot.services import Services


class StaleButtonError(Exception):
    """A button refers to something that no longer exists (or never did)."""


@dataclass(frozen=True)
class FlowState:
    """Where the user is in a multi-step flow."""

    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Turn:
    """What a handler gets: the event, the services, the language and the flow state."""

    event: Incoming
    services: Services
    language: str
    user_id: int  # internal (the engine resolved the sender's identity); 0 while offline
    is_admin: bool = False
    state: FlowState | None = None
    first_contact: bool = False
    router: Router | None = None

    @property
    def channel(self) -> Channel:
        """The messenger this event came from."""
        return self.services.channels.get(self.event.channel)

    @property
    def links(self) -> Links:
        """Deep links, share links and contact links in the event's messenger's form."""
        return self.channel.links

    @property
    def capabilities(self) -> Capabilities:
        """What the event's messenger can show (the engine fits replies to it)."""
        return self.channel.capabilities

    @property
    def text(self) -> str:
        """The message text (or the command's arguments)."""
        return self.event.text if self.event.text is not None else self.event.args

    async def set_flow(self, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        """Enter or advance a flow; stored, so any instance can continue it after a restart."""
        async with self.services.database.sessions.begin() as session:
            await users.save_state(session, self.user_id, flow, step, data or {})
        self.state = FlowState(flow, step, dict(data or {}))

    async def clear_flow(self) -> None:
        """Leave the current flow."""
        if self.state is None:
            return
        async with self.services.database.sessions.begin() as session:
            await users.clear_state(session, self.user_id)
        self.state = None
