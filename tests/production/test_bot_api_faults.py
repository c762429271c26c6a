"""When the Bot API fails (429, 500, timeouts) the bot retries: no reply lost, none doubled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from tests.fake_telegram import FakeUser, Fault
from tests.harness import BotHarness


@pytest.fixture
async def quick_bot(bot_factory: Callable[..., BotHarness]) -> AsyncIterator[BotHarness]:
    """A bot that gives up waiting for a Bot API answer after half a second."""
    harness = bot_factory()
    harness.build_options = {"read_timeout": 0.5}
    await harness.start()
    yield harness
    await harness.stop()


def help_replies(bot: BotHarness, user: FakeUser, since: int) -> int:
    return sum("/language" in call.text for call in bot.fake.sent_to(user.id, since))


async def test_rate_limited_reply_is_sent_once_after_retry_after(
    quick_bot: BotHarness, english_user: FakeUser
) -> None:
    quick_bot.fake.faults.append(
        Fault("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    )
    mark = len(quick_bot.fake.calls)

    await quick_bot.say(english_user, "/help")

    statuses = [c.status for c in quick_bot.fake.calls[mark:] if c.method == "sendMessage"]
    assert statuses == [429, 200]
    assert help_replies(quick_bot, english_user, mark) == 1


async def test_server_errors_are_retried_and_the_reply_arrives_once(
    quick_bot: BotHarness, english_user: FakeUser
) -> None:
    for _ in range(2):
        quick_bot.fake.faults.append(Fault("sendMessage", 500, "Internal Server Error"))
    quick_bot.fake.faults.append(Fault("sendMessage", 502, "Bad Gateway"))
    mark = len(quick_bot.fake.calls)

    await quick_bot.say(english_user, "/help")

    statuses = [c.status for c in quick_bot.fake.calls[mark:] if c.method == "sendMessage"]
    assert statuses == [500, 500, 502, 200]
    assert help_replies(quick_bot, english_user, mark) == 1


async def test_a_send_slower_than_the_read_timeout_reaches_the_user_once(
    quick_bot: BotHarness, english_user: FakeUser
) -> None:
    # Telegram delivers the message but confirms it after the bot stopped waiting: sending it
    # again would show the user the answer twice
    slow = Fault("sendMessage", 0, "", delay=1.0)
    quick_bot.fake.faults.append(slow)
    mark = len(quick_bot.fake.calls)

    replies = await quick_bot.say(english_user, "/help")
    await asyncio.wait_for(slow.answered.wait(), 10)

    assert not any("went wrong" in c.text for c in replies)  # no apology for it either
    assert help_replies(quick_bot, english_user, mark) == 1


async def test_a_timed_out_edit_is_retried_because_repeating_it_is_harmless(
    quick_bot: BotHarness, english_user: FakeUser
) -> None:
    [menu] = await quick_bot.say(english_user, "/language")
    quick_bot.fake.faults.append(Fault("editMessageText", 504, "Gateway Timeout", delay=1.0))
    mark = len(quick_bot.fake.calls)

    await quick_bot.press(english_user, menu, "English")

    edits = [c for c in quick_bot.fake.calls[mark:] if c.method == "editMessageText"]
    assert [c.status for c in edits][-1] == 200


async def test_the_bot_keeps_serving_after_the_bot_api_recovers_from_failing_for_good(
    quick_bot: BotHarness, english_user: FakeUser
) -> None:
    for _ in range(4):  # every attempt fails: this reply is lost, and said so in the log
        quick_bot.fake.faults.append(Fault("sendMessage", 500, "Internal Server Error"))
    mark = len(quick_bot.fake.calls)
    await quick_bot.say(english_user, "/help")
    assert help_replies(quick_bot, english_user, mark) == 0

    mark = len(quick_bot.fake.calls)
    await quick_bot.say(english_user, "/help")

    assert help_replies(quick_bot, english_user, mark) == 1
