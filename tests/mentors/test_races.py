"""A mentor's Accept and the founder's Withdraw pressed at the same moment: one of them wins,
the other is told so, and nobody is told "Sorry, something went wrong" (PostgreSQL once
answered such a race with a deadlock)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.db.models.mentors import OfferOutcome, Referral, ReferralOffer, ReferralStatus
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import user_id_of
from tests.mentors.helpers import (
    ask_for_mentor,
    mark,
    mentor_record,
    mentors,
    offers_to,
    seed_mentors,
)

ROUNDS = 25
SORRY = "something went wrong"


async def _outcome(bot: BotHarness, founder: FakeUser) -> tuple[int, str, list[str]]:
    async with bot.conversation.services.database.sessions() as session:
        referral = await session.scalar(
            select(Referral).where(Referral.founder_id == await user_id_of(bot, founder))
        )
        assert referral is not None
        offers = await session.scalars(
            select(ReferralOffer.outcome).where(ReferralOffer.referral_id == referral.id)
        )
        return referral.id, referral.status, list(offers)


async def test_accept_racing_withdraw_ends_in_one_consistent_state_without_an_error(
    mentor_bot: BotHarness, mentor_a: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a, capacity=1))
    outcomes: set[str] = set()
    for round_ in range(ROUNDS):
        founder = FakeUser(id=5000 + round_, first_name="Ann", username="ann", language_code="en")
        start = mark(bot)
        await ask_for_mentor(bot, founder)
        [offer] = offers_to(bot, mentor_a, start)
        referral_id, _status, _offers = await _outcome(bot, founder)
        accept = bot.fake.press(mentor_a, offer.button("Accept")["callback_data"], offer)
        withdraw = bot.fake.press(founder, f"mentor:w:{referral_id}")  # its Withdraw button
        await asyncio.gather(bot.processed(accept), bot.processed(withdraw))

        said = [c.text for c in bot.fake.calls[start:] if c.text]
        assert not any(SORRY in text for text in said), said
        _id, status, offer_outcomes = await _outcome(bot, founder)
        if status == ReferralStatus.CANCELLED:
            assert offer_outcomes == [OfferOutcome.WITHDRAWN]
        else:
            assert status == ReferralStatus.CONNECTED, status
            assert offer_outcomes == [OfferOutcome.ACCEPTED]
            await mentors(bot).close(
                referral_id, await user_id_of(bot, mentor_a), "helped"
            )  # room for the next
        outcomes.add(status)
    assert outcomes, "no round ran"
