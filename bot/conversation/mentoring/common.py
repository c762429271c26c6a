"""Small pieces the mentor conversations share: the service, labels, answers to presses."""

from __future__ import annotations

import datetime as dt

from bot.channels import Links
from bot.conversation import markup
from bot.conversation.reply import Button, Reply, Response, rows
from bot.conversation.turn import Turn
from bot.i18n import N_, _
from bot.mentors.base import as_utc
from bot.mentors.service import MentorService
from bot.mentors.views import Answer

ANYWHERE = "any"
STATUS_NAMES = {
    "pending": N_("waiting for approval"),
    "approved": N_("approved"),
    "paused": N_("on a break"),
    "rejected": N_("not approved"),
    "removed": N_("no longer a mentor"),
    "open": N_("looking for a mentor"),
    "offered": N_("offered to a mentor"),
    "waiting": N_("waiting for a mentor"),
    "accepted": N_("accepted by the mentor"),
    "connected": N_("in touch"),
    "closed": N_("finished"),
    "cancelled": N_("withdrawn"),
}


def mentors_of(turn: Turn) -> MentorService:
    """The mentor service."""
    return turn.services.mentors


def status_name(status: str) -> str:
    """A mentor's or referral's status in words, in the current language."""
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def label(service: MentorService, key: str | None, language: str) -> str:
    """A topic, tag or region by its name (escaped); "anywhere" for no region."""
    if key is None or key == ANYWHERE:
        return _("anywhere")
    return markup.escape(service.taxonomy.name(key, language))


def answer_notice(answer: Answer) -> str:
    """The polite word for a press that changed nothing."""
    if answer is Answer.NOT_YOURS:
        return _("This button was meant for someone else, so nothing changed.")
    if answer is Answer.ALREADY:
        return _("This was already answered, so nothing changed.")
    if answer is Answer.EXPIRED:
        return _("This request has already moved on, so nothing changed. Thank you!")
    return _("This button has expired. Please start again.")


def unchanged(answer: Answer) -> Response:
    """The response to a press that changed nothing: only a notice."""
    return Response.of(notice=answer_notice(answer))


def time_left(deadline: dt.datetime, now: dt.datetime) -> str:
    """How long a mentor has left to answer, in words ("about 48 hours")."""
    seconds = (as_utc(deadline) - now).total_seconds()
    if seconds < 3600:
        return _("less than an hour")
    return _("about {hours} hours").format(hours=round(seconds / 3600))


def to_private_chat(turn: Turn, payload: str) -> Reply:
    """Personal flows run in a private chat: a button that opens one at the right step."""
    text = _("Let's continue this in a private chat with me.")
    link = turn.links.deep_link(payload)
    if link is None:
        return Reply(text)
    return Reply(text, buttons=rows(Button(_("Open a private chat"), url=link)))


def contact_link(links: Links, username: str | None) -> str:
    """``@username`` as markup, linked to the profile where the messenger has links."""
    if not username:
        return ""
    url = links.contact_link(username)
    return markup.link(url, f"@{username}") if url else markup.escape(f"@{username}")
