"""LineSender: the ChannelSender the conversation layer uses to reach LINE users."""

from __future__ import annotations

from bot.channels import ChannelSender
from bot.conversation.reply import Button, Reply, rows
from bot.line.api import LineApi
from bot.line.sender import LineSender
from bot.messaging import Delivery
from tests.fake_line import FakeLine
from tests.fake_line_webhook import line_user_id

MENTOR = line_user_id(21)


async def test_send_pushes_the_rendered_reply(fake_line: FakeLine, line_api: LineApi) -> None:
    sender: ChannelSender = LineSender(line_api)
    offer = Reply("A founder asks for a mentor", rows(Button("Accept", "ref:ok:1")))
    assert await sender.send(MENTOR, offer) is Delivery.SENT
    [sent] = fake_line.to(MENTOR)
    assert sent.kind == "push"
    assert sent.messages[0]["quickReply"]["items"][0]["action"]["data"] == "ref:ok:1"


async def test_send_to_a_blocked_user_says_so(fake_line: FakeLine, line_api: LineApi) -> None:
    fake_line.blocked.add(MENTOR)
    assert await LineSender(line_api).send(MENTOR, Reply("hello")) is Delivery.BLOCKED


async def test_a_long_reply_goes_in_several_pushes(fake_line: FakeLine, line_api: LineApi) -> None:
    text = "\n\n".join("ก" * 4000 for _ in range(7))
    assert await LineSender(line_api).send(MENTOR, Reply(text)) is Delivery.SENT
    assert [len(s.messages) for s in fake_line.to(MENTOR)] == [5, 2]


async def test_admin_menu_is_a_no_op(fake_line: FakeLine, line_api: LineApi) -> None:
    await LineSender(line_api).show_admin_menu(MENTOR, True)
    assert fake_line.calls == []
