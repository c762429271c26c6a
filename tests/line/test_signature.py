"""X-Line-Signature: only a body signed with our channel secret is taken."""

from __future__ import annotations

from linebot.v3 import WebhookParser

from bot.line.signature import is_valid_signature, sign
from tests.fake_line import CHANNEL_SECRET

BODY = '{"destination":"U0","events":[{"text":"สวัสดี"}]}'.encode()


def test_signature_made_with_the_secret_is_valid() -> None:
    assert is_valid_signature(CHANNEL_SECRET, BODY, sign(CHANNEL_SECRET, BODY))


def test_our_signature_is_the_one_the_official_sdk_checks() -> None:
    validator = WebhookParser(CHANNEL_SECRET).signature_validator
    assert validator.validate(BODY.decode(), sign(CHANNEL_SECRET, BODY))


def test_forged_signature_is_refused() -> None:
    forged = sign("f" * 32, BODY)
    assert not is_valid_signature(CHANNEL_SECRET, BODY, forged)


def test_signature_of_another_body_is_refused() -> None:
    signature = sign(CHANNEL_SECRET, BODY)
    assert not is_valid_signature(CHANNEL_SECRET, BODY + b" ", signature)


def test_missing_or_garbage_signature_is_refused() -> None:
    assert not is_valid_signature(CHANNEL_SECRET, BODY, "")
    assert not is_valid_signature(CHANNEL_SECRET, BODY, "not base64 at all ✗")
