"""The unanswered inbox: what founders asked in vain, grouped with counts; adding it as a way
of asking an entry answers it next time; drafting an entry from it; dismissing it."""

from __future__ import annotations

from tests.admin.conftest import press_last, say_last
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness

LEAVE_QUESTION = "can a member leave and take money"


async def rejects_suggestions(bot: BotHarness, founder: FakeUser, question: str) -> None:
    """The founder asks, gets "Did you mean…" and answers "None of these"."""
    [suggestions] = await bot.say(founder, question)
    assert "Did you mean" in suggestions.text, suggestions.text
    await bot.press(founder, suggestions, "None of these")


async def test_unanswered_question_added_as_a_variant_is_answered_the_next_time(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser, thai_user: FakeUser
) -> None:
    await rejects_suggestions(bot, english_user, LEAVE_QUESTION)
    await rejects_suggestions(bot, english_user, "can a member leave and take the money?")
    [fallback] = await bot.say(english_user, "can a robot be a member of the co-op")
    assert "I don't have an answer for that yet" in fallback.text

    inbox = await say_last(bot, admin, "/unanswered")
    assert "Open questions: 3." in inbox.text
    assert "<b>1.</b> “can a member leave and take the money?” ×2 🇬🇧" in inbox.text
    assert "closest entry: <code>member-shares</code>" in inbox.text
    assert "“can a robot be a member of the co-op” ×1" in inbox.text
    assert "900" not in inbox.text and "Alex" not in inbox.text  # nobody's identity
    added = await press_last(bot, admin, inbox, "➕ 1 → member-shares")
    assert "Founders who ask it get that answer now" in added.text

    [answer] = await bot.say(thai_user, "can a member leave and take the money?")
    assert answer.text.startswith("❓ <b>")
    assert answer.button("👍")["callback_data"].split(":")[3] == "member-shares"
    inbox = await say_last(bot, admin, "/unanswered")
    assert "Open questions: 1." in inbox.text
    history = await say_last(bot, admin, "/faq_history member-shares")
    assert "new way of asking added (English questions)" in history.text


async def test_drafting_a_new_entry_from_an_unanswered_question_prefills_it(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    robot = "can a robot be a member of the co-op"
    await bot.say(english_user, robot)
    inbox = await say_last(bot, admin, "/unanswered")
    topics = await press_last(bot, admin, inbox, "1: new entry")
    prompt = await press_last(bot, admin, topics, "Membership & governance")
    prompt = await say_last(
        bot,
        admin,
        "หุ่นยนต์เป็นสมาชิกสหกรณ์ได้ไหม\nAI เป็นสมาชิกได้หรือเปล่า\n"
        "บอทสมัครเป็นสมาชิกได้ไหมครับ\nเครื่องจักรเป็นสมาชิกสหกรณ์ได้ไหม",
    )
    prompt = await say_last(bot, admin, "ไม่ได้ครับ สมาชิกต้องเป็นบุคคลธรรมดา")
    assert f"Already there:\n<code>{robot}</code>" in prompt.text
    prompt = await say_last(
        bot, admin, "Can an AI be a member?\nrobot members\nCan a bot join our cooperative?"
    )
    prompt = await say_last(bot, admin, "No: members must be natural persons.")
    preview = await say_last(bot, admin, "https://www.cpd.go.th/")
    assert f"<b>{robot}</b>" in preview.text
    await press_last(bot, admin, preview, "Save")
    [answer] = await bot.say(english_user, robot)
    assert "members must be natural persons" in answer.text
    inbox = await say_last(bot, admin, "/unanswered")
    assert "No unanswered questions right now" in inbox.text


async def test_dismissing_a_group_removes_it_from_the_inbox(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    await bot.say(english_user, "how many bananas fit in a tuk-tuk")
    inbox = await say_last(bot, admin, "/unanswered")
    sent, notice = await bot.press(admin, inbox, "1: dismiss")
    assert "Dismissed 1 question." in notice
    again = await say_last(bot, admin, "/unanswered")
    assert "No unanswered questions right now" in again.text
    sent, notice = await bot.press(admin, inbox, "1: dismiss")  # the old list's button
    assert sent == [] and "expired" in notice


async def test_questions_outside_the_bots_topics_are_marked_and_listed_after_the_gaps(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    for _ in range(2):
        await bot.say(english_user, "what is the weather in Chiang Mai tomorrow")
    await bot.say(english_user, "can a robot be a member of the co-op")

    inbox = await say_last(bot, admin, "/unanswered")
    assert "<b>1.</b> “can a robot be a member of the co-op” ×1 🇬🇧 · no answer" in inbox.text
    assert (
        "<b>2.</b> “what is the weather in Chiang Mai tomorrow” ×2 🇬🇧 · outside the bot's topics"
        in inbox.text
    )


async def test_a_question_that_escapes_past_one_message_keeps_the_inbox_working(
    bot: BotHarness, admin: FakeUser, english_user: FakeUser
) -> None:
    # issue 14, defect 1a: 1,200 "&" grow to 6,000 characters in the admins' list
    await bot.say(english_user, "&" * 1200)
    *first, inbox = await bot.say(admin, "/unanswered")
    assert first and any("&amp;" in c.text for c in [*first, inbox])
    _sent, notice = await bot.press(admin, inbox, "1: dismiss")
    assert "Dismissed 1 question." in notice
