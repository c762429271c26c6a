"""``/mentors``: pending, approved and paused mentors, with Approve / Reject / Pause / Resume /
Remove (through ``services.mentors``; every action is audited).

Buttons: ``amen:a|r|p|u|x:<mentor id>``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from bot.admin.audit import log_action
from bot.conversation.admin.common import tools_of
from bot.conversation.buttons import ID, ButtonRoutes
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import mentors_of, status_name
from bot.conversation.reply import Button, Reply, Response
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import N_, _
from bot.mentors.views import MentorView

router = Router()
LISTED = ("pending", "approved", "paused")
BUTTONS_PER_STATUS = 6
ACTIONS = {"a": "approve", "r": "reject", "p": "pause", "u": "resume", "x": "remove"}
ACTION_BUTTONS = {
    "pending": (("a", "✅"), ("r", "❌")),
    "approved": (("p", "⏸"), ("x", "🗑")),
    "paused": (("u", "▶️"), ("x", "🗑")),
}
DONE = {
    "approve": N_("{name} is approved."),
    "reject": N_("{name} was rejected."),
    "pause": N_("{name} is paused."),
    "resume": N_("{name} takes requests again."),
    "remove": N_("{name} was removed."),
}


@router.command(
    "mentors", N_("Approve and manage mentors (admins)"), admin=True, private_only=True
)
async def list_mentors(turn: Turn) -> Reply:
    """Mentors by status, with what can be done to each."""
    return await _listing(turn)


def _mentor_line(mentor: MentorView) -> str:
    handle = f" @{escape(mentor.username)}" if mentor.username else ""
    languages = "/".join(mentor.languages)
    load = f"{mentor.open_referrals}/{mentor.capacity}"
    line = f"• #{mentor.id} <b>{escape(mentor.display_name)}</b>{handle} · {languages} · {load}"
    if mentor.unreachable:
        line += " · " + _("unreachable")
    return line


async def _listing(turn: Turn, *, edit: bool = False) -> Reply:
    service = mentors_of(turn)
    tools_of(turn)
    lines: list[str] = []
    keyboard: list[tuple[Button, ...]] = []
    for status in LISTED:
        mentors: Sequence[MentorView] = await service.list_mentors(status=status)
        lines.append(f"<b>{escape(status_name(status).capitalize())}</b> ({len(mentors)})")
        lines.extend(_mentor_line(mentor) for mentor in mentors)
        lines.append("")
        for mentor in mentors[:BUTTONS_PER_STATUS]:
            keyboard.append(
                tuple(
                    Button(f"{icon} {mentor.display_name}"[:40], data=f"amen:{code}:{mentor.id}")
                    for code, icon in ACTION_BUTTONS[status]
                )
            )
    lines.append(_("Open referrals are shown as open/capacity."))
    return Reply("\n".join(lines).strip(), buttons=tuple(keyboard), edit=edit)


routes = ButtonRoutes("amen", router)


async def change_mentor(turn: Turn, mentor_id: int, *, action: str) -> HandlerResult:
    """Apply one status change, log it, and show the list again."""
    tools_of(turn)
    change = await getattr(mentors_of(turn), action)(mentor_id)
    if change.mentor is None:
        raise StaleButtonError(turn.event.button)
    if not change.changed:
        notice = _("{name} is already {status}, so nothing changed.").format(
            name=change.mentor.display_name, status=status_name(change.mentor.status)
        )
        return Response.of(await _listing(turn, edit=True), notice=notice)
    await log_action(
        turn.services.database, turn.user_id, f"mentor_{action}", f"mentor {mentor_id}"
    )
    notice = _(DONE[action]).format(name=change.mentor.display_name)
    return Response.of(await _listing(turn, edit=True), notice=notice)


for _code, _action in ACTIONS.items():
    routes.action(_code, ID)(functools.partial(change_mentor, action=_action))
