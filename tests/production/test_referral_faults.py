"""A referral offer goes through Bot API trouble once: not lost, not sent twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import func, select

from bot.db.models.mentors import Referral, ReferralOffer
from tests.fake_telegram import Call, FakeUser, Fault
from tests.harness import BotHarness, telegram_admins
from tests.mentors.helpers import NEED, mark, mentor_record, offers_to, seed_mentors

FOUNDER = FakeUser(id=311, first_name="Ann", username="ann_founder", language_code="en")
MENTOR = FakeUser(id=211, first_name="Anong", username="anong_mentor", language_code="en")


@pytest.fixture
async def mentor_bot(bot_factory: Callable[..., BotHarness]) -> AsyncIterator[BotHarness]:
    harness = bot_factory(admin_ids=telegram_admins(900))
    harness.build_options = {"read_timeout": 0.5}
    await harness.start()
    await seed_mentors(harness, mentor_record(MENTOR))
    yield harness
    await harness.stop()


async def consent_question(bot: BotHarness, founder: FakeUser) -> Call:
    """/mentor → topic → region → need: the question asking to share with one mentor."""
    [topics] = await bot.say(founder, "/mentor")
    [region], _ = await bot.press_data(founder, "mentor:ask:legal", topics)
    await bot.press(founder, region, "Bangkok")
    [consent] = await bot.say(founder, NEED)
    return consent


async def stored_referrals(bot: BotHarness) -> tuple[int, int]:
    async with bot.conversation.services.database.sessions() as session:
        referrals = await session.scalar(select(func.count()).select_from(Referral))
        offers = await session.scalar(select(func.count()).select_from(ReferralOffer))
    return int(referrals or 0), int(offers or 0)


@pytest.mark.parametrize(
    "make_faults",
    [  # made anew for each database: a Fault's ``answered`` event is set once
        lambda: [Fault("sendMessage", 500, "Internal Server Error") for _ in range(2)],
        lambda: [Fault("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)],
        lambda: [Fault("sendMessage", 0, "", delay=1.0)],  # delivered, confirmed after timeout
    ],
    ids=["server-errors", "rate-limited", "slow"],
)
async def test_the_mentor_gets_the_offer_once_through_bot_api_failures(
    mentor_bot: BotHarness, make_faults: Callable[[], list[Fault]]
) -> None:
    faults = make_faults()
    start = mark(mentor_bot)
    consent = await consent_question(mentor_bot, FOUNDER)
    mentor_bot.fake.faults.extend(faults)  # the next sends (the offer first) fail once

    replies, _notice = await mentor_bot.press(FOUNDER, consent, "Yes")

    assert ["sent your request to a mentor" in c.text for c in replies] == [True]
    for fault in faults:  # the trouble did hit the offer to the mentor
        await asyncio.wait_for(fault.answered.wait(), 10)
    assert len(offers_to(mentor_bot, MENTOR, start)) == 1
    assert await stored_referrals(mentor_bot) == (1, 1)
