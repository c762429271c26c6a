"""Several instances on one database: each update answered once, each job run by one."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import select, update

from bot.db.base import utcnow
from bot.db.models import JobLease, ProcessedUpdate
from bot.db.models.usage import UnansweredQuestion
from tests.fake_telegram import FakeTelegram, FakeUser
from tests.harness import BotHarness, make_settings


@pytest.fixture
async def second_fake() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def two_bots(
    fake_telegram: FakeTelegram, second_fake: FakeTelegram, database_url: str
) -> AsyncIterator[tuple[BotHarness, BotHarness]]:
    """Two running applications on the same database, each polling its own update stream."""
    first = BotHarness(fake_telegram, make_settings(fake_telegram, database_url))
    second = BotHarness(second_fake, make_settings(second_fake, database_url))
    await first.start()
    await second.start()
    yield first, second
    await second.stop()
    await first.stop()


async def test_an_update_reaching_two_instances_is_answered_by_one(
    two_bots: tuple[BotHarness, BotHarness], english_user: FakeUser
) -> None:
    first, second = two_bots
    for text in ("/help", "/start", "/language"):
        body = first.fake.take_update(first.fake.send_text(english_user, text))
        assert body is not None
        update_id = first.fake.push_update(body)
        second.fake.push_update(body)
        await first.processed(update_id)
        await second.processed(update_id)

    answers = first.fake.sent_to(english_user.id) + second.fake.sent_to(english_user.id)
    assert len(answers) == 3


async def test_the_same_update_polled_again_after_a_restart_is_not_answered_again(
    bot: BotHarness, english_user: FakeUser
) -> None:
    body = bot.fake.take_update(bot.fake.send_text(english_user, "/help"))
    assert body is not None
    bot.fake.push_update(body)
    assert len(await bot.send(body["update_id"])) >= 1

    await bot.restart()  # a new process: in-memory state gone, the claim is in the database
    bot.done.discard(body["update_id"])
    mark = len(bot.fake.calls)
    bot.fake.push_update(body)
    await bot.processed(body["update_id"])

    assert bot.fake.sent_to(english_user.id, mark) == []


async def test_a_periodic_job_runs_on_one_instance_per_interval(
    two_bots: tuple[BotHarness, BotHarness],
) -> None:
    first, second = (b.conversation.services for b in two_bots)
    assert first.jobs is not None and second.jobs is not None

    assert await first.jobs.run_if_claimed("prune_processed_updates_job")
    assert not await second.jobs.run_if_claimed("prune_processed_updates_job")
    assert await first.jobs.run_if_claimed("prune_processed_updates_job")  # its own lease

    async with first.database.sessions.begin() as session:  # the interval has passed
        await session.execute(
            update(JobLease).values(expires_at=utcnow() - dt.timedelta(seconds=1))
        )
    assert await second.jobs.run_if_claimed("prune_processed_updates_job")
    assert not await first.jobs.run_if_claimed("prune_processed_updates_job")


async def test_run_once_runs_at_once_whoever_holds_the_lease(
    two_bots: tuple[BotHarness, BotHarness],
) -> None:
    first, second = (b.conversation.services for b in two_bots)
    assert first.jobs is not None and second.jobs is not None
    assert await first.jobs.run_if_claimed("retention_job")

    await second.jobs.run_once("retention_job")  # tests and admin commands: no claim needed


async def test_old_update_claims_are_pruned_and_recent_ones_kept(bot: BotHarness) -> None:
    services = bot.conversation.services
    async with services.database.sessions.begin() as session:
        old = utcnow() - dt.timedelta(days=3)
        session.add(ProcessedUpdate(channel="telegram", event_id="1", processed_at=old))
        session.add(ProcessedUpdate(channel="telegram", event_id="2", processed_at=utcnow()))
    assert services.jobs is not None

    await services.jobs.run_once("prune_processed_updates_job")

    async with services.database.sessions() as session:
        kept = set((await session.scalars(select(ProcessedUpdate.event_id))).all())
    assert "1" not in kept and "2" in kept


async def test_unanswered_questions_are_deleted_after_the_retention_period(
    bot_factory: Callable[..., BotHarness],
) -> None:
    harness = bot_factory(retention_days=30)
    await harness.start()
    try:
        services = harness.conversation.services
        old = utcnow() - dt.timedelta(days=31)
        async with services.database.sessions.begin() as session:
            session.add(
                UnansweredQuestion(
                    text="สหกรณ์ปลูกผัก โทร 0812345678", language="th", source="fallback",
                    created_at=old, updated_at=old,
                )
            )  # fmt: skip
            session.add(UnansweredQuestion(text="recent one", language="en", source="fallback"))

        assert services.jobs is not None
        await services.jobs.run_once("retention_job")

        async with services.database.sessions() as session:
            texts = (await session.scalars(select(UnansweredQuestion.text))).all()
        assert texts == ["recent one"]
    finally:
        await harness.stop()


async def test_two_instances_starting_together_on_an_empty_database_both_come_up(
    fake_telegram: FakeTelegram, second_fake: FakeTelegram, database_url: str
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("several instances need PostgreSQL (the FAQ seed lock is PostgreSQL's)")
    first = BotHarness(fake_telegram, make_settings(fake_telegram, database_url))
    second = BotHarness(second_fake, make_settings(second_fake, database_url))

    await asyncio.gather(first.start(), second.start())  # both run the migrations
    try:
        user = FakeUser(id=150, first_name="Kai", language_code="en")
        assert await first.say(user, "/help")
        body = first.fake.take_update(first.fake.send_text(user, "/start"))  # ids are Telegram's
        assert body is not None
        assert await second.send(second.fake.push_update(body))
    finally:
        await asyncio.gather(first.stop(), second.stop())
