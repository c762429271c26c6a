"""Queries on the FAQ usage tables; they take a session and never commit.

Logging a question happens for every question asked, so those inserts take a plain
``Connection`` (Core, for ``Database.run``) instead of going through the ORM.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.usage import (
    AnswerFeedback,
    QuestionLog,
    UnansweredQuestion,
)

_ADD_QUESTION = insert(QuestionLog)
_ADD_UNANSWERED = insert(UnansweredQuestion)


def pending_owner_key(user_id: int) -> str:
    """Who asked a question whose words are kept for feedback, as a hash rather than the
    id itself; it is cleared with the words (after a day, on feedback, or on /forget)."""
    return hashlib.sha256(f"question-owner:{user_id}".encode()).hexdigest()


def add_question(connection: Connection, values: dict[str, Any]) -> int:
    """Store one logged question (``QuestionLog`` columns); returns its id."""
    return _inserted_id(connection.execute(_ADD_QUESTION, values))


def add_unanswered(connection: Connection, values: dict[str, Any]) -> int:
    """Store one unanswered question (``UnansweredQuestion`` columns); returns its id."""
    return _inserted_id(connection.execute(_ADD_UNANSWERED, values))


def _inserted_id(result: Any) -> int:
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise RuntimeError("the database returned no id for the new row")
    return int(key[0])


async def take_pending_text(session: AsyncSession, question_id: int) -> str | None:
    """The question's words, removed from the log so they are handed on only once."""
    record = await session.get(QuestionLog, question_id)
    if record is None or record.pending_text is None:
        return None
    text, record.pending_text, record.pending_owner = record.pending_text, None, None
    await session.flush()
    return text


async def forget_pending_texts(session: AsyncSession, asked_before: dt.datetime) -> int:
    """Clear the words of questions asked before ``asked_before``; returns how many."""
    result = await session.execute(
        update(QuestionLog)
        .where(QuestionLog.asked_at < asked_before, QuestionLog.pending_text.is_not(None))
        .values(pending_text=None, pending_owner=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def pending_texts_of(session: AsyncSession, user_id: int) -> list[QuestionLog]:
    """The questions whose words are still kept for feedback, asked by ``user_id``."""
    rows = await session.scalars(
        select(QuestionLog)
        .where(QuestionLog.pending_owner == pending_owner_key(user_id))
        .order_by(QuestionLog.id)
    )
    return list(rows)


async def forget_pending_texts_of(session: AsyncSession, user_id: int) -> int:
    """/forget: delete the words of the user's recent questions (the counts stay)."""
    result = await session.execute(
        update(QuestionLog)
        .where(QuestionLog.pending_owner == pending_owner_key(user_id))
        .values(pending_text=None, pending_owner=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def save_vote(session: AsyncSession, vote: AnswerFeedback) -> None:
    """Store a vote; a second vote on the same asked question replaces the first."""
    if vote.question_id is not None:
        existing = await session.scalar(
            select(AnswerFeedback).where(AnswerFeedback.question_id == vote.question_id)
        )
        if existing is not None:
            existing.entry_id, existing.language = vote.entry_id, vote.language
            existing.vote = vote.vote
            await session.flush()
            return
    session.add(vote)
    await session.flush()
