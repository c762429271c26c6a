"""The FAQ as files in Telegram: an admin sends a YAML file, sees what it would change, and
applies it on Confirm; ``/faq_export`` sends the live FAQ back as a file.

The file waits in the flow state (``faq_import``), numbered with a draft id, until Apply
(``afile:ok:<draft id>``) or Cancel (``afile:no:<draft id>``); a button of an earlier upload
is refused, and on Apply the file is checked again against the FAQ as it is then. Files are
read and checked in a worker thread: a big one must not hold up everyone else's answers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import secrets
from collections.abc import Sequence

from bot.admin.audit import log_action
from bot.admin.editing import StalePlanError
from bot.admin.export import export_header, export_text
from bot.admin.importing import (
    MAX_UPLOAD_BYTES,
    ImportPlan,
    UploadRefusedError,
    decode_upload,
    plan_document,
    plan_upload,
    read_upload,
)
from bot.conversation.admin.common import problem_text, tools_of
from bot.conversation.buttons import ID, ButtonRoutes
from bot.conversation.markup import code
from bot.conversation.reply import Attachment, Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.i18n import N_, _, format_number
from bot.knowledge.loader import MAX_YAML_DEPTH, Problem, shorten
from bot.knowledge.model import KnowledgeBase

log = logging.getLogger(__name__)
router = Router()
FLOW = "faq_import"
YAML_SUFFIXES = (".yaml", ".yml")
MAX_IDS_LISTED = 10
MEGABYTE = 1024 * 1024


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
    live = await tools.editor.live()
    try:
        text = decode_upload(file.content, file.size)
        plan = await asyncio.to_thread(plan_upload, text, file.filename, live)
    except UploadRefusedError as refused:
        return Reply("❌ " + unreadable_text(file.filename, refused))
    if not plan.ok:
        return _refusal(file.filename, plan.problems)
    if not plan.has_changes:
        return Reply(
            _("{file} matches the live FAQ: nothing to change ({count} entries).").format(
                file=_file(file.filename), count=plan.unchanged
            )
        )
    draft = secrets.randbelow(2**31 - 1) + 1  # names this upload on its buttons
    data = {
        "draft": draft,
        "text": text,
        "filename": file.filename,
        "summary": [list(part) for part in plan.summary_key()],
    }
    await turn.set_flow(FLOW, "confirm", data)
    buttons = rows(
        Button("✅ " + _("Apply"), data=f"afile:ok:{draft}"),
        Button("✖️ " + _("Cancel"), data=f"afile:no:{draft}"),
        per_row=2,
    )
    return Reply(summary_text(plan), buttons=buttons)


def _file(filename: str) -> str:
    return code(shorten(filename))


def _refusal(filename: str, problems: Sequence[Problem]) -> Reply:
    return Reply(
        "❌ "
        + _("{file} was not applied: nothing changed. Please fix these problems:").format(
            file=_file(filename)
        )
        + "\n"
        + problem_text(problems)
    )


def unreadable_text(filename: str, refused: UploadRefusedError) -> str:
    """Exactly what makes a file unreadable, and what to do about it."""
    file = _file(filename)
    if refused.kind == "too_large":
        size = format_number(round((refused.size or 0) / MEGABYTE, 1))
        return _(
            "{file} is too large ({size} MB): the limit is {limit} MB. Send the topics as "
            "separate files."
        ).format(file=file, size=size, limit=format_number(MAX_UPLOAD_BYTES / MEGABYTE))
    if refused.kind == "not_utf8":
        return _(
            "{file} is not UTF-8 text (line {line}). Save it as UTF-8 and send it again."
        ).format(file=file, line=refused.line)
    if refused.kind == "alias":
        return _(
            "{file} uses YAML anchors or aliases ({anchor}, {alias}) at line {line}. They are "
            "not allowed in FAQ files: write each value out in full."
        ).format(file=file, anchor=code("&name"), alias=code("*name"), line=refused.line)
    if refused.kind == "too_deep":
        return _(
            "{file} is nested too deeply (more than {depth} levels, at line {line}). A FAQ "
            "file is a list of entries: compare it with one made by /faq_export."
        ).format(file=file, depth=MAX_YAML_DEPTH, line=refused.line)
    if refused.line is None:
        return _("{file} is not valid YAML: {error}").format(file=file, error=code(refused.detail))
    return _("{file} is not valid YAML at line {line}: {error}").format(
        file=file, line=refused.line, error=code(refused.detail)
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
            file=_file(plan.source),
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


def _earlier_upload(turn: Turn) -> Reply:
    """The answer to a button of an upload that is no longer the one waiting."""
    refused = _("That summary is for an earlier upload, so nothing was done.")
    state = turn.state
    if state is not None and state.flow == FLOW:
        waiting = _("{file} is waiting: use the buttons under its summary.").format(
            file=_file(str(state.data.get("filename", "")))
        )
    else:
        waiting = _("To apply that file, send it again.")
    return Reply(f"⚠️ {refused} {waiting}")


async def confirm_import(turn: Turn, draft: int, *, action: str) -> HandlerResult:
    """Apply the waiting file in one transaction, or drop it; only its own buttons do
    (``afile:ok|no:<draft id>``)."""
    tools = tools_of(turn)
    if turn.state is None or turn.state.flow != FLOW or turn.state.data.get("draft") != draft:
        return _earlier_upload(turn)
    data = turn.state.data
    await turn.clear_flow()
    if action == "no":
        return Reply(_("Cancelled: the FAQ is unchanged."), edit=True)
    text, filename = str(data["text"]), str(data["filename"])
    expected = tuple(tuple(part) for part in data["summary"])
    await turn.services.messenger.send(
        turn.user_id,
        Reply("⏳ " + _("Applying {file} and re-indexing…").format(file=_file(filename))),
    )
    document = await asyncio.to_thread(read_upload, text, filename)  # it was read before

    def replan(live: KnowledgeBase) -> ImportPlan:
        return plan_document(document, filename, live)

    checked = await asyncio.to_thread(replan, await tools.editor.live())
    try:
        if checked.summary_key() != expected:
            raise StalePlanError(filename)
        applied = await tools.editor.apply_import(checked, turn.user_id, replan)
    except StalePlanError:
        return Reply(
            _(
                "The FAQ changed since you sent {file}, so nothing was applied. "
                "Please send it again."
            ).format(file=_file(filename))
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


routes = ButtonRoutes("afile", router)
routes.action("ok", ID)(functools.partial(confirm_import, action="ok"))
routes.action("no", ID)(functools.partial(confirm_import, action="no"))


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
