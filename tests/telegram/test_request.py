"""The Bot API request layer's JSON: bodies in UTF-8, Telegram's answers read as PTB would."""

from __future__ import annotations

import json

import pytest
from telegram.error import TelegramError
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.request import AiohttpRequest, _body, dump_json


def test_a_body_without_files_is_compact_utf8_json_with_nested_objects() -> None:
    markup = {"inline_keyboard": [[{"text": "👍 ใช่", "callback_data": "faq:up:th:x:1"}]]}
    data = RequestData(
        [
            RequestParameter("chat_id", 5, []),
            RequestParameter("text", "สหกรณ์ <b>แพลตฟอร์ม</b>", []),
            RequestParameter("reply_markup", markup, []),
        ]
    )
    body, headers = _body(data)
    assert headers == {"Content-Type": "application/json"}
    assert isinstance(body, bytes) and "สหกรณ์".encode() in body
    assert json.loads(body) == {
        "chat_id": 5,
        "text": "สหกรณ์ <b>แพลตฟอร์ม</b>",
        "reply_markup": markup,
    }


def test_dump_json_matches_the_standard_library() -> None:
    value = {"a": [1, 2.5, True, None], "ข้อความ": "ไทย 😀"}
    assert json.loads(dump_json(value)) == value


def test_telegrams_answer_is_parsed_and_bad_bytes_are_replaced_as_ptb_does() -> None:
    assert AiohttpRequest.parse_json_payload(b'{"ok":true,"result":[]}') == {
        "ok": True,
        "result": [],
    }
    parsed = AiohttpRequest.parse_json_payload(b'{"ok":true,"result":"\xff"}')
    assert parsed == {"ok": True, "result": "\ufffd"}


def test_an_answer_that_is_not_json_is_a_telegram_error() -> None:
    with pytest.raises(TelegramError, match="Invalid server response"):
        AiohttpRequest.parse_json_payload(b"<html>Bad Gateway</html>")
