"""Nobody waits forever: a decline or silence moves the offer on, and when nobody is left
the founder is told, admins are notified, and the referral waits for a new mentor."""

from __future__ import annotations

from collections.abc import Callable

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
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


async def test_decline_silence_nobody_left_then_new_mentor_gets_the_waiting_referral(
    mentor_bot: BotHarness,
    founder: FakeUser,
    mentor_a: FakeUser,
    mentor_b: FakeUser,
    admin: FakeUser,
) -> None:
    bot = mentor_bot
    await bot.say(admin, "/start")  # admins are written to in their own language
    await seed_mentors(bot, mentor_record(mentor_a), mentor_record(mentor_b, region="north"))
    start = mark(bot)
    await ask_for_mentor(bot, founder)

    # A (same region) is asked first and declines, giving a reason
    [offer_a] = offers_to(bot, mentor_a, start)
    assert offers_to(bot, mentor_b, start) == []
    [why], _ = await bot.press(mentor_a, offer_a, "Decline")
    assert "ask another mentor" in why.text
    [offer_b] = offers_to(bot, mentor_b, start)
    [noted], _ = await bot.press(mentor_a, why, "No time")
    assert "/pause" in noted.text

    # B stays silent: a reminder at half the deadline, then the offer expires
    silence = mark(bot)
    await run_job(bot, "referral_deadlines_job")
    assert messages_to(bot, mentor_b, silence) == []
    travel(bot, hours=25)
    await run_job(bot, "referral_deadlines_job")
    [reminder] = messages_to(bot, mentor_b, silence)
    assert "Reminder" in reminder.text and "Accept" in reminder.button_labels[0]
    assert "about 23 hours" in reminder.text
    await run_job(bot, "referral_deadlines_job")  # reminded once only
    assert len(messages_to(bot, mentor_b, silence)) == 1

    travel(bot, hours=49)
    await run_job(bot, "referral_deadlines_job")
    [gone] = messages_to(bot, mentor_b, silence)[1:]
    assert "time to answer ran out" in gone.text
    assert offers_to(bot, mentor_a, silence) == []  # A declined: never asked again
    [sorry] = messages_to(bot, founder, silence)
    assert "no mentor who speaks your language" in sorry.text
    [to_admin] = messages_to(bot, admin, silence)
    assert "is waiting" in to_admin.text and "Ann" not in to_admin.text
    [waiting] = await mentors(bot).referrals_of(await user_id_of(bot, founder))
    assert waiting.status == "waiting"

    # B's late press changes nothing
    sent, notice = await bot.press(mentor_b, offer_b, "Accept")
    assert sent == [] and "already moved on" in notice

    # nothing new for the sweep while nobody fits
    quiet = mark(bot)
    await run_job(bot, "referral_deadlines_job")
    assert messages_to(bot, founder, quiet) == [] and messages_to(bot, admin, quiet) == []

    # a new mentor registers; the admin approves; the waiting referral is offered
    newcomer = FakeUser(id=203, first_name="Chai", username="chai_mentor", language_code="en")
    await seed_mentors(bot, mentor_record(newcomer, status="pending"))
    [pending] = await mentors(bot).list_mentors("pending")
    approved = mark(bot)
    change = await mentors(bot).approve(pending.id)
    assert change.changed and change.offered_referrals == 1
    [welcome, offer_c] = messages_to(bot, newcomer, approved)
    assert "approved as a mentor" in welcome.text
    assert "would like a mentor" in offer_c.text


async def test_nobody_fits_from_the_start_founder_is_told_at_once(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser, admin: FakeUser
) -> None:
    await mentor_bot.say(admin, "/start")
    await seed_mentors(
        mentor_bot, mentor_record(mentor_a, languages=["th"], bio={"th": "ช่วยเรื่องจดทะเบียนสหกรณ์"})
    )
    start = mark(mentor_bot)
    answer = await ask_for_mentor(mentor_bot, founder)
    assert "no mentor who speaks your language" in answer.text
    assert messages_to(mentor_bot, mentor_a, start) == []
    [to_admin] = messages_to(mentor_bot, admin, start)
    assert "is waiting" in to_admin.text


async def test_suggesting_a_colleague_moves_the_offer_on_and_gives_an_invitation_link(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser, mentor_b: FakeUser
) -> None:
    await seed_mentors(mentor_bot, mentor_record(mentor_a), mentor_record(mentor_b))
    start = mark(mentor_bot)
    await ask_for_mentor(mentor_bot, founder)
    [offer] = offers_to(mentor_bot, mentor_a, start)
    [thanks], _ = await mentor_bot.press(mentor_a, offer, "Suggest a colleague")
    assert "start=mentorreg" in thanks.text
    assert len(offers_to(mentor_bot, mentor_b, start)) == 1


async def test_with_no_admin_the_founder_is_not_told_the_team_knows(
    bot_factory: Callable[..., BotHarness], founder: FakeUser, mentor_a: FakeUser
) -> None:
    harness = bot_factory(admin_ids=frozenset())
    await harness.start()
    try:
        bio = {"th": "ช่วยเรื่องจดทะเบียนสหกรณ์"}
        await seed_mentors(harness, mentor_record(mentor_a, languages=["th"], bio=bio))
        answer = await ask_for_mentor(harness, founder)
    finally:
        await harness.stop()
    assert "no mentor who speaks your language" in answer.text
    assert "told the team" not in answer.text
