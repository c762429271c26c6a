"""What a transport adapter hands to the conversation layer: one incoming event."""

from __future__ import annotations

from dataclasses import dataclass, fields

NUL = "\x00"


def _drop_nul(event: Sender | Incoming) -> None:
    """U+0000 is valid in a Telegram message but PostgreSQL cannot store it in text: it is
    dropped from every string field where text enters the bot, for every adapter."""
    for field in fields(event):
        value = getattr(event, field.name)
        if isinstance(value, str) and NUL in value:
            object.__setattr__(event, field.name, value.replace(NUL, ""))


@dataclass(frozen=True)
class Sender:
    """Who sent the event, as far as the transport tells: ``id`` is the messenger's own (the
    engine finds the internal user id behind it, ``Turn.user_id``)."""

    id: int | str
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None

    def __post_init__(self) -> None:
        _drop_nul(self)


@dataclass(frozen=True)
class IncomingFile:
    """A document the user sent, already downloaded by the adapter; ``content`` is None when
    it was too large to download (``size`` then says how large)."""

    filename: str
    content: bytes | None
    size: int | None = None


@dataclass(frozen=True)
class Incoming:
    """One message, command, button press or inline query, transport-neutral.

    Exactly one of ``text``, ``command``, ``button``, ``media``, ``file`` or ``inline_query``
    is set. ``addressed`` is False for group messages that neither mention nor reply to the bot.
    """

    sender: Sender
    chat_id: int | str  # the messenger's chat (a private chat, a group)
    channel: str  # the adapter's channel name: with ``sender.id``, who this is
    chat_type: str = "private"
    text: str | None = None
    command: str | None = None
    args: str = ""
    button: str | None = None
    media: str | None = None
    file: IncomingFile | None = None
    inline_query: str | None = None
    addressed: bool = True
    event_id: str | None = None  # the transport's delivery id (Telegram's update_id): once only

    def __post_init__(self) -> None:
        _drop_nul(self)

    @property
    def is_private(self) -> bool:
        return self.chat_type == "private"

    @property
    def kind(self) -> str:
        """Which kind of event this is: inline, command, button, file, media or text."""
        if self.inline_query is not None:
            return "inline"
        if self.command is not None:
            return "command"
        if self.button is not None:
            return "button"
        if self.file is not None:
            return "file"
        return "media" if self.media is not None else "text"
