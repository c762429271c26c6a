"""The founder experience, as a feature module: asking, browsing, sharing and feedback.

Owns the ``faq:`` button prefix, ``/ask`` and ``/topics``, free text, inline queries and the
``start=faq-<id>`` deep link. ``bot.app`` builds the FAQ service itself.
"""

from __future__ import annotations

import logging

from bot.conversation import ask, browse, feedback, inline
from bot.conversation.buttons import KEY, LANGUAGE, ActionHandler, ButtonRoutes, Kind, parse_id
from bot.conversation.question_tokens import QUESTION, owned_question
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.db.models.usage import Vote
from bot.i18n import N_
from bot.jobs import PeriodicJob
from bot.knowledge.usage import FaqUsage
from bot.services import Services

log = logging.getLogger(__name__)
router = Router()

router.command("topics", N_("Browse questions by topic"))(browse.list_topics)
router.command("ask", N_("Ask a question (in groups too)"))(ask.ask_command)
router.on_text(ask.ask_free_text)
router.on_inline(inline.answer_inline_query)
router.start_payload("faq")(browse.open_shared_answer)

routes = ButtonRoutes("faq", router)
PAGE = Kind("page", lambda raw: parse_id(raw, maximum=9999))


@routes.action("a", LANGUAGE, KEY)
async def _answer(turn: Turn, language: str, entry_id: str) -> HandlerResult:
    return await browse.show_answer(turn, language, entry_id)


@routes.action("s", LANGUAGE, KEY, QUESTION)
async def _suggestion(
    turn: Turn, language: str, entry_id: str, question: tuple[int, bytes]
) -> HandlerResult:
    return await ask.choose_suggestion(turn, language, entry_id, owned_question(turn, question))


@routes.action("none", LANGUAGE, QUESTION)
async def _none_of_these(turn: Turn, language: str, question: tuple[int, bytes]) -> HandlerResult:
    return await ask.reject_suggestions(turn, language, owned_question(turn, question))


def _vote(vote: Vote) -> ActionHandler:
    async def handle(
        turn: Turn, language: str, entry_id: str, question: tuple[int, bytes]
    ) -> HandlerResult:
        question_id = owned_question(turn, question)
        return await feedback.vote_on_answer(turn, vote, language, entry_id, question_id)

    return handle


routes.action("up", LANGUAGE, KEY, QUESTION)(_vote(Vote.UP))
routes.action("down", LANGUAGE, KEY, QUESTION)(_vote(Vote.DOWN))


@routes.action("top")
async def _topics(turn: Turn) -> HandlerResult:
    return await browse.show_topics(turn, edit=True)


@routes.action("t", KEY, PAGE)
async def _topic(turn: Turn, topic: str, page: int) -> HandlerResult:
    return await browse.show_topic(turn, topic, page)


@routes.action("q", KEY, PAGE)
async def _browsed_answer(turn: Turn, entry_id: str, page: int) -> HandlerResult:
    return await browse.show_browsed_answer(turn, entry_id, page)


@routes.action("src", LANGUAGE, KEY)
async def _sources(turn: Turn, language: str, entry_id: str) -> HandlerResult:
    return await browse.show_sources(turn, language, entry_id)


async def forget_question_texts_job(services: Services) -> None:
    """Clear the words of questions too old for "None of these" or 👎."""
    forgotten = await FaqUsage(services.database).forget_old_texts()
    if forgotten:
        log.info("forgot the words of %d old questions", forgotten)


JOBS = (PeriodicJob("forget_question_texts_job", 3600.0, forget_question_texts_job),)
