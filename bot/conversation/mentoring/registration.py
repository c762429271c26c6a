"""Becoming a mentor (``/become_mentor``, ``mentor:become``, ``start=mentorreg``) and editing
one's profile later (``/profile`` → ``mreg:e:<field>``): the same steps, one flow.

Steps: name → languages (toggle, Done) → topics (toggle, Done) → finer tags (optional) →
region → capacity → a short bio per language → consent to be contacted → pending review.
"""

from __future__ import annotations

from typing import Any

from bot.conversation.buttons import KEY, LANGUAGE, ButtonRoutes, choice, number_in
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import ANYWHERE, mentors_of, to_private_chat
from bot.conversation.reply import Button, Reply, Response, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import LANGUAGES, N_, _, language_name
from bot.mentors.views import BIO_LENGTH, NAME_LENGTH, MentorProfile, MentorView

router = Router()
FLOW = "mentor_registration"
ORDER = ("name", "languages", "topics", "tags", "region", "capacity", "bio", "consent")
EDITABLE = ("name", "languages", "topics", "tags", "region", "capacity", "bio")
CAPACITIES = (1, 2, 3, 4, 5)
ACTIVE_STATUSES = ("pending", "approved", "paused")


@router.command("become_mentor", N_("Volunteer as a mentor"), private_only=True)
async def become_mentor(turn: Turn) -> HandlerResult:
    return await begin(turn)


@router.start_payload("mentorreg")
async def open_registration_link(turn: Turn) -> HandlerResult:
    return await begin(turn)


async def begin(turn: Turn) -> HandlerResult:
    """Start registering, unless the user already is a mentor."""
    if not turn.event.is_private:
        return to_private_chat(turn, "mentorreg")
    mentor = await mentors_of(turn).mentor_for_user(turn.user_id)
    if mentor is not None and mentor.status in ACTIVE_STATUSES:
        return Reply(
            _("You're already registered as a mentor. See and change your details with /profile.")
        )
    data: dict[str, Any] = {"mode": "new", "languages": [], "topics": [], "tags": [], "bios": {}}
    await turn.set_flow(FLOW, "name", data)
    intro = _(
        "Thank you for offering to help founders! A few questions, then an admin reviews "
        "your registration. /cancel stops at any time."
    )
    question = _ask(turn, "name", data)
    return Reply(f"{intro}\n\n{question.text}", buttons=question.buttons)


async def edit_field(turn: Turn, field: str) -> HandlerResult:
    """From /profile: change one part of the profile with the same step as registration."""
    mentor = await mentors_of(turn).mentor_for_user(turn.user_id)
    if mentor is None:
        raise StaleButtonError(turn.event.button)
    data = _profile_data(turn, mentor)
    if field == "bio":
        data["bios"] = {}
        return await _advance(turn, data, "capacity")
    await turn.set_flow(FLOW, field, data)
    return _ask(turn, field, data)


def _profile_data(turn: Turn, mentor: MentorView) -> dict[str, Any]:
    taxonomy = mentors_of(turn).taxonomy
    return {
        "mode": "edit",
        "name": mentor.display_name,
        "languages": list(mentor.languages),
        "topics": [key for key in mentor.topics if taxonomy.is_topic(key)],
        "tags": [key for key in mentor.topics if not taxonomy.is_topic(key)],
        "region": mentor.region or ANYWHERE,
        "capacity": mentor.capacity,
        "bios": dict(mentor.bios),
    }


def _next_step(data: dict[str, Any], after: str) -> str:
    missing = [lang for lang in data["languages"] if not data["bios"].get(lang)]
    if data["mode"] == "edit":
        return f"bio_{missing[0]}" if missing else "save"
    if after.startswith("bio_") or after == "capacity":
        return f"bio_{missing[0]}" if missing else "consent"
    return ORDER[ORDER.index(after) + 1]


async def _advance(turn: Turn, data: dict[str, Any], after: str) -> HandlerResult:
    step = _next_step(data, after)
    if step == "save":
        await turn.clear_flow()
        return await _save_profile(turn, data)
    await turn.set_flow(FLOW, step, data)
    return _ask(turn, step, data)


def _toggles(
    items: list[tuple[str, str]], chosen: list[str], prefix: str, per_row: int
) -> tuple[tuple[Button, ...], ...]:
    buttons = [
        Button(("✅ " if key in chosen else "") + name, data=f"mreg:{prefix}:{key}")
        for key, name in items
    ]
    return (*rows(*buttons, per_row=per_row), (Button(_("Done ➡️"), data="mreg:done"),))


def _ask(turn: Turn, step: str, data: dict[str, Any]) -> Reply:
    """The question of one step, with its buttons."""
    taxonomy = mentors_of(turn).taxonomy
    language = turn.language
    if step == "name":
        first_name = turn.event.sender.first_name
        buttons = (
            rows(Button(_("Use “{name}”").format(name=first_name)[:60], data="mreg:name"))
            if NAME_LENGTH[0] <= len(first_name) <= NAME_LENGTH[1]
            else ()
        )
        return Reply(_("What name should founders see?"), buttons=buttons)
    if step == "languages":
        items = [(code, language_name(code)) for code in LANGUAGES]
        return Reply(
            _("Which languages can you mentor in? Tap to choose, then Done."),
            buttons=_toggles(items, data["languages"], "l", 2),
            edit=True,
        )
    if step in ("topics", "tags"):
        labels = taxonomy.topics if step == "topics" else taxonomy.tags
        items = [(item.key, item.name(language)) for item in labels]
        text = (
            _("Which topics can you help with? Tap all that apply, then Done.")
            if step == "topics"
            else _(
                "Anything more specific? These help me send you the right founders "
                "(optional). Tap all that apply, then Done."
            )
        )
        return Reply(text, buttons=_toggles(items, data[step], "t", 2), edit=True)
    if step == "region":
        regions = [Button(r.name(language), data=f"mreg:r:{r.key}") for r in taxonomy.regions]
        regions.append(Button(_("Anywhere / online"), data=f"mreg:r:{ANYWHERE}"))
        return Reply(_("Where are you based?"), buttons=rows(*regions, per_row=2), edit=True)
    if step == "capacity":
        counts = [Button(str(n), data=f"mreg:c:{n}") for n in CAPACITIES]
        return Reply(
            _("How many founders can you help at the same time?"),
            buttons=(tuple(counts),),
            edit=True,
        )
    if step.startswith("bio_"):
        return Reply(
            _(
                "Please write a short introduction in {language} (two or three sentences): "
                "who you are and how you can help. Founders read it when you accept."
            ).format(language=language_name(step.removeprefix("bio_")))
        )
    return Reply(
        _(
            "Last step. When you accept a request, that founder gets your name, your "
            "username and your introduction, so they can reach you. Nobody sees them before "
            "you accept. Do you agree to be contacted this way?"
        ),
        buttons=rows(
            Button(_("✅ Yes, I agree"), data="mreg:yes"),
            Button(_("✖️ No"), data="mreg:no"),
            per_row=2,
        ),
        edit=True,
    )


@router.flow(FLOW)
async def continue_registration(turn: Turn) -> HandlerResult:
    """Typed answers: the name and the bios; a nudge to the buttons on other steps."""
    state = turn.state
    assert state is not None
    data = dict(state.data)
    text = " ".join(turn.text.split()) if state.step == "name" else turn.text.strip()
    if state.step == "name":
        if not NAME_LENGTH[0] <= len(text) <= NAME_LENGTH[1]:
            return Reply(
                _("Please send a name of {low} to {high} characters.").format(
                    low=NAME_LENGTH[0], high=NAME_LENGTH[1]
                )
            )
        data["name"] = text
        return await _advance(turn, data, "name")
    if state.step.startswith("bio_"):
        if not BIO_LENGTH[0] <= len(text) <= BIO_LENGTH[1]:
            return Reply(
                _("Please keep the introduction between {low} and {high} characters.").format(
                    low=BIO_LENGTH[0], high=BIO_LENGTH[1]
                )
            )
        data["bios"] = {**data["bios"], state.step.removeprefix("bio_"): text}
        return await _advance(turn, data, state.step)
    question = _ask(turn, state.step, data)
    return Reply(_("Please use the buttons.") + "\n\n" + question.text, buttons=question.buttons)


routes = ButtonRoutes("mreg", router)
routes.action("e", choice("field", EDITABLE))(edit_field)  # from /profile, outside the flow


def _at(turn: Turn, *steps: str) -> tuple[dict[str, Any], str]:
    """The flow's data and step when it is at one of ``steps``; any other press is stale."""
    state = turn.state
    if state is None or state.flow != FLOW or state.step not in steps:
        raise StaleButtonError(turn.event.button)
    return dict(state.data), state.step


@routes.action("name")
async def _use_first_name(turn: Turn) -> HandlerResult:
    data, step = _at(turn, "name")
    data["name"] = turn.event.sender.first_name
    return await _advance(turn, data, step)


@routes.action("l", LANGUAGE)
async def _toggle_language(turn: Turn, language: str) -> HandlerResult:
    data, step = _at(turn, "languages")
    return await _toggle(turn, data, step, "languages", language)


@routes.action("t", KEY)
async def _toggle_topic(turn: Turn, key: str) -> HandlerResult:
    """A topic or a finer tag; one the taxonomy no longer has is stale."""
    data, step = _at(turn, "topics", "tags")
    taxonomy = mentors_of(turn).taxonomy
    choices = taxonomy.topics if step == "topics" else taxonomy.tags
    if not any(choice.key == key for choice in choices):
        raise StaleButtonError(turn.event.button)
    return await _toggle(turn, data, step, step, key)


@routes.action("done")
async def _done_choosing(turn: Turn) -> HandlerResult:
    data, step = _at(turn, "languages", "topics", "tags")
    if step != "tags" and not data[step]:
        return Response.of(_ask(turn, step, data), notice=_("Please choose at least one."))
    return await _advance(turn, data, step)


@routes.action("r", KEY)
async def _choose_region(turn: Turn, region: str) -> HandlerResult:
    data, step = _at(turn, "region")
    if region != ANYWHERE and not mentors_of(turn).taxonomy.is_region(region):
        raise StaleButtonError(turn.event.button)
    data["region"] = region
    return await _advance(turn, data, step)


@routes.action("c", number_in("capacity", CAPACITIES))
async def _choose_capacity(turn: Turn, capacity: int) -> HandlerResult:
    data, step = _at(turn, "capacity")
    data["capacity"] = capacity
    return await _advance(turn, data, step)


@routes.action("no")
async def _refuse_consent(turn: Turn) -> HandlerResult:
    _at(turn, "consent")
    await turn.clear_flow()
    return Reply(
        _("OK, I haven't saved anything. You can register any time with /become_mentor."),
        edit=True,
    )


@routes.action("yes")
async def _give_consent(turn: Turn) -> HandlerResult:
    data, _step = _at(turn, "consent")
    await turn.clear_flow()
    return await _save_profile(turn, data)


async def _toggle(
    turn: Turn, data: dict[str, Any], step: str, field: str, value: str
) -> HandlerResult:
    chosen = list(data[field])
    data[field] = [k for k in chosen if k != value] if value in chosen else [*chosen, value]
    await turn.set_flow(FLOW, step, data)
    return _ask(turn, step, data)


async def _save_profile(turn: Turn, data: dict[str, Any]) -> HandlerResult:
    """Register (pending, admins notified) or update the profile."""
    service = mentors_of(turn)
    profile = MentorProfile(
        display_name=data["name"],
        languages=tuple(data["languages"]),
        topics=tuple(data["topics"]) + tuple(data["tags"]),
        region=None if data["region"] == ANYWHERE else data["region"],
        capacity=int(data["capacity"]),
        bios=dict(data["bios"]),
        username=turn.event.sender.username or "",
    )
    if data["mode"] == "edit":
        view, problems = await service.update_profile(turn.user_id, profile)
        if view is None:
            return Reply(_("Sorry, I couldn't save that: {problem}").format(problem=problems[0]))
        return Reply(_("Saved. Your profile is up to date; see it with /profile."), edit=True)
    view, problems = await service.register(turn.user_id, profile, turn.event.channel)
    if problems:
        return Reply(
            _("Sorry, I couldn't register you: {problem}").format(problem=escape(problems[0]))
        )
    return Reply(
        _(
            "Thank you! Your registration is waiting for an admin's approval. I'll message "
            "you as soon as it's approved."
        ),
        edit=True,
    )
