"""Fields long enough to grow past one message once escaped still reach people whole
(issue 14, defect 1 b–d), and a field over its cap is refused saying the limit."""

from __future__ import annotations

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import user_id_of
from tests.mentors.helpers import (
    ask_for_mentor,
    mark,
    mentor_record,
    mentors,
    messages_to,
    relay_opened,
    run_job,
    seed_mentors,
    travel,
)

QUOTES = "We need help. " + '"' * 700  # 4,200 characters once escaped


async def test_a_need_that_escapes_past_one_message_still_gets_the_consent_card(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a))
    [topics] = await bot.say(founder, "/mentor")
    [region], _ = await bot.press_data(founder, "mentor:ask:legal", topics)
    await bot.press(founder, region, "Bangkok")
    *first, consent = await bot.say(founder, QUOTES)
    assert any("&quot;" in c.text for c in first)
    [answer], _ = await bot.press(founder, consent, "Yes")
    assert "mentor" in answer.text


async def test_an_offer_that_escapes_past_one_message_reaches_the_mentor_and_its_reminder_too(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a))
    start = mark(bot)
    await ask_for_mentor(bot, founder, need="Please help. " + '"' * 640)
    offer = messages_to(bot, mentor_a, start)
    assert len(offer) >= 2 and offer[-1].button("Accept")
    travel(bot, hours=25)
    before = mark(bot)
    await run_job(bot, "referral_deadlines_job")
    assert len(messages_to(bot, mentor_a, before)) >= 2  # the reminder, whole
    [view] = await mentors(bot).referrals_of(await user_id_of(bot, founder))
    assert view.status == "offered"


async def test_a_relayed_message_that_escapes_past_one_message_arrives_whole(
    mentor_bot: BotHarness, founder_without_username: FakeUser
) -> None:
    bot = mentor_bot
    founder = founder_without_username
    mentor = await relay_opened(bot, founder)
    before = mark(bot)
    [ack] = await bot.say(founder, "&" * 2000)
    assert "Passed on" in ack.text
    copies = messages_to(bot, mentor, before)
    assert sum(c.text.count("&amp;") for c in copies) == 2000


async def test_a_relayed_message_over_the_cap_is_refused_saying_the_limit(
    mentor_bot: BotHarness, founder_without_username: FakeUser
) -> None:
    bot = mentor_bot
    founder = founder_without_username
    mentor = await relay_opened(bot, founder)
    before = mark(bot)
    [refusal] = await bot.say(founder, "x" * 3001)
    assert "under 3,000 characters" in refusal.text
    assert messages_to(bot, mentor, before) == []
