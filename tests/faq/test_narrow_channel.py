"""A messenger that shows less than Telegram (20-character labels, 3 buttons a message, no
editing in place, as LINE will be): the same conversation, fitted to it by the engine.

Driven through the real Telegram application against the fake Bot API, with the channel's
capabilities narrowed: what reaches the chat is what any such messenger would be given."""

from __future__ import annotations

import dataclasses

from bot.channels import Channel
from bot.telegram.channel import TELEGRAM_CAPABILITIES, TelegramLinks
from tests.fake_telegram import Call, FakeUser
from tests.harness import BotHarness

NARROW = dataclasses.replace(
    TELEGRAM_CAPABILITIES, button_label_limit=20, buttons_per_message=3, edit_in_place=False
)


def narrow(bot: BotHarness) -> None:
    """The running bot's Telegram channel, with narrower capabilities."""
    channels = bot.conversation.services.channels
    telegram = channels.get("telegram")
    channels.register(dataclasses.replace(telegram, capabilities=NARROW))
    assert isinstance(channels.get("telegram"), Channel)
    assert isinstance(channels.get("telegram").links, TelegramLinks)


def fits(call: Call) -> bool:
    return len(call.buttons) <= 3 and all(len(label) <= 20 for label in call.button_labels)


async def test_browsing_sends_new_messages_with_short_labels_and_few_buttons(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    narrow(bot)
    [topics] = await bot.say(thai_user, "/topics")
    assert fits(topics)
    assert topics.button_labels[0] == "พื้นฐานสหกรณ์แพลตฟอร์ม"[:19] + "…"  # 23 characters
    [questions], _ = await bot.press(thai_user, topics, "กฎหมาย")
    [answer], _ = await bot.press(thai_user, questions, questions.button_labels[0])
    assert answer.text.startswith("❓ <b>")
    assert "👍 มีประโยชน์" in answer.button_labels  # the most important buttons stay
    browsing = [topics, questions, answer]
    assert all(fits(call) for call in browsing)
    assert {call.method for call in browsing} == {"sendMessage"}  # nothing edited in place
    assert len({call.message_id for call in browsing}) == 3


async def test_the_same_browse_edits_in_place_on_telegram(
    bot: BotHarness, thai_user: FakeUser
) -> None:
    [topics] = await bot.say(thai_user, "/topics")
    assert len(topics.buttons) == 4 and not fits(topics)
    [questions], _ = await bot.press(thai_user, topics, "กฎหมาย")
    assert questions.method == "editMessageText"
