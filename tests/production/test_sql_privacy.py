"""What people type never reaches the log through a failed SQL statement, and a NUL character
in a question (valid in Telegram, refused by PostgreSQL) does not break answering."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text

from bot.db.models.usage import QuestionLog
from bot.logging_redaction import redact
from tests.fake_telegram import FakeUser
from tests.harness import BotHarness

QUESTION = "What is a platform cooperative?"
SECRET_WORDS = "my-cousin-somsak-owes-us-money"


def test_sql_parameters_are_redacted_from_any_log_line() -> None:
    line = f"[SQL: INSERT INTO x VALUES ($1)]\n[parameters: ('{SECRET_WORDS}', 3)]\n(Background"
    assert SECRET_WORDS not in redact(line)
    assert "[SQL: INSERT INTO x VALUES ($1)]" in redact(line)


async def test_a_failing_statement_logs_no_user_text(
    bot: BotHarness, english_user: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    async with bot.conversation.services.database.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE question_log RENAME TO question_log_gone"))
    caplog.set_level(logging.WARNING)  # PTB itself logs updates at DEBUG

    await bot.say(english_user, f"{QUESTION} {SECRET_WORDS}")

    assert "question_log" in caplog.text, "no statement failed: the test proves nothing"
    assert SECRET_WORDS not in caplog.text


async def test_a_question_with_a_nul_character_is_answered_and_logged(
    bot: BotHarness, english_user: FakeUser
) -> None:
    [answer] = await bot.say(english_user, "What is a platform\x00 cooperative?\x00")

    assert "platform" in answer.text.lower() and "went wrong" not in answer.text
    async with bot.conversation.services.database.sessions() as session:
        logged = list(await session.scalars(select(QuestionLog)))
    assert len(logged) == 1
    assert logged[0].pending_text == "What is a platform cooperative?"
