"""Webhook bodies become neutral events: what is for the bot, and what is not."""

from __future__ import annotations

import json

import pytest

from bot.line.events import LineEvent, WebhookBodyError, parse_body
from tests.fake_line import BOT_USER_ID
from tests.fake_line_webhook import LineEvents, body, line_user_id, mention_of

USER = line_user_id(1)
GROUP = "C" + "1" * 32
events = LineEvents()


def only(*raw: dict[str, object]) -> LineEvent:
    parsed = parse_body(body(*raw))
    assert len(parsed) == 1, parsed
    return parsed[0]


def test_text_message_carries_sender_reply_token_and_event_id() -> None:
    raw = events.text(USER, "สหกรณ์แพลตฟอร์มคืออะไร")
    event = only(raw)
    assert (event.kind, event.text) == ("text", "สหกรณ์แพลตฟอร์มคืออะไร")
    assert (event.user_id, event.chat_id, event.chat_type) == (USER, USER, "private")
    assert event.reply_token == raw["replyToken"]
    assert event.event_id == raw["webhookEventId"]
    assert event.redelivery is False


def test_redelivered_event_is_marked_and_keeps_its_id() -> None:
    raw = events.text(USER, "hello", redelivery=True, event_id="01REDELIVERED0000000000000")
    event = only(raw)
    assert event.redelivery is True
    assert event.event_id == "01REDELIVERED0000000000000"


def test_slash_text_is_a_command_with_args() -> None:
    event = only(events.text(USER, "/Start ref_42 "))
    assert (event.kind, event.command, event.args) == ("command", "start", "ref_42")


def test_slash_alone_or_a_path_is_text() -> None:
    assert only(events.text(USER, "/")).kind == "text"
    assert only(events.text(USER, "/ไทย")).kind == "text"


def test_postback_is_a_button_press_with_its_data() -> None:
    event = only(events.postback(USER, "faq:a:registration"))
    assert (event.kind, event.button) == ("button", "faq:a:registration")
    assert event.reply_token is not None


def test_follow_and_unfollow() -> None:
    assert only(events.follow(USER)).kind == "follow"
    unfollow = only(events.unfollow(USER))
    assert (unfollow.kind, unfollow.reply_token) == ("unfollow", None)


@pytest.mark.parametrize(
    ("kind", "media"),
    [("sticker", "sticker"), ("image", "photo"), ("video", "video"), ("audio", "audio"),
     ("location", "location")],
)  # fmt: skip
def test_non_text_messages_are_media(kind: str, media: str) -> None:
    event = only(events.media(USER, kind))
    assert (event.kind, event.media) == ("media", media)


def test_file_message_names_the_file_to_fetch() -> None:
    event = only(events.media(USER, "file"))
    assert event.kind == "file"
    assert event.file is not None
    assert (event.file.filename, event.file.size) == ("faq.yaml", 120)


def test_group_message_without_a_mention_is_not_for_the_bot() -> None:
    assert parse_body(body(events.text(USER, "lunch at noon?", group_id=GROUP))) == []


def test_group_message_mentioning_the_bot_is_taken_without_the_mention() -> None:
    text = "@Compass สหกรณ์คืออะไร"
    event = only(events.text(USER, text, group_id=GROUP, mention=mention_of(text, "Compass")))
    assert (event.kind, event.text, event.chat_id, event.chat_type) == (
        "text", "สหกรณ์คืออะไร", GROUP, "group",
    )  # fmt: skip


def test_mention_by_the_bots_user_id_counts_without_is_self() -> None:
    text = "what is a co-op @Compass"
    mention = mention_of(text, "Compass", is_self=None, user_id=BOT_USER_ID)
    assert only(events.text(USER, text, group_id=GROUP, mention=mention)).text == (
        "what is a co-op"
    )


def test_mention_of_someone_else_or_everyone_is_not_for_the_bot() -> None:
    text = "@Somchai what is a co-op"
    other = mention_of(text, "Somchai", is_self=False, user_id=line_user_id(9))
    everyone = {"mentionees": [{"index": 0, "length": 4, "type": "all"}]}
    raw = [
        events.text(USER, text, group_id=GROUP, mention=other),
        events.text(USER, "@All hi", room_id="R" + "2" * 32, mention=everyone),
    ]
    assert parse_body(body(*raw)) == []


def test_command_in_a_group_after_the_mention() -> None:
    text = "@Compass /help"
    event = only(events.text(USER, text, group_id=GROUP, mention=mention_of(text, "Compass")))
    assert (event.kind, event.command) == ("command", "help")


def test_stickers_in_a_group_are_not_for_the_bot_but_buttons_are() -> None:
    parsed = parse_body(
        body(
            events.media(USER, "sticker", group_id=GROUP),
            events.postback(USER, "x", group_id=GROUP),
        )
    )
    assert [e.kind for e in parsed] == ["button"]


def test_standby_events_and_unknown_types_are_skipped() -> None:
    standby = {**events.text(USER, "hi"), "mode": "standby"}
    unknown = {**events.unfollow(USER), "type": "somethingNew"}
    kept = events.text(USER, "still here")
    assert [e.text for e in parse_body(body(standby, unknown, kept))] == ["still here"]


def test_event_without_a_user_id_is_skipped() -> None:
    raw = events.text(USER, "hi", group_id=GROUP, mention=mention_of("@B hi", "B"))
    del raw["source"]["userId"]
    assert parse_body(body(raw)) == []


def test_empty_events_list_is_a_connection_check() -> None:
    assert parse_body(body()) == []


@pytest.mark.parametrize("raw", [b"not json", b"[]", json.dumps({"events": 1}).encode(), b"\xff"])
def test_a_body_that_is_not_a_webhook_request_is_an_error(raw: bytes) -> None:
    with pytest.raises(WebhookBodyError):
        parse_body(raw)
