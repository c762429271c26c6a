"""The whole referral, as the people involved see it: a founder asks, a mentor accepts, both
get each other's contact, the mentor closes it, and the follow-ups arrive later."""

from __future__ import annotations

from collections.abc import Callable

from bot.db.models.mentors import ReferralStatus
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness, telegram_admins
from tests.mentors.helpers import (
    NEED,
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


async def test_founder_asks_mentor_accepts_closes_and_follow_ups_arrive(
    bot_factory: Callable[..., BotHarness], founder: FakeUser, mentor_a: FakeUser
) -> None:
    bot = bot_factory(admin_ids=telegram_admins(900), followup_days=0.5)
    await bot.start()
    try:
        await seed_mentors(bot, mentor_record(mentor_a))
        start = mark(bot)

        answer = await ask_for_mentor(bot, founder)
        assert "sent your request to a mentor" in answer.text

        [offer] = offers_to(bot, mentor_a, start)
        assert "Ann" in offer.text and NEED in offer.text
        assert "Law &amp; registration" in offer.text or "Law & registration" in offer.text
        assert offer.button_labels == ["✅ Accept", "❌ Decline", "🙋 Suggest a colleague"]
        assert "within about 48 hours" in offer.text

        before_accept = mark(bot)
        [connected], notice = await bot.press(mentor_a, offer, "Accept")
        assert notice == ""
        assert connected.method == "editMessageText"
        assert "connected with Ann" in connected.text
        assert 'href="https://t.me/ann_founder"' in connected.text
        [to_founder] = messages_to(bot, founder, before_accept)
        assert "Anong accepted your request" in to_founder.text
        assert 'href="https://t.me/anong_mentor"' in to_founder.text
        assert "helped three co-ops register" in to_founder.text

        [listing] = await bot.say(mentor_a, "/my_referrals")
        assert "Ann" in listing.text and "in touch" in listing.text
        [outcomes], _ = await bot.press(mentor_a, listing, "Close")
        [closed], _ = await bot.press(mentor_a, outcomes, "it helped")
        assert "Closed" in closed.text
        [ended] = [c for c in messages_to(bot, founder, before_accept) if "has ended" in c.text]
        assert "Anong" in ended.text

        before_followup = mark(bot)
        await run_job(bot, "referral_followups_job")
        assert messages_to(bot, founder, before_followup) == []  # not due yet

        travel(bot, days=0.6)
        await run_job(bot, "referral_followups_job")
        [fit_founder] = messages_to(bot, founder, before_followup)
        [fit_mentor] = messages_to(bot, mentor_a, before_followup)
        assert "good fit" in fit_founder.text and "Anong" in fit_founder.text
        assert "good fit" in fit_mentor.text and "Ann" in fit_mentor.text
        assert fit_founder.button_labels == ["1", "2", "3", "4", "5"]
        [thanks], _ = await bot.press(founder, fit_founder, "4")
        assert "4 out of 5" in thanks.text
        await bot.press(mentor_a, fit_mentor, "5")

        await run_job(bot, "referral_followups_job")  # asked once only
        assert len(messages_to(bot, founder, before_followup)) == 2  # question + thanks

        travel(bot, days=5.1)  # 10 x FOLLOWUP_DAYS after the connection
        before_helped = mark(bot)
        await run_job(bot, "referral_followups_job")
        [helped] = messages_to(bot, founder, before_helped)
        assert "Did it help" in helped.text
        assert messages_to(bot, mentor_a, before_helped) == []
        await bot.press(founder, helped, "Partly")

        stats = await mentors(bot).statistics()
        assert stats.referrals_by_status == {ReferralStatus.CLOSED: 1}
        assert stats.founder_fit_average == 4 and stats.mentor_fit_average == 5
        assert stats.helped == {"partly": 1}
        assert stats.median_hours_to_acceptance is not None
    finally:
        await bot.stop()


async def test_offer_reaches_the_mentor_in_the_mentors_language(
    mentor_bot: BotHarness, founder: FakeUser
) -> None:
    thai_mentor = FakeUser(id=205, first_name="สมศรี", username="somsri", language_code="th")
    await mentor_bot.say(thai_mentor, "/start")
    await seed_mentors(
        mentor_bot,
        mentor_record(
            thai_mentor,
            languages=["th", "en"],
            bio={"th": "ช่วยจดทะเบียนสหกรณ์มาแล้วสามแห่ง", "en": "Helped three co-ops register."},
        ),
    )
    start = mark(mentor_bot)
    await ask_for_mentor(mentor_bot, founder)
    [offer] = messages_to(mentor_bot, thai_mentor, start)
    assert "รับ" in offer.button_labels[0]
    assert "Ann" in offer.text and NEED in offer.text
    assert "อังกฤษ" in offer.text  # the founder's language, named in Thai
