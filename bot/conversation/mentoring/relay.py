"""The relay: when a founder or mentor has no Telegram username, the bot copies their text
messages to the other side (as the bot's own message, never a forward) until one ends it."""

from __future__ import annotations

from bot.conversation.limits import RELAY_LIMIT, refuse_if_too_long
from bot.conversation.markup import escape
from bot.conversation.mentoring.common import mentors_of
from bot.conversation.mentoring.notices import RELAY_FLOW, enter_relay, send_to_user
from bot.conversation.reply import Button, Reply, rows
from bot.conversation.router import HandlerResult, Router
from bot.conversation.turn import Turn
from bot.delivery import Delivery
from bot.i18n import _, use_language

router = Router()


@router.flow(RELAY_FLOW)
async def relay_message(turn: Turn) -> HandlerResult:
    """Pass the text on to the other side of the referral, if it is still connected."""
    state = turn.state
    assert state is not None
    referral_id = int(state.data.get("referral", 0))
    peer = await mentors_of(turn).relay_peer(referral_id, turn.user_id)
    if peer is None:
        await turn.clear_flow()
        return Reply(_("This conversation has ended, so I didn't pass your message on."))
    if turn.event.file is not None:
        return Reply(_("I can only pass text messages on."))
    if refusal := refuse_if_too_long(turn.text, RELAY_LIMIT):
        return refusal
    sender = escape(peer.sender_name)
    with use_language(peer.language):
        copy = Reply(
            f"💬 <b>{sender}</b>:\n{escape(turn.text)}",
            buttons=rows(Button(_("🏁 End the conversation"), data=f"ref:end:{referral_id}")),
        )
    delivery = await send_to_user(turn.services, peer.user_id, copy)
    if delivery is Delivery.SENT:
        await enter_relay(turn.services, peer.user_id, referral_id, force=False)
        return Reply(_("✓ Passed on."))
    if delivery is Delivery.BLOCKED:
        return Reply(_("I couldn't pass your message on: the other person has blocked this bot."))
    return Reply(_("I couldn't pass your message on right now. Please try again in a moment."))
