"""Answers travel: inline mode in any chat, and the bot in a group, where it speaks only when
spoken to and never runs personal flows there."""

from __future__ import annotations

from typing import Any

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness

GROUP = -100555


async def inline_results(bot: BotHarness, user: FakeUser, query: str) -> list[dict[str, Any]]:
    calls = await bot.send(bot.fake.inline_query(user, query))
    [answer] = [c for c in calls if c.method == "answerInlineQuery"]
    return list(answer.params["results"])


async def test_inline_query_returns_answers_in_the_querying_users_language(
    bot: BotHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    [english] = await inline_results(bot, english_user, "bylaws")
    assert english["type"] == "article" and english["id"] == "bylaws"
    assert english["title"] == "What should our bylaws include?"
    content = english["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert content["message_text"].startswith("❓ <b>What should our bylaws include?</b>")
    assert "https://t.me/coop_compass_test_bot?start=faq-bylaws" in content["message_text"]
    [thai] = await inline_results(bot, thai_user, "bylaws")
    assert thai["title"] == "ข้อบังคับสหกรณ์ควรมีอะไรบ้าง"


async def test_inline_query_offers_every_candidate_when_unsure_and_topics_when_empty(
    bot: BotHarness, english_user: FakeUser
) -> None:
    assert len(await inline_results(bot, english_user, "members")) >= 2
    starters = await inline_results(bot, english_user, "")
    assert [r["id"] for r in starters] == [
        "what-is-platform-coop",
        "register-coop-thailand",
        "bylaws",
        "about-bot",
    ]


async def test_in_a_group_an_unmentioned_message_gets_no_reply(
    bot: BotHarness, english_user: FakeUser
) -> None:
    assert await bot.say(english_user, "what should our bylaws include?", group_id=GROUP) == []


async def test_in_a_group_a_mention_gets_the_answer_with_a_private_link_for_mentors(
    bot: BotHarness, english_user: FakeUser
) -> None:
    question = "@coop_compass_test_bot what should our bylaws include?"
    [answer] = await bot.say(english_user, question, group_id=GROUP)
    assert answer.chat_id == GROUP
    assert answer.text.startswith("❓ <b>What should our bylaws include?</b>")
    mentor = answer.button("Talk to a mentor")
    assert mentor == {
        "text": "💬 Talk to a mentor",
        "url": "https://t.me/coop_compass_test_bot?start=mentor",
    }
    assert not [b for b in answer.buttons if b.get("callback_data", "").startswith("mentor:")]


async def test_in_a_group_a_reply_to_the_bot_and_ask_command_get_answers(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [reply] = await bot.say(thai_user, "ข้อบังคับ", group_id=GROUP, reply_to_bot=True)
    assert reply.text.startswith("❓ <b>ข้อบังคับสหกรณ์ควรมีอะไรบ้าง</b>")
    [asked] = await bot.say(thai_user, "/ask จดทะเบียนสหกรณ์ต้องทำยังไง", group_id=GROUP)
    assert asked.text.startswith("❓ <b>จดทะเบียนสหกรณ์ในประเทศไทยต้องทำอย่างไร</b>")
    [hint] = await bot.say(thai_user, "/ask", group_id=GROUP)
    assert "/ask" in hint.text and "จดทะเบียน" in hint.text


async def test_in_a_group_the_fallback_points_to_a_private_chat(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [fallback] = await bot.say(
        english_user, "/ask can a robot be a member of the co-op", group_id=GROUP
    )
    assert "I don't have an answer" in fallback.text
    assert fallback.button("Talk to a mentor")["url"].endswith("?start=mentor")
