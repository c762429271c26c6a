"""The bot process is killed (SIGKILL) in the middle of a referral: after a restart nothing is
lost and nothing is offered twice, even when Telegram delivers the last update again.

The bot runs as a real process (``python -m bot run``) against the fake Bot API on a TCP port.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from bot.cli.mentors import import_file
from bot.db.engine import create_database
from bot.db.models.mentors import Referral, ReferralOffer
from bot.settings import Settings
from tests.fake_telegram import Call, FakeTelegram, FakeUser
from tests.mentors.helpers import NEED, mentor_record

FOUNDER = FakeUser(id=331, first_name="Ann", username="ann_founder", language_code="en")
MENTOR = FakeUser(id=231, first_name="Anong", username="anong_mentor", language_code="en")


class BotProcess:
    """``python -m bot run`` in a child process, pointed at the fake and the test database."""

    def __init__(self, fake: FakeTelegram, database_url: str, folder: Path) -> None:
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": fake.token,
            "TELEGRAM_API_BASE_URL": fake.base_url,
            "DATABASE_URL": database_url,
            "ADMIN_IDS": "900",
            "LOG_LEVEL": "WARNING",
        }
        self.fake = fake
        self.folder = folder
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start and wait until it is about to poll (``deleteWebhook`` comes right before)."""
        mark = len(self.fake.calls)
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=self.folder, env=self.env
        )
        await self.fake.wait_for(lambda c: c.method == "deleteWebhook", since=mark, timeout=60)

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        assert self.process is not None
        self.process.kill()
        await self.process.wait()
        self.process = None

    async def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            await self.process.wait()
            self.process = None


@pytest.fixture
async def bot_process(
    fake_telegram: FakeTelegram, database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    records = tmp_path / "mentors.yaml"
    records.write_text(yaml.safe_dump({"mentors": [mentor_record(MENTOR)]}), encoding="utf-8")
    code, lines = await import_file(Settings(database_url=database_url), records)
    assert code == 0, lines
    process = BotProcess(fake_telegram, database_url, tmp_path)
    await process.start()
    yield process
    await process.stop()


async def reply_to(fake: FakeTelegram, user: FakeUser, act: Callable[[], Any]) -> Call:
    """Do ``act`` (a user's action) and wait for the bot's first message to that user."""
    mark = len(fake.calls)
    act()
    [call] = await fake.wait_for(
        lambda c: (
            (c.chat_id == user.id and c.status == 200 and c.method.endswith("Message"))
            or (c.method == "editMessageText" and c.chat_id == user.id)
        ),
        since=mark,
        timeout=30,
    )
    return call


def offers(fake: FakeTelegram) -> list[Call]:
    return [c for c in fake.sent_to(MENTOR.id) if "would like a mentor" in c.text]


async def stored(database_url: str) -> tuple[list[Referral], list[ReferralOffer]]:
    database = create_database(database_url)
    try:
        async with database.sessions() as session:
            referrals = list((await session.scalars(select(Referral))).all())
            offered = list((await session.scalars(select(ReferralOffer))).all())
    finally:
        await database.dispose()
    return referrals, offered


async def test_killed_right_after_offering_nothing_is_lost_or_offered_twice(
    bot_process: BotProcess, fake_telegram: FakeTelegram, database_url: str
) -> None:
    fake = fake_telegram
    topics = await reply_to(fake, FOUNDER, lambda: fake.send_text(FOUNDER, "/mentor"))
    region = await reply_to(fake, FOUNDER, lambda: fake.press(FOUNDER, "mentor:ask:legal", topics))
    need = await reply_to(
        fake,
        FOUNDER,
        lambda: fake.press(FOUNDER, region.button("Bangkok")["callback_data"], region),
    )
    assert "what do you need help with" in need.text
    consent = await reply_to(fake, FOUNDER, lambda: fake.send_text(FOUNDER, NEED))
    yes = fake.take_update(fake.press(FOUNDER, consent.button("Yes")["callback_data"], consent))
    assert yes is not None

    mark = len(fake.calls)
    fake.push_update(yes)
    await fake.wait_for(lambda c: c in offers(fake), since=mark, timeout=30)
    await bot_process.kill()  # the offer is out; the rest of the turn may not be

    if not any(u["update_id"] == yes["update_id"] for u in fake._updates):
        fake.push_update(yes)  # Telegram delivers the consent again after the restart
    await bot_process.start()
    await reply_to(fake, FOUNDER, lambda: fake.send_text(FOUNDER, "/help"))  # handled after it

    assert len(offers(fake)) == 1, "the mentor was offered the same referral twice"
    referrals, offered = await stored(database_url)
    assert [r.status for r in referrals] == ["offered"]
    assert [o.outcome for o in offered] == ["pending"]

    [offer] = offers(fake)  # nothing lost: the mentor can still accept, and the founder hears
    accepted = await reply_to(
        fake, FOUNDER, lambda: fake.press(MENTOR, offer.button("Accept")["callback_data"], offer)
    )
    assert "Anong" in accepted.text
