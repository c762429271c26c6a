"""The reply language is decided once per update and scoped to it: Thai and English founders
writing at the same moment each get only their own language."""

from __future__ import annotations

import asyncio

from tests.fake_telegram import FakeUser
from tests.harness import BotHarness

# a command, the first-contact welcome, a question (whose answer is written after a database
# round trip: the other updates run in between)
MESSAGES = ("/help", "/start", "PDPA")


def founder(user_id: int, language: str) -> FakeUser:
    return FakeUser(id=user_id, first_name="Founder", language_code=language)


async def replies_alone(bot: BotHarness, user: FakeUser) -> list[str]:
    """What one founder is told when nobody else is writing."""
    texts = [call.text for message in MESSAGES for call in await bot.say(user, message)]
    return sorted(texts)


async def test_concurrent_thai_and_english_updates_never_see_each_others_language(
    bot: BotHarness,
) -> None:
    expected = {
        "th": await replies_alone(bot, founder(1, "th")),
        "en": await replies_alone(bot, founder(2, "en")),
    }
    assert expected["th"] != expected["en"]
    users = [founder(100 + n, "th" if n % 2 else "en") for n in range(16)]
    mark = len(bot.fake.calls)
    update_ids = [bot.fake.send_text(user, text) for text in MESSAGES for user in users]
    await asyncio.gather(*(bot.processed(update_id) for update_id in update_ids))

    for user in users:
        told = sorted(call.text for call in bot.fake.sent_to(user.id, mark))
        assert told == expected[user.language_code or ""], user
