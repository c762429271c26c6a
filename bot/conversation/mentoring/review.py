"""Admins approve or reject a new mentor from the notification (``madm:a|r:<mentor id>``).

Logged to the audit trail like the same change from ``/mentors``."""

from __future__ import annotations

from bot.admin.audit import log_action
from bot.conversation.buttons import ID, ButtonRoutes
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import mentors_of, status_name
from bot.conversation.reply import Reply, Response
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import _

router = Router()
routes = ButtonRoutes("madm", router)


@routes.action("a", ID)
async def approve_mentor(turn: Turn, mentor_id: int) -> HandlerResult:
    """✅ on the card an admin got when the mentor registered."""
    return await _review(turn, "approve", mentor_id)


@routes.action("r", ID)
async def reject_mentor(turn: Turn, mentor_id: int) -> HandlerResult:
    """❌ on the same card."""
    return await _review(turn, "reject", mentor_id)


async def _review(turn: Turn, action: str, mentor_id: int) -> HandlerResult:
    """Checked server-side: only admins change a mentor's status from here."""
    if not await turn.services.is_admin(turn.user_id):
        return Response.of(notice=_("Only admins can do this, so nothing changed."))
    service = mentors_of(turn)
    change = await (service.approve if action == "approve" else service.reject)(mentor_id)
    if change.mentor is None:
        raise StaleButtonError(turn.event.button)
    name = escape(change.mentor.display_name)
    if not change.changed:
        return Response.of(
            notice=_("{name} is already {status}, so nothing changed.").format(
                name=change.mentor.display_name, status=status_name(change.mentor.status)
            )
        )
    await log_action(
        turn.services.database, turn.user_id, f"mentor_{action}", f"mentor {mentor_id}"
    )
    if action == "approve":
        text = _("✅ {name} is approved and will get requests that fit.").format(name=name)
    else:
        text = _("❌ {name}'s registration was rejected.").format(name=name)
    return Reply(text, edit=True)
