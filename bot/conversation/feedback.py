"""👍 / 👎 on an answer: stored per answer and language for the admins' statistics; 👎 also
puts the question on the unanswered list and offers the fallback (rephrase, topics, mentor).
"""

from __future__ import annotations

from bot.conversation.answer_view import fallback_reply, missing_answer_reply
from bot.conversation.ask import faq_of, usage_of
from bot.conversation.reply import Response
from bot.conversation.turn import Turn
from bot.db.models.usage import UnansweredSource, Vote
from bot.i18n import _, use_language


async def vote_on_answer(
    turn: Turn, vote: Vote, language: str, entry_id: str, question_id: int
) -> Response:
    """Record the vote; on 👎, log the question as unanswered and offer another way on."""
    faq = faq_of(turn)
    entry = faq.entry(entry_id)
    if entry is None:
        with use_language(language):
            return Response.of(missing_answer_reply(faq.knowledge))
    usage = usage_of(turn)
    await usage.record_vote(entry.id, language, vote, question_id or None)
    with use_language(language):
        thanks = _("Thanks for your feedback!")
        if vote is Vote.UP:
            return Response.of(notice=thanks)
        text = await usage.take_question_text(question_id)
        if text is not None or not question_id:  # a typed question is passed on only once
            candidates = faq.search(text, language).candidates if text else ()
            await usage.log_unanswered(
                text, language, candidates, UnansweredSource.THUMBS_DOWN, entry_id=entry.id
            )
        opening = _("Sorry that wasn't what you needed. I've passed your question on.")
        return Response.of(fallback_reply(turn, opening=opening, topic=entry.topic), notice=thanks)
