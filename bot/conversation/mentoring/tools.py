"""Mentor tools: ``/my_referrals`` (with actions), ``/pause``, ``/resume`` and ``/profile``."""

from __future__ import annotations

from bot.conversation.markup import escape
from bot.conversation.mentoring.common import (
    contact_link,
    label,
    mentors_of,
    status_name,
)
from bot.conversation.reply import Button, Reply, Response, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.i18n import N_, _, language_name
from bot.mentors.views import ReferralView

router = Router()
EDIT_LABELS = (
    ("name", N_("Change name")),
    ("languages", N_("Change languages")),
    ("topics", N_("Change topics")),
    ("tags", N_("Change specific skills")),
    ("region", N_("Change region")),
    ("capacity", N_("Change how many founders")),
    ("bio", N_("Change introduction")),
)
SHOWN_REFERRALS = 8


@router.command("my_referrals", N_("Your mentor requests and referrals"), private_only=True)
async def show_my_referrals(turn: Turn) -> HandlerResult:
    """Open referrals first, then recent ones, each with what can be done about it."""
    service = mentors_of(turn)
    views = await service.referrals_of(turn.user_id)
    if not views:
        return Reply(_("You have no referrals yet. Founders can ask for a mentor with /mentor."))
    return Response.of(*(_referral_reply(turn, view) for view in views[:SHOWN_REFERRALS]))


def _referral_reply(turn: Turn, view: ReferralView) -> Reply:
    service = mentors_of(turn)
    topic = label(service, view.topic, turn.language)
    as_mentor = view.role == "mentor"
    if as_mentor:
        head = _("<b>{topic}</b>: {name} ({status})").format(
            topic=topic, name=escape(view.founder_name or ""), status=status_name(view.status)
        )
    else:
        head = _("<b>{topic}</b>: your request ({status})").format(
            topic=topic, status=status_name(view.status)
        )
        if view.mentor_name:
            head += "\n" + _("Mentor: {name}").format(name=escape(view.mentor_name))
    lines = [head]
    if view.need:
        lines.append(f"<i>{escape(view.need)}</i>")
    buttons: list[Button] = []
    if view.pending_offer_id is not None:
        offer = view.pending_offer_id
        buttons += [
            Button(_("✅ Accept"), data=f"ref:a:{offer}"),
            Button(_("❌ Decline"), data=f"ref:d:{offer}"),
        ]
    elif view.status == "connected":
        if as_mentor and not view.relay and view.founder_username:
            lines.append(contact_link(turn.links, view.founder_username))
        if view.relay:
            buttons.append(Button(_("✍️ Write a message"), data=f"ref:chat:{view.id}"))
        if as_mentor:
            buttons.append(Button(_("🏁 Close with an outcome"), data=f"ref:close:{view.id}"))
        else:
            buttons.append(Button(_("🏁 End the conversation"), data=f"ref:end:{view.id}"))
    elif view.status in ("open", "offered", "waiting") and not as_mentor:
        buttons.append(Button(_("Withdraw my request"), data=f"mentor:w:{view.id}"))
    return Reply("\n".join(lines), buttons=rows(*buttons, per_row=2))


@router.command("pause", N_("Mentors: pause new requests"), private_only=True)
async def pause_requests(turn: Turn) -> HandlerResult:
    change = await mentors_of(turn).set_own_status(turn.user_id, "pause")
    if change.mentor is None:
        return _not_a_mentor()
    if not change.changed:
        return Reply(
            _("Nothing changed: your status is “{status}”.").format(
                status=status_name(change.mentor.status)
            )
        )
    return Reply(
        _(
            "Paused: you won't get new requests. Requests already offered to you stay open. "
            "Send /resume when you're ready again."
        )
    )


@router.command("resume", N_("Mentors: take requests again"), private_only=True)
async def resume_requests(turn: Turn) -> HandlerResult:
    change = await mentors_of(turn).set_own_status(turn.user_id, "resume")
    if change.mentor is None:
        return _not_a_mentor()
    if not change.changed and change.mentor.status != "approved":
        return Reply(
            _("Nothing changed: your status is “{status}”.").format(
                status=status_name(change.mentor.status)
            )
        )
    return Reply(_("Welcome back! You'll get requests that fit your topics again."))


@router.command("profile", N_("Mentors: your profile"), private_only=True)
async def show_profile(turn: Turn) -> HandlerResult:
    """The mentor's profile as founders and admins see it, with buttons to change parts."""
    service = mentors_of(turn)
    mentor = await service.mentor_for_user(turn.user_id)
    if mentor is None:
        return _not_a_mentor()
    language = turn.language
    lines = [
        _("<b>Your mentor profile</b> ({status})").format(status=status_name(mentor.status)),
        _("Name: {name}").format(name=escape(mentor.display_name)),
        _("Languages: {languages}").format(
            languages=", ".join(language_name(code) for code in mentor.languages)
        ),
        _("Topics: {topics}").format(
            topics=", ".join(label(service, key, language) for key in mentor.topics)
        ),
        _("Region: {region}").format(region=label(service, mentor.region, language)),
        _("At most {capacity} founders at a time ({open} open now)").format(
            capacity=mentor.capacity, open=mentor.open_referrals
        ),
    ]
    for code, bio in mentor.bios.items():
        lines.append(f"{language_name(code)}: <i>{escape(bio)}</i>")
    if mentor.unreachable:
        lines.append(_("⚠️ I couldn't reach you last time. Send /resume to get requests again."))
    buttons = [Button(_(text), data=f"mreg:e:{field}") for field, text in EDIT_LABELS]
    return Reply("\n".join(lines), buttons=rows(*buttons, per_row=2))


def _not_a_mentor() -> Reply:
    return Reply(_("You're not registered as a mentor. You can volunteer with /become_mentor."))
