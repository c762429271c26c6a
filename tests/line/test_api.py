"""The Messaging API client against the fake LINE server: replies, pushes, retries, blocks."""

from __future__ import annotations

import pytest

from bot.conversation.reply import Reply
from bot.line.api import LineApi, LineApiError, ReplyTokenInvalid
from bot.line.render import render_replies
from bot.messaging import Delivery
from tests.fake_line import BOT_BASIC_ID, BOT_USER_ID, FakeLine
from tests.fake_line_webhook import line_user_id
from tests.line.conftest import Pauses

USER = line_user_id(7)
HELLO = [{"type": "text", "text": "สวัสดี"}]


async def test_reply_with_a_fresh_token(fake_line: FakeLine, line_api: LineApi) -> None:
    await line_api.reply(fake_line.issue_reply_token(USER), HELLO)
    assert [(s.kind, s.texts) for s in fake_line.to(USER)] == [("reply", ["สวัสดี"])]


async def test_a_used_reply_token_is_refused(fake_line: FakeLine, line_api: LineApi) -> None:
    token = fake_line.issue_reply_token(USER)
    await line_api.reply(token, HELLO)
    with pytest.raises(ReplyTokenInvalid):
        await line_api.reply(token, HELLO)


async def test_expired_reply_token_falls_back_to_push(
    fake_line: FakeLine, line_api: LineApi
) -> None:
    token = fake_line.issue_reply_token(USER)
    fake_line.expire(token)
    outgoing = render_replies([Reply("answer")])
    assert await line_api.deliver(USER, token, outgoing) is Delivery.SENT
    assert [(s.kind, s.texts) for s in fake_line.to(USER)] == [("push", ["answer"])]


async def test_reply_then_the_rest_by_push(fake_line: FakeLine, line_api: LineApi) -> None:
    outgoing = render_replies([Reply(f"part {n}") for n in range(7)])
    delivery = await line_api.deliver(USER, fake_line.issue_reply_token(USER), outgoing)
    assert delivery is Delivery.SENT
    assert [(s.kind, len(s.messages)) for s in fake_line.to(USER)] == [("reply", 5), ("push", 2)]


async def test_429_is_retried_after_the_pause_line_asks_for(
    fake_line: FakeLine, line_api: LineApi, pauses: Pauses
) -> None:
    fake_line.fail("push", 429, times=2, retry_after="3")
    assert await line_api.push(USER, HELLO) is Delivery.SENT
    assert pauses.seconds == [3.0, 3.0]
    assert fake_line.count("push") == 3
    assert len(fake_line.to(USER)) == 1


async def test_429_without_retry_after_backs_off_doubling(
    fake_line: FakeLine, line_api: LineApi, pauses: Pauses
) -> None:
    fake_line.fail("reply", 429, times=3)
    await line_api.reply(fake_line.issue_reply_token(USER), HELLO)
    assert pauses.seconds == [1.0, 2.0, 4.0]


async def test_server_errors_are_retried_a_bounded_number_of_times(
    fake_line: FakeLine, line_api: LineApi, pauses: Pauses
) -> None:
    fake_line.fail("push", 500, times=10)
    assert await line_api.push(USER, HELLO) is Delivery.FAILED
    assert fake_line.count("push") == line_api.attempts == 4
    assert fake_line.to(USER) == []


async def test_a_huge_retry_after_is_capped(
    fake_line: FakeLine, line_api: LineApi, pauses: Pauses
) -> None:
    fake_line.fail("push", 429, retry_after="86400")
    assert await line_api.push(USER, HELLO) is Delivery.SENT
    assert pauses.seconds == [line_api.max_delay]


async def test_a_push_whose_answer_was_lost_is_not_sent_twice(
    fake_line: FakeLine, line_api: LineApi
) -> None:
    fake_line.fail("push", 500, after_accepting=True)
    assert await line_api.push(USER, HELLO) is Delivery.SENT
    assert len(fake_line.to(USER)) == 1  # the retry carried the same X-Line-Retry-Key: 409


async def test_push_to_a_user_who_blocked_the_account(
    fake_line: FakeLine, line_api: LineApi
) -> None:
    fake_line.blocked.add(USER)
    assert await line_api.push(USER, HELLO) is Delivery.BLOCKED
    assert await line_api.profile(USER) is None


async def test_deliver_reports_a_block_found_on_push(
    fake_line: FakeLine, line_api: LineApi
) -> None:
    fake_line.blocked.add(USER)
    assert await line_api.deliver(USER, None, render_replies([Reply("x")])) is Delivery.BLOCKED


async def test_profile_content_and_bot_info(fake_line: FakeLine, line_api: LineApi) -> None:
    fake_line.profiles[USER] = {"displayName": "สมชาย", "language": "th"}
    profile = await line_api.profile(USER)
    assert profile is not None and (profile.display_name, profile.language) == ("สมชาย", "th")
    fake_line.contents["123"] = b"entries: []\n"
    assert await line_api.content("123") == b"entries: []\n"
    assert await line_api.content("404") is None
    info = await line_api.bot_info()
    assert (info.user_id, info.basic_id) == (BOT_USER_ID, BOT_BASIC_ID)


async def test_a_wrong_access_token_is_an_error(fake_line: FakeLine, pauses: Pauses) -> None:
    async with LineApi("wrong-token-wrong-token", fake_line.base_url, sleep=pauses) as api:
        with pytest.raises(LineApiError) as error:
            await api.bot_info()
        assert error.value.status == 401
        assert await api.push(USER, HELLO) is Delivery.FAILED
    assert pauses.seconds == []  # 401 is not worth retrying


async def test_an_unreachable_server_fails_after_bounded_tries(pauses: Pauses) -> None:
    async with LineApi("token-token-token-token", "http://127.0.0.1:9", sleep=pauses) as api:
        assert await api.push(USER, HELLO) is Delivery.FAILED
        with pytest.raises(LineApiError) as error:
            await api.reply("token", HELLO)
    assert error.value.status == 0
    assert pauses.seconds == [1.0, 2.0, 4.0] * 2


async def test_calls_before_start_are_a_programming_error() -> None:
    with pytest.raises(RuntimeError):
        await LineApi("t" * 20).push(USER, HELLO)
