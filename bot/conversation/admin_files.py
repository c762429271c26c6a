"""The FAQ as files in Telegram: an admin sends a YAML file, sees what it would change, and
applies it on Confirm; ``/faq_export`` sends the live FAQ back as a file.

The file waits in the flow state (``faq_import``) until Confirm (``afile:ok``) or Cancel
(``afile:no``); on Confirm it is checked again against the FAQ as it is then.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from bot.admin.audit import log_action
from bot.admin.editing import StalePlanError
from bot.admin.export import export_header, export_text
from bot.admin.importing import ImportPlan, decode_upload, plan_file
from bot.conversation.admin_common import code, problem_text, tools_of
from bot.conversation.reply import Attachment, Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import N_, _
from bot.knowledge.loader import KnowledgeError, Problem
from bot.knowledge.model import KnowledgeBase

log = logging.getLogger(__name__)
router = Router()
FLOW = "faq_import"
YAML_SUFFIXES = (".yaml", ".yml")
MAX_IDS_LISTED = 10


@router.on_file
async def receive_file(turn: Turn) -> HandlerResult:
    """A document: admins' FAQ files are checked; anyone else gets the polite text-only hint."""
    file = turn.event.file
    if not turn.is_admin or file is None or not turn.event.is_private:
        assert turn.router is not None
        return await turn.router.fallbacks["unsupported"](turn)
    tools = tools_of(turn)
    if not file.filename.lower().endswith(YAML_SUFFIXES):
        return Reply(
            _(
                "To change the FAQ, send a .yaml file in the format of the knowledge folder "
                "(for example one made with /faq_export)."
            )
        )
    try:
        text = decode_upload(file.content, file.filename)
    except KnowledgeError as error:
        return _refusal(file.filename, error.problems)
    plan = plan_file(text, file.filename, await tools.editor.live())
    if not plan.ok:
        return _refusal(file.filename, plan.problems)
    if not plan.has_changes:
        return Reply(
            _("{file} matches the live FAQ: nothing to change ({count} entries).").format(
                file=code(file.filename), count=plan.unchanged
            )
        )
    data = {
        "text": text,
        "filename": file.filename,
        "summary": [list(part) for part in plan.summary_key()],
    }
    await turn.set_flow(FLOW, "confirm", data)
    buttons = rows(
        Button("✅ " + _("Apply"), data="afile:ok"),
        Button("✖️ " + _("Cancel"), data="afile:no"),
        per_row=2,
    )
    return Reply(summary_text(plan), buttons=buttons)


def _refusal(filename: str, problems: Sequence[Problem]) -> Reply:
    return Reply(
        "❌ "
        + _("{file} was not applied: nothing changed. Please fix these problems:").format(
            file=code(filename)
        )
        + "\n"
        + problem_text(problems)
    )


def _ids(ids: tuple[str, ...]) -> str:
    shown = ", ".join(code(entry_id) for entry_id in ids[:MAX_IDS_LISTED])
    if len(ids) > MAX_IDS_LISTED:
        shown += " " + _("…and {count} more.").format(count=len(ids) - MAX_IDS_LISTED)
    return shown


def summary_text(plan: ImportPlan) -> str:
    """What the file would change, briefly, with the ids concerned."""
    lines = [
        "📄 "
        + _(
            "{file}: {added} added, {changed} changed, {removed} removed, {same} unchanged."
        ).format(
            file=code(plan.source),
            added=len(plan.added),
            changed=len(plan.changed),
            removed=len(plan.removed),
            same=plan.unchanged,
        )
    ]
    if plan.added:
        lines.append("➕ " + _ids(plan.added))
    if plan.changed:
        lines.append("✏️ " + _ids(plan.changed))
    if plan.removed:
        lines.append("🗑 " + _ids(plan.removed))
        lines.append(
            _("Removed entries stay restorable from /faq_history. The file replaces its topics.")
        )
    lines.append(_("Apply these changes?"))
    return "\n".join(lines)


@router.button("afile")
async def confirm_import(turn: Turn) -> HandlerResult:
    """Apply the waiting file in one transaction, or drop it."""
    tools = tools_of(turn)
    if turn.state is None or turn.state.flow != FLOW or turn.button_args not in (["ok"], ["no"]):
        raise StaleButtonError(turn.event.button)
    data = turn.state.data
    await turn.clear_flow()
    if turn.button_args == ["no"]:
        return Reply(_("Cancelled: the FAQ is unchanged."), edit=True)
    text, filename = str(data["text"]), str(data["filename"])
    expected = tuple(tuple(part) for part in data["summary"])

    def replan(live: KnowledgeBase) -> ImportPlan:
        return plan_file(text, filename, live)

    await turn.services.messenger.send(
        turn.user_id,
        Reply("⏳ " + _("Applying {file} and re-indexing…").format(file=code(filename))),
    )
    checked = replan(await tools.editor.live())
    try:
        if checked.summary_key() != expected:
            raise StalePlanError(filename)
        applied = await tools.editor.apply_import(checked, turn.user_id, replan)
    except StalePlanError:
        return Reply(
            _(
                "The FAQ changed since you sent {file}, so nothing was applied. "
                "Please send it again."
            ).format(file=code(filename))
        )
    return Reply(
        "✅ "
        + _(
            "Applied: {added} added, {changed} changed, {removed} removed. "
            "Founders get the new answers now."
        ).format(
            added=len(applied.added), changed=len(applied.changed), removed=len(applied.removed)
        ),
        edit=True,
    )


@router.command(
    "faq_export", N_("Get the live FAQ as a file (admins)"), admin=True, private_only=True
)
async def export_faq(turn: Turn) -> Reply:
    """Send the live FAQ as one YAML file that imports back unchanged."""
    live = tools_of(turn).live
    version, kb = await live.load()
    await log_action(turn.services.database, turn.user_id, "faq_export", f"version {version}")
    content = export_text(kb.entries, export_header(version)).encode()
    filename = f"faq-{dt.date.today().isoformat()}.yaml"
    caption = _(
        "The live FAQ: {count} entries (version {version}). Edit it and send it back to "
        "update the answers."
    ).format(count=len(kb.entries), version=version)
    return Reply(caption, attachment=Attachment(filename, content))
