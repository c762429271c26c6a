"""Buttons on referrals (``ref:…``): a mentor answers an offer; either side writes through the
relay, ends or closes the referral; both answer the follow-up questions.

Every press is checked by the service against who the offer or referral belongs to and its
current state; a forged, repeated or late press changes nothing and gets a polite notice.
"""

from __future__ import annotations

from bot.conversation.buttons import ID, ButtonRoutes, choice, number_in
from bot.conversation.mentoring.common import mentors_of, unchanged
from bot.conversation.mentoring.notices import enter_relay, leave_relay, render
from bot.conversation.reply import Button, Reply, Response, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.i18n import N_, _
from bot.mentors.notices import Connected
from bot.mentors.referrals import CLOSE_OUTCOMES, DECLINE_REASONS, ENDED_BY_FOUNDER
from bot.mentors.sweeper import FIT_SCORES, HELPED_ANSWERS
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


routes = ButtonRoutes("ref", router)
FIT_SCORE = number_in("fit score", FIT_SCORES)


@routes.action("a", ID)
async def accept_offer(turn: Turn, offer_id: int) -> HandlerResult:
    """Accept: both sides get each other's contact, or the relay starts."""
    service = mentors_of(turn)
    answer, mine = await service.accept(offer_id, turn.user_id, turn.event.sender.username or "")
    if answer is not Answer.DONE:
        return unchanged(answer)
    if not mine:
        return Response.of(notice=_("Thank you!"))
    notice = mine[0]
    if isinstance(notice, Connected) and notice.relay:
        await enter_relay(turn.services, turn.user_id, notice.referral_id, force=False)
    reply = render(notice, service, turn.links)
    return Reply(reply.text, reply.buttons, edit=True)


@routes.action("d", ID)
async def decline_offer(turn: Turn, offer_id: int) -> HandlerResult:
    """Decline: the next mentor is asked; the reason is optional."""
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


@routes.action("s", ID)
async def suggest_colleague(turn: Turn, offer_id: int) -> HandlerResult:
    """Pass: the next mentor is asked, and the mentor gets a link to invite a colleague."""
    answer = await mentors_of(turn).decline(offer_id, turn.user_id, suggest_colleague=True)
    if answer is not Answer.DONE:
        return unchanged(answer)
    text = _("Thank you! I'll offer the request to another mentor.")
    link = turn.links.deep_link("mentorreg")
    if link:
        text += "\n\n" + _(
            "If you know someone who could help founders like this one, send them this link "
            "so they can register as a mentor: {link}"
        ).format(link=link)
    return Reply(text, edit=True)


@routes.action("why", ID, choice("reason", DECLINE_REASONS))
async def give_decline_reason(turn: Turn, offer_id: int, reason: str) -> HandlerResult:
    """The optional reason after declining."""
    answer = await mentors_of(turn).set_decline_reason(offer_id, turn.user_id, reason)
    if answer is not Answer.DONE:
        return unchanged(answer)
    text = _("Thank you, noted.")
    if reason == "time":
        text += " " + _("If you're busy for a while, /pause stops new requests until /resume.")
    return Reply(text, edit=True)


@routes.action("end", ID)
async def end_conversation(turn: Turn, referral_id: int) -> HandlerResult:
    """Either side ends the referral; the relay stops for both."""
    return await _close(turn, referral_id, ENDED_BY_FOUNDER)


@routes.action("close", ID)
async def choose_outcome(turn: Turn, referral_id: int) -> HandlerResult:
    """The mentor closes a referral: how did it end?"""
    buttons = [
        Button(_(text), data=f"ref:out:{referral_id}:{code}")
        for code, text in OUTCOME_LABELS.items()
    ]
    return Reply(_("How did it go?"), buttons=rows(*buttons))


@routes.action("out", ID, choice("outcome", CLOSE_OUTCOMES))
async def close_with_outcome(turn: Turn, referral_id: int, outcome: str) -> HandlerResult:
    """The mentor's answer to "how did it go?"."""
    return await _close(turn, referral_id, outcome)


async def _close(turn: Turn, referral_id: int, outcome: str) -> HandlerResult:
    answer = await mentors_of(turn).close(referral_id, turn.user_id, outcome)
    if answer is not Answer.DONE:
        return unchanged(answer)
    await leave_relay(turn.services, turn.user_id, referral_id)
    return Reply(
        _("Closed. Thank you! Messages you write here won't be passed on any more."), edit=True
    )


@routes.action("chat", ID)
async def write_through_relay(turn: Turn, referral_id: int) -> HandlerResult:
    """Come back to a relayed conversation (e.g. after a command left it)."""
    peer = await mentors_of(turn).relay_peer(referral_id, turn.user_id)
    if peer is None:
        return unchanged(Answer.EXPIRED)
    await enter_relay(turn.services, turn.user_id, referral_id, force=True)
    return Reply(
        _("Write your message and I'll pass it on. /cancel stops passing your messages on.")
    )


@routes.action("fit", ID, FIT_SCORE)
async def rate_fit(turn: Turn, referral_id: int, score: int) -> HandlerResult:
    """Is this pairing a good fit? (1-5)."""
    answer = await mentors_of(turn).rate_fit(referral_id, turn.user_id, score)
    if answer is not Answer.DONE:
        return unchanged(answer)
    return Reply(
        _("Thank you! You rated the fit {score} out of 5.").format(score=score), edit=True
    )


@routes.action("help", ID, choice("helped", HELPED_ANSWERS))
async def record_helped(turn: Turn, referral_id: int, helped: str) -> HandlerResult:
    """Did it help? (yes / partly / no)."""
    answer = await mentors_of(turn).record_helped(referral_id, turn.user_id, helped)
    if answer is not Answer.DONE:
        return unchanged(answer)
    return Reply(_("Thank you for telling me. It helps us improve mentoring."), edit=True)
