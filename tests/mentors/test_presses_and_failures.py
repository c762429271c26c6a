"""Presses that must change nothing (someone else's offer, a second press, a forged id), a
mentor who blocked the bot, and a founder who says no to sharing."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models.mentors import Referral, ReferralOffer
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.mentors.helpers import (
    NEED,
    ask_for_mentor,
    mark,
    mentor_record,
    mentors,
    messages_to,
    offers_to,
    seed_mentors,
)


async def _state(bot: BotHarness) -> list[tuple[object, ...]]:
    async with bot.conversation.services.database.sessions() as session:
        referrals = [
            (r.id, r.status, r.version, r.mentor_id)
            for r in await session.scalars(select(Referral).order_by(Referral.id))
        ]
        offers = [
            (o.id, o.outcome, o.mentor_id)
            for o in await session.scalars(select(ReferralOffer).order_by(ReferralOffer.id))
        ]
    return referrals + offers


async def test_presses_by_someone_else_twice_or_forged_change_nothing(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser, mentor_b: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a), mentor_record(mentor_b, region="north"))
    start = mark(bot)
    await ask_for_mentor(bot, founder)
    [offer] = offers_to(bot, mentor_a, start)
    before = await _state(bot)

    # B presses Accept on A's offer (e.g. a forwarded message): refused, nothing moves
    accept = offer.button("Accept")["callback_data"]
    sent, notice = await bot.press_data(mentor_b, accept, offer)
    assert sent == [] and "meant for someone else" in notice
    sent, notice = await bot.press_data(founder, accept, offer)
    assert sent == [] and "meant for someone else" in notice
    # made-up ids and malformed data
    for forged in ("ref:a:999999", "ref:a:abc", "ref:zz:1", "madm:a:1", "ref:fit:1:9"):
        sent, notice = await bot.press_data(mentor_b, forged, offer)
        assert sent == [] and notice, forged
    assert await _state(bot) == before

    # A accepts; a second press (or a Decline afterwards) changes nothing
    await bot.press(mentor_a, offer, "Accept")
    after_accept = await _state(bot)
    again = mark(bot)
    for label in ("Accept", "Decline", "Suggest"):
        sent, notice = await bot.press(mentor_a, offer, label)
        assert sent == [] and "already answered" in notice
    assert await _state(bot) == after_accept
    assert messages_to(bot, founder, again) == []


async def test_non_admin_cannot_approve_a_mentor(
    mentor_bot: BotHarness, mentor_a: FakeUser, founder: FakeUser
) -> None:
    await seed_mentors(mentor_bot, mentor_record(mentor_a, status="pending"))
    [pending] = await mentors(mentor_bot).list_mentors("pending")
    sent, notice = await mentor_bot.press_data(founder, f"madm:a:{pending.id}")
    assert sent == [] and "Only admins" in notice
    [still_pending] = await mentors(mentor_bot).list_mentors("pending")
    assert still_pending.id == pending.id


async def test_mentor_who_blocked_the_bot_is_marked_unreachable_and_skipped(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser, mentor_b: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a), mentor_record(mentor_b, region="north"))
    bot.fake.blocked.add(mentor_a.id)
    start = mark(bot)
    answer = await ask_for_mentor(bot, founder)
    assert "sent your request to a mentor" in answer.text
    assert len(offers_to(bot, mentor_b, start)) == 1
    [a, b] = await mentors(bot).list_mentors()
    assert a.unreachable and not b.unreachable
    stats = await mentors(bot).statistics()
    assert stats.offers_by_outcome == {"blocked": 1, "pending": 1}
    assert stats.active_mentors == 1


async def test_consent_declined_sends_nothing_to_any_mentor_and_keeps_no_need(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a))
    start = mark(bot)
    [topics] = await bot.say(founder, "/mentor")
    [regions], _ = await bot.press_data(founder, "mentor:ask:legal", topics)
    await bot.press(founder, regions, "Anywhere")
    [too_short] = await bot.say(founder, "help")
    assert "a little more" in too_short.text
    [consent] = await bot.say(founder, NEED)
    [answer], _ = await bot.press(founder, consent, "No")
    assert "haven't shared anything" in answer.text

    assert messages_to(bot, mentor_a, start) == []
    sent, notice = await bot.press(founder, consent, "Yes")  # too late: the flow is over
    assert sent == [] and "expired" in notice
    assert messages_to(bot, mentor_a, start) == []
    async with bot.conversation.services.database.sessions() as session:
        [kept] = list(await session.scalars(select(Referral)))
    assert (kept.status, kept.consent, kept.topic) == ("cancelled", False, "legal")
    assert kept.founder_id is None and kept.need is None and kept.founder_name is None
    [next_answer] = await bot.say(founder, "What is a co-op?")
    assert "share" not in next_answer.text  # free text is the FAQ again


async def test_group_chat_points_to_a_private_chat_for_the_mentor_request(
    mentor_bot: BotHarness, founder: FakeUser
) -> None:
    [answer] = await mentor_bot.say(founder, "/mentor", group_id=-1001)
    assert "private chat" in answer.text
    # the "Talk to a mentor" button under an FAQ answer in the group
    sent, _ = await mentor_bot.press_data(founder, "mentor:ask:legal", answer)
    assert "start=mentor-legal" in sent[0].buttons[0]["url"]


async def test_founder_with_a_waiting_request_is_not_asked_again_and_can_withdraw(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser
) -> None:
    await seed_mentors(mentor_bot, mentor_record(mentor_a))
    start = mark(mentor_bot)
    await ask_for_mentor(mentor_bot, founder)
    [again] = await mentor_bot.say(founder, "/mentor")
    assert "already have a request" in again.text
    [withdrawn], _ = await mentor_bot.press(founder, again, "Withdraw")
    assert "withdrawn" in withdrawn.text
    [_offer, closed] = messages_to(mentor_bot, mentor_a, start)
    assert "was withdrawn" in closed.text
    sent, notice = await mentor_bot.press(founder, again, "Withdraw")
    assert sent == [] and "already answered" in notice
