"""Keep this instance's FAQ in step with the database: seed it once, reload when it moves."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.admin import store
from bot.admin.audit import record_action
from bot.db.base import utcnow
from bot.db.engine import Database
from bot.knowledge.model import KnowledgeBase

log = logging.getLogger(__name__)

Publish = Callable[[KnowledgeBase], Awaitable[None]]


class LiveFaq:
    """Reads the live FAQ and hands it to ``publish`` whenever the version number moved."""

    def __init__(
        self, database: Database, publish: Publish, published: KnowledgeBase | None = None
    ) -> None:
        self.database = database
        self.publish = publish
        self.published = published  # what the FAQ service serves now
        self.version = -1
        self._lock = asyncio.Lock()

    async def seed_if_empty(self, kb: KnowledgeBase) -> int:
        """On first start, copy the files' FAQ into the database in one transaction."""
        if not kb.entries:
            return 0
        async with self.database.sessions.begin() as session:
            await store.lock_faq(session)  # another instance starting now waits here
            if await store.count_entries(session) > 0:
                return 0
            await store.save_topics(session, kb.topics)
            now = utcnow()
            for position, entry in enumerate(kb.entries):
                session.add(store.new_row(entry, position, now))
            await store.bump_version(session)
            await record_action(session, None, "faq_seed", f"{len(kb.entries)} entries")
        log.info("seeded the live FAQ with %d entries", len(kb.entries))
        return len(kb.entries)

    async def is_empty(self) -> bool:
        """True until the FAQ has been seeded."""
        async with self.database.sessions() as session:
            return await store.count_entries(session) == 0

    async def load(self) -> tuple[int, KnowledgeBase]:
        """The version and the FAQ it stands for (version read first, so never too new)."""
        async with self.database.sessions() as session:
            version = await store.read_version(session)
            return version, await store.load_knowledge_base(session)

    async def knowledge(self) -> KnowledgeBase:
        """The live FAQ (the FAQ service's knowledge source once the admin tools run)."""
        return (await self.load())[1]

    async def current_version(self) -> int:
        """The version number in the database now."""
        async with self.database.sessions() as session:
            return await store.read_version(session)

    async def refresh(self, *, force: bool = False) -> bool:
        """Publish the stored FAQ if it changed since the last time; True if it did."""
        async with self._lock:
            if not force and await self.current_version() == self.version:
                return False
            version, kb = await self.load()
            if not kb.entries:
                log.warning("the live FAQ has no entries; keeping the current index")
                self.version = version
                return False
            self.version = version
            if kb == self.published:
                return False
            await self.publish(kb)
            self.published = kb
            log.info("live FAQ version %d published (%d entries)", version, len(kb.entries))
            return True
