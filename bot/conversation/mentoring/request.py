"""A founder asks for a mentor: topic → region → the need in their words → explicit consent.

Entered by ``/mentor``, the "Talk to a mentor" button (``mentor:ask[:topic]``) and the deep
link ``start=mentor[-topic]``. Only "Yes" creates a referral; "No" keeps nothing but the
fact that a request on that topic was cancelled.
"""

from __future__ import annotations

from bot.conversation.buttons import ID, KEY, ButtonRoutes
from bot.conversation.limits import refuse_if_too_long
from bot.conversation.markup import escape
from bot.conversation.mentoring import registration
from bot.conversation.mentoring.common import (
    ANYWHERE,
    label,
    mentors_of,
    to_private_chat,
    unchanged,
)
from bot.conversation.mentoring.notices import render
from bot.conversation.reply import Button, Reply, Response, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import N_, _
from bot.mentors.views import NEED_LENGTH, Answer, Founder

router = Router()
FLOW = "mentor_request"


@router.command("mentor", N_("Talk to a mentor"), private_only=True)
async def ask_for_mentor(turn: Turn) -> HandlerResult:
    """``/mentor``: start the request."""
    return await start_request(turn, None)


@router.start_payload("mentor")
async def open_mentor_link(turn: Turn) -> HandlerResult:
    """``/start mentor`` or ``/start mentor-<topic>``."""
    _prefix, _dash, topic = turn.event.args.strip().partition("-")
    return await start_request(turn, topic or None)


# ``mentor:ask[:topic]``, ``mentor:become``, and the steps of the request.
routes = ButtonRoutes("mentor", router)
routes.action("become")(registration.begin)


@routes.action("ask")
@routes.action("ask", KEY)
async def start_request(turn: Turn, topic: str | None = None) -> HandlerResult:
    """Offer the topics (or go straight to the region when the topic is known)."""
    if not turn.event.is_private:
        payload = f"mentor-{topic}" if topic else "mentor"
        return to_private_chat(turn, payload)
    service = mentors_of(turn)
    pending = await service.pending_request(turn.user_id)
    if pending is not None:
        return Reply(
            _(
                "You already have a request about “{topic}” waiting for a mentor. I'll "
                "message you as soon as someone accepts."
            ).format(topic=label(service, pending.topic, turn.language)),
            buttons=rows(Button(_("Withdraw my request"), data=f"mentor:w:{pending.id}")),
        )
    if topic is not None and service.taxonomy.is_topic(topic):
        return _region_question(turn, topic)
    buttons = [
        Button(topic.name(turn.language), data=f"mentor:ask:{topic.key}")
        for topic in service.taxonomy.topics
    ]
    return Reply(
        _("A volunteer mentor can help with what the FAQ can't. What would you like help with?"),
        buttons=rows(*buttons),
    )


def _region_question(turn: Turn, topic: str) -> Reply:
    service = mentors_of(turn)
    buttons = [
        Button(region.name(turn.language), data=f"mentor:r:{topic}:{region.key}")
        for region in service.taxonomy.regions
    ]
    buttons.append(Button(_("Anywhere is fine"), data=f"mentor:r:{topic}:{ANYWHERE}"))
    return Reply(
        _(
            "Topic: <b>{topic}</b>\n\nWhere are you based? A mentor nearby may know your "
            "local offices."
        ).format(topic=label(service, topic, turn.language)),
        buttons=rows(*buttons, per_row=2),
        edit=True,
    )


@routes.action("r", KEY, KEY)
async def choose_region(turn: Turn, topic: str, region: str) -> HandlerResult:
    """Remember topic and region, then ask for the need in the founder's own words."""
    taxonomy = mentors_of(turn).taxonomy
    if not taxonomy.is_topic(topic) or not (region == ANYWHERE or taxonomy.is_region(region)):
        raise StaleButtonError(turn.event.button)
    await turn.set_flow(FLOW, "need", {"topic": topic, "region": region})
    return Reply(
        _(
            "In a sentence or two, what do you need help with? This is what the mentor will "
            "read, so say what you're building and where you're stuck."
        ),
        edit=True,
    )


@router.flow(FLOW)
async def continue_request(turn: Turn) -> HandlerResult:
    """The need (text), or a nudge towards the consent buttons."""
    state = turn.state
    assert state is not None
    if state.step == "consent":
        return _consent_question(turn, state.data["need"])
    need = " ".join(turn.text.split())
    if len(need) < NEED_LENGTH[0]:
        return Reply(_("Please tell me a little more: a sentence or two is enough."))
    if refusal := refuse_if_too_long(need, NEED_LENGTH[1]):
        return refusal
    await turn.set_flow(FLOW, "consent", {**state.data, "need": need})
    return _consent_question(turn, need)


def _consent_question(turn: Turn, need: str) -> Reply:
    sender = turn.event.sender
    username = (
        f"@{escape(sender.username)}"
        if sender.username
        else _("none, so I'll pass messages between you")
    )
    text = _(
        "Before I look for a mentor, please check.\n\n"
        "I'll share with <b>one</b> mentor: your first name ({name}), your username "
        "({username}) and what you wrote:\n<i>{need}</i>\n\n"
        "If they can't help, I'll ask the next mentor in the same way. You can withdraw your "
        "request at any time. Is that OK?"
    ).format(name=escape(sender.first_name), username=username, need=escape(need))
    buttons = rows(
        Button(_("✅ Yes, share it"), data="mentor:yes"),
        Button(_("✖️ No, don't share"), data="mentor:no"),
        per_row=2,
    )
    return Reply(text, buttons=buttons)


def _consent_data(turn: Turn) -> dict[str, str]:
    state = turn.state
    if state is None or state.flow != FLOW or state.step != "consent":
        raise StaleButtonError(turn.event.button)
    return state.data


@routes.action("yes")
async def share_request(turn: Turn) -> HandlerResult:
    """Consent given: create the referral and offer it to the best mentor."""
    data = _consent_data(turn)
    await turn.clear_flow()
    service = mentors_of(turn)
    sender = turn.event.sender
    founder = Founder(turn.user_id, sender.first_name, sender.username)
    region = None if data["region"] == ANYWHERE else data["region"]
    mine = await service.request_mentor(
        founder, data["topic"], region, data["need"], turn.language
    )
    if mine:
        reply = render(mine[0], service, turn.links)
        return Reply(reply.text, reply.buttons, edit=True)
    hours = service.settings.referral_deadline_hours
    return Reply(
        _(
            "Thank you! I've sent your request to a mentor who fits. They have {hours} hours "
            "to answer; if they can't, I'll ask the next one. I'll message you as soon as "
            "someone accepts."
        ).format(hours=f"{hours:g}"),
        edit=True,
    )


@routes.action("no")
async def keep_request_private(turn: Turn) -> HandlerResult:
    """Consent refused: nothing is shared and the need is forgotten."""
    data = _consent_data(turn)
    await turn.clear_flow()
    await mentors_of(turn).record_declined_request(turn.user_id, data["topic"], turn.language)
    return Reply(
        _(
            "OK, I haven't shared anything, and I've forgotten what you wrote. You can ask "
            "for a mentor again at any time with /mentor."
        ),
        edit=True,
    )


@routes.action("w", ID)
async def withdraw_request(turn: Turn, request_id: int) -> HandlerResult:
    """The founder no longer needs a mentor for their waiting request."""
    answer = await mentors_of(turn).withdraw(request_id, turn.user_id)
    if answer is not Answer.DONE:
        return unchanged(answer)
    return Response.of(
        Reply(_("Your request is withdrawn. Nothing more will be shared."), edit=True)
    )
