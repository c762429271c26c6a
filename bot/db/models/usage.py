"""How founders use the FAQ: questions asked, questions left unanswered, votes on answers.

None of these tables holds a user id or a name: statistics and the unanswered list must not
say who asked.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, TimestampMixin, utcnow

SERIAL = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


class UnansweredSource(enum.StrEnum):
    """How a question reached the unanswered list."""

    FALLBACK = "fallback"  # the matcher found nothing good enough
    NONE_OF_THESE = "none_of_these"  # the founder rejected every suggestion
    THUMBS_DOWN = "thumbs_down"  # the founder said the answer did not help
    OUT_OF_SCOPE = "out_of_scope"  # no answer, and not about co-ops: not a gap in the FAQ


class UnansweredStatus(enum.StrEnum):
    """Where an admin is with an unanswered question."""

    NEW = "new"
    DISMISSED = "dismissed"
    RESOLVED = "resolved"


class Vote(enum.StrEnum):
    """👍 or 👎 on an answer."""

    UP = "up"
    DOWN = "down"


class QuestionLog(Base):
    """One question typed to the FAQ (private chat, group or /ask), for usage statistics.

    ``decision`` is the matcher's (answer, suggest, fallback); ``entry_id`` and ``score`` are
    its best candidate. ``pending_text`` keeps the question's words only while the founder
    may still answer "None of these" or 👎 (so those can pass the words to the unanswered
    list); the ``forget_question_texts_job`` clears it after ``PENDING_TEXT_HOURS``.
    ``pending_owner`` (a hash of the asker's id, see ``pending_owner_key``) lives exactly as
    long as the words, so that /forget can delete them and nothing ties the row to a person
    afterwards.
    """

    __tablename__ = "question_log"

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    asked_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    language: Mapped[str] = mapped_column(String(2))
    decision: Mapped[str] = mapped_column(String(10))
    entry_id: Mapped[str | None] = mapped_column(String(40))
    score: Mapped[float | None]
    chat_type: Mapped[str] = mapped_column(String(12), default="private")
    truncated: Mapped[bool] = mapped_column(default=False)
    pending_text: Mapped[str | None] = mapped_column(Text)
    pending_owner: Mapped[str | None] = mapped_column(String(64), index=True)


class UnansweredQuestion(TimestampMixin, Base):
    """A question the FAQ could not answer well, for admins to review (``/unanswered``).

    ``text`` is None when a founder gave 👎 to an answer they opened without typing a
    question (by browsing or a link); ``entry_id`` is then the answer they rejected.
    ``candidates`` lists the matcher's best entries: ``[{"id": ..., "score": ...}, ...]``.
    """

    __tablename__ = "unanswered_questions"
    __table_args__ = (Index("ix_unanswered_questions_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    text: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    candidates: Mapped[list[Any]] = mapped_column(default=list)
    source: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=UnansweredStatus.NEW.value)


class AnswerFeedback(TimestampMixin, Base):
    """A 👍 or 👎 on one answer in one language.

    ``question_id`` links the vote to the typed question it answered (one vote per question:
    a second press changes it); votes on answers opened by browsing or a link have none.
    """

    __tablename__ = "answer_feedback"

    id: Mapped[int] = mapped_column(SERIAL, primary_key=True, autoincrement=True)
    entry_id: Mapped[str] = mapped_column(String(40), index=True)
    language: Mapped[str] = mapped_column(String(2))
    vote: Mapped[str] = mapped_column(String(4))
    question_id: Mapped[int | None] = mapped_column(unique=True)
