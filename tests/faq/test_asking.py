"""Founders ask in their own words, through the real Application and the fake Bot API: the
answer in the question's language, "Did you mean…", the honest fallback for a gap, and what
the bot covers for a question outside it."""

from __future__ import annotations

import datetime

from bot.db.models.usage import QuestionLog, UnansweredQuestion
from tests.fake_telegram import FakeUser
from tests.faq.conftest import rows
from tests.harness import BotHarness
from tests.transcripts import Chat, Person


async def test_thai_question_with_a_typo_gets_the_thai_answer_with_sources_and_buttons(
    messenger: Chat, thai_person: Person
) -> None:
    [answer] = await messenger.say(thai_person, "สหกรณแพลตฟอมคืออะไร")
    assert answer.text.startswith("❓ สหกรณ์แพลตฟอร์มคืออะไร\n")
    assert "คนทำงานและผู้ใช้เป็นเจ้าของแพลตฟอร์มร่วมกัน" in answer.text
    assert "ที่มา: platform.coop (https://platform.coop/)" in answer.text
    assert "ตรวจทานล่าสุด: 26 พ.ย. 2569" in answer.text
    assert "➡️ สหกรณ์แพลตฟอร์มต่างจากสตาร์ทอัพทั่วไปอย่างไร" in answer.button_labels
    assert answer.button("👍").data.startswith("faq:up:th:what-is-platform-coop:")
    assert answer.button("👎").data.startswith("faq:down:th:what-is-platform-coop:")
    assert answer.button("คุยกับพี่เลี้ยง").data == "mentor:ask:basics"
    share = answer.button("แชร์").url or ""
    if messenger.name == "telegram":
        assert answer.raw.text.startswith("❓ <b>สหกรณ์แพลตฟอร์มคืออะไร</b>")
        assert 'ที่มา: <a href="https://platform.coop/">platform.coop</a>' in answer.raw.text
        assert answer.raw.params["parse_mode"] == "HTML"
        assert share.startswith(
            "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Fcoop_compass_test_bot%3Fstart%3Dfaq-"
            "what-is-platform-coop"
        )
    else:  # LINE's share picker, carrying the deep link into the account's chat
        assert share.startswith("https://line.me/R/share?text=")
        assert "oaMessage%2F%40coopcompass%2F%3F%252Fstart%2520faq-what-is-platform-coop" in share


async def test_the_same_need_in_english_gets_the_english_answer(
    messenger: Chat, english_person: Person
) -> None:
    [answer] = await messenger.say(english_person, "what is a platfrom cooperative?")
    assert answer.text.startswith("❓ What is a platform cooperative?\n")
    assert "workers and users own the platform together" in answer.text
    assert "Last reviewed: 26 Nov 2026" in answer.text
    assert "➡️ How is a platform co-op different from a normal startup?" in answer.button_labels
    assert answer.button("Talk to a mentor").data == "mentor:ask:basics"


async def test_a_code_switched_question_gets_the_thai_answer_even_from_an_english_user(
    messenger: Chat, english_person: Person
) -> None:
    [answer] = await messenger.say(english_person, "platform coop คืออะไร")
    assert answer.text.startswith("❓ สหกรณ์แพลตฟอร์มคืออะไร\n")
    assert "คุยกับพี่เลี้ยง" in " ".join(answer.button_labels)


async def test_english_layout_thai_is_answered_as_thai(
    bot: BotHarness, english_user: FakeUser
) -> None:
    # "สหกรณ์แพลตฟอร์มคืออะไร" typed with the keyboard left on the English layout
    [answer] = await bot.say(english_user, "lsdiINcr]9aviN,8nvvtwi")
    assert answer.text.startswith("❓ <b>สหกรณ์แพลตฟอร์มคืออะไร</b>")


async def test_a_bare_keyword_is_answered_in_the_users_language(
    bot: BotHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    [thai] = await bot.say(thai_user, "PDPA")
    [english] = await bot.say(english_user, "PDPA")
    assert thai.text.startswith("❓ <b>ต้องดูแลข้อมูลส่วนบุคคลของสมาชิกอย่างไรตาม PDPA</b>")
    assert english.text.startswith("❓ <b>How should we handle members' personal data?</b>")


async def test_ambiguous_question_gets_suggestions_and_pressing_one_shows_that_answer(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [suggestions] = await bot.say(english_user, "members")
    assert "Did you mean" in suggestions.text
    labels = suggestions.button_labels
    assert 2 <= len(labels) <= 4 and labels[-1] == "🙅 None of these"
    chosen = labels[0]
    [answer], _notice = await bot.press(english_user, suggestions, chosen)
    assert answer.method == "editMessageText"
    assert answer.message_id == suggestions.message_id
    assert answer.text.startswith(f"❓ <b>{chosen}</b>")
    assert "👍 Helpful" in answer.button_labels


async def test_none_of_these_falls_back_and_logs_the_question(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [suggestions] = await bot.say(thai_user, "สมาชิก")
    assert "หมายถึงข้อไหน" in suggestions.text
    [fallback], _notice = await bot.press(thai_user, suggestions, "ไม่ใช่สักข้อ")
    assert fallback.method == "editMessageText"
    assert "ยังไม่มีคำตอบ" in fallback.text and "/topics" in fallback.text
    assert fallback.button("คุยกับพี่เลี้ยง")["callback_data"] == "mentor:ask"
    [logged] = await rows(bot, UnansweredQuestion)
    assert (logged.text, logged.language, logged.source) == ("สมาชิก", "th", "none_of_these")
    assert logged.status == "new"
    assert len(logged.candidates) >= 2 and {"id", "score"} <= set(logged.candidates[0])
    await bot.press(thai_user, suggestions, "ไม่ใช่สักข้อ")  # pressed again: logged once
    assert len(await rows(bot, UnansweredQuestion)) == 1


async def test_off_topic_question_says_what_the_bot_covers_and_is_marked_out_of_scope(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [reply] = await bot.say(english_user, "recipe for pad thai")
    assert reply.text == (
        "That's outside what I can help with: I answer questions about starting a platform "
        "co-op in Thailand. /topics shows everything I can answer."
    )
    assert reply.button_labels == ["📚 Browse topics"]  # no mentor: not a co-op question
    assert reply.button("Browse topics")["callback_data"] == "faq:top"
    [logged] = await rows(bot, UnansweredQuestion)
    assert logged.text == "recipe for pad thai"
    assert (logged.language, logged.source) == ("en", "out_of_scope")
    [question] = await rows(bot, QuestionLog)
    assert (question.decision, question.language) == ("fallback", "en")
    assert question.pending_text is None
    for table in (UnansweredQuestion.__table__, QuestionLog.__table__):
        # Timestamps are left out: their digits may contain the id by chance (``11:42:33.010247``).
        values = [v for v in await _values(bot, table) if not isinstance(v, datetime.datetime)]
        stored = " ".join(str(value) for value in values)
        assert str(english_user.id) not in stored and english_user.first_name not in stored
        assert not [c for c in table.columns.keys() if "user" in c or "name" in c]  # noqa: SIM118


async def test_off_topic_thai_question_gets_the_same_reply_in_thai(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [reply] = await bot.say(thai_user, "พรุ่งนี้ฝนจะตกไหม")
    assert reply.text == (
        "เรื่องนี้อยู่นอกเหนือที่บอทช่วยได้ครับ บอทตอบเรื่องการตั้งสหกรณ์แพลตฟอร์มในไทย ดูคำถามทั้งหมดที่ตอบได้ที่ /topics"
    )
    assert reply.button_labels == ["📚 ดูตามหัวข้อ"]
    [logged] = await rows(bot, UnansweredQuestion)
    assert (logged.language, logged.source) == ("th", "out_of_scope")


async def test_a_declined_co_op_question_says_what_the_bot_covers_and_offers_a_mentor(
    bot: BotHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    # An existing savings co-op's dividend: about co-ops, but not about starting one.
    [thai] = await bot.say(thai_user, "สหกรณ์ออมทรัพย์ครูปีนี้ปันผลกี่เปอร์เซ็นต์")
    [english] = await bot.say(
        english_user, "what dividend is the teachers' savings cooperative paying this year"
    )
    assert thai.text.startswith("เรื่องนี้อยู่นอกเหนือที่บอทช่วยได้ครับ")
    assert thai.text.endswith("ถ้าเป็นเรื่องสหกรณ์อื่นๆ ลองคุยกับพี่เลี้ยงดูได้ครับ")
    assert thai.button("คุยกับพี่เลี้ยง")["callback_data"] == "mentor:ask"
    assert english.text.endswith("For other co-op questions, a mentor may be able to help.")
    assert english.button_labels == ["💬 Talk to a mentor", "📚 Browse topics"]
    logged = await rows(bot, UnansweredQuestion)
    assert [row.source for row in logged] == ["out_of_scope", "out_of_scope"]


async def test_an_unanswered_co_op_question_is_a_gap_with_the_fallback_and_a_mentor(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [fallback] = await bot.say(english_user, "can a robot be a member of the co-op")
    assert "I don't have an answer for that yet" in fallback.text
    assert "/topics" in fallback.text
    assert fallback.button("Talk to a mentor")["callback_data"] == "mentor:ask"
    assert fallback.button("Browse topics")["callback_data"] == "faq:top"
    [logged] = await rows(bot, UnansweredQuestion)
    assert (logged.language, logged.source) == ("en", "fallback")


async def _values(bot: BotHarness, table: object) -> list[object]:
    from sqlalchemy import select

    async with bot.conversation.services.database.sessions() as session:
        result = await session.execute(select(table))  # type: ignore[call-overload]
        return [value for row in result.all() for value in row]


async def test_answers_are_logged_for_statistics(bot: BotHarness, thai_user: FakeUser) -> None:
    await bot.say(thai_user, "จดทะเบียนสหกรณ์ต้องทำยังงัย")
    [question] = await rows(bot, QuestionLog)
    assert (question.decision, question.entry_id, question.language) == (
        "answer",
        "register-coop-thailand",
        "th",
    )
    assert question.chat_type == "private" and question.score is not None


async def test_a_bare_keyword_keeps_the_language_the_user_last_wrote_in(bot: BotHarness) -> None:
    no_telegram_language = FakeUser(id=103, first_name="Nok")
    await bot.say(no_telegram_language, "หุ้นสหกรณ์")
    [answer] = await bot.say(no_telegram_language, "PDPA")
    assert answer.text.startswith("❓ <b>ต้องดูแลข้อมูลส่วนบุคคลของสมาชิกอย่างไรตาม PDPA</b>")
    [english] = await bot.say(no_telegram_language, "How should we handle personal data?")
    assert english.text.startswith("❓ <b>How should we handle members' personal data?</b>")


async def test_an_answer_shows_three_sources_and_more_sources_lists_them_all(
    bot: BotHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    [answer] = await bot.say(english_user, "What are some examples of platform co-ops?")
    assert answer.text.count("<a href=") == 3
    assert "📚 Sources: " in answer.text and " and 5 more" in answer.text
    [sources], _notice = await bot.press(english_user, answer, "📚 More sources")
    assert sources.method == "sendMessage"  # a new message: the answer stays as it was
    assert sources.text.startswith("📚 All sources for “What are some examples")
    assert sources.text.count("<a href=") == 8
    assert '8. <a href="https://platform.coop/stories/akkanut-watanasombut/">' in sources.text

    [thai] = await bot.say(thai_user, "มีตัวอย่างสหกรณ์แพลตฟอร์มที่ประสบความสำเร็จไหม")
    assert "และอีก 5 แหล่ง" in thai.text
    [thai_sources], _notice = await bot.press(thai_user, thai, "📚 ที่มาเพิ่มเติม")
    assert thai_sources.text.startswith("📚 ที่มาทั้งหมดของ “มีตัวอย่างสหกรณ์แพลตฟอร์ม")


async def test_an_answer_with_three_sources_has_no_more_sources_button(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [answer] = await bot.say(english_user, "What is a platform cooperative?")
    assert answer.text.count("<a href=") == 3 and "more" not in answer.text.split("📚")[-1]
    assert not [label for label in answer.button_labels if "More sources" in label]
