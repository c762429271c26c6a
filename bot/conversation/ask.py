"""Asking the FAQ: free text in a private chat, a mention or ``/ask`` in a group.

The matcher decides: a clear answer, "Did you mean…" suggestions, or no answer. With no
answer, a question about co-ops is a gap in the FAQ (the fallback, with a mentor offer); any
other, or one the out-of-scope examples decline, is told what the bot covers instead, and is
marked out of scope on the admins' list. The reply speaks the question's language (the
user's when the question alone can't tell). Every question is logged without identity; those
left unanswered go to the admins' list.
"""

from __future__ import annotations

from bot.conversation.answer_view import (
    answer_reply,
    fallback_reply,
    missing_answer_reply,
    out_of_scope_reply,
    suggestions_reply,
)
from bot.conversation.question_tokens import question_token
from bot.conversation.reply import Reply
from bot.conversation.router import HandlerResult
from bot.conversation.turn import Turn
from bot.db.models.usage import UnansweredSource
from bot.i18n import _, format_number, use_language
from bot.knowledge.matcher import MatchResult
from bot.knowledge.model import KnowledgeBase
from bot.knowledge.scope import mentions_coops
from bot.knowledge.service import FaqService
from bot.knowledge.throttle import Pace
from bot.knowledge.usage import FaqUsage


def faq_of(turn: Turn) -> FaqService:
    """The FAQ service."""
    return turn.services.faq


def usage_of(turn: Turn) -> FaqUsage:
    """Where this turn's questions, unanswered questions and votes are recorded."""
    return FaqUsage(turn.services.database)


async def answer_question(turn: Turn, question: str) -> HandlerResult:
    """Match ``question`` and reply with an answer, suggestions or the fallback."""
    faq = faq_of(turn)
    pace = faq.throttle.check(turn.event.chat_id)
    if pace is Pace.SILENT:
        return None
    if pace is Pace.WARN:
        return Reply(
            _(
                "You're sending questions faster than I can answer them well. "
                "Please wait a minute, then ask again."
            )
        )
    question = question.strip()
    if not question:
        return ask_usage()
    index = faq.index
    result = faq.search(question, turn.language)
    language = result.language or turn.language
    usage = usage_of(turn)
    with use_language(language):
        reply = await _reply_for(turn, question, result, index.knowledge, language, usage)
        if result.truncated:
            note = "ℹ️ " + _(
                "Your message is long, so I read only its first {count} characters."
            ).format(count=format_number(faq.config.max_query_chars))
            reply = Reply(f"{note}\n\n{reply.text}", buttons=reply.buttons)
    return reply


async def _reply_for(
    turn: Turn,
    question: str,
    result: MatchResult,
    knowledge: KnowledgeBase,
    language: str,
    usage: FaqUsage,
) -> Reply:
    chat_type = turn.event.chat_type
    entries = [knowledge.get(c.entry_id) for c in result.candidates]
    found = [entry for entry in entries if entry is not None]
    if result.decision == "answer" and found:
        question_id = await usage.log_question(
            question, result, chat_type, keep_text=True, asker=turn.user_id
        )
        return answer_reply(turn, found[0], knowledge, language, question_id=question_id)
    if result.decision == "suggest" and found:
        question_id = await usage.log_question(
            question, result, chat_type, keep_text=True, asker=turn.user_id
        )
        return suggestions_reply(found, language, question_token(turn, question_id))
    about_coops = mentions_coops(question)
    if knowledge.entries and (result.declined or not about_coops):
        await usage.log_fallback(
            question, result, chat_type, language, UnansweredSource.OUT_OF_SCOPE
        )
        return out_of_scope_reply(turn, about_coops=about_coops)
    await usage.log_fallback(question, result, chat_type, language)
    return fallback_reply(turn)


def ask_usage() -> Reply:
    """What to type after /ask."""
    return Reply(_("Type your question after /ask, for example: /ask How do we register a co-op?"))


async def ask_command(turn: Turn) -> HandlerResult:
    """``/ask <question>``: the way to ask in a group without mentioning the bot."""
    return await answer_question(turn, turn.event.args)


async def ask_free_text(turn: Turn) -> HandlerResult:
    """Text outside any flow: in a private chat, or a group message that mentions the bot."""
    return await answer_question(turn, turn.event.text or "")


async def choose_suggestion(turn: Turn, language: str, entry_id: str, question_id: int) -> Reply:
    """A "Did you mean…" button: the suggestion list turns into that answer."""
    index = faq_of(turn).index
    entry = index.knowledge.get(entry_id)
    with use_language(language):
        if entry is None:
            return missing_answer_reply(index.knowledge, edit=True)
        return answer_reply(
            turn, entry, index.knowledge, language, question_id=question_id, edit=True
        )


async def reject_suggestions(turn: Turn, language: str, question_id: int) -> Reply:
    """ "None of these": the fallback offer, and the question goes to the unanswered list."""
    faq = faq_of(turn)
    usage = usage_of(turn)
    text = await usage.take_question_text(question_id)
    if text is not None:
        candidates = faq.search(text, language).candidates
        await usage.log_unanswered(text, language, candidates, UnansweredSource.NONE_OF_THESE)
    with use_language(language):
        opening = _("Thanks for telling me. I've noted your question for our team.")
        reply = fallback_reply(turn, opening=opening if text is not None else None)
    return Reply(reply.text, buttons=reply.buttons, edit=True)
