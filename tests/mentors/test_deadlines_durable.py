"""Deadlines live in the database: a restart loses none and fires none twice, and two
instances sweeping at the same moment never offer the same referral twice."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import start_services, stop_services
from bot.db.models.mentors import ReferralOffer
from bot.mentors import sweeper
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness, telegram_admins
from tests.identities import user_id_of
from tests.mentors.helpers import (
    ask_for_mentor,
    mark,
    mentor_record,
    mentors,
    messages_to,
    offers_to,
    run_job,
    seed_mentors,
    travel,
)


async def test_restart_between_offer_and_deadline_still_fires_the_deadline_once(
    bot_factory: Callable[..., BotHarness],
    founder: FakeUser,
    mentor_a: FakeUser,
    mentor_b: FakeUser,
) -> None:
    bot = bot_factory(admin_ids=telegram_admins(900), referral_deadline_hours=0.0005)  # 1.8 s
    await bot.start()
    try:
        await seed_mentors(bot, mentor_record(mentor_a), mentor_record(mentor_b, region="north"))
        start = mark(bot)
        await ask_for_mentor(bot, founder)
        assert len(offers_to(bot, mentor_a, start)) == 1

        await bot.restart()
        travel(bot, seconds=2)
        await run_job(bot, "referral_deadlines_job")
        await run_job(bot, "referral_deadlines_job")

        assert len(offers_to(bot, mentor_b, start)) == 1
        expired = [c for c in messages_to(bot, mentor_a, start) if "ran out" in c.text]
        assert len(expired) == 1
    finally:
        await bot.stop()


async def test_two_workers_sweeping_the_same_due_referrals_offer_each_exactly_once(
    mentor_bot: BotHarness,
    mentor_a: FakeUser,
    mentor_b: FakeUser,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = mentor_bot
    real_offer_next = sweeper.offer_next

    async def slow_offer_next(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.05)  # widen the window in which both workers hold a claim
        return await real_offer_next(*args, **kwargs)

    monkeypatch.setattr(sweeper, "offer_next", slow_offer_next)
    await seed_mentors(
        bot,
        mentor_record(mentor_a, capacity=10),
        mentor_record(mentor_b, capacity=10, region="north"),
    )
    founders = [
        FakeUser(id=400 + n, first_name=f"F{n}", username=f"founder{n}", language_code="en")
        for n in range(5)
    ]
    start = mark(bot)
    for person in founders:
        await ask_for_mentor(bot, person)
    assert len(offers_to(bot, mentor_a, start)) == 5

    first = bot.conversation.services
    second = await start_services(
        dataclasses.replace(bot.settings), migrate=False, channels=first.channels
    )
    try:
        travel(bot, hours=49)
        second.mentors.clock = mentors(bot).clock
        sweep = mark(bot)
        summaries = await asyncio.gather(
            first.mentors.sweep_deadlines(), second.mentors.sweep_deadlines()
        )
        assert sum(summary.expired for summary in summaries) == 5
        await asyncio.gather(first.mentors.sweep_deadlines(), second.mentors.sweep_deadlines())
    finally:
        await stop_services(second)

    assert len(offers_to(bot, mentor_b, start)) == 5
    async with first.database.sessions() as session:
        per_referral = (
            await session.execute(
                select(ReferralOffer.referral_id, func.count()).group_by(ReferralOffer.referral_id)
            )
        ).all()
    assert sorted(count for _, count in per_referral) == [2] * 5
    assert {
        view.status
        for p in founders
        for view in await mentors(bot).referrals_of(await user_id_of(bot, p))
    } == {"offered"}
    assert all(messages_to(bot, person, sweep) == [] for person in founders)
