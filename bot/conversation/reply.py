"""What the conversation layer answers: data that each adapter renders its own way."""

from __future__ import annotations

from dataclasses import dataclass, field

CALLBACK_DATA_LIMIT = 64  # bytes: the smallest button data any messenger takes


@dataclass(frozen=True)
class Button:
    """A button: ``data`` is a short namespaced id (``faq:a:<id>``); or a link with ``url``."""

    label: str
    data: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.url is None):
            raise ValueError("a button has exactly one of data or url")
        if self.data is not None and len(self.data.encode()) > CALLBACK_DATA_LIMIT:
            raise ValueError(f"button data over {CALLBACK_DATA_LIMIT} bytes: {self.data!r}")


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply: a document, or a photo (PNG)."""

    filename: str
    content: bytes
    kind: str = "document"


@dataclass(frozen=True)
class Reply:
    """One message: text in the reply markup (``markup``), buttons, and whether it replaces
    the pressed one."""

    text: str
    buttons: Keyboard = ()
    edit: bool = False
    attachment: Attachment | None = None


@dataclass(frozen=True)
class InlineResult:
    """An answer offered in inline mode (``@bot question`` in any chat)."""

    id: str
    title: str
    description: str
    text: str


@dataclass
class Response:
    """Everything said back for one event: messages, a short notice for a button, inline hits."""

    replies: list[Reply] = field(default_factory=list)
    notice: str | None = None
    inline_results: list[InlineResult] | None = None
    language: str | None = None  # the language the engine answered in (adapters' own lines)
    pushed: list[Reply] = field(default_factory=list)  # beyond what one answer may carry

    @classmethod
    def of(cls, *replies: Reply, notice: str | None = None) -> Response:
        return cls(replies=list(replies), notice=notice)


def rows(*buttons: Button, per_row: int = 1) -> Keyboard:
    """Lay buttons out ``per_row`` to a row."""
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
