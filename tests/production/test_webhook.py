"""Webhook mode: only Telegram (holding the secret) gets updates in, each handled once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.models import ProcessedUpdate
from bot.db.models.mentors import Referral
from bot.knowledge.service import FaqService
from tests.fake_telegram import FakeUser
from tests.production.webhook_harness import WebhookHarness


async def stored_update_ids(bot: WebhookHarness) -> set[int]:
    async with bot.conversation.services.database.sessions() as session:
        claims = await session.execute(select(ProcessedUpdate.channel, ProcessedUpdate.event_id))
    assert {channel for channel, _ in claims.all()} <= {"telegram"}
    async with bot.conversation.services.database.sessions() as session:
        ids = await session.scalars(select(ProcessedUpdate.event_id))
        return {int(event_id) for event_id in ids}


async def test_start_registers_the_webhook_with_secret_and_update_types(
    webhook_bot: WebhookHarness,
) -> None:
    webhook = webhook_bot.fake.webhook
    assert webhook["url"] == "https://bot.example.org/telegram"
    assert webhook["secret_token"] == "right-secret_123"
    assert set(webhook["allowed_updates"]) == {"message", "callback_query", "inline_query"}


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_processed(
    webhook_bot: WebhookHarness, thai_user: FakeUser, english_user: FakeUser
) -> None:
    fake = webhook_bot.fake
    refused = fake.take_update(fake.send_text(thai_user, "/help"))
    assert refused is not None
    mark = len(fake.calls)

    assert await webhook_bot.post(refused, secret="wrong-secret") == 403
    assert await webhook_bot.post(refused, secret=None) == 403
    assert await webhook_bot.post(refused, secret="") == 403

    answered = await webhook_bot.say(english_user, "/help")  # a later update goes through
    assert answered
    assert fake.sent_to(thai_user.id, mark) == []
    assert refused["update_id"] not in webhook_bot.done
    assert refused["update_id"] not in await stored_update_ids(webhook_bot)


async def test_right_secret_gets_the_update_answered(
    webhook_bot: WebhookHarness, english_user: FakeUser
) -> None:
    replies = await webhook_bot.say(english_user, "/help")

    assert len(replies) == 1
    assert "/language" in replies[0].text


async def test_the_same_update_delivered_twice_is_answered_once(
    webhook_bot: WebhookHarness, english_user: FakeUser
) -> None:
    fake = webhook_bot.fake
    mark = len(fake.calls)
    update = fake.take_update(fake.send_text(english_user, "/help"))
    assert update is not None

    assert await webhook_bot.post(update) == 200
    assert await webhook_bot.post(update) == 200
    await webhook_bot.processed(update["update_id"])
    await fake.wait_for(lambda c: c.chat_id == english_user.id, since=mark)
    second = fake.take_update(fake.send_text(english_user, "/cancel"))  # a later update
    assert second is not None and await webhook_bot.post(second) == 200
    await webhook_bot.processed(second["update_id"])

    help_replies = [c for c in fake.sent_to(english_user.id, mark) if "/language" in c.text]
    assert len(help_replies) == 1
    assert update["update_id"] in await stored_update_ids(webhook_bot)


async def test_a_body_that_is_not_an_update_gets_400(webhook_bot: WebhookHarness) -> None:
    assert await webhook_bot.post(b"{not json") == 400


@pytest.mark.parametrize(
    "body",
    [
        b"null",
        b"[1,2]",
        b"5",
        b'"update"',
        b'{"update_id":7,"message":5}',
        b'{"update_id":"7"}',
        b'{"update_id":8,"callback_query":[]}',
    ],
)
async def test_json_that_is_not_an_update_object_gets_400_without_a_traceback(
    webhook_bot: WebhookHarness,
    english_user: FakeUser,
    body: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await webhook_bot.post(body) == 400

    assert [r for r in caplog.records if r.exc_info] == []
    assert await webhook_bot.say(english_user, "/help")  # the next real update still works


async def test_health_reports_the_database_reachable_and_the_faq_loaded(
    webhook_bot: WebhookHarness,
) -> None:
    status, body = await webhook_bot.get("/healthz")

    assert status == 200
    assert json.loads(body) == {"status": "ok", "checks": {"database": True, "faq": True}}


async def test_health_is_503_when_the_database_is_unreachable(
    webhook_bot: WebhookHarness,
) -> None:
    await webhook_bot.conversation.services.database.dispose()
    webhook_bot.conversation.services.database.engine = create_async_engine(
        "postgresql+asyncpg://nobody@127.0.0.1:9/none"  # nothing listens on port 9
    )

    status, body = await webhook_bot.get("/healthz")

    assert status == 503
    assert json.loads(body)["checks"]["database"] is False


async def test_health_is_503_when_the_faq_index_was_never_built(
    webhook_bot: WebhookHarness,
) -> None:
    services = webhook_bot.conversation.services
    live, services.faq = services.faq, FaqService()  # never started: no index
    try:
        status, body = await webhook_bot.get("/healthz")
    finally:
        services.faq = live

    assert status == 503
    assert json.loads(body)["checks"] == {"database": True, "faq": False}


async def test_metrics_count_handled_updates_in_prometheus_format(
    webhook_bot: WebhookHarness, english_user: FakeUser
) -> None:
    await webhook_bot.say(english_user, "/help")

    status, body = await webhook_bot.get("/metrics")

    assert status == 200
    assert 'coopbot_updates_handled_total{kind="command"} 1.0' in body
    assert "coopbot_update_handling_seconds_bucket" in body
    assert "# TYPE coopbot_errors_total counter" in body


async def test_metrics_show_faq_decisions_and_referrals_by_status_from_the_database(
    webhook_bot: WebhookHarness, english_user: FakeUser
) -> None:
    await webhook_bot.say(english_user, "What is a platform cooperative?")
    async with webhook_bot.conversation.services.database.sessions.begin() as session:
        session.add(Referral(topic="legal", language="en", status="waiting"))

    _status, body = await webhook_bot.get("/metrics")

    assert 'coopbot_faq_decisions{decision="answer"} 1.0' in body
    assert 'coopbot_referrals{status="waiting"} 1.0' in body
