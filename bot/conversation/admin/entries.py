"""Looking after existing FAQ entries: ``/faq_show``, ``/faq_delete`` (restorable),
``/faq_history`` with Revert, and ``/changelog`` for everyone.

Buttons: ``aent:s|e|d|dd|r|h:<entry-id>`` (show, edit, delete?, delete!, restore, history)
and ``aent:v:<revision-id>`` (revert).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.admin import drafts
from bot.admin.editing import UnknownEntryError
from bot.admin.entries import entry_from_data, entry_to_data
from bot.admin.lifecycle import AdminTools
from bot.conversation.admin.common import (
    entry_id_argument,
    field_label,
    problem_text,
    tools_of,
    user_labels,
    when,
)
from bot.conversation.admin.faq import start_edit, warning_lines
from bot.conversation.answer_view import answer_text
from bot.conversation.buttons import ID, KEY, ButtonRoutes
from bot.conversation.markup import code, escape
from bot.conversation.reply import Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.db.models.admin import FaqRevision
from bot.i18n import N_, _
from bot.knowledge.loader import KnowledgeError
from bot.languages import LANGUAGES

router = Router()
HISTORY_LIMIT = 10
REVERT_BUTTONS = 5
CHANGELOG_LIMIT = 10
ACTION_NAMES = {
    "add": N_("added"),
    "edit": N_("edited"),
    "delete": N_("deleted"),
    "restore": N_("restored"),
    "revert": N_("reverted"),
    "import": N_("imported from a file"),
    "variant": N_("new way of asking added"),
}


@router.command("faq_show", N_("Show an FAQ entry (admins)"), admin=True, private_only=True)
async def show_entry_command(turn: Turn) -> HandlerResult:
    """``/faq_show <id>``: both languages, variants, sources, and what can be done."""
    entry_id = entry_id_argument(turn, "faq_show")
    return entry_id if isinstance(entry_id, Reply) else await show_entry(turn, entry_id)


async def show_entry(turn: Turn, entry_id: str, *, edit: bool = False) -> Reply:
    """The admin's view of one entry."""
    stored = await tools_of(turn).editor.get(entry_id)
    if stored is None:
        return Reply(_("There is no entry {id}.").format(id=code(entry_id)))
    entry = stored.entry
    parts = [f"🗂 {code(entry.id)} · {escape(entry.topic)}"]
    if stored.deleted:
        parts.append("🗑 " + _("This entry is deleted: founders don't see it."))
    for language in LANGUAGES:
        variants = "\n".join(f"• {escape(q)}" for q in entry.questions.get(language, ()))
        parts.append(f"{answer_text(entry, language)}\n\n{variants}")
    details = [
        f"{field_label('kw_th')}: {escape(', '.join(entry.keywords.get('th', ())))}",
        f"{field_label('kw_en')}: {escape(', '.join(entry.keywords.get('en', ())))}",
        f"{field_label('related')}: {escape(', '.join(entry.related)) or '–'}",
        f"{field_label('action')}: {escape(entry.action or '–')}",
    ]
    parts.append("\n".join(details))
    data = entry_to_data(entry)
    parts.extend(warning_lines(data, data, stored.answer_changed))
    if stored.deleted:
        buttons = [
            Button("♻️ " + _("Restore"), data=f"aent:r:{entry.id}"),
            Button("🕘 " + _("History"), data=f"aent:h:{entry.id}"),
        ]
    else:
        buttons = [
            Button("✏️ " + _("Edit"), data=f"aent:e:{entry.id}"),
            Button("🕘 " + _("History"), data=f"aent:h:{entry.id}"),
            Button("🗑 " + _("Delete"), data=f"aent:d:{entry.id}"),
        ]
    return Reply("\n\n".join(parts), buttons=rows(*buttons, per_row=3), edit=edit)


@router.command("faq_delete", N_("Delete an FAQ entry (admins)"), admin=True, private_only=True)
async def delete_entry_command(turn: Turn) -> HandlerResult:
    """``/faq_delete <id>``: ask before deleting."""
    entry_id = entry_id_argument(turn, "faq_delete")
    return entry_id if isinstance(entry_id, Reply) else await confirm_delete(turn, entry_id)


async def confirm_delete(turn: Turn, entry_id: str, *, edit: bool = False) -> Reply:
    """Are you sure? (It stays restorable.)"""
    stored = await tools_of(turn).editor.get(entry_id)
    if stored is None or stored.deleted:
        return Reply(_("There is no entry {id}.").format(id=code(entry_id)))
    text = _(
        "Delete {id} “{question}”? Founders will no longer get this answer. You can "
        "restore it later from its history."
    ).format(id=code(entry_id), question=escape(stored.entry.question(turn.language)))
    buttons = rows(
        Button("🗑 " + _("Yes, delete"), data=f"aent:dd:{entry_id}"),
        Button(_("No, keep it"), data=f"aent:s:{entry_id}"),
        per_row=2,
    )
    return Reply(text, buttons=buttons, edit=edit)


@router.command(
    "faq_history", N_("Changes to an FAQ entry (admins)"), admin=True, private_only=True
)
async def history_command(turn: Turn) -> HandlerResult:
    """``/faq_history <id>``: the entry's revisions, with Revert."""
    entry_id = entry_id_argument(turn, "faq_history")
    return entry_id if isinstance(entry_id, Reply) else await show_history(turn, entry_id)


def _revision_line(revision: FaqRevision, *, actors: dict[int, str] | None = None) -> str:
    """One revision; with ``actors`` (labels by user id), who made it."""
    action = _(ACTION_NAMES.get(revision.action, revision.action))
    fields = ", ".join(
        field_label(f) for f in drafts.changed_fields(revision.before, revision.after)
    )
    line = f"#{revision.id} · {when(revision.at)} · {action}"
    if fields:
        line += f" ({fields})"
    if revision.note:
        line += f" · {escape(revision.note)}"
    if actors is not None and revision.actor_id is not None:
        line += " · " + _("by {user}").format(user=code(actors[revision.actor_id]))
    return line


async def show_history(turn: Turn, entry_id: str) -> Reply:
    """The latest revisions of one entry; the newest few can be reverted."""
    revisions = await tools_of(turn).editor.history(entry_id, HISTORY_LIMIT)
    if not revisions:
        return Reply(
            _("No changes recorded for {id} since the FAQ was loaded.").format(id=code(entry_id))
        )
    lines = [_("Changes to {id}, newest first:").format(id=code(entry_id)), ""]
    actors = await user_labels(turn, (revision.actor_id for revision in revisions))
    lines.extend(_revision_line(revision, actors=actors) for revision in revisions)
    lines += ["", _("Revert puts the entry back exactly as it was before that change.")]
    buttons = [
        Button("↩️ " + _("Revert #{number}").format(number=r.id), data=f"aent:v:{r.id}")
        for r in revisions[:REVERT_BUTTONS]
    ]
    return Reply("\n".join(lines), buttons=rows(*buttons, per_row=2))


@router.command("changelog", N_("Recent changes to the answers"))
async def show_changelog(turn: Turn) -> Reply:
    """Recent FAQ changes, for everyone: what changed and when, not who."""
    editor = turn.services.admin.editor if turn.services.admin else None
    revisions = await editor.changelog(CHANGELOG_LIMIT) if editor else []
    if not revisions:
        return Reply(_("No changes to the answers yet."))
    lines = [_("Recent changes to the answers:"), ""]
    for revision in revisions:
        snapshot = revision.after or revision.before
        question = entry_from_data(snapshot).question(turn.language) if snapshot else ""
        action = _(ACTION_NAMES.get(revision.action, revision.action))
        lines.append(f"• {when(revision.at)} · {action}: {escape(question)}")
    return Reply("\n".join(lines))


routes = ButtonRoutes("aent", router)
routes.action("e", KEY)(start_edit)
routes.action("h", KEY)(show_history)


@routes.action("s", KEY)
async def _show(turn: Turn, entry_id: str) -> HandlerResult:
    return await show_entry(turn, entry_id, edit=True)


@routes.action("d", KEY)
async def _ask_delete(turn: Turn, entry_id: str) -> HandlerResult:
    return await confirm_delete(turn, entry_id, edit=True)


async def _apply(turn: Turn, change: Callable[[AdminTools], Awaitable[Reply]]) -> Reply:
    """Run one change; an entry that is gone is a stale button, a refused change says why."""
    tools = tools_of(turn)
    try:
        return await change(tools)
    except UnknownEntryError:
        raise StaleButtonError(turn.event.button) from None
    except KnowledgeError as error:
        return Reply(_("That can't be done:") + "\n" + problem_text(error.problems))


@routes.action("dd", KEY)
async def delete_entry(turn: Turn, entry_id: str) -> HandlerResult:
    """Delete (restorable from the entry's history)."""

    async def change(tools: AdminTools) -> Reply:
        await tools.editor.delete(entry_id, turn.user_id)
        return Reply(
            "🗑 "
            + _("Deleted {id}. You can restore it from its history.").format(id=code(entry_id)),
            buttons=rows(Button("♻️ " + _("Restore"), data=f"aent:r:{entry_id}")),
            edit=True,
        )

    return await _apply(turn, change)


@routes.action("r", KEY)
async def restore_entry(turn: Turn, entry_id: str) -> HandlerResult:
    """Bring a deleted entry back."""

    async def change(tools: AdminTools) -> Reply:
        await tools.editor.restore(entry_id, turn.user_id)
        return _done(_("Restored {id}: founders get this answer again."), entry_id)

    return await _apply(turn, change)


@routes.action("v", ID)
async def revert_revision(turn: Turn, revision: int) -> HandlerResult:
    """Put an entry back to how it was before one change."""

    async def change(tools: AdminTools) -> Reply:
        entry_id = await tools.editor.revert(revision, turn.user_id)
        return _done(_("Reverted {id} to how it was before that change."), entry_id)

    return await _apply(turn, change)


def _done(message: str, entry_id: str) -> Reply:
    return Reply(
        "✅ " + message.format(id=code(entry_id)),
        buttons=rows(Button(_("Show the entry"), data=f"aent:s:{entry_id}")),
    )
