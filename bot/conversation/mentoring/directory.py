"""``/directory``: real organisations that support co-op founders, browsed by topic
(``dir:list`` topics, ``dir:t:<topic>`` one topic, ``dir:all`` everything)."""

from __future__ import annotations

from bot.conversation.buttons import KEY, ButtonRoutes
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import label, mentors_of
from bot.conversation.reply import Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import N_, _
from bot.mentors.directory import Organisation

router = Router()


@router.command("directory", N_("Organisations that can help"))
async def show_directory(turn: Turn) -> HandlerResult:
    return _topics(turn, edit=False)


routes = ButtonRoutes("dir", router)


@routes.action("list")
async def browse_topics(turn: Turn) -> HandlerResult:
    return _topics(turn, edit=True)


@routes.action("all")
async def browse_all(turn: Turn) -> HandlerResult:
    return _listing(turn, _("All organisations"), list(mentors_of(turn).directory.organisations))


@routes.action("t", KEY)
async def browse_topic(turn: Turn, topic: str) -> HandlerResult:
    """One topic's organisations; a topic with none (any more) is an expired button."""
    organisations = mentors_of(turn).directory.in_topic(topic)
    if not organisations:
        raise StaleButtonError(turn.event.button)
    return _listing(turn, label(mentors_of(turn), topic, turn.language), organisations)


def _topics(turn: Turn, *, edit: bool) -> Reply:
    service = mentors_of(turn)
    topics = service.directory.topics(t.key for t in service.taxonomy.faq_topics)
    if not topics:
        return Reply(_("The directory of organisations isn't available yet. Please try later."))
    buttons = [
        Button(service.taxonomy.name(topic, turn.language), data=f"dir:t:{topic}")
        for topic in topics
    ]
    buttons.append(Button(_("All organisations"), data="dir:all"))
    return Reply(
        _("These organisations support people starting co-ops. Which topic?"),
        buttons=rows(*buttons, per_row=2),
        edit=edit,
    )


def _listing(turn: Turn, title: str, organisations: list[Organisation]) -> Reply:
    language = turn.language
    parts = [f"<b>{title}</b>"]  # already escaped
    for org in organisations:
        links = _('<a href="{contact}">Website</a> · <a href="{source}">Source</a>').format(
            contact=escape(org.contact),
            source=escape(org.source),
        )
        parts.append(
            f"<b>{escape(org.name(language))}</b>\n{escape(org.description(language))}\n{links}"
        )
    buttons = rows(Button(_("⬅️ Other topics"), data="dir:list"))
    return Reply("\n\n".join(parts), buttons=buttons, edit=True)
