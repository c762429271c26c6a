"""Browsing when you don't know what to ask, and opening shared answers: /topics, pages, Back,
one message edited in place; ``start=faq-<id>`` deep links."""

from __future__ import annotations

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.transcripts import Chat, Person


async def test_topics_to_answer_and_back_twice_lands_on_the_topics_editing_one_message(
    messenger: Chat, thai_person: Person
) -> None:
    [topics] = await messenger.say(thai_person, "/topics")
    assert "หัวข้อ" in topics.text
    assert topics.button_labels == [
        "พื้นฐานสหกรณ์แพลตฟอร์ม",
        "กฎหมายและการจดทะเบียนในไทย",
        "สมาชิกและการบริหาร",
        "เกี่ยวกับบอทนี้",
    ]
    [questions], _ = await messenger.press(thai_person, topics, "กฎหมาย")
    assert "กฎหมายและการจดทะเบียนในไทย\n" in questions.text
    assert "จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไร" in questions.button_labels
    [answer], _ = await messenger.press(thai_person, questions, "จดทะเบียนสหกรณ์ในประเทศไทย")
    assert answer.text.startswith("❓ จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไร\n")
    assert "👍 มีประโยชน์" in answer.button_labels
    [back_to_questions], _ = await messenger.press(thai_person, answer, "ย้อนกลับ")
    assert back_to_questions.text == questions.text
    [back_to_topics], _ = await messenger.press(thai_person, back_to_questions, "กลับไปที่หัวข้อ")
    assert back_to_topics.text == topics.text
    assert back_to_topics.button_labels == topics.button_labels
    edits = [questions.raw, answer.raw, back_to_questions.raw, back_to_topics.raw]
    if messenger.name == "telegram":  # one message, changed in place
        assert "<b>กฎหมายและการจดทะเบียนในไทย</b>" in questions.raw.text
        assert answer.raw.text.startswith("❓ <b>จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไร</b>")
        assert {call.method for call in edits} == {"editMessageText"}
        assert {call.message_id for call in edits} == {topics.raw.message_id}
    else:  # LINE cannot edit a message: each step is a new one, with its own buttons
        assert all(shown.buttons for shown in [questions, answer, back_to_questions])


async def test_a_long_topic_is_paged_and_back_returns_to_the_same_page(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [topics] = await bot.say(english_user, "/topics")
    [first_page], _ = await bot.press(english_user, topics, "Platform co-op basics")
    assert "Page 1 of 2" in first_page.text
    assert len([b for b in first_page.buttons if b["callback_data"].startswith("faq:q:")]) == 6
    [second_page], _ = await bot.press(english_user, first_page, "Next")
    assert "Page 2 of 2" in second_page.text
    [answer], _ = await bot.press(english_user, second_page, "Where can I learn more")
    [back], _ = await bot.press(english_user, answer, "Back")
    assert "Page 2 of 2" in back.text
    [previous], _ = await bot.press(english_user, back, "Previous")
    assert "Page 1 of 2" in previous.text


async def test_deep_link_opens_the_answer(bot: BotHarness, english_user: FakeUser) -> None:
    [answer] = await bot.say(english_user, "/start faq-bylaws")
    assert answer.text.startswith("❓ <b>What should our bylaws include?</b>")
    share = answer.button("Share")["url"]
    assert share.endswith("start%3Dfaq-bylaws&text=What%20should%20our%20bylaws%20include%3F")


async def test_unknown_deep_link_gets_a_polite_message_and_the_topics(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [reply] = await bot.say(thai_user, "/start faq-no-such-answer")
    assert "หาคำตอบนี้ไม่เจอแล้ว" in reply.text
    assert reply.button_labels[0] == "พื้นฐานสหกรณ์แพลตฟอร์ม"
    [questions], _ = await bot.press(thai_user, reply, "พื้นฐาน")
    assert "สหกรณ์แพลตฟอร์มคืออะไร" in questions.button_labels


async def test_related_question_button_opens_that_answer_in_a_new_message(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [answer] = await bot.say(thai_user, "ข้อบังคับ")
    [related], _ = await bot.press(thai_user, answer, "จดทะเบียนสหกรณ์")
    assert related.method == "sendMessage"
    assert related.text.startswith("❓ <b>จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไร</b>")


async def test_an_answer_action_button_leads_on(bot: BotHarness, english_user: FakeUser) -> None:
    [answer] = await bot.say(english_user, "/start faq-about-bot")
    [topics], _ = await bot.press(english_user, answer, "Browse topics")
    assert topics.method == "editMessageText"
    assert "Platform co-op basics" in topics.button_labels
