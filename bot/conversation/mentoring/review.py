"""Admins approve or reject a new mentor from the notification (``madm:a|r:<mentor id>``)."""

from __future__ import annotations

import html

from bot.conversation.mentoring.common import int_arg, mentors_of, status_name
from bot.conversation.reply import Reply, Response
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import _

router = Router()


@router.button("madm")
async def review_mentor(turn: Turn) -> HandlerResult:
    """Checked server-side: only admins change a mentor's status from here."""
    if not await turn.services.is_admin(turn.user_id):
        return Response.of(notice=_("Only admins can do this, so nothing changed."))
    action = turn.button_args[0] if turn.button_args else ""
    mentor_id = int_arg(turn, 1)
    service = mentors_of(turn)
    if action == "a":
        change = await service.approve(mentor_id)
    elif action == "r":
        change = await service.reject(mentor_id)
    else:
        raise StaleButtonError(turn.event.button)
    if change.mentor is None:
        raise StaleButtonError(turn.event.button)
    name = html.escape(change.mentor.display_name)
    if not change.changed:
        return Response.of(
            notice=_("{name} is already {status}, so nothing changed.").format(
                name=change.mentor.display_name, status=status_name(change.mentor.status)
            )
        )
    if action == "a":
        text = _("✅ {name} is approved and will get requests that fit.").format(name=name)
    else:
        text = _("❌ {name}'s registration was rejected.").format(name=name)
    return Reply(text, edit=True)
