"""The messengers the bot is reachable on: what each can do, its links, how to reach a user.

Each adapter (Telegram, LINE, the console) registers one ``Channel`` when it starts. The
conversation layer never names a messenger: it asks the event's channel for its links and
capabilities, and reaches other users through ``Channels.sender`` by channel name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.conversation.reply import Reply
    from bot.delivery import Delivery


@dataclass(frozen=True)
class Capabilities:
    """What a messenger can show; the conversation layer degrades where one is missing."""

    text_limit: int  # characters of rendered text in one message (the adapter splits longer)
    edit_in_place: bool  # a pressed button's message can be replaced; else a new one is sent
    inline_mode: bool  # ``@bot question`` in any chat
    button_label_limit: int | None  # characters; longer labels are shortened
    buttons_per_message: int | None  # more buttons than this are dropped (least important last)
    button_data_limit: int  # bytes of a button's data
    messages_per_reply: int | None  # messages one reply may carry (the rest are pushed)
    files: bool = True  # documents can be sent; else a text file's content comes as text


class Links(Protocol):
    """Links in the messenger's own form, supplied by its adapter."""

    def deep_link(self, payload: str) -> str | None:
        """A link that opens a private chat with the bot at ``payload`` (``/start payload``);
        None while not known (e.g. before the bot's name is known)."""
        ...

    def share_url(self, link: str, text: str) -> str | None:
        """A link that lets the user forward ``text`` with ``link`` to anyone, or None."""
        ...

    def contact_link(self, username: str) -> str | None:
        """A link to a user's public profile by username, or None when the messenger has none."""
        ...


class NoLinks:
    """A messenger without links (the console)."""

    def deep_link(self, payload: str) -> str | None:
        return None

    def share_url(self, link: str, text: str) -> str | None:
        return None

    def contact_link(self, username: str) -> str | None:
        return None


class ChannelSender(Protocol):
    """How an adapter reaches one of its users outside a reply (offers, notices, relays)."""

    async def send(self, external_id: str, reply: Reply) -> Delivery:
        """Send ``reply`` to the user in a private chat; never raises for a blocked user."""
        ...

    async def show_admin_menu(self, external_id: str, shown: bool) -> None:
        """Show or hide the admin commands in this user's command menu, where there is one."""
        ...


@dataclass
class Channel:
    """One messenger the bot runs on."""

    name: str  # "telegram", "line", "console": stored with each identity
    capabilities: Capabilities
    links: Links
    sender: ChannelSender | None = None  # None: cannot reach users outside a reply
    title: str = ""  # the messenger's own name as users know it ("Telegram", "LINE")


CONSOLE_CAPABILITIES = Capabilities(
    text_limit=100_000,
    edit_in_place=False,
    inline_mode=False,
    button_label_limit=None,
    buttons_per_message=None,
    button_data_limit=64,
    messages_per_reply=None,
)


class Channels:
    """The registry of running channels, shared by the conversation layer and the services."""

    def __init__(self) -> None:
        self._channels: dict[str, Channel] = {}

    def register(self, channel: Channel) -> None:
        self._channels[channel.name] = channel

    def get(self, name: str) -> Channel:
        """The named channel; an unknown one (e.g. a stored identity of a messenger that is not
        running in this process) is a channel without links or a sender."""
        channel = self._channels.get(name)
        if channel is None:
            return Channel(name, CONSOLE_CAPABILITIES, NoLinks())
        return channel

    def running(self, name: str) -> Channel | None:
        """The named channel if it runs in this process, else None."""
        return self._channels.get(name)

    def names(self) -> list[str]:
        return sorted(self._channels)
