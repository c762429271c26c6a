"""Writing FAQ entries from Telegram: ``/faq_add`` walks through both languages, ``/faq_edit``
changes one field at a time; both end in a bilingual preview with Save / Cancel.

Everything in progress lives in the flow state (``faq_draft``); buttons carry short ids only:
``afaq:t:<topic>``, ``afaq:f:<field>``, ``afaq:x:<action>``, ``afaq:save``, ``afaq:menu``,
``afaq:cancel``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.admin import drafts
from bot.admin.editing import EditConflictError, UnknownEntryError
from bot.admin.entries import entry_from_data, entry_to_data, slug_for
from bot.admin.inbox import UnansweredInbox
from bot.conversation.admin.common import (
    entry_id_argument,
    field_label,
    problem_text,
    tools_of,
)
from bot.conversation.answer_view import answer_text
from bot.conversation.buttons import KEY, ButtonRoutes, choice
from bot.conversation.markup import code, escape
from bot.conversation.reply import Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.db.models.usage import UnansweredStatus
from bot.i18n import N_, _, language_name
from bot.knowledge.loader import MIN_QUESTIONS, KnowledgeError
from bot.knowledge.model import ACTIONS
from bot.languages import LANGUAGES

router = Router()
FLOW = "faq_draft"
FLAGS = {"th": "🇹🇭", "en": "🇬🇧"}
ACTION_LABELS = {
    "mentor": N_("Talk to a mentor"),
    "become_mentor": N_("Become a mentor"),
    "privacy": N_("Privacy notice"),
    "directory": N_("Support organisations"),
    "topics": N_("Browse topics"),
}
MENU_FIELDS = (
    "q_th", "a_th", "q_en", "a_en", "sources", "kw_th", "kw_en", "related", "topic", "action",
    "reviewed",
)  # fmt: skip


def _cancel_button() -> Button:
    return Button("✖️ " + _("Cancel"), data="afaq:cancel")


@router.command("faq_add", N_("Add an FAQ entry (admins)"), admin=True, private_only=True)
async def add_entry(turn: Turn) -> HandlerResult:
    """Start a new entry: topic first."""
    return await start_add(turn, prefill={})


async def start_add(
    turn: Turn, prefill: dict[str, list[str]], resolves: Sequence[int] = ()
) -> Reply:
    """Begin ``/faq_add``, optionally with question variants already known; ``resolves``
    are unanswered questions settled once the entry is saved (drafts from the inbox)."""
    tools_of(turn)
    draft = drafts.new_draft("", dt.date.today())
    draft["questions"] = {lang: list(values) for lang, values in prefill.items() if values}
    state = {"mode": "add", "draft": draft, "wizard": True, "resolves": list(resolves)}
    await turn.set_flow(FLOW, "topic", state)
    return await _topic_prompt(turn)


@router.command("faq_edit", N_("Edit an FAQ entry (admins)"), admin=True, private_only=True)
async def edit_entry(turn: Turn) -> HandlerResult:
    """``/faq_edit <id>``: pick a field to change."""
    entry_id = entry_id_argument(turn, "faq_edit")
    return entry_id if isinstance(entry_id, Reply) else await start_edit(turn, entry_id)


async def start_edit(turn: Turn, entry_id: str) -> Reply:
    """Open an entry for editing (also from the Edit button of ``/faq_show``)."""
    stored = await tools_of(turn).editor.get(entry_id)
    if stored is None or stored.deleted:
        return Reply(_("There is no entry {id}.").format(id=code(entry_id)))
    data = entry_to_data(stored.entry)
    state = {
        "mode": "edit",
        "draft": data,
        "base": data,
        "answer_changed": stored.answer_changed,
        "wizard": False,
    }
    await turn.set_flow(FLOW, "menu", state)
    return _field_menu(turn, data)


def _field_menu(turn: Turn, draft: dict[str, Any], edit: bool = False) -> Reply:
    entry = entry_from_data(draft)
    text = _("Editing {id}: {question}\n\nWhat would you like to change?").format(
        id=code(entry.id or "…"), question=escape(entry.question(turn.language))
    )
    buttons = [Button(field_label(f), data=f"afaq:f:{f}") for f in MENU_FIELDS]
    keyboard = (*rows(*buttons, per_row=2), (_cancel_button(),))
    return Reply(text, buttons=keyboard, edit=edit)


async def _topic_prompt(turn: Turn, edit: bool = False) -> Reply:
    kb = await tools_of(turn).editor.live()
    buttons = [Button(t.name(turn.language), data=f"afaq:t:{t.key}") for t in kb.topics]
    return Reply(
        _("Which topic is this entry about?"),
        buttons=(*rows(*buttons, per_row=2), (_cancel_button(),)),
        edit=edit,
    )


def _field_prompt(field: str, state: dict[str, Any]) -> Reply:
    """Ask for a text field, showing what it holds now."""
    draft = state["draft"]
    language = field[-2:]
    if field.startswith("q_"):
        text = _(
            "Send the ways a founder might ask this in {language}, one per line (at least "
            "{count}). The first line is the question founders see."
        ).format(language=language_name(language), count=MIN_QUESTIONS)
    elif field.startswith("a_"):
        text = _(
            "Send the answer in {language}. You can use &lt;b&gt;bold&lt;/b&gt;, "
            '&lt;i&gt;italic&lt;/i&gt; and &lt;a href="https://…"&gt;links&lt;/a&gt;.'
        ).format(language=language_name(language))
    elif field == "sources":
        text = _("Send the sources the answer is based on, one address per line.")
    elif field == "related":
        text = _("Send the ids of 2 or 3 related entries, separated by spaces.")
    else:
        text = _("Send the keywords in {language}, one per line or separated by commas.").format(
            language=language_name(language)
        )
    current = drafts.get_field(draft, field)
    if current:
        shown = current if isinstance(current, str) else "\n".join(current)
        label = _("Already there:") if state.get("wizard") else _("Now:")
        text += f"\n\n{label}\n<code>{escape(shown)}</code>"
    return Reply(text, buttons=rows(_cancel_button()))


async def _after_field(turn: Turn, state: dict[str, Any], field: str) -> Reply:
    """Go to the next wizard step, or to the preview."""
    if state.get("wizard"):
        steps = drafts.WIZARD
        index = steps.index(field) + 1 if field in steps else len(steps)
        if index < len(steps):
            state["field"] = steps[index]
            await turn.set_flow(FLOW, "value", state)
            return _field_prompt(steps[index], state)
        state["wizard"] = False
    state["field"] = None
    await turn.set_flow(FLOW, "preview", state)
    return await _preview(turn, state)


@router.flow(FLOW)
async def receive_value(turn: Turn) -> HandlerResult:
    """Text for the field being written: check it, then move on."""
    tools = tools_of(turn)
    assert turn.state is not None
    state = dict(turn.state.data)
    field = state.get("field")
    if turn.event.file is not None or field not in drafts.TEXT_FIELDS:
        return Reply(_("Please use the buttons above, or /cancel to stop."))
    value = drafts.parse_field(field, turn.text)
    if field.startswith("q_") and state.get("wizard"):
        kept = drafts.get_field(state["draft"], field) or []
        value = [*kept, *(v for v in value if v not in kept)]
    draft = drafts.set_field(state["draft"], field, value)
    problems = drafts.check_field(draft, field, await tools.editor.live())
    if problems:
        return Reply(
            _("That doesn't fit yet:") + "\n" + problem_text(problems) + "\n\n"
            + _("Please send it again, or /cancel to stop."),
            buttons=rows(_cancel_button()),
        )  # fmt: skip
    state["draft"] = draft
    return await _after_field(turn, state, field)


def _draft_state(turn: Turn) -> dict[str, Any]:
    """The draft in progress; a button of a draft that is gone (or not an admin's) is stale."""
    tools_of(turn)
    if turn.state is None or turn.state.flow != FLOW:
        raise StaleButtonError(turn.event.button or "")
    return dict(turn.state.data)


routes = ButtonRoutes("afaq", router)


@routes.action("cancel")
async def cancel_draft(turn: Turn) -> HandlerResult:
    tools_of(turn)
    await turn.clear_flow()
    return Reply(_("Cancelled: nothing was changed."), edit=True)


@routes.action("save")
async def save_draft(turn: Turn) -> HandlerResult:
    return await _save(turn, _draft_state(turn))


@routes.action("menu")
async def show_field_menu(turn: Turn) -> HandlerResult:
    state = _draft_state(turn)
    await turn.set_flow(FLOW, "menu", state)
    return _field_menu(turn, state["draft"], edit=True)


@routes.action("t", KEY)
async def choose_topic(turn: Turn, topic: str) -> HandlerResult:
    """The entry's topic; one the live FAQ no longer has is stale."""
    state = _draft_state(turn)
    if (await tools_of(turn).editor.live()).topic(topic) is None:
        raise StaleButtonError(turn.event.button)
    state["draft"] = drafts.set_field(state["draft"], "topic", topic)
    return await _after_field(turn, state, "topic")


@routes.action("x", choice("action", (*ACTIONS, "none")))
async def choose_action(turn: Turn, action: str) -> HandlerResult:
    """The answer's extra button, or none."""
    state = _draft_state(turn)
    state["draft"] = drafts.set_field(
        state["draft"], "action", None if action == "none" else action
    )
    return await _after_field(turn, state, "action")


@routes.action("f", choice("field", drafts.FIELD_TARGETS))
async def choose_field(turn: Turn, field: str) -> HandlerResult:
    return await _choose_field(turn, _draft_state(turn), field)


async def _choose_field(turn: Turn, state: dict[str, Any], field: str) -> Reply:
    if field == "topic":
        return await _topic_prompt(turn, edit=True)
    if field == "action":
        buttons = [Button(_(label), data=f"afaq:x:{key}") for key, label in ACTION_LABELS.items()]
        buttons.append(Button(_("No extra button"), data="afaq:x:none"))
        return Reply(
            _("Which extra button should the answer show?"),
            buttons=(*rows(*buttons, per_row=2), (_cancel_button(),)),
            edit=True,
        )
    if field == "reviewed":
        state["draft"] = drafts.set_field(state["draft"], "reviewed", dt.date.today().isoformat())
        return await _after_field(turn, state, "reviewed")
    state["field"] = field
    await turn.set_flow(FLOW, "value", state)
    return _field_prompt(field, state)


async def _preview(turn: Turn, state: dict[str, Any]) -> Reply:
    """Both languages as founders will see them, with warnings and problems."""
    draft, base = state["draft"], state.get("base")
    kb = await tools_of(turn).editor.live()
    entry = entry_from_data(draft)
    topic = kb.topic(entry.topic)
    if base is None:
        heading = _("Preview of the new entry")
    else:
        heading = _("Preview of the changes to {id}").format(id=code(entry.id))
    parts = [f"👀 <b>{heading}</b> · {escape(topic.name(turn.language) if topic else '')}"]
    for language in LANGUAGES:
        variants = len(entry.questions.get(language, ()))
        more = _("{count} ways of asking").format(count=variants)
        parts.append(f"{FLAGS[language]} {answer_text(entry, language)}\n<i>{more}</i>")
    if base is not None:
        changed = ", ".join(field_label(f) for f in drafts.changed_fields(base, draft))
        parts.append(_("Changed: {fields}").format(fields=changed or "–"))
    parts.extend(warning_lines(draft, base, state.get("answer_changed") or {}))
    problems = drafts.check_draft(draft | {"id": draft.get("id") or "new-entry"}, kb)
    if problems:
        parts.append("❌ " + _("This can't be saved yet:") + "\n" + problem_text(problems))
    buttons = [Button("✏️ " + _("Change something"), data="afaq:menu"), _cancel_button()]
    if not problems:
        buttons.insert(0, Button("✅ " + _("Save"), data="afaq:save"))
    return Reply("\n\n".join(parts), buttons=rows(*buttons, per_row=1))


def warning_lines(
    draft: dict[str, Any], base: dict[str, Any] | None, answer_changed: dict[str, str]
) -> list[str]:
    """A language missing, or one answer behind the other, in words."""
    warnings = drafts.language_warnings(draft, base, answer_changed)
    lines = []
    for warning in warnings:
        names = {
            "language": language_name(warning.language),
            "other": language_name(warning.other),
        }
        if warning.kind == "missing":
            lines.append("⚠️ " + _("The {language} version is missing.").format(**names))
        else:
            lines.append(
                "⚠️ "
                + _(
                    "The {language} answer is older than the {other} one: please check it "
                    "still says the same."
                ).format(**names)
            )
    return lines


async def _save(turn: Turn, state: dict[str, Any]) -> Reply:
    tools = tools_of(turn)
    draft = dict(state["draft"])
    try:
        if state.get("base") is None:
            english = (draft["questions"].get("en") or ["entry"])[0]
            draft["id"] = slug_for(english, await tools.editor.taken_ids())
            entry = await tools.editor.add(draft, turn.user_id)
        else:
            entry = await tools.editor.update(draft, turn.user_id, state["base"])
    except KnowledgeError as error:
        return Reply(
            "❌ " + _("This can't be saved yet:") + "\n" + problem_text(error.problems),
            buttons=rows(Button("✏️ " + _("Change something"), data="afaq:menu")),
        )
    except (EditConflictError, UnknownEntryError):
        await turn.clear_flow()
        return Reply(
            _(
                "Someone else changed this entry while you were editing, so nothing was "
                "saved. Open it again with /faq_edit {id}."
            ).format(id=escape(str(draft.get("id"))))
        )
    await turn.clear_flow()
    if state.get("resolves"):
        inbox = UnansweredInbox(turn.services.database)
        await inbox.settle(
            state["resolves"], UnansweredStatus.RESOLVED, turn.user_id, "unanswered_drafted"
        )
    return Reply(
        "✅ " + _("Saved {id}. Founders get this answer from now on.").format(id=code(entry.id)),
        buttons=rows(Button(_("Show the entry"), data=f"aent:s:{entry.id}")),
        edit=True,
    )
