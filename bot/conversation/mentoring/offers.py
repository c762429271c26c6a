"""Buttons on referrals (``ref:…``): a mentor answers an offer; either side writes through the
relay, ends or closes the referral; both answer the follow-up questions.

Every press is checked by the service against who the offer or referral belongs to and its
current state; a forged, repeated or late press changes nothing and gets a polite notice.
"""

from __future__ import annotations

from bot.conversation.basics import deep_link
from bot.conversation.mentoring.common import int_arg, mentors_of, unchanged
from bot.conversation.mentoring.notices import enter_relay, leave_relay, render
from bot.conversation.reply import Button, Reply, Response, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import StaleButtonError, Turn
from bot.i18n import N_, _
from bot.mentors.notices import Connected
from bot.mentors.referrals import CLOSE_OUTCOMES, DECLINE_REASONS, ENDED_BY_FOUNDER
from bot.mentors.views import Answer

router = Router()
REASON_LABELS = {
    "topic": N_("Not my topic"),
    "time": N_("No time right now"),
    "other": N_("Another reason"),
}
OUTCOME_LABELS = {
    "helped": N_("We talked and it helped"),
    "no_reply": N_("The founder didn't reply"),
    "not_fit": N_("Not a good fit"),
    "other": N_("Something else"),
}


@router.button("ref")
async def press_referral_button(turn: Turn) -> HandlerResult:
    """Dispatch on the action letter: a, d, s, why, end, close, out, chat, fit, help."""
    action = turn.button_args[0] if turn.button_args else ""
    handler = ACTIONS.get(action)
    if handler is None:
        raise StaleButtonError(turn.event.button)
    return await handler(turn)


async def accept_offer(turn: Turn) -> HandlerResult:
    """Accept: both sides get each other's contact, or the relay starts."""
    service = mentors_of(turn)
    answer, mine = await service.accept(
        int_arg(turn, 1), turn.user_id, turn.event.sender.username or ""
    )
    if answer is not Answer.DONE:
        return unchanged(answer)
    if not mine:
        return Response.of(notice=_("Thank you!"))
    notice = mine[0]
    if isinstance(notice, Connected) and notice.relay:
        await enter_relay(turn.services, turn.user_id, notice.referral_id, force=False)
    reply = render(notice, service)
    return Reply(reply.text, reply.buttons, edit=True)


async def decline_offer(turn: Turn) -> HandlerResult:
    """Decline: the next mentor is asked; the reason is optional."""
    offer_id = int_arg(turn, 1)
    answer = await mentors_of(turn).decline(offer_id, turn.user_id)
    if answer is not Answer.DONE:
        return unchanged(answer)
    buttons = [
        Button(_(text), data=f"ref:why:{offer_id}:{code}") for code, text in REASON_LABELS.items()
    ]
    return Reply(
        _(
            "Thanks for letting me know: I'll ask another mentor. If you like, tell me why "
            "(optional):"
        ),
        buttons=rows(*buttons),
        edit=True,
    )


async def suggest_colleague(turn: Turn) -> HandlerResult:
    """Pass: the next mentor is asked, and the mentor gets a link to invite a colleague."""
    answer = await mentors_of(turn).decline(int_arg(turn, 1), turn.user_id, suggest_colleague=True)
    if answer is not Answer.DONE:
        return unchanged(answer)
    text = _("Thank you! I'll offer the request to another mentor.")
    link = deep_link(turn, "mentorreg")
    if link:
        text += "\n\n" + _(
            "If you know someone who could help founders like this one, send them this link "
            "so they can register as a mentor: {link}"
        ).format(link=link)
    return Reply(text, edit=True)


async def give_decline_reason(turn: Turn) -> HandlerResult:
    """The optional reason after declining."""
    args = turn.button_args
    reason = args[2] if len(args) > 2 and args[2] in DECLINE_REASONS else None
    if reason is None:
        raise StaleButtonError(turn.event.button)
    answer = await mentors_of(turn).set_decline_reason(int_arg(turn, 1), turn.user_id, reason)
    if answer is not Answer.DONE:
        return unchanged(answer)
    text = _("Thank you, noted.")
    if reason == "time":
        text += " " + _("If you're busy for a while, /pause stops new requests until /resume.")
    return Reply(text, edit=True)


async def end_conversation(turn: Turn) -> HandlerResult:
    """Either side ends the referral; the relay stops for both."""
    referral_id = int_arg(turn, 1)
    return await _close(turn, referral_id, ENDED_BY_FOUNDER)


async def choose_outcome(turn: Turn) -> HandlerResult:
    """The mentor closes a referral: how did it end?"""
    referral_id = int_arg(turn, 1)
    buttons = [
        Button(_(text), data=f"ref:out:{referral_id}:{code}")
        for code, text in OUTCOME_LABELS.items()
    ]
    return Reply(_("How did it go?"), buttons=rows(*buttons))


async def close_with_outcome(turn: Turn) -> HandlerResult:
    args = turn.button_args
    outcome = args[2] if len(args) > 2 and args[2] in CLOSE_OUTCOMES else None
    if outcome is None:
        raise StaleButtonError(turn.event.button)
    return await _close(turn, int_arg(turn, 1), outcome)


async def _close(turn: Turn, referral_id: int, outcome: str) -> HandlerResult:
    answer = await mentors_of(turn).close(referral_id, turn.user_id, outcome)
    if answer is not Answer.DONE:
        return unchanged(answer)
    await leave_relay(turn.services, turn.user_id, referral_id)
    return Reply(
        _("Closed. Thank you! Messages you write here won't be passed on any more."), edit=True
    )


async def write_through_relay(turn: Turn) -> HandlerResult:
    """Come back to a relayed conversation (e.g. after a command left it)."""
    referral_id = int_arg(turn, 1)
    peer = await mentors_of(turn).relay_peer(referral_id, turn.user_id)
    if peer is None:
        return unchanged(Answer.EXPIRED)
    await enter_relay(turn.services, turn.user_id, referral_id, force=True)
    return Reply(
        _("Write your message and I'll pass it on. /cancel stops passing your messages on.")
    )


async def rate_fit(turn: Turn) -> HandlerResult:
    """Is this pairing a good fit? (1-5)."""
    score = int_arg(turn, 2)
    answer = await mentors_of(turn).rate_fit(int_arg(turn, 1), turn.user_id, score)
    if answer is not Answer.DONE:
        return unchanged(answer)
    return Reply(
        _("Thank you! You rated the fit {score} out of 5.").format(score=score), edit=True
    )


async def record_helped(turn: Turn) -> HandlerResult:
    """Did it help? (yes / partly / no)."""
    args = turn.button_args
    helped = args[2] if len(args) > 2 else ""
    answer = await mentors_of(turn).record_helped(int_arg(turn, 1), turn.user_id, helped)
    if answer is not Answer.DONE:
        return unchanged(answer)
    return Reply(_("Thank you for telling me. It helps us improve mentoring."), edit=True)


ACTIONS = {
    "a": accept_offer,
    "d": decline_offer,
    "s": suggest_colleague,
    "why": give_decline_reason,
    "end": end_conversation,
    "close": choose_outcome,
    "out": close_with_outcome,
    "chat": write_through_relay,
    "fit": rate_fit,
    "help": record_helped,
}
