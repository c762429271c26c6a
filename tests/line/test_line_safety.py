"""What LINE may post that must not be trusted or answered twice, through the real bot process:
a forged or missing signature, a redelivered event, a postback pressed by someone it was not
sent to, and a message longer than anything LINE lets the bot send back."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.db.models import Identity, ProcessedUpdate
from bot.db.models.mentors import OfferOutcome, Referral, ReferralOffer, ReferralStatus
from bot.line.signature import sign
from tests.fake_line import CHANNEL_SECRET
from tests.fake_line_webhook import body
from tests.mentors.helpers import ask_for_mentor_on, seed_line_mentor
from tests.transcripts import LineChat, Person

FOUNDER = Person(501, "Ann", "en")
MENTOR = Person(502, "Anong", "en")
MALLORY = Person(503, "Mallory", "en")


async def count(chat: LineChat, model: type) -> int:
    async with chat.conversation.services.database.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_missing_or_forged_signature_is_refused_and_nothing_is_read(
    line_chat: LineChat,
) -> None:
    harness = line_chat.harness
    raw = body(harness.events.text(FOUNDER.line_id, "/help"))
    assert await harness.post(raw, signed=False) == 401
    assert await harness.post(raw, signature=sign("f" * 32, raw)) == 403  # another secret
    assert await harness.post(raw, signature=sign(CHANNEL_SECRET, raw + b" ")) == 403
    assert line_chat.fake.sent == []
    assert await count(line_chat, ProcessedUpdate) == 0
    assert await count(line_chat, Identity) == 0  # nobody was even looked up
    [help_reply] = await line_chat.say(FOUNDER, "/help")  # a signed post is answered
    assert "/topics" in help_reply.text


async def test_a_redelivered_event_is_answered_once_even_after_a_restart(
    line_chat: LineChat,
) -> None:
    harness = line_chat.harness
    event = harness.events.text(FOUNDER.line_id, "/help")
    assert await harness.send(event) == 200
    assert len(line_chat.fake.to(FOUNDER.line_id)) == 1
    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
    redelivered["replyToken"] = line_chat.fake.issue_reply_token(FOUNDER.line_id)
    assert await harness.send(redelivered) == 200
    await harness.restart()  # the claim is in the database, not in memory
    redelivered["replyToken"] = line_chat.fake.issue_reply_token(FOUNDER.line_id)
    assert await harness.send(redelivered) == 200
    assert len(line_chat.fake.to(FOUNDER.line_id)) == 1
    assert await count(line_chat, ProcessedUpdate) == 1
    assert harness.server is not None and harness.server.metrics.duplicates._value.get() == 1


async def test_a_postback_forged_by_someone_else_is_refused_and_changes_nothing(
    line_chat: LineChat,
) -> None:
    await seed_line_mentor(line_chat, MENTOR)
    start = line_chat.mark()
    await ask_for_mentor_on(line_chat, FOUNDER)
    [offer] = [s for s in line_chat.received(MENTOR, start) if "would like a mentor" in s.text]
    accept = offer.button("Accept").data
    assert accept is not None

    for presser in (MALLORY, FOUNDER):  # a stranger, and the founder it is about
        sent, notice = await line_chat.press_data(presser, accept)
        assert "meant for someone else" in notice and sent == []
    async with line_chat.conversation.services.database.sessions() as session:
        [pending] = (await session.scalars(select(ReferralOffer))).all()
        assert pending.outcome == OfferOutcome.PENDING
    before = line_chat.mark()
    [connected], _ = await line_chat.press(MENTOR, offer, "Accept")  # the mentor still can
    assert "connected with Ann" in connected.text
    assert line_chat.received(MALLORY, before) == []
    async with line_chat.conversation.services.database.sessions() as session:
        [referral] = (await session.scalars(select(Referral))).all()
    assert referral.status == ReferralStatus.CONNECTED


async def test_a_6000_character_message_is_read_from_its_start_and_nothing_sent_is_over_5000(
    line_chat: LineChat,
) -> None:
    message = ("How do we register a co-op? " + "We are riders with a long story. " * 200)[:6000]
    assert len(message) == 6000
    [answer] = await line_chat.say(FOUNDER, message)
    assert answer.text.startswith("ℹ️ ")
    assert "2,000" in answer.text.split("\n")[0]
    sent = [m for s in line_chat.fake.sent for m in s.messages]
    assert sent and all(len(m.get("text", "")) <= 5000 for m in sent)
    assert line_chat.fake.refused == []
