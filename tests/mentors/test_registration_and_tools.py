"""Becoming a mentor through the bot, the admin's review, and the mentor's own tools."""

from __future__ import annotations

from sqlalchemy import select

from bot.db.models.admin import AuditEntry
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.identities import internal_id
from tests.mentors.helpers import (
    ask_for_mentor,
    ask_for_mentor_on,
    mark,
    mentor_record,
    mentors,
    offers_to,
    run_job,
    seed_mentors,
)
from tests.transcripts import Chat, Person

BIO = "I helped a riders' co-op in Chiang Mai write its bylaws and register."


async def test_register_as_mentor_admin_approves_and_first_offer_arrives(
    messenger: Chat, mentor_a: FakeUser, admin: FakeUser, founder: FakeUser
) -> None:
    chat = messenger
    mentor, admin_person = Person.of(mentor_a), Person.of(admin)
    await chat.say(admin_person, "/start")
    await ask_for_mentor_on(chat, Person.of(founder))  # nobody yet: the request waits

    [name_question] = await chat.say(mentor, "/become_mentor")
    assert "What name should founders see?" in name_question.text
    [languages], _ = await chat.press(mentor, name_question, "Use “Anong”")
    [languages], _ = await chat.press(mentor, languages, "Thai")
    assert "✅ Thai" in languages.button_labels
    [languages], _ = await chat.press(mentor, languages, "Thai")  # toggled off again
    assert "Thai" in languages.button_labels
    [languages], _ = await chat.press(mentor, languages, "English")
    [topics], _ = await chat.press(mentor, languages, "Done")
    sent, notice = await chat.press(mentor, topics, "Done")  # nothing chosen yet
    assert "at least one" in notice
    [topics], _ = await chat.press_data(mentor, "mreg:t:legal", topics)
    [tags], _ = await chat.press(mentor, topics, "Done")
    [tags], _ = await chat.press(mentor, tags, "Bylaws")
    [region], _ = await chat.press(mentor, tags, "Done")
    [capacity], _ = await chat.press(mentor, region, "North")
    [bio_question], _ = await chat.press(mentor, capacity, "3")
    assert "English" in bio_question.text
    [too_short] = await chat.say(mentor, "Hi")
    assert "between" in too_short.text
    [consent] = await chat.say(mentor, BIO)
    assert "Do you agree to be contacted" in consent.text
    to_admin_mark = chat.mark()
    [thanks], _ = await chat.press(mentor, consent, "Yes")
    assert "waiting for an admin's approval" in thanks.text

    [review] = chat.received(admin_person, to_admin_mark)
    assert "Anong" in review.text and "Bylaws" in review.text and "Chiang Mai" in review.text
    offered = chat.mark()
    [approved], _ = await chat.press(admin_person, review, "Approve")
    assert "approved" in approved.text
    async with chat.conversation.services.database.sessions() as session:
        query = select(AuditEntry.actor_id, AuditEntry.action)
        admin_id = await internal_id(chat, *chat.account(admin_person))
        query = query.where(AuditEntry.actor_id == admin_id)
        audited = (await session.execute(query)).all()
    assert audited == [(admin_id, "mentor_approve")]  # issue 14, defect 7
    [welcome, offer] = chat.received(mentor, offered)
    assert "approved as a mentor" in welcome.text and "would like a mentor" in offer.text
    sent, notice = await chat.press(admin_person, review, "Reject")  # second press: no change
    assert sent == [] and "already" in notice
    [view] = await chat.conversation.services.mentors.list_mentors("approved")
    assert (view.display_name, view.region, view.capacity) == ("Anong", "north", 3)
    assert set(view.topics) == {"legal", "bylaws"} and view.bios == {"en": BIO}

    [already] = await chat.say(mentor, "/become_mentor")
    assert "already registered" in already.text


async def test_pause_resume_and_profile_edit(
    mentor_bot: BotHarness, mentor_a: FakeUser, founder: FakeUser
) -> None:
    bot = mentor_bot
    await seed_mentors(bot, mentor_record(mentor_a))
    [paused] = await bot.say(mentor_a, "/pause")
    assert "Paused" in paused.text
    start = mark(bot)
    answer = await ask_for_mentor(bot, founder)
    assert "no mentor who speaks your language" in answer.text
    assert offers_to(bot, mentor_a, start) == []

    [resumed] = await bot.say(mentor_a, "/resume")
    assert "Welcome back" in resumed.text
    await run_job(bot, "referral_deadlines_job")
    assert len(offers_to(bot, mentor_a, start)) == 1  # the waiting request comes through

    [profile] = await bot.say(mentor_a, "/profile")
    assert "Anong" in profile.text and "Bangkok" in profile.text
    [capacity], _ = await bot.press(mentor_a, profile, "Change how many founders")
    [saved], _ = await bot.press(mentor_a, capacity, "5")
    assert "Saved" in saved.text
    [languages_edit], _ = await bot.press(mentor_a, profile, "Change languages")
    [languages_edit], _ = await bot.press(mentor_a, languages_edit, "Thai")
    [thai_bio], _ = await bot.press(mentor_a, languages_edit, "Done")
    assert "Thai" in thai_bio.text
    await bot.say(mentor_a, "ช่วยสหกรณ์ไรเดอร์จดทะเบียนมาแล้วสามแห่งครับ")
    [view] = await mentors(bot).list_mentors("approved")
    assert view.capacity == 5 and view.languages == ("en", "th") and "th" in view.bios

    [listing] = await bot.say(mentor_a, "/my_referrals")
    assert "Ann" in listing.text and "Accept" in listing.button_labels[0]


async def test_not_a_mentor_gets_pointed_to_become_mentor(
    mentor_bot: BotHarness, founder: FakeUser
) -> None:
    for command in ("/pause", "/resume", "/profile"):
        [answer] = await mentor_bot.say(founder, command)
        assert "/become_mentor" in answer.text
    [answer] = await mentor_bot.say(founder, "/my_referrals")
    assert "no referrals yet" in answer.text


async def test_deep_links_start_the_request_and_the_registration(
    mentor_bot: BotHarness, founder: FakeUser, mentor_a: FakeUser
) -> None:
    [topics] = await mentor_bot.say(founder, "/start mentor")
    assert any(b["callback_data"].startswith("mentor:ask:") for b in topics.buttons)
    [regions] = await mentor_bot.say(founder, "/start mentor-funding")
    assert "Where are you based?" in regions.text
    [name_question] = await mentor_bot.say(mentor_a, "/start mentorreg")
    assert "What name should founders see?" in name_question.text
    [name_question] = await mentor_bot.say(mentor_a, "/start")
    [from_faq], _ = await mentor_bot.press_data(mentor_a, "mentor:become")
    assert "What name should founders see?" in from_faq.text
