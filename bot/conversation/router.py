"""Routing tables that feature modules fill in; the engine merges them into one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from bot.conversation.reply import Reply, Response

if TYPE_CHECKING:
    from bot.conversation.turn import Turn

T = TypeVar("T")
HandlerResult = Response | Reply | None
Handler = Callable[["Turn"], Awaitable[HandlerResult]]


@dataclass(frozen=True)
class CommandSpec:
    """A slash command: ``description`` is an untranslated msgid for the menu (None = hidden)."""

    name: str
    handler: Handler
    description: str | None = None
    admin: bool = False
    private_only: bool = False


class RoutingConflictError(ValueError):
    """Two feature modules claimed the same command, button prefix, flow or payload."""


class Router:
    """Commands, button prefixes, flows and deep-link payloads owned by one feature module."""

    def __init__(self) -> None:
        self.commands: dict[str, CommandSpec] = {}
        self.buttons: dict[str, Handler] = {}
        self.flows: dict[str, Handler] = {}
        self.start_payloads: dict[str, Handler] = {}
        self.fallbacks: dict[str, Handler] = {}
        self.text_handler: Handler | None = None
        self.file_handler: Handler | None = None
        self.inline_handler: Handler | None = None

    def command(
        self,
        name: str,
        description: str | None = None,
        *,
        admin: bool = False,
        private_only: bool = False,
    ) -> Callable[[Handler], Handler]:
        """Register ``/name``."""

        def decorate(handler: Handler) -> Handler:
            _claim(
                self.commands, name, CommandSpec(name, handler, description, admin, private_only)
            )
            return handler

        return decorate

    def button(self, prefix: str) -> Callable[[Handler], Handler]:
        """Register the handler of buttons whose data starts with ``prefix:``."""
        return self._register(self.buttons, prefix)

    def flow(self, name: str) -> Callable[[Handler], Handler]:
        """Register the handler of text (and files) sent while the user is in flow ``name``."""
        return self._register(self.flows, name)

    def start_payload(self, prefix: str) -> Callable[[Handler], Handler]:
        """Register the handler of ``/start <prefix>…`` deep links."""
        return self._register(self.start_payloads, prefix)

    def fallback(self, name: str) -> Callable[[Handler], Handler]:
        """Register a built-in answer: ``unknown``, ``unsupported`` or ``private_only``."""
        return self._register(self.fallbacks, name)

    def on_text(self, handler: Handler) -> Handler:
        """The handler of free text outside any flow (the FAQ)."""
        self.text_handler = handler
        return handler

    def on_file(self, handler: Handler) -> Handler:
        """The handler of documents outside any flow."""
        self.file_handler = handler
        return handler

    def on_inline(self, handler: Handler) -> Handler:
        """The handler of inline queries."""
        self.inline_handler = handler
        return handler

    def include(self, other: Router) -> None:
        """Merge another module's routes; a name claimed twice is a programming error."""
        for name, spec in other.commands.items():
            _claim(self.commands, name, spec)
        for table, theirs in (
            (self.buttons, other.buttons),
            (self.flows, other.flows),
            (self.start_payloads, other.start_payloads),
            (self.fallbacks, other.fallbacks),
        ):
            for key, handler in theirs.items():
                _claim(table, key, handler)
        for attribute in ("text_handler", "file_handler", "inline_handler"):
            theirs_handler = getattr(other, attribute)
            if theirs_handler is None:
                continue
            if getattr(self, attribute) is not None:
                raise RoutingConflictError(f"two modules set {attribute}")
            setattr(self, attribute, theirs_handler)

    @staticmethod
    def _register(table: dict[str, Handler], key: str) -> Callable[[Handler], Handler]:
        def decorate(handler: Handler) -> Handler:
            _claim(table, key, handler)
            return handler

        return decorate


def _claim(table: dict[str, T], key: str, value: T) -> None:
    if key in table:
        raise RoutingConflictError(f"{key!r} is registered twice")
    table[key] = value
