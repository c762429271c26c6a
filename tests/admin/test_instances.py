"""Several instances on one database (the production set-up, on PostgreSQL): a change made
through one instance is answered by the other within seconds, without a restart."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from tests.admin.conftest import press_last, say_last
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings, telegram_admins
from tests.identities import internal_id

RELOAD_DEADLINE_SECONDS = 10.0  # the reload loop runs every 2 s; "within a few seconds"


async def wait_until(condition: Callable[[], bool], timeout: float) -> float:
    """Seconds until ``condition()`` holds; fails after ``timeout``."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"still not true after {timeout} s")
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def test_a_change_through_one_instance_is_answered_by_a_second_within_seconds(
    bot_factory: Callable[..., BotHarness],
    database_url: str,
    admin: FakeUser,
    english_user: FakeUser,
) -> None:
    first = bot_factory(admin_ids=telegram_admins(900))
    await first.start()
    other_fake = FakeTelegram(first_update_id=1_000_000)  # update ids are deduplicated
    await other_fake.start()
    second = BotHarness(other_fake, make_settings(other_fake, database_url))  # no ADMIN_IDS
    second.knowledge_source = first.knowledge_source
    await second.start()
    try:
        question = "what is the PDPA?"
        [before] = await second.say(english_user, question)
        assert "<i>Explained by the co-op admins.</i>" not in before.text

        menu = await say_last(first, admin, "/faq_edit pdpa")
        prompt = await press_last(first, admin, menu, "English answer")
        new_answer = "The PDPA protects personal data. <i>Explained by the co-op admins.</i>"
        preview = await say_last(first, admin, new_answer)
        await press_last(first, admin, preview, "Save")
        faq = second.conversation.services.faq

        def second_has_it() -> bool:
            entry = faq.entry("pdpa")
            return entry is not None and entry.answers["en"] == new_answer

        latency = await wait_until(second_has_it, RELOAD_DEADLINE_SECONDS)
        print(f"second instance reloaded {latency:.2f} s after the save")
        [after] = await second.say(english_user, question)
        assert new_answer in after.text
        assert prompt.text

        await say_last(first, admin, "/admins add 4242")
        services = second.conversation.services
        added = await internal_id(first, "telegram", 4242)
        await wait_until(lambda: services.admin.team.is_admin(added), RELOAD_DEADLINE_SECONDS)
    finally:
        await second.stop()
        await other_fake.stop()
        await first.stop()
