"""How an FAQ answer looks: the matched question, the answer, its sources, when it was last
reviewed, and the buttons that keep the founder moving (related questions, 👍/👎, a mentor,
sharing). Also the fallback offer. Replies are data; each adapter renders them.

Button data (each ≤ 64 bytes; entry ids are ASCII slugs of at most 40 characters):
``faq:a:<lang>:<id>`` answer, ``faq:s:<lang>:<id>:<question>`` a chosen suggestion,
``faq:none:<lang>:<question>``, ``faq:up|down:<lang>:<id>:<question>`` feedback, where
``<question>`` is the id of the logged question (0 when the answer was not asked for);
``faq:src:<lang>:<id>`` every source of an answer that shows only its first ``SOURCES_SHOWN``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.conversation.markup import escape, link
from bot.conversation.privacy import PRIVACY_ENTRY_ID, privacy_answer
from bot.conversation.question_tokens import question_token
from bot.conversation.reply import Button, Reply
from bot.conversation.turn import Turn
from bot.i18n import LANGUAGES, _, current_language, format_date
from bot.knowledge.model import FaqEntry, KnowledgeBase

MENTOR_PAYLOAD = "mentor"  # deep links owned by the mentors feature
MENTOR_REGISTRATION_PAYLOAD = "mentorreg"
SOURCES_SHOWN = 3  # more links than this crowd a phone screen; the rest are one press away


def source_label(url: str) -> str:
    """A short, readable name for a source link: its host without ``www.``."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def source_link(url: str) -> str:
    """One source as a link labelled with its host."""
    return link(url, source_label(url))


def sources_reply(entry: FaqEntry, language: str) -> Reply:
    """Every source of an answer, one a line: what "More sources" shows."""
    lines = [f"{number}. {source_link(url)}" for number, url in enumerate(entry.sources, 1)]
    title = "📚 " + _("All sources for “{question}”:").format(
        question=escape(entry.question(language))
    )
    return Reply("\n".join([title, *lines]))


def answer_text(entry: FaqEntry, language: str, answer: str | None = None) -> str:
    """The answer (``answer`` instead of the stored one, see ``live_answer``) with its
    question above it, then its sources and review date (reply markup)."""
    return _answer_text(
        entry.question(language),
        entry.answer(language) if answer is None else answer,
        entry.sources,
        entry.reviewed,
        language,
        current_language(),
    )


@functools.lru_cache(maxsize=1024)
def _answer_text(
    question: str,
    answer: str,
    sources: tuple[str, ...],
    reviewed: dt.date,
    language: str,
    _catalog: str,  # the language ``_`` translates into: part of the key
) -> str:
    """``answer_text``, built once per entry and language while the entry is unchanged (its
    escaping and link labels were a few per cent of a question's CPU time)."""
    links = ", ".join(source_link(url) for url in sources[:SOURCES_SHOWN])
    if len(sources) > SOURCES_SHOWN:
        links += " " + _("and {count} more").format(count=len(sources) - SOURCES_SHOWN)
    parts = [
        f"❓ <b>{escape(question)}</b>",
        answer.strip(),
        "📚 " + _("Sources: {links}").format(links=links),
    ]
    reviewed_text = "🗓 " + _("Last reviewed: {date}").format(date=reviewed_on(reviewed, language))
    return "\n\n".join(parts) + "\n" + reviewed_text


def live_answer(turn: Turn, entry: FaqEntry, language: str) -> str | None:
    """The answer an entry takes from the bot itself rather than from the FAQ file (the
    privacy entry says what /privacy says, with the configured retention), or None."""
    if entry.id != PRIVACY_ENTRY_ID:
        return None
    return privacy_answer(language, turn.services.settings.retention_days, turn.channel.title)


def prepare_review_dates(knowledge: KnowledgeBase) -> None:
    """Format every entry's review date once, at start-up: Babel loads its locale data on
    first use (a few tenths of a second, which the first founders to ask would wait for)."""
    for entry in knowledge.entries:
        for language in LANGUAGES:
            reviewed_on(entry.reviewed, language)


@functools.lru_cache(maxsize=512)
def reviewed_on(value: dt.date, language: str) -> str:
    """A review date as the language writes it, formatted once (Babel's formatting was about
    4% of the CPU time of a question in the load test)."""
    return format_date(value, language)


def mentor_button(turn: Turn, topic: str | None = None) -> Button | None:
    """ "Talk to a mentor": the mentor flow in a private chat; in a group, a link to one."""
    label = "💬 " + _("Talk to a mentor")
    if turn.event.is_private:
        return Button(label, data=f"mentor:ask:{topic}" if topic else "mentor:ask")
    link = turn.links.deep_link(MENTOR_PAYLOAD)
    return Button(label, url=link) if link else None


def topics_button() -> Button:
    """Back to the list of topics."""
    return Button("📚 " + _("Browse topics"), data="faq:top")


def action_button(turn: Turn, entry: FaqEntry) -> Button | None:
    """The entry's extra step (knowledge/README.md): privacy, directory, topics, volunteering."""
    if entry.action == "become_mentor":
        label = "🤝 " + _("Become a mentor")
        if turn.event.is_private:
            return Button(label, data="mentor:become")
        link = turn.links.deep_link(MENTOR_REGISTRATION_PAYLOAD)
        return Button(label, url=link) if link else None
    if entry.action == "privacy":
        return Button("🔒 " + _("What the bot keeps about me"), data="privacy:show")
    if entry.action == "directory":
        return Button("📇 " + _("Support organisations"), data="dir:list")
    if entry.action == "topics":
        return topics_button()
    return None  # "mentor": the mentor button is always there


def more_sources_button(entry: FaqEntry, language: str) -> Button | None:
    """ "More sources", when the answer shows only some of its sources."""
    if len(entry.sources) <= SOURCES_SHOWN:
        return None
    return Button("📚 " + _("More sources"), data=f"faq:src:{language}:{entry.id}")


def share_button(turn: Turn, entry: FaqEntry, language: str) -> Button | None:
    """A link that lets the founder forward this answer's deep link to anyone."""
    link = turn.links.deep_link(f"faq-{entry.id}")
    share = turn.links.share_url(link, entry.question(language)) if link else None
    return Button("↗️ " + _("Share"), url=share) if share else None


def answer_reply(
    turn: Turn,
    entry: FaqEntry,
    knowledge: KnowledgeBase,
    language: str,
    *,
    question_id: int = 0,
    back: str | None = None,
    edit: bool = False,
) -> Reply:
    """The full answer view; ``back`` is the data of a Back button when browsing."""
    rows: list[tuple[Button, ...]] = []
    for related_id in entry.related[:3]:
        related = knowledge.get(related_id)
        if related is not None:
            label = "➡️ " + related.question(language)
            rows.append((Button(label, data=f"faq:a:{language}:{related.id}"),))
    suffix = f"{language}:{entry.id}:{question_token(turn, question_id)}"
    rows.append(
        (
            Button("👍 " + _("Helpful"), data=f"faq:up:{suffix}"),
            Button("👎 " + _("Not what I asked"), data=f"faq:down:{suffix}"),
        )
    )
    extra = [
        b
        for b in (
            more_sources_button(entry, language),
            action_button(turn, entry),
            mentor_button(turn, entry.topic),
            share_button(turn, entry, language),
        )
        if b is not None
    ]
    rows.extend(tuple(extra[i : i + 2]) for i in range(0, len(extra), 2))
    if back is not None:
        rows.append((Button("⬅️ " + _("Back"), data=back),))
    text = answer_text(entry, language, live_answer(turn, entry, language))
    return Reply(text, buttons=tuple(rows), edit=edit)


def suggestions_reply(entries: Sequence[FaqEntry], language: str, question: str) -> Reply:
    """ "Did you mean…": the candidates' questions as buttons, and "None of these";
    ``question`` is the asked question's token (``question_token``)."""
    rows = [
        (Button(entry.question(language), data=f"faq:s:{language}:{entry.id}:{question}"),)
        for entry in entries
    ]
    rows.append((Button("🙅 " + _("None of these"), data=f"faq:none:{language}:{question}"),))
    return Reply("🤔 " + _("I'm not sure I understood. Did you mean…"), buttons=tuple(rows))


def fallback_reply(turn: Turn, *, opening: str | None = None, topic: str | None = None) -> Reply:
    """The honest "no answer yet", with a way on: rephrase, browse, or ask a person."""
    text = _(
        "I don't have an answer for that yet. You could try asking in other words, "
        "or browse the questions I can answer with /topics.\n\n"
        "A mentor, someone who has worked with co-ops, can also help you directly."
    )
    if opening:
        text = f"{opening}\n\n{text}"
    buttons = [b for b in (mentor_button(turn, topic), topics_button()) if b is not None]
    return Reply(text, buttons=tuple((b,) for b in buttons))


def out_of_scope_reply(turn: Turn, *, about_coops: bool) -> Reply:
    """A question outside what the bot covers: say what it does cover and point to /topics;
    a mentor only when the question is about co-ops, since that is what mentors know."""
    text = _(
        "That's outside what I can help with: I answer questions about starting a platform "
        "co-op in Thailand. /topics shows everything I can answer."
    )
    buttons: list[Button | None] = [topics_button()]
    if about_coops:
        text += "\n" + _("For other co-op questions, a mentor may be able to help.")
        buttons.insert(0, mentor_button(turn))
    return Reply(text, buttons=tuple((b,) for b in buttons if b is not None))


def missing_answer_reply(knowledge: KnowledgeBase, *, edit: bool = False) -> Reply:
    """A link or button pointing at an answer that no longer exists: say so, offer topics."""
    text = _(
        "Sorry, I can't find that answer any more: it may have been changed or removed. "
        "Here are the topics I can help with:"
    )
    return Reply(text, buttons=topic_buttons(knowledge), edit=edit)


def topic_buttons(knowledge: KnowledgeBase) -> tuple[tuple[Button, ...], ...]:
    """One button per topic that has questions, in display order."""
    return tuple(
        (Button(topic.name(current_language()), data=f"faq:t:{topic.key}:0"),)
        for topic in knowledge.topics
        if knowledge.entries_in(topic.key)
    )
