"""Typed button routes: one place that splits button data, checks its arity and the type of
each part, and answers anything else (stale, forged, malformed) as an expired button.

A feature module declares its actions with the kinds of their arguments::

    routes = ButtonRoutes("faq", router)

    @routes.action("up", LANGUAGE, KEY, QUESTION)
    async def vote_up(turn, language, entry_id, question): ...

An action may take a different number of arguments under the same name (``mentor:ask`` and
``mentor:ask:<topic>``); the name ``""`` is the bare prefix (``privacy``).

Ids in commands (``/admins add 123``) go through the same ``parse_id``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.conversation.turn import StaleButtonError
from bot.i18n import LANGUAGES

if TYPE_CHECKING:
    from bot.conversation.router import HandlerResult, Router
    from bot.conversation.turn import Turn

ROW_ID_MAX = 2**31 - 1  # database row ids (PostgreSQL integer)
USER_ID_MAX = 2**53  # messenger user ids (Telegram's fit in 52 bits)
_DIGITS = frozenset("0123456789")

ActionHandler = Callable[..., Awaitable["HandlerResult"]]


def parse_id(raw: str, maximum: int = ROW_ID_MAX) -> int | None:
    """An id written in ASCII digits within ``0..maximum``; None for anything else
    (``²`` and Thai digits pass ``str.isdigit`` but are no id, huge numbers overflow)."""
    if not raw or len(raw) > len(str(maximum)) or not _DIGITS.issuperset(raw):
        return None
    value = int(raw)
    return value if value <= maximum else None


@dataclass(frozen=True)
class Kind:
    """How one part of button data is read; ``parse`` returns None when it is not valid."""

    name: str
    parse: Callable[[str], Any]


def choice(name: str, values: Collection[str]) -> Kind:
    """One of a known set of words (a language, a reason code, an action)."""
    return Kind(name, lambda raw: raw if raw in values else None)


def number_in(name: str, values: Collection[int]) -> Kind:
    """One of a known set of small numbers (a score, a capacity), written in ASCII digits."""
    return Kind(name, lambda raw: number if (number := parse_id(raw)) in values else None)


def _key(raw: str) -> str | None:
    return raw if 0 < len(raw) <= 40 and raw.isascii() and raw.isprintable() else None


ID = Kind("id", parse_id)
USER_ID = Kind("user id", lambda raw: parse_id(raw, USER_ID_MAX))
KEY = Kind("key", _key)  # an entry id, a topic, a slug
LANGUAGE = choice("language", LANGUAGES)
TEXT = Kind("text", lambda raw: raw)  # checked by its handler (it may be empty)


@dataclass(frozen=True)
class _Action:
    kinds: tuple[Kind, ...]
    handler: ActionHandler


class ButtonRoutes:
    """The actions under one button prefix, each with the kinds of its arguments."""

    def __init__(self, prefix: str, router: Router | None = None) -> None:
        """With a router, the routes answer that router's buttons with this prefix."""
        self.prefix = prefix
        self.actions: dict[tuple[str, int], _Action] = {}
        if router is not None:
            router.button(prefix)(self.dispatch)

    def action(self, name: str, *kinds: Kind) -> Callable[[ActionHandler], ActionHandler]:
        """Register ``prefix:name:<arg>:…``; the handler gets the turn and the parsed args."""

        def decorate(handler: ActionHandler) -> ActionHandler:
            if (name, len(kinds)) in self.actions:
                raise ValueError(f"{self.prefix}:{name}/{len(kinds)} is registered twice")
            self.actions[name, len(kinds)] = _Action(kinds, handler)
            return handler

        return decorate

    async def dispatch(self, turn: Turn) -> HandlerResult:
        """Parse the pressed button's data and call its action; anything else is stale."""
        data = turn.event.button or ""
        prefix, *parts = data.split(":")
        name, args = (parts[0], parts[1:]) if parts else ("", [])
        action = self.actions.get((name, len(args)))
        if prefix != self.prefix or action is None:
            raise StaleButtonError(data)
        values = [kind.parse(raw) for kind, raw in zip(action.kinds, args, strict=True)]
        if any(value is None for value in values):
            raise StaleButtonError(data)
        return await action.handler(turn, *values)
