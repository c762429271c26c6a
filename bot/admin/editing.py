"""Changing the live FAQ: each change is validated, recorded as a revision and in the audit
log, moves the FAQ version on, and is applied in one transaction."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin import store
from bot.admin.audit import record_action
from bot.admin.entries import EntryData, entry_from_data, entry_to_data, validate_entry
from bot.admin.importing import ImportPlan
from bot.db.base import utcnow
from bot.db.engine import Database
from bot.db.models.admin import FaqRevision
from bot.knowledge.loader import KnowledgeError, Problem, question_key
from bot.knowledge.model import FaqEntry, KnowledgeBase


class UnknownEntryError(LookupError):
    """No entry (or revision) with that id."""


class EditConflictError(RuntimeError):
    """Someone else changed the entry since this edit began."""


class StalePlanError(RuntimeError):
    """The live FAQ moved since the import was checked; it must be checked again."""


@dataclass(frozen=True)
class StoredEntry:
    """An entry with what only the database knows: deleted or not, when each answer changed."""

    entry: FaqEntry
    deleted: bool
    answer_changed: dict[str, str]


OnChange = Callable[[], Awaitable[object]]  # what it returns (e.g. "changed?") is unused


class FaqEditor:
    """The use cases that change the FAQ; ``on_change`` swaps this instance's index at once."""

    def __init__(self, database: Database, on_change: OnChange) -> None:
        self.database = database
        self.on_change = on_change

    async def live(self) -> KnowledgeBase:
        """The live FAQ as stored now."""
        async with self.database.sessions() as session:
            return await store.load_knowledge_base(session)

    async def get(self, entry_id: str) -> StoredEntry | None:
        """One entry, deleted or not."""
        async with self.database.sessions() as session:
            row = await store.get_row(session, entry_id)
            if row is None:
                return None
            return StoredEntry(
                store.record_to_entry(row), row.deleted, dict(row.answer_changed or {})
            )

    async def taken_ids(self) -> set[str]:
        """Ids a new entry may not use."""
        async with self.database.sessions() as session:
            return await store.all_ids(session)

    async def add(self, data: EntryData, actor_id: int) -> FaqEntry:
        """Create a new entry from a complete draft."""
        async with self.database.sessions.begin() as session:
            live = await self._lock(session)
            if await store.get_row(session, str(data.get("id"))) is not None:
                raise KnowledgeError([Problem("draft", data.get("id"), "id", "already taken")])
            entry = validate_entry(data, live)
            now = utcnow()
            session.add(store.new_row(entry, await store.next_position(session), now))
            await self._record(session, entry.id, actor_id, "add", None, entry_to_data(entry))
        await self.on_change()
        return entry

    async def update(
        self, data: EntryData, actor_id: int, base: EntryData, note: str = ""
    ) -> FaqEntry:
        """Save an edited entry, unless someone changed it since ``base`` was read."""
        async with self.database.sessions.begin() as session:
            live = await self._lock(session)
            row = await store.get_row(session, str(data.get("id")))
            if row is None or row.deleted:
                raise UnknownEntryError(data.get("id"))
            before = store.record_data(row)
            if entry_from_data(before) != entry_from_data(base):
                raise EditConflictError(row.id)
            entry = validate_entry(data, live)
            store.write_row(row, entry, utcnow())
            after = entry_to_data(entry)
            await self._record(session, entry.id, actor_id, "edit", before, after, note=note)
        await self.on_change()
        return entry

    async def add_variant(
        self, entry_id: str, language: str, text: str, actor_id: int
    ) -> FaqEntry:
        """Teach an entry one more way of asking (from the unanswered inbox)."""
        async with self.database.sessions.begin() as session:
            live = await self._lock(session)
            row = await store.get_row(session, entry_id)
            if row is None or row.deleted:
                raise UnknownEntryError(entry_id)
            before = store.record_data(row)
            variants = list(before["questions"].get(language, []))
            if question_key(text) in {question_key(v) for v in variants}:
                return store.record_to_entry(row)
            questions = dict(before["questions"]) | {language: [*variants, text.strip()]}
            entry = validate_entry(before | {"questions": questions}, live)
            store.write_row(row, entry, utcnow())
            await self._record(
                session, entry_id, actor_id, "variant", before, entry_to_data(entry)
            )
        await self.on_change()
        return entry

    async def delete(self, entry_id: str, actor_id: int) -> None:
        """Hide an entry; it stays restorable from its history."""
        async with self.database.sessions.begin() as session:
            await self._lock(session)
            row = await store.get_row(session, entry_id)
            if row is None or row.deleted:
                raise UnknownEntryError(entry_id)
            before = store.record_data(row)
            row.deleted = True
            await self._record(session, entry_id, actor_id, "delete", before, None)
        await self.on_change()

    async def restore(self, entry_id: str, actor_id: int) -> FaqEntry:
        """Bring a deleted entry back as it was."""
        async with self.database.sessions.begin() as session:
            live = await self._lock(session)
            row = await store.get_row(session, entry_id)
            if row is None or not row.deleted:
                raise UnknownEntryError(entry_id)
            entry = _validate_ignoring_links(store.record_data(row), live)
            row.deleted = False
            await self._record(session, entry_id, actor_id, "restore", None, entry_to_data(entry))
        await self.on_change()
        return entry

    async def revert(self, revision_id: int, actor_id: int) -> str:
        """Put the entry back exactly as it was before ``revision_id``; returns its id."""
        async with self.database.sessions.begin() as session:
            live = await self._lock(session)
            revision = await store.get_revision(session, revision_id)
            if revision is None:
                raise UnknownEntryError(revision_id)
            row = await store.get_row(session, revision.entry_id)
            if row is None:
                raise UnknownEntryError(revision.entry_id)
            before = store.snapshot(row)
            target = revision.before
            if target is None:
                row.deleted = True
            else:
                entry = _validate_ignoring_links(target, live)
                store.write_row(row, entry, utcnow())
            note = f"#{revision.id}"
            await self._record(session, row.id, actor_id, "revert", before, target, note=note)
        await self.on_change()
        return revision.entry_id

    async def history(self, entry_id: str, limit: int = 10) -> list[FaqRevision]:
        """The entry's revisions, newest first."""
        async with self.database.sessions() as session:
            return await store.revisions_of(session, entry_id, limit)

    async def changelog(self, limit: int = 10) -> list[FaqRevision]:
        """The latest revisions of any entry, newest first."""
        async with self.database.sessions() as session:
            return await store.recent_revisions(session, limit)

    async def apply_import(
        self,
        plan: ImportPlan,
        actor_id: int | None,
        replan: Callable[[KnowledgeBase], ImportPlan],
    ) -> ImportPlan:
        """Apply a checked import in one transaction, if the FAQ still gives the same plan."""
        async with self.database.sessions.begin() as session:
            live = await self._lock(session, bump=False)
            fresh = await asyncio.to_thread(replan, live)  # a big file takes a while
            if not fresh.ok or fresh.summary_key() != plan.summary_key():
                raise StalePlanError(plan.source)
            if fresh.has_changes:
                await store.bump_version(session)
            if fresh.topics:
                await store.save_topics(session, fresh.topics)
            await self._apply(session, fresh, actor_id)
            await record_action(
                session,
                actor_id,
                "faq_import",
                f"{fresh.source}: +{len(fresh.added)} ~{len(fresh.changed)} -{len(fresh.removed)}",
            )
        if fresh.has_changes:
            await self.on_change()
        return fresh

    async def _apply(self, session: AsyncSession, plan: ImportPlan, actor_id: int | None) -> None:
        now = utcnow()
        position = await store.next_position(session)

        async def revise(entry_id: str, before: EntryData | None, after: EntryData | None) -> None:
            await store.add_revision(
                session,
                entry_id=entry_id,
                actor_id=actor_id,
                action="import",
                before=before,
                after=after,
                note=plan.source,
            )

        touched = set(plan.added) | set(plan.changed)
        for entry in plan.entries:
            if entry.id not in touched:
                continue
            row = await store.get_row(session, entry.id)
            before = store.snapshot(row)
            if row is None:
                session.add(store.new_row(entry, position, now))
                position += 1
            else:
                store.write_row(row, entry, now)
            await revise(entry.id, before, entry_to_data(entry))
        for entry_id in plan.removed:
            row = await store.get_row(session, entry_id)
            if row is not None:
                before = store.snapshot(row)
                row.deleted = True
                await revise(entry_id, before, None)

    async def _lock(self, session: AsyncSession, *, bump: bool = True) -> KnowledgeBase:
        """Take the FAQ write lock (moving the version on) and read the live FAQ under it."""
        if bump:
            await store.bump_version(session)
        else:
            await store.lock_faq(session)
        return await store.load_knowledge_base(session)

    async def _record(
        self,
        session: AsyncSession,
        entry_id: str,
        actor_id: int | None,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        note: str = "",
    ) -> None:
        await store.add_revision(
            session,
            entry_id=entry_id,
            actor_id=actor_id,
            action=action,
            before=before,
            after=after,
            note=note,
        )
        await record_action(session, actor_id, f"faq_{action}", entry_id)


def _validate_ignoring_links(data: EntryData, live: KnowledgeBase) -> FaqEntry:
    """Validate a stored version; links to entries deleted since then are not a reason to
    refuse (the live FAQ leaves them out until those entries come back)."""
    try:
        return validate_entry(data, live)
    except KnowledgeError as error:
        problems = [p for p in error.problems if not (p.field or "").startswith("related")]
        if problems:
            raise KnowledgeError(problems) from None
        return entry_from_data(data)
