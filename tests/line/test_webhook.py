"""The webhook endpoint over real HTTP: signed posts are handled once, forged ones never."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web

from bot.conversation.reply import Button, Reply, rows
from bot.line.api import LineApi
from bot.line.events import LineEvent
from bot.line.render import render_replies
from bot.line.webhook import LineWebhook, RecentEvents, line_webhook
from tests.fake_line import CHANNEL_SECRET, FakeLine
from tests.fake_line_webhook import LineEvents, body, line_user_id, post

PATH = "/line/webhook"
USER = line_user_id(3)


@dataclass
class Server:
    url: str
    webhook: LineWebhook
    received: list[LineEvent] = field(default_factory=list)
    session: aiohttp.ClientSession | None = None

    async def post(self, raw: bytes, **kwargs: object) -> int:
        assert self.session is not None
        status = await post(self.session, self.url, raw, **kwargs)  # type: ignore[arg-type]
        await self.webhook.drain()
        return status


async def start(handler_for: object) -> AsyncIterator[Server]:
    received: list[LineEvent] = []

    async def on_events(events: list[LineEvent]) -> None:
        received.extend(events)
        if callable(handler_for):
            await handler_for(events)

    webhook = line_webhook(CHANNEL_SECRET, on_events)
    app = web.Application()
    app.router.add_post(PATH, webhook.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    async with aiohttp.ClientSession() as session:
        yield Server(f"http://127.0.0.1:{port}{PATH}", webhook, received, session)
    await webhook.drain()
    await runner.cleanup()


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async for running in start(None):
        yield running


async def test_signed_post_reaches_the_callback(server: Server) -> None:
    raw = body(LineEvents().text(USER, "สวัสดี"))
    assert await server.post(raw) == 200
    assert [(e.user_id, e.text) for e in server.received] == [(USER, "สวัสดี")]


async def test_forged_signature_is_refused_and_not_dispatched(server: Server) -> None:
    raw = body(LineEvents().text(USER, "/forget"))
    assert await server.post(raw, secret="f" * 32) == 403
    assert await server.post(raw, signature="AAAA") == 403
    assert server.received == []


async def test_missing_signature_is_unauthorised(server: Server) -> None:
    assert await server.post(body(LineEvents().text(USER, "hi")), signed=False) == 401
    assert server.received == []


async def test_a_replayed_event_is_handled_once(server: Server) -> None:
    event = LineEvents().text(USER, "what is a co-op?")
    assert await server.post(body(event)) == 200
    redelivered = {**event, "deliveryContext": {"isRedelivery": True}}
    assert await server.post(body(redelivered)) == 200
    assert await server.post(body(event)) == 200
    assert [e.text for e in server.received] == ["what is a co-op?"]


async def test_connection_check_with_no_events_is_ok(server: Server) -> None:
    assert await server.post(body()) == 200
    assert server.received == []


async def test_signed_garbage_is_a_bad_request(server: Server) -> None:
    assert await server.post(b"{not json") == 400
    assert server.received == []


async def test_a_failing_callback_still_answers_200_and_keeps_serving() -> None:
    async def explode(events: list[LineEvent]) -> None:
        raise RuntimeError("boom")

    async for running in start(explode):
        assert await running.post(body(LineEvents().text(USER, "one"))) == 200
        assert await running.post(body(LineEvents().text(USER, "two"))) == 200
        assert [e.text for e in running.received] == ["one", "two"]


async def test_the_ledger_forgets_the_oldest_ids_beyond_its_capacity() -> None:
    ledger = RecentEvents(capacity=2)
    assert [await ledger.claim(i) for i in ("a", "b", "a", "c", "b", "a")] == [
        True, True, False, True, True, True,
    ]  # fmt: skip


async def test_end_to_end_a_question_is_answered_with_the_reply_token(
    fake_line: FakeLine, line_api: LineApi
) -> None:
    """Webhook in, reply out: what the composition root will do with the conversation."""
    done = asyncio.Event()

    async def answer(events: list[LineEvent]) -> None:
        for event in events:
            reply = Reply(
                f"<b>You asked</b>: {event.text}",
                rows(Button("👍", "fb:up:1"), Button("👎", "fb:down:1"), per_row=2),
            )
            await line_api.deliver(event.user_id, event.reply_token, render_replies([reply]))
        done.set()

    async for running in start(answer):
        assert await running.post(body(LineEvents(fake_line).text(USER, "ทุนจดทะเบียน"))) == 200
        await asyncio.wait_for(done.wait(), 10)
    [sent] = fake_line.to(USER)
    assert sent.kind == "reply"
    assert sent.texts == ["You asked: ทุนจดทะเบียน"]
    items = sent.messages[0]["quickReply"]["items"]
    assert [i["action"]["data"] for i in items] == ["fb:up:1", "fb:down:1"]
