"""Logs never carry what people typed at INFO, and redact identifiers at every level."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logging_redaction import RedactingFilter, redact
from bot.settings import configure_logging
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness

PHONE_AND_ID = "โทร 081-234-5678 หรือ +66 81 234 5678 เลขบัตร 1-2345-67890-12-3 อีเมล a.b@coop.or.th"
SECRETS = ("081-234-5678", "+66 81 234 5678", "1-2345-67890-12-3", "a.b@coop.or.th")


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize(
    "text",
    ["081-234-5678", "0812345678", "+66 81 234 5678", "+66812345678", "02-123-4567",
     "1-2345-67890-12-3", "1234567890123", "someone@example.com"],
)  # fmt: skip
def test_identifiers_are_redacted_in_every_written_form(text: str) -> None:
    assert text not in redact(f"ติดต่อ{text}ครับ")


def test_ordinary_numbers_survive_redaction() -> None:
    line = "update 123456 handled in 0.0123456789 s by chat -1001234567890 on 2026-11-27"
    assert redact(line) == line


def test_filter_redacts_message_arguments_and_traceback() -> None:
    try:
        raise ValueError(f"bad input {PHONE_AND_ID}")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "x", logging.ERROR, __file__, 1, "got %s", (PHONE_AND_ID,), sys.exc_info()
        )
    RedactingFilter().filter(record)

    written = logging.Formatter().format(record)
    assert not any(secret in written for secret in SECRETS), written
    assert "[phone]" in written and "[id-number]" in written and "[email]" in written


async def test_a_message_with_a_phone_and_id_number_is_logged_without_them(
    bot: BotHarness,
    english_user: FakeUser,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    configure_logging("DEBUG")  # the most talkative level: the Bot API calls are logged

    await bot.say(english_user, PHONE_AND_ID)

    written = capsys.readouterr().err
    assert "[phone]" in written, "the message never reached the log: the test proves nothing"
    assert not any(secret in written for secret in SECRETS)


async def test_what_people_type_is_not_logged_at_info(
    bot: BotHarness,
    english_user: FakeUser,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    configure_logging("INFO")

    await bot.say(english_user, "zebracoop quokka question about bylaws")
    await bot.say(english_user, "/start")

    written = capsys.readouterr().err
    assert "zebracoop" not in written
