"""Browsing the FAQ when you don't know what to ask: ``/topics`` → a topic's questions (paged)
→ an answer, with Back at every level, all in one message edited in place. Also answers
opened by a related-question button or a ``start=faq-<id>`` deep link.

Button data: ``faq:top`` topics, ``faq:t:<topic>:<page>`` a topic's questions,
``faq:q:<id>:<page>`` an answer reached by browsing (Back returns to that page).
"""

from __future__ import annotations

from bot.conversation.answer_view import (
    answer_reply,
    missing_answer_reply,
    sources_reply,
    topic_buttons,
)
from bot.conversation.ask import faq_of
from bot.conversation.markup import escape
from bot.conversation.reply import Button, Reply
from bot.conversation.turn import Turn
from bot.i18n import _, use_language

PAGE_SIZE = 6
DEEP_LINK_PREFIX = "faq-"


async def list_topics(turn: Turn) -> Reply:
    """``/topics``: start browsing."""
    return await show_topics(turn)


async def show_topics(turn: Turn, *, edit: bool = False) -> Reply:
    """The topics as buttons."""
    knowledge = faq_of(turn).knowledge
    if not knowledge.entries:
        return Reply(_("There are no questions to browse yet. Please try again later."))
    return Reply(
        "📚 " + _("<b>Topics</b>\nChoose a topic to see its questions:"),
        buttons=topic_buttons(knowledge),
        edit=edit,
    )


async def show_topic(turn: Turn, topic_key: str, page: int) -> Reply:
    """One page of a topic's questions, with Previous/Next and Back to the topics."""
    knowledge = faq_of(turn).knowledge
    topic = knowledge.topic(topic_key)
    entries = knowledge.entries_in(topic_key)
    if topic is None or not entries:
        return missing_answer_reply(knowledge, edit=True)
    pages = (len(entries) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(max(page, 0), pages - 1)
    shown = entries[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    rows: list[tuple[Button, ...]] = [
        (Button(entry.question(turn.language), data=f"faq:q:{entry.id}:{page}"),)
        for entry in shown
    ]
    navigation = []
    if page > 0:
        navigation.append(Button("◀️ " + _("Previous"), data=f"faq:t:{topic_key}:{page - 1}"))
    if page < pages - 1:
        navigation.append(Button(_("Next") + " ▶️", data=f"faq:t:{topic_key}:{page + 1}"))
    if navigation:
        rows.append(tuple(navigation))
    rows.append((Button("⬅️ " + _("Back to topics"), data="faq:top"),))
    name = escape(topic.name(turn.language))
    text = f"📚 <b>{name}</b>\n" + _("Choose a question:")
    if pages > 1:
        text += "\n" + _("Page {page} of {pages}").format(page=page + 1, pages=pages)
    return Reply(text, buttons=tuple(rows), edit=True)


async def show_browsed_answer(turn: Turn, entry_id: str, page: int) -> Reply:
    """An answer reached by browsing; Back returns to the page it was chosen from."""
    knowledge = faq_of(turn).knowledge
    entry = knowledge.get(entry_id)
    if entry is None:
        return missing_answer_reply(knowledge, edit=True)
    back = f"faq:t:{entry.topic}:{page}"
    return answer_reply(turn, entry, knowledge, turn.language, back=back, edit=True)


async def show_answer(turn: Turn, language: str, entry_id: str) -> Reply:
    """A related question's answer, as a new message in the language of the one before."""
    knowledge = faq_of(turn).knowledge
    entry = knowledge.get(entry_id)
    with use_language(language):
        if entry is None:
            return missing_answer_reply(knowledge)
        return answer_reply(turn, entry, knowledge, language)


async def show_sources(turn: Turn, language: str, entry_id: str) -> Reply:
    """ "More sources": every source of an answer, as a new message below it."""
    knowledge = faq_of(turn).knowledge
    entry = knowledge.get(entry_id)
    with use_language(language):
        if entry is None:
            return missing_answer_reply(knowledge)
        return sources_reply(entry, language)


async def open_shared_answer(turn: Turn) -> Reply:
    """``/start faq-<id>``: a shared link opens that answer; an unknown one, the topics."""
    entry_id = turn.event.args.strip().removeprefix(DEEP_LINK_PREFIX)
    knowledge = faq_of(turn).knowledge
    entry = knowledge.get(entry_id)
    if entry is None:
        return missing_answer_reply(knowledge)
    return answer_reply(turn, entry, knowledge, turn.language)
