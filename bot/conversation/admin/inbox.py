"""``/unanswered``: what founders asked that the FAQ could not answer (and answers they gave
👎), similar questions grouped with counts, each with: add as a way of asking the suggested
entry (live at once), draft a new entry from it, or dismiss.

Buttons: ``ainb:v|n|x:<group key>``; the group is found again from its key on press, so a
group settled meanwhile (by another admin) gives the "expired" notice.
"""

from __future__ import annotations

import functools

from bot.admin.editing import UnknownEntryError
from bot.admin.inbox import QuestionGroup, UnansweredInbox
from bot.conversation.admin.common import problem_text, tools_of
from bot.conversation.admin.faq import start_add
from bot.conversation.buttons import ID, ButtonRoutes
from bot.conversation.markup import code, escape
from bot.conversation.reply import Button, Reply, Response
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.db.models.usage import UnansweredStatus
from bot.i18n import N_, _, ngettext
from bot.knowledge.loader import KnowledgeError

router = Router()
GROUPS_SHOWN = 5
FLAGS = {"th": "🇹🇭", "en": "🇬🇧"}
SOURCE_NAMES = {
    "fallback": N_("no answer"),
    "none_of_these": N_("none of the suggestions"),
    "thumbs_down": N_("👎 on the answer"),
    "out_of_scope": N_("outside the bot's topics"),
}


def _inbox(turn: Turn) -> UnansweredInbox:
    tools_of(turn)
    return UnansweredInbox(turn.services.database)


def _suggested(turn: Turn, group: QuestionGroup) -> str | None:
    """The entry to add the question to: the stored guess, or what the FAQ says now."""
    faq = turn.services.faq
    if group.suggested and faq.entry(group.suggested) is not None:
        return group.suggested
    if group.text is None:
        return None
    best = faq.search(group.text, group.language).best
    return best.entry_id if best else None


@router.command(
    "unanswered", N_("Questions the bot could not answer (admins)"), admin=True, private_only=True
)
async def show_unanswered(turn: Turn) -> Reply:
    """The biggest groups of open questions, each with its buttons."""
    groups = await _inbox(turn).groups()
    if not groups:
        return Reply(_("No unanswered questions right now. 🎉"))
    total = sum(group.count for group in groups)
    lines = [
        _("Open questions: {total}. Similar ones are grouped, most asked first:").format(
            total=total
        )
    ]
    keyboard: list[tuple[Button, ...]] = []
    for number, group in enumerate(groups[:GROUPS_SHOWN], start=1):
        suggested = _suggested(turn, group)
        lines.append("")
        lines.append(_group_text(turn, number, group, suggested))
        keyboard.append(_group_buttons(number, group, suggested))
    if len(groups) > GROUPS_SHOWN:
        lines += ["", _("…and {count} more groups.").format(count=len(groups) - GROUPS_SHOWN)]
    return Reply("\n".join(lines), buttons=tuple(keyboard))


def _group_text(turn: Turn, number: int, group: QuestionGroup, suggested: str | None) -> str:
    sources = ", ".join(_(SOURCE_NAMES.get(s, s)) for s in group.sources)
    flag = FLAGS.get(group.language, group.language)
    if group.text is not None:
        head = f"<b>{number}.</b> “{escape(group.text)}” ×{group.count} {flag} · {sources}"
    else:
        head = f"<b>{number}.</b> {sources} ×{group.count} {flag}"
    entry = turn.services.faq.entry(suggested) if turn.services.faq and suggested else None
    if entry is None:
        return head
    question = escape(entry.question(group.language))
    return (
        head
        + "\n"
        + _("closest entry: {id} “{question}”").format(id=code(entry.id), question=question)
    )


def _group_buttons(number: int, group: QuestionGroup, suggested: str | None) -> tuple[Button, ...]:
    buttons = []
    if group.text is not None and suggested is not None:
        buttons.append(Button(f"➕ {number} → {suggested}"[:60], data=f"ainb:v:{group.key}"))
    if group.text is not None:
        buttons.append(
            Button("📝 " + _("{n}: new entry").format(n=number), data=f"ainb:n:{group.key}")
        )
    buttons.append(Button("✖️ " + _("{n}: dismiss").format(n=number), data=f"ainb:x:{group.key}"))
    return tuple(buttons)


routes = ButtonRoutes("ainb", router)


async def settle_group(turn: Turn, key: int, *, action: str) -> HandlerResult:
    """Add as a way of asking (v), draft a new entry (n), or dismiss (x) one group."""
    inbox = _inbox(turn)
    group = await inbox.group(key)
    if group is None:
        raise StaleButtonError(turn.event.button)
    if action == "x":
        await inbox.settle(
            group.member_ids, UnansweredStatus.DISMISSED, turn.user_id, "unanswered_dismiss"
        )
        notice = ngettext(
            "Dismissed {count} question.", "Dismissed {count} questions.", group.count
        )
        return Response.of(notice=notice.format(count=group.count))
    if group.text is None:
        raise StaleButtonError(turn.event.button)
    if action == "n":
        return await start_add(turn, {group.language: [group.text]}, resolves=group.member_ids)
    return await _add_variant(turn, inbox, group)


for _action in ("v", "n", "x"):
    routes.action(_action, ID)(functools.partial(settle_group, action=_action))


async def _add_variant(turn: Turn, inbox: UnansweredInbox, group: QuestionGroup) -> Reply:
    entry_id = _suggested(turn, group)
    if entry_id is None or group.text is None:
        raise StaleButtonError(turn.event.button)
    try:
        await tools_of(turn).editor.add_variant(entry_id, group.language, group.text, turn.user_id)
    except UnknownEntryError:
        raise StaleButtonError(turn.event.button) from None
    except KnowledgeError as error:
        return Reply(_("That can't be done:") + "\n" + problem_text(error.problems))
    await inbox.settle(
        group.member_ids, UnansweredStatus.RESOLVED, turn.user_id, "unanswered_variant"
    )
    return Reply(
        "✅ "
        + _(
            "Added “{question}” as a way of asking {id}. Founders who ask it get that answer now."
        ).format(question=escape(group.text), id=code(entry_id))
    )
