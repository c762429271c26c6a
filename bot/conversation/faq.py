"""The founder experience, as a feature module: asking, browsing, sharing and feedback.

Owns the ``faq:`` button prefix, ``/ask`` and ``/topics``, free text, inline queries and the
``start=faq-<id>`` deep link. ``start`` builds ``services.faq`` from ``knowledge_source``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.conversation import answer_view, ask, browse, feedback, inline
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.db.models.usage import Vote
from bot.i18n import LANGUAGES, N_
from bot.jobs import PeriodicJob
from bot.knowledge.service import (
    FaqService,
    KnowledgeSource,
    load_default_knowledge,
    matcher_config,
)
from bot.knowledge.usage import FaqUsage
from bot.services import Services

log = logging.getLogger(__name__)
router = Router()

# Where the FAQ comes from at start-up; the admin tools may point this at the database.
knowledge_source: KnowledgeSource = load_default_knowledge


router.command("topics", N_("Browse questions by topic"))(browse.list_topics)
router.command("ask", N_("Ask a question (in groups too)"))(ask.ask_command)
router.on_text(ask.ask_free_text)
router.on_inline(inline.answer_inline_query)
router.start_payload("faq")(browse.open_shared_answer)

ButtonHandler = Callable[[Turn, list[str]], Awaitable[HandlerResult]]


def _language(raw: str) -> str:
    if raw not in LANGUAGES:
        raise StaleButtonError(raw)
    return raw


def _question_id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise StaleButtonError(raw)
    return int(raw)


def _entry_id(raw: str) -> str:
    if not raw or len(raw) > 40 or not raw.isascii():
        raise StaleButtonError(raw)
    return raw


async def _answer(turn: Turn, args: list[str]) -> HandlerResult:
    language, entry_id = args
    return await browse.show_answer(turn, _language(language), _entry_id(entry_id))


async def _suggestion(turn: Turn, args: list[str]) -> HandlerResult:
    language, entry_id, question_id = args
    return await ask.choose_suggestion(
        turn, _language(language), _entry_id(entry_id), _question_id(question_id)
    )


async def _none_of_these(turn: Turn, args: list[str]) -> HandlerResult:
    language, question_id = args
    return await ask.reject_suggestions(turn, _language(language), _question_id(question_id))


def _vote(vote: Vote) -> ButtonHandler:
    async def handle(turn: Turn, args: list[str]) -> HandlerResult:
        language, entry_id, question_id = args
        return await feedback.vote_on_answer(
            turn, vote, _language(language), _entry_id(entry_id), _question_id(question_id)
        )

    return handle


async def _sources(turn: Turn, args: list[str]) -> HandlerResult:
    language, entry_id = args
    return await browse.show_sources(turn, _language(language), _entry_id(entry_id))


async def _topics(turn: Turn, args: list[str]) -> HandlerResult:
    return await browse.show_topics(turn, edit=True)


async def _topic(turn: Turn, args: list[str]) -> HandlerResult:
    topic, page = args
    return await browse.show_topic(turn, topic, browse.page_number(page))


async def _browsed_answer(turn: Turn, args: list[str]) -> HandlerResult:
    entry_id, page = args
    return await browse.show_browsed_answer(turn, _entry_id(entry_id), browse.page_number(page))


# action → (number of arguments, handler)
BUTTONS: dict[str, tuple[int, ButtonHandler]] = {
    "a": (2, _answer),
    "s": (3, _suggestion),
    "none": (2, _none_of_these),
    "up": (3, _vote(Vote.UP)),
    "down": (3, _vote(Vote.DOWN)),
    "top": (0, _topics),
    "t": (2, _topic),
    "q": (2, _browsed_answer),
    "src": (2, _sources),
}


@router.button("faq")
async def press_faq_button(turn: Turn) -> HandlerResult:
    """Every ``faq:`` button; malformed or forged data is answered as an expired button."""
    action, *args = turn.button_args or [""]
    arity, handler = BUTTONS.get(action, (-1, None))
    if handler is None or len(args) != arity:
        raise StaleButtonError(turn.event.button)
    return await handler(turn, args)


async def forget_question_texts_job(services: Services) -> None:
    """Clear the words of questions too old for "None of these" or 👎."""
    forgotten = await FaqUsage(services.database).forget_old_texts()
    if forgotten:
        log.info("forgot the words of %d old questions", forgotten)


JOBS = (PeriodicJob("forget_question_texts_job", 3600.0, forget_question_texts_job),)


async def start(services: Services) -> None:
    """Load the FAQ and build its index before the first question arrives."""
    faq = FaqService(matcher_config(services.settings), source=knowledge_source)
    await faq.start()
    answer_view.prepare_review_dates(faq.knowledge)
    services.faq = faq
