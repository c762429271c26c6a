"""The unanswered inbox: recent fallbacks, "None of these" and 👎, with similar questions
grouped so admins see what founders keep asking and how often."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select, update

from bot.admin.audit import record_action
from bot.db.engine import Database
from bot.db.models.usage import UnansweredQuestion, UnansweredSource, UnansweredStatus
from bot.knowledge.text import normalize, segment

SIMILAR_SCORE = 80.0  # token-set similarity (0-100) above which two questions are one group
RECENT_LIMIT = 300  # the newest open questions considered


@dataclass(frozen=True)
class QuestionGroup:
    """Similar open questions; ``key`` is the id of the newest, which stands for the group."""

    key: int
    text: str | None  # None: 👎 on an answer opened without a typed question
    language: str
    count: int
    member_ids: tuple[int, ...]
    sources: tuple[str, ...]
    suggested: str | None  # the entry the matcher leaned to (or the one that got 👎)
    last_at: dt.datetime


def _comparable(text: str) -> str:
    """Normalised words separated by spaces, so Thai compares word by word."""
    return " ".join(segment(normalize(text)))


def _suggestion(questions: Sequence[UnansweredQuestion]) -> str | None:
    votes: Counter[str] = Counter()
    for question in questions:
        if question.entry_id:
            votes[question.entry_id] += 2
        if question.candidates:
            best = question.candidates[0]
            if isinstance(best, dict) and isinstance(best.get("id"), str):
                votes[best["id"]] += 1
    return votes.most_common(1)[0][0] if votes else None


def group_questions(questions: Sequence[UnansweredQuestion]) -> list[QuestionGroup]:
    """Group similar questions (newest first in, biggest groups first out; those outside the
    bot's topics last)."""
    groups: list[tuple[str, list[UnansweredQuestion]]] = []
    for question in questions:
        if question.text is None:
            key = f"\x00{question.entry_id}:{question.language}"
            match = next((members for k, members in groups if k == key), None)
        else:
            key = _comparable(question.text)
            match = next(
                (
                    members
                    for k, members in groups
                    if not k.startswith("\x00")
                    and members[0].language == question.language
                    and fuzz.token_set_ratio(key, k) >= SIMILAR_SCORE
                ),
                None,
            )
        if match is None:
            groups.append((key, [question]))
        else:
            match.append(question)
    result = [
        QuestionGroup(
            key=members[0].id,
            text=members[0].text,
            language=members[0].language,
            count=len(members),
            member_ids=tuple(m.id for m in members),
            sources=tuple(sorted({m.source for m in members})),
            suggested=_suggestion(members),
            last_at=members[0].created_at,
        )
        for _, members in groups
    ]
    return sorted(result, key=lambda group: (_outside(group), -group.count, -group.key))


def _outside(group: QuestionGroup) -> bool:
    """Only questions outside what the bot covers: listed after the FAQ's real gaps."""
    return group.sources == (UnansweredSource.OUT_OF_SCOPE.value,)


class UnansweredInbox:
    """Reads and settles the unanswered list (rows belong to the FAQ usage tables)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def groups(self) -> list[QuestionGroup]:
        """The open questions, grouped."""
        async with self.database.sessions() as session:
            rows = await session.scalars(
                select(UnansweredQuestion)
                .where(UnansweredQuestion.status == UnansweredStatus.NEW.value)
                .order_by(UnansweredQuestion.id.desc())
                .limit(RECENT_LIMIT)
            )
            questions = list(rows)
        return group_questions(questions)

    async def group(self, key: int) -> QuestionGroup | None:
        """The open group whose newest question is ``key`` (None once settled)."""
        return next((group for group in await self.groups() if group.key == key), None)

    async def settle(
        self, member_ids: Sequence[int], status: UnansweredStatus, actor_id: int, action: str
    ) -> None:
        """Mark a group's questions resolved or dismissed, and note who did it."""
        async with self.database.sessions.begin() as session:
            await session.execute(
                update(UnansweredQuestion)
                .where(UnansweredQuestion.id.in_(list(member_ids)))
                .values(status=status.value)
            )
            ids = ",".join(str(i) for i in member_ids)
            await record_action(session, actor_id, action, f"unanswered {ids}"[:500])
