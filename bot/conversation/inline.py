"""Inline mode: ``@bot question`` in any chat offers matching answers to post there, in the
querying user's language. Inline queries arrive on every keystroke, so they are not logged.
"""

from __future__ import annotations

from bot.conversation.answer_view import answer_text, live_answer
from bot.conversation.ask import faq_of
from bot.conversation.markup import plain_length, to_plain, truncate
from bot.conversation.reply import InlineResult, Response
from bot.conversation.turn import Turn
from bot.i18n import _
from bot.knowledge.model import FaqEntry

MAX_RESULTS = 5
DESCRIPTION_CHARS = 120


def inline_result(turn: Turn, entry: FaqEntry, language: str) -> InlineResult:
    """One answer, ready to post in someone else's chat, with a link to ask the bot more."""
    answer = live_answer(turn, entry, language)
    text = answer_text(entry, language, answer)
    link = turn.links.deep_link(f"faq-{entry.id}")
    footer = ""
    if link is not None:
        footer = "\n\n" + _('<a href="{link}">Ask Coop Compass more</a>').format(link=link)
    limit = turn.capabilities.text_limit
    if plain_length(text) + plain_length(footer) > limit:
        text = truncate(text, limit - plain_length(footer) - 10, ellipsis="\n…")
    plain = " ".join(to_plain(answer or entry.answer(language)).split())
    description = plain[:DESCRIPTION_CHARS] + ("…" if len(plain) > DESCRIPTION_CHARS else "")
    return InlineResult(
        id=entry.id, title=entry.question(language), description=description, text=text + footer
    )


async def answer_inline_query(turn: Turn) -> Response:
    """Matching answers for the query; with no query yet, the first questions of each topic."""
    faq = faq_of(turn)
    index = faq.index
    knowledge = index.knowledge
    query = (turn.event.inline_query or "").strip()
    if query:
        result = faq.search(query, turn.language)
        found = [knowledge.get(c.entry_id) for c in result.candidates]
        entries = [entry for entry in found if entry is not None]
    else:
        firsts = [knowledge.entries_in(topic.key)[:1] for topic in knowledge.topics]
        entries = [entry for group in firsts for entry in group]
    results = [inline_result(turn, entry, turn.language) for entry in entries[:MAX_RESULTS]]
    return Response(inline_results=results)
