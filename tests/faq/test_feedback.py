"""👍 / 👎 on answers: kept per answer and language; 👎 offers another way on and puts the
founder's question on the admins' unanswered list."""

from __future__ import annotations

import datetime as dt

from bot.db.base import utcnow
from bot.db.models.usage import AnswerFeedback, UnansweredQuestion
from bot.knowledge.usage import FaqUsage
from tests.fake_telegram import FakeUser
from tests.faq.conftest import rows
from tests.harness import BotHarness
from tests.transcripts import Chat, Person


async def test_thumbs_up_is_stored_per_answer_and_language(
    messenger: Chat, english_person: Person
) -> None:
    [answer] = await messenger.say(english_person, "platform coop คืออะไร")  # answered in Thai
    sent, notice = await messenger.press(english_person, answer, "👍")
    assert sent == [] and notice == "ขอบคุณสำหรับความเห็นครับ"
    [vote] = await rows(messenger, AnswerFeedback)
    assert (vote.entry_id, vote.language, vote.vote) == ("what-is-platform-coop", "th", "up")
    assert vote.question_id is not None


async def test_thumbs_down_offers_the_fallback_and_logs_the_question_once(
    messenger: Chat, english_person: Person
) -> None:
    [answer] = await messenger.say(english_person, "how do we share profits")
    await messenger.press(english_person, answer, "👍")
    [offer], notice = await messenger.press(english_person, answer, "👎")
    assert notice == "Thanks for your feedback!"
    if messenger.name == "telegram":
        assert offer.raw.method == "sendMessage"
    assert "wasn't what you needed" in offer.text and "/topics" in offer.text
    assert offer.button("Talk to a mentor").data == "mentor:ask:governance"
    [vote] = await rows(messenger, AnswerFeedback)  # the second press changed the vote
    assert (vote.entry_id, vote.language, vote.vote) == ("profit-distribution", "en", "down")
    [logged] = await rows(messenger, UnansweredQuestion)
    assert (logged.text, logged.source, logged.entry_id) == (
        "how do we share profits",
        "thumbs_down",
        "profit-distribution",
    )
    await messenger.press(english_person, answer, "👎")
    assert len(await rows(messenger, UnansweredQuestion)) == 1


async def test_thumbs_down_on_a_browsed_answer_names_the_answer(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [answer] = await bot.say(thai_user, "/start faq-member-shares")
    [offer], _ = await bot.press(thai_user, answer, "👎")
    assert "คุยกับพี่เลี้ยง" in offer.button_labels[0]
    [logged] = await rows(bot, UnansweredQuestion)
    assert (logged.text, logged.entry_id, logged.language) == (None, "member-shares", "th")
    [vote] = await rows(bot, AnswerFeedback)
    assert (vote.vote, vote.question_id) == ("down", None)


async def test_question_words_are_forgotten_after_a_day(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [suggestions] = await bot.say(english_user, "members")
    usage = FaqUsage(bot.conversation.services.database)
    assert await usage.forget_old_texts(now=utcnow() + dt.timedelta(hours=25)) == 1
    [fallback], _ = await bot.press(english_user, suggestions, "None of these")
    assert "I don't have an answer" in fallback.text
    assert await rows(bot, UnansweredQuestion) == []


async def test_the_forgetting_job_keeps_fresh_questions(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [suggestions] = await bot.say(english_user, "members")
    jobs = bot.conversation.services.jobs
    await jobs.run_once("forget_question_texts_job")
    await bot.press(english_user, suggestions, "None of these")
    [logged] = await rows(bot, UnansweredQuestion)
    assert logged.text == "members"
