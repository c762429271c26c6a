"""Engine and session factory, with the SQLite pragmas that make it a safe embedded store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA synchronous=NORMAL",
)


@dataclass
class Database:
    """The engine and its session factory; services open sessions and own transactions."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    async def dispose(self) -> None:
        await self.engine.dispose()


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def create_database(url: str) -> Database:
    """Create the engine (and the SQLite file's folder) without connecting yet."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 15}
        # sessions always end their transaction; the pool's extra ROLLBACK would cost a
        # round trip to aiosqlite's thread for every transaction
        kwargs["pool_reset_on_return"] = None
        # SQLite has one writer at a time: one connection serialises writes in-process instead
        # of leaving them to the busy-wait (which adds seconds at p99 under load); a second one
        # lets a session opened inside another still run
        kwargs.update(pool_size=1, max_overflow=1)
    else:
        kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        kwargs["connect_args"] = {"timeout": 5}  # an unreachable server fails fast (default 60)
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
    return Database(engine=engine, sessions=async_sessionmaker(engine, expire_on_commit=False))
