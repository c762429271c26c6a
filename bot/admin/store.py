"""Repository of the live FAQ tables: it takes a session and never commits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.entries import EntryData, entry_from_data, entry_to_data
from bot.db.base import utcnow
from bot.db.models.admin import FaqEntryRecord, FaqRevision, FaqTopicRecord, FaqVersion
from bot.knowledge.model import FaqEntry, KnowledgeBase, Topic

VERSION_ROW = 1


async def read_version(session: AsyncSession) -> int:
    """The FAQ version number: it moves with every change."""
    value = await session.scalar(select(FaqVersion.version).where(FaqVersion.id == VERSION_ROW))
    return int(value or 0)


async def bump_version(session: AsyncSession) -> int:
    """Move the version on; on PostgreSQL the row lock also serialises concurrent FAQ writes."""
    await session.execute(
        update(FaqVersion)
        .where(FaqVersion.id == VERSION_ROW)
        .values(version=FaqVersion.version + 1, changed_at=utcnow())
    )
    return await read_version(session)


async def lock_faq(session: AsyncSession) -> None:
    """Take the FAQ write lock for this transaction, as its first statement.

    An update that changes nothing: on PostgreSQL it locks the version row, on SQLite it
    makes the transaction the database's one writer (SQLite ignores ``FOR UPDATE``, and two
    transactions that both read first could not both write afterwards)."""
    await session.execute(
        update(FaqVersion).where(FaqVersion.id == VERSION_ROW).values(version=FaqVersion.version)
    )


async def count_entries(session: AsyncSession) -> int:
    """How many entry rows exist, deleted ones included."""
    return int(await session.scalar(select(func.count()).select_from(FaqEntryRecord)) or 0)


async def topics(session: AsyncSession) -> tuple[Topic, ...]:
    """The topics in display order."""
    rows = await session.scalars(select(FaqTopicRecord).order_by(FaqTopicRecord.position))
    return tuple(Topic(key=row.key, names=dict(row.names)) for row in rows)


async def save_topics(session: AsyncSession, new_topics: Sequence[Topic]) -> None:
    """Add or rename topics, in the given order; topics not named keep their place."""
    existing = {row.key: row for row in await session.scalars(select(FaqTopicRecord))}
    for position, topic in enumerate(new_topics):
        row = existing.get(topic.key)
        if row is None:
            session.add(FaqTopicRecord(key=topic.key, names=dict(topic.names), position=position))
        else:
            row.names, row.position = dict(topic.names), position
    await session.flush()


def record_to_entry(row: FaqEntryRecord) -> FaqEntry:
    """The stored row as a knowledge entry."""
    return entry_from_data(record_data(row))


def record_data(row: FaqEntryRecord) -> EntryData:
    """The stored row as entry data."""
    return {
        "id": row.id,
        "topic": row.topic,
        "questions": row.questions,
        "answers": row.answers,
        "keywords": row.keywords,
        "sources": row.sources,
        "related": row.related,
        "action": row.action,
        "reviewed": row.reviewed.isoformat(),
    }


async def entry_rows(session: AsyncSession, *, deleted: bool = False) -> list[FaqEntryRecord]:
    """Live (or deleted) rows in display order: by topic, then by position."""
    query = (
        select(FaqEntryRecord)
        .outerjoin(FaqTopicRecord, FaqTopicRecord.key == FaqEntryRecord.topic)
        .where(FaqEntryRecord.deleted.is_(deleted))
        .order_by(FaqTopicRecord.position, FaqEntryRecord.position)
    )
    return list(await session.scalars(query))


async def load_knowledge_base(session: AsyncSession) -> KnowledgeBase:
    """The live FAQ; links to deleted entries are left out so the result is always sound."""
    entries = [record_to_entry(row) for row in await entry_rows(session)]
    live = {entry.id for entry in entries}
    cleaned = []
    for entry in entries:
        related = tuple(target for target in entry.related if target in live)
        if related != entry.related:
            data = entry_to_data(entry) | {"related": list(related)}
            entry = entry_from_data(data)
        cleaned.append(entry)
    return KnowledgeBase(topics=await topics(session), entries=tuple(cleaned))


async def get_row(session: AsyncSession, entry_id: str) -> FaqEntryRecord | None:
    """One entry row, deleted or not."""
    return await session.get(FaqEntryRecord, entry_id)


async def all_ids(session: AsyncSession) -> set[str]:
    """Every entry id ever stored, deleted ones included (ids are never reused)."""
    return set(await session.scalars(select(FaqEntryRecord.id)))


async def next_position(session: AsyncSession) -> int:
    """A position after every existing entry."""
    value = await session.scalar(select(func.max(FaqEntryRecord.position)))
    return int(value if value is not None else -1) + 1


def write_row(row: FaqEntryRecord, entry: FaqEntry, now: dt.datetime) -> None:
    """Copy an entry's content onto its row, noting which answer languages changed."""
    changed = dict(row.answer_changed or {})
    for language, text in entry.answers.items():
        if (row.answers or {}).get(language) != text or language not in changed:
            changed[language] = now.isoformat()
    data = entry_to_data(entry)
    row.topic, row.questions, row.answers = data["topic"], data["questions"], data["answers"]
    row.keywords, row.sources, row.related = data["keywords"], data["sources"], data["related"]
    row.action, row.reviewed = entry.action, entry.reviewed
    row.answer_changed = changed
    row.deleted = False


def new_row(entry: FaqEntry, position: int, now: dt.datetime) -> FaqEntryRecord:
    """A row for an entry that was never stored."""
    row = FaqEntryRecord(id=entry.id, position=position, answers={}, answer_changed={})
    write_row(row, entry, now)
    return row


async def add_revision(
    session: AsyncSession,
    *,
    entry_id: str,
    actor_id: int | None,
    action: str,
    before: EntryData | None,
    after: EntryData | None,
    note: str = "",
) -> FaqRevision:
    """Record one change to one entry."""
    revision = FaqRevision(
        entry_id=entry_id,
        actor_id=actor_id,
        action=action,
        note=note[:200],
        before=before,
        after=after,
        at=utcnow(),
    )
    session.add(revision)
    await session.flush()
    return revision


async def revisions_of(session: AsyncSession, entry_id: str, limit: int) -> list[FaqRevision]:
    """The entry's changes, newest first."""
    query = (
        select(FaqRevision)
        .where(FaqRevision.entry_id == entry_id)
        .order_by(FaqRevision.id.desc())
        .limit(limit)
    )
    return list(await session.scalars(query))


async def recent_revisions(session: AsyncSession, limit: int) -> list[FaqRevision]:
    """The latest changes to any entry, newest first."""
    query = select(FaqRevision).order_by(FaqRevision.id.desc()).limit(limit)
    return list(await session.scalars(query))


async def get_revision(session: AsyncSession, revision_id: int) -> FaqRevision | None:
    """One revision by id."""
    return await session.get(FaqRevision, revision_id)


def snapshot(row: FaqEntryRecord | None) -> dict[str, Any] | None:
    """What a revision stores for a row: its content, or None when absent or deleted."""
    if row is None or row.deleted:
        return None
    return record_data(row)
