"""Whatever arrives, the founder gets a polite answer and the bot keeps serving: huge
messages, stickers, stale and forged buttons, answers too long for one message, flooding."""

from __future__ import annotations

import dataclasses
import random
import re

from bot.knowledge.model import KnowledgeBase
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness
from tests.transcripts import Chat, Person

STILL_SERVING = "ข้อบังคับ"


async def assert_still_serving(bot: BotHarness | Chat, user: FakeUser | Person) -> None:
    if isinstance(bot, BotHarness):
        assert isinstance(user, FakeUser)
        [answer] = await bot.say(user, STILL_SERVING)
        assert answer.text.startswith("❓ <b>ข้อบังคับสหกรณ์ควรมีอะไรบ้าง</b>")
        return
    assert isinstance(user, Person)
    [shown] = await bot.say(user, STILL_SERVING)
    assert shown.text.startswith("❓ ข้อบังคับสหกรณ์ควรมีอะไรบ้าง\n")


async def test_a_10000_character_message_is_matched_on_its_start_and_says_so(
    messenger: Chat, thai_person: Person
) -> None:
    # Telegram takes 10,000 characters here; LINE's users can send at most 5,000 per message
    # themselves, but the bot must not trust that: 6,000 on LINE
    length = 10_000 if messenger.name == "telegram" else 6_000
    message = "จดทะเบียนสหกรณ์ต้องทำอย่างไร " + "เล่าเรื่องยาวมาก " * 700
    assert len(message) >= 10_000
    [answer] = await messenger.say(thai_person, message[:length])
    assert answer.text.startswith("ℹ️ ข้อความยาวมาก เลยอ่านแค่ 2,000 ตัวอักษรแรก")
    shown = answer.text + " ".join(answer.button_labels)  # the answer or a suggestion
    assert "จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไร" in shown
    await assert_still_serving(messenger, thai_person)


async def test_a_sticker_gets_a_hint_to_type(bot: BotHarness, english_user: FakeUser) -> None:
    await bot.processed(bot.fake.send_media(english_user, "sticker"))
    [hint] = bot.fake.sent_to(english_user.id)
    assert "I can only read text" in hint.text and "/topics" in hint.text
    await assert_still_serving(bot, english_user)


async def test_a_button_of_a_deleted_answer_answers_politely(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [answer] = await bot.say(thai_user, "ข้อบังคับ")
    faq = bot.conversation.services.faq
    knowledge = faq.knowledge
    without = tuple(e for e in knowledge.entries if e.id != "register-coop-thailand")
    trimmed = [dataclasses.replace(e, related=()) for e in without]
    await faq.replace(KnowledgeBase(knowledge.topics, tuple(trimmed)))
    [reply], _ = await bot.press(thai_user, answer, "จดทะเบียนสหกรณ์")
    assert "หาคำตอบนี้ไม่เจอแล้ว" in reply.text
    assert "สมาชิกและการบริหาร" in reply.button_labels
    [vote_reply], _ = await bot.press_data(thai_user, "faq:up:th:register-coop-thailand:0")
    assert "หาคำตอบนี้ไม่เจอแล้ว" in vote_reply.text
    await assert_still_serving(bot, thai_user)


async def test_forged_callback_data_gets_a_notice_and_the_bot_keeps_serving(
    messenger: Chat, thai_person: Person
) -> None:
    generator = random.Random(4)
    forged = [
        "".join(chr(generator.randrange(1, 0x3000)) for _ in range(30)),
        "faq:" + "".join(chr(generator.randrange(1, 0x3000)) for _ in range(30)),
        "faq:a:xx:bylaws",
        "faq:t:basics:99999999",
        "faq:up:th:bylaws:-1",
        "faq:s:th",
        "faq",
    ]
    for data in forged:
        sent, notice = await messenger.press_data(thai_person, data)
        assert sent == [] and "หมดอายุ" in notice, data
    await assert_still_serving(messenger, thai_person)


async def test_an_answer_over_4096_characters_is_split_on_paragraphs_with_valid_html(
    bot: BotHarness, english_user: FakeUser
) -> None:
    faq = bot.conversation.services.faq
    knowledge = faq.knowledge
    paragraphs = [f"<b>Step {i}:</b> " + "talk with your members " * 30 for i in range(12)]
    bylaws = knowledge.get("bylaws")
    assert bylaws is not None
    long_entry = dataclasses.replace(bylaws, answers={"en": "\n\n".join(paragraphs), "th": "ยาว"})
    entries = tuple(long_entry if e.id == "bylaws" else e for e in knowledge.entries)
    await faq.replace(KnowledgeBase(knowledge.topics, entries))
    parts = await bot.say(english_user, "/start faq-bylaws")
    assert len(parts) >= 3
    for part in parts:
        assert len(part.text) <= 4096
        assert part.text.count("<b>") == part.text.count("</b>")
        body = part.text.removeprefix("❓ <b>What should our bylaws include?</b>\n\n")
        assert re.match(r"<b>Step \d+:</b>", body), body[:40]
    assert [bool(p.buttons) for p in parts] == [False] * (len(parts) - 1) + [True]


async def test_flooding_one_chat_gets_one_slow_down_then_silence_until_the_window_passes(
    bot: BotHarness, english_user: FakeUser, thai_user: FakeUser
) -> None:
    throttle = bot.conversation.services.faq.throttle
    now = [1000.0]
    throttle.clock = lambda: now[0]
    replies = [await bot.say(english_user, "bylaws") for _ in range(throttle.limit + 3)]
    answered = replies[: throttle.limit]
    assert all(r[0].text.startswith("❓") for r in answered)
    [slow_down] = replies[throttle.limit]
    assert "faster than I can answer" in slow_down.text
    assert replies[throttle.limit + 1 :] == [[], []]
    await assert_still_serving(bot, thai_user)  # other chats are not affected
    now[0] += throttle.window
    [answer] = await bot.say(english_user, "bylaws")
    assert answer.text.startswith("❓")
