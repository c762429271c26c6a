"""The fake LINE server is as strict as LINE: what it refuses, so tests can trust it."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from tests.fake_line import ACCESS_TOKEN, FakeLine
from tests.fake_line_rules import check_messages

TEXT = {"type": "text", "text": "hi"}


def quick(*actions: dict[str, Any]) -> dict[str, Any]:
    return {**TEXT, "quickReply": {"items": [{"type": "action", "action": a} for a in actions]}}


def postback(label: str = "ok", data: str = "d") -> dict[str, Any]:
    return {"type": "postback", "label": label, "data": data}


def flex(*contents: dict[str, Any]) -> dict[str, Any]:
    body = {"type": "box", "layout": "vertical", "contents": list(contents)}
    return {"type": "flex", "altText": "alt", "contents": {"type": "bubble", "body": body}}


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([TEXT] * 6, "at most 5"),
        ([{"type": "text", "text": "x" * 5001}], "at most 5000"),
        ([{"type": "text", "text": ""}], "non-empty"),
        ([{"type": "image"}], "must be one of"),
        ([quick(*[postback()] * 14)], "at most 13"),
        ([quick(postback(label="x" * 21))], "label: length must be at most 20"),
        ([quick(postback(data="x" * 301))], "300 bytes"),
        ([quick({"type": "uri", "label": "go", "uri": "https://x.example"})], "not allowed"),
        ([flex({"type": "button"})], "needs an action"),
        ([flex({"type": "box", "layout": "diagonal", "contents": []})], "layout"),
        ([{**flex(), "altText": "a" * 1501}], "altText"),
    ],
)
def test_rules_refuse_what_line_refuses(messages: list[Any], problem: str) -> None:
    problems = check_messages(messages)
    assert any(problem in p for p in problems), problems


def test_rules_accept_a_good_message() -> None:
    good = flex({"type": "button", "action": postback()}, {"type": "text", "text": "t"})
    assert check_messages([quick(postback()), good]) == []


async def test_server_refuses_a_wrong_token_and_a_bad_body() -> None:
    fake = FakeLine()
    await fake.start()
    try:
        async with aiohttp.ClientSession() as session:
            url = f"{fake.base_url}/v2/bot/message/push"
            async with session.post(url, json={}, headers={"Authorization": "Bearer x"}) as r:
                assert r.status == 401
            headers = {"Authorization": f"Bearer {ACCESS_TOKEN}"}
            bad = {"to": "U1", "messages": [TEXT] * 6}
            async with session.post(url, json=bad, headers=headers) as r:
                assert r.status == 400
        assert [c.status for c in fake.calls] == [401, 400]
        assert len(fake.refused) == 1 and fake.sent == []
    finally:
        await fake.stop()
