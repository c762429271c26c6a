"""Recording how the FAQ is used, without ever recording who used it.

Each method is one transaction. Questions are logged for statistics; those the FAQ could
not answer (fallback, "None of these", 👎) go to the unanswered list with their words; votes
are kept per answer and language.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models.usage import AnswerFeedback, UnansweredSource, Vote
from bot.db.outage import is_database_outage
from bot.db.repositories import usage
from bot.knowledge.matcher import Candidate, MatchResult

log = logging.getLogger(__name__)

PENDING_TEXT_HOURS = 24  # how long a question's words wait for "None of these" or 👎
MAX_STORED_CHARS = 2000  # the matcher reads no further, and neither need admins


def candidate_records(candidates: Sequence[Candidate]) -> list[dict[str, object]]:
    """Candidates as stored in ``UnansweredQuestion.candidates``."""
    return [{"id": c.entry_id, "score": round(c.score, 4)} for c in candidates]


def question_values(
    text: str, result: MatchResult, chat_type: str, *, keep_text: bool, asker: int | None = None
) -> dict[str, Any]:
    """A ``QuestionLog`` row: the decision and best candidate, never who asked (only a hash of
    it next to words kept for feedback, so that /forget finds them)."""
    best = result.best
    owner = usage.pending_owner_key(asker) if asker is not None else None
    return {
        "asked_at": utcnow(),
        "language": result.language or "th",
        "decision": result.decision,
        "entry_id": best.entry_id if best else None,
        "score": best.score if best else None,
        "chat_type": chat_type,
        "truncated": result.truncated,
        "pending_text": text[:MAX_STORED_CHARS] if keep_text else None,
        "pending_owner": owner if keep_text else None,
    }


def unanswered_values(
    text: str | None,
    language: str,
    candidates: Sequence[Candidate],
    source: UnansweredSource,
    entry_id: str | None = None,
) -> dict[str, Any]:
    """An ``UnansweredQuestion`` row (no user id, no name)."""
    return {
        "text": text[:MAX_STORED_CHARS] if text is not None else None,
        "language": language,
        "candidates": candidate_records(candidates),
        "source": source.value,
        "entry_id": entry_id,
    }


@dataclass(frozen=True)
class FaqUsage:
    """Writes the usage tables; cheap to make per use (it only holds the database)."""

    database: Database

    async def log_question(
        self,
        text: str,
        result: MatchResult,
        chat_type: str,
        *,
        keep_text: bool,
        asker: int | None = None,
    ) -> int:
        """Log a matched question; ``keep_text`` holds its words (tied to ``asker``, so that
        /forget can delete them) for a later "not this"."""
        values = question_values(text, result, chat_type, keep_text=keep_text, asker=asker)
        return await self._record("question", lambda c: usage.add_question(c, values))

    async def log_fallback(
        self,
        text: str,
        result: MatchResult,
        chat_type: str,
        language: str,
        source: UnansweredSource = UnansweredSource.FALLBACK,
    ) -> int:
        """Log a question the FAQ could not answer and put it on the unanswered list (in
        ``language``, the reply's), in one transaction; returns the unanswered question's id.
        ``source`` OUT_OF_SCOPE marks a question outside what the bot covers, not a gap."""
        question = question_values(text, result, chat_type, keep_text=False)
        unanswered = unanswered_values(text, language, result.candidates, source)

        def write(connection: Connection) -> int:
            usage.add_question(connection, question)
            return usage.add_unanswered(connection, unanswered)

        return await self._record("question", write)

    async def take_question_text(self, question_id: int) -> str | None:
        """The words of a logged question, once (a second "not this" finds nothing)."""
        if question_id <= 0:
            return None
        async with self.database.sessions.begin() as session:
            return await usage.take_pending_text(session, question_id)

    async def log_unanswered(
        self,
        text: str | None,
        language: str,
        candidates: Sequence[Candidate],
        source: UnansweredSource,
        entry_id: str | None = None,
    ) -> int:
        """Put a question on the admins' unanswered list (no user id, no name)."""
        values = unanswered_values(text, language, candidates, source, entry_id)
        return await self._record("unanswered question", lambda c: usage.add_unanswered(c, values))

    async def _record(self, what: str, write: Callable[[Connection], int]) -> int:
        """Usage records are statistics: while the database is unreachable they are skipped
        (id 0) so that the FAQ, which is in memory, keeps answering."""
        try:
            return await self.database.run(write)
        except Exception as error:
            if not is_database_outage(error):
                raise
            log.warning("database unreachable: a %s was not recorded", what)
            return 0

    async def record_vote(
        self, entry_id: str, language: str, vote: Vote, question_id: int | None
    ) -> None:
        """Keep a 👍 or 👎 on an answer in one language."""
        record = AnswerFeedback(
            entry_id=entry_id, language=language, vote=vote.value, question_id=question_id
        )
        async with self.database.sessions.begin() as session:
            await usage.save_vote(session, record)

    async def forget_old_texts(self, now: dt.datetime | None = None) -> int:
        """Clear the words of questions too old to get feedback; returns how many."""
        cutoff = (now or utcnow()) - dt.timedelta(hours=PENDING_TEXT_HOURS)
        async with self.database.sessions.begin() as session:
            return await usage.forget_pending_texts(session, cutoff)
