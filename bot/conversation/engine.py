"""The conversation engine: resolve the user and language, then route the event."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial
from typing import Any

from sqlalchemy import Connection, Row

from bot.conversation.events import Incoming
from bot.conversation.fitting import fit_response
from bot.conversation.reply import Reply, Response
from bot.conversation.router import CommandSpec, HandlerResult, Router
from bot.conversation.turn import FlowState, StaleButtonError, Turn
from bot.db.base import utcnow
from bot.db.outage import is_database_outage
from bot.db.repositories import identities, users
from bot.i18n import _, use_language
from bot.knowledge.service import is_language_neutral
from bot.knowledge.text import detect_script_language
from bot.languages import supported_language
from bot.operations.updates import DuplicateEventError, claim_update
from bot.services import Services

log = logging.getLogger(__name__)

LAST_SEEN_RESOLUTION = dt.timedelta(minutes=5)


class Conversation:
    """Turns an ``Incoming`` into a ``Response``; shared by every transport adapter."""

    def __init__(self, services: Services, router: Router) -> None:
        self.services = services
        self.router = router

    async def handle(self, event: Incoming) -> Response:
        """Handle one event; exceptions propagate to the adapter's error handler.

        An event with an ``event_id`` is claimed in the database first: a second delivery
        raises ``DuplicateEventError``. While the database is unreachable, whatever needs it
        is refused politely and the rest (the FAQ, which is in memory) goes on working.

        The reply language is decided here, once, and the handler runs inside it: ``_()``
        speaks the user's language without handlers passing it around, and concurrent
        events each keep their own (a ``ContextVar``, reset when the event is done)."""
        try:
            turn = await self._open_turn(event)
        except Exception as error:
            if not is_database_outage(error):
                raise
            log.warning(
                "database unreachable: handling a %s without the user's record", event.kind
            )
            turn = self._offline_turn(event)
        with use_language(turn.language):
            try:
                result = await self._route(turn)
            except StaleButtonError:
                result = Response.of(notice=_("This button has expired. Please start again."))
            except Exception as error:
                if not is_database_outage(error):
                    raise
                log.warning("database unreachable: refused a %s", event.kind)
                result = _database_unavailable(event)
        if result is None:
            result = Response()
        elif isinstance(result, Reply):
            result = Response.of(result)
        result.language = turn.language
        return fit_response(result, turn.capabilities)

    def _guess_language(self, event: Incoming, last: str | None = None) -> str:
        """The language when the user has not chosen one: Telegram's, the text's, the one
        they last wrote in (when the text is a bare keyword like "PDPA"), or default."""
        text = event.text or event.args or event.inline_query or ""
        return (
            supported_language(event.sender.language_code)
            or (None if last and is_language_neutral(text) else detect_script_language(text))
            or last
            or self.services.settings.default_language
        )

    def _offline_turn(self, event: Incoming) -> Turn:
        """A turn without the stored user (the database is away): defaults, no flow, no admin;
        user id 0 is nobody's (whatever would use it needs the database)."""
        return Turn(
            event=event,
            services=self.services,
            language=self._guess_language(event),
            user_id=0,
            router=self.router,
        )

    async def _open_turn(self, event: Incoming) -> Turn:
        user_id, user, language = await self.services.database.run(
            partial(self._open_records, event)
        )
        state = (
            FlowState(user.flow, user.step, dict(user.data))
            if user is not None and user.flow is not None
            else None
        )
        is_admin = await self.services.is_admin(user_id)
        return Turn(
            event=event,
            services=self.services,
            language=language,
            user_id=user_id,
            is_admin=is_admin,
            state=state,
            first_contact=user is None,
            router=self.router,
        )

    def _open_records(
        self, event: Incoming, connection: Connection
    ) -> tuple[int, Row[Any] | None, str]:
        """One transaction (on the database's thread with SQLite): claim the update, find the
        user behind the sender's messenger account (made on first contact) with their flow, and
        note the visit when it is news. Returns the internal user id, the user's row (None on
        first contact) and the language to answer in."""
        channel = event.channel
        if event.event_id is not None and not claim_update(connection, channel, event.event_id):
            raise DuplicateEventError(event.event_id)
        external_id = str(event.sender.id)
        user = users.read_account_user_and_flow(connection, channel, external_id)
        if user is not None and user.language_chosen:
            language: str = user.language
        else:
            language = self._guess_language(event, user.language if user else None)
        if user is None:
            user_id = identities.create_user_for(connection, channel, external_id, language)
            return user_id, None, language
        if utcnow() - _aware(user.last_seen) > LAST_SEEN_RESOLUTION or (
            not user.language_chosen and user.language != language
        ):
            users.note_visit(connection, user.id, language)
        return int(user.id), user, language

    async def _route(self, turn: Turn) -> HandlerResult:
        event, router = turn.event, self.router
        if event.inline_query is not None:
            return await router.inline_handler(turn) if router.inline_handler else None
        if event.command is not None:
            return await self._route_command(turn)
        if event.button is not None:
            handler = router.buttons.get(event.button.split(":", 1)[0])
            if handler is None:
                raise StaleButtonError(event.button)
            return await handler(turn)
        if not event.addressed:
            return None
        if turn.state is not None and (event.text is not None or event.file is not None):
            flow_handler = router.flows.get(turn.state.flow)
            if flow_handler is not None:
                return await flow_handler(turn)
            await turn.clear_flow()  # a flow whose module is gone: start afresh
        if event.file is not None and router.file_handler is not None:
            return await router.file_handler(turn)
        if event.text is not None and router.text_handler is not None:
            return await router.text_handler(turn)
        return await router.fallbacks["unsupported"](turn)

    async def _route_command(self, turn: Turn) -> HandlerResult:
        spec: CommandSpec | None = self.router.commands.get(turn.event.command or "")
        if spec is None or (spec.admin and not turn.is_admin):
            return await self.router.fallbacks["unknown"](turn)
        if spec.private_only and not turn.event.is_private:
            return await self.router.fallbacks["private_only"](turn)
        if turn.state is not None and spec.name != "cancel":
            await turn.clear_flow()
        return await spec.handler(turn)

    def command_menu(self, language: str, *, admin: bool = False) -> list[tuple[str, str]]:
        """The (command, description) pairs shown in the client's menu, translated."""
        with use_language(language):
            return [
                (spec.name, _(spec.description))
                for spec in self.router.commands.values()
                if spec.description is not None and (admin or not spec.admin)
            ]


def _database_unavailable(event: Incoming) -> Response:
    """The polite refusal while the database is away: nothing was saved, try again soon."""
    text = _(
        "Sorry, I can't save anything right now because my database is unavailable. "
        "Please try again in a few minutes. You can still ask me questions."
    )
    if event.button is not None:
        return Response.of(Reply(text), notice=_("Please try again in a few minutes."))
    return Response.of(Reply(text))


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; treat them as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
