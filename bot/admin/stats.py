"""Usage figures for ``/stats``: questions by language and decision, most asked answers, the
👍 rate, and questions per day. Read from the FAQ usage tables, which hold no identities."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models.usage import AnswerFeedback, QuestionLog

DECISIONS = ("answer", "suggest", "fallback")
THAILAND = dt.timezone(dt.timedelta(hours=7))  # days are counted in Thai time
TOP_ENTRIES = 5


@dataclass(frozen=True)
class UsageFigures:
    """What founders asked in one period and how the FAQ did."""

    days: int
    questions: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    by_decision: dict[str, int] = field(default_factory=dict)
    top_entries: tuple[tuple[str, int], ...] = ()
    thumbs_up: int = 0
    thumbs_down: int = 0

    def rate(self, decision: str) -> float | None:
        """Share of questions that got ``decision`` (None without questions)."""
        return self.by_decision.get(decision, 0) / self.questions if self.questions else None

    @property
    def thumbs_up_rate(self) -> float | None:
        votes = self.thumbs_up + self.thumbs_down
        return self.thumbs_up / votes if votes else None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


async def usage_figures(database: Database, days: int, now: dt.datetime) -> UsageFigures:
    """The figures for the ``days`` days up to ``now``."""
    since = now - dt.timedelta(days=days)
    recent = QuestionLog.asked_at >= since
    async with database.sessions() as session:
        by_language = dict(
            (
                await session.execute(
                    select(QuestionLog.language, func.count())
                    .where(recent)
                    .group_by(QuestionLog.language)
                )
            ).all()
        )
        by_decision = dict(
            (
                await session.execute(
                    select(QuestionLog.decision, func.count())
                    .where(recent)
                    .group_by(QuestionLog.decision)
                )
            ).all()
        )
        count = func.count().label("n")
        top = (
            await session.execute(
                select(QuestionLog.entry_id, count)
                .where(recent, QuestionLog.decision == "answer", QuestionLog.entry_id.is_not(None))
                .group_by(QuestionLog.entry_id)
                .order_by(count.desc(), QuestionLog.entry_id)
                .limit(TOP_ENTRIES)
            )
        ).all()
        votes = dict(
            (
                await session.execute(
                    select(AnswerFeedback.vote, func.count())
                    .where(AnswerFeedback.updated_at >= since)
                    .group_by(AnswerFeedback.vote)
                )
            ).all()
        )
    return UsageFigures(
        days=days,
        questions=sum(int(n) for n in by_language.values()),
        by_language={k: int(v) for k, v in by_language.items()},
        by_decision={k: int(v) for k, v in by_decision.items()},
        top_entries=tuple((str(entry_id), int(n)) for entry_id, n in top),
        thumbs_up=int(votes.get("up", 0)),
        thumbs_down=int(votes.get("down", 0)),
    )


@dataclass(frozen=True)
class DailyCounts:
    """Questions per day (Thai time) by decision, oldest day first, days without questions
    included."""

    days: tuple[dt.date, ...]
    counts: dict[str, tuple[int, ...]]


async def daily_counts(database: Database, days: int, now: dt.datetime) -> DailyCounts:
    """Questions per day by decision over the last ``days`` days."""
    today = now.astimezone(THAILAND).date()
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time(), THAILAND)
    async with database.sessions() as session:
        rows = (
            await session.execute(
                select(QuestionLog.asked_at, QuestionLog.decision).where(
                    QuestionLog.asked_at >= start
                )
            )
        ).all()
    tally: Counter[tuple[dt.date, str]] = Counter(
        (_aware(asked).astimezone(THAILAND).date(), decision) for asked, decision in rows
    )
    calendar = tuple(first + dt.timedelta(days=n) for n in range(days))
    return DailyCounts(
        days=calendar,
        counts={d: tuple(tally[(day, d)] for day in calendar) for d in DECISIONS},
    )
