"""Engine and session factory, with the SQLite pragmas that make it a safe embedded store."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import URL, Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import AsyncAdaptedQueuePool, StaticPool
from sqlalchemy.util import greenlet_spawn

from bot.db.outage import READ_ONLY_TRANSACTION, DatabaseUnavailableError, sqlstate

T = TypeVar("T")

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
    # SQLite: the thread and plain engine that Database.run's transactions use (see run)
    _sqlite: _SqliteThread | None = field(default=None, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    async def run(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` (Core statements on a plain ``Connection``) as one transaction: the
        writes every message makes use this instead of an ``AsyncSession``.

        On SQLite the whole transaction runs on a thread of its own, over a plain sqlite3
        connection to the same file, in one hand-off (aiosqlite crosses threads three or four
        times per statement, and those crossings cost more CPU than the SQL); ``work`` must not
        touch the event loop. On PostgreSQL it runs like ``AsyncConnection.run_sync``, one
        round trip per statement, on the pool directly in one greenlet, which costs less than
        an ``AsyncConnection``.
        """
        if self._sqlite is not None:
            return await self._sqlite.run(work)
        return await greenlet_spawn(_transaction, self.engine.sync_engine, work)

    async def dispose(self) -> None:
        if self._sqlite is not None:
            await self._sqlite.close()
        await self.engine.dispose()


class _SqliteThread:
    """One thread and one sqlite3 connection for ``Database.run``: transactions take turns on
    it (SQLite has one writer at a time; queueing here instead of in SQLite's busy-wait keeps
    p99 down under load), each in a single hand-off. Only public APIs: a thread pool of one and
    a synchronous SQLAlchemy engine over the standard library's driver."""

    def __init__(self, url: URL) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-run")
        self._engine = create_engine(
            url.set(drivername="sqlite+pysqlite"),
            poolclass=StaticPool,  # one connection, only ever used on self._thread
            connect_args={"timeout": 15, "check_same_thread": False},
            pool_reset_on_return=None,  # every run ends its transaction
            hide_parameters=True,
        )
        event.listen(self._engine, "connect", _set_sqlite_pragmas)

    async def run(self, work: Callable[[Connection], T]) -> T:
        loop = asyncio.get_running_loop()
        try:
            turn = loop.run_in_executor(self._thread, _transaction, self._engine, work)
        except RuntimeError as error:  # the thread pool was shut down
            raise DatabaseUnavailableError("the SQLite connection is closed") from error
        return await turn

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        with contextlib.suppress(RuntimeError):  # already closed
            await loop.run_in_executor(self._thread, self._engine.dispose)
        self._thread.shutdown(wait=False)


def _transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    with engine.begin() as connection:
        return work(connection)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


def _drop_read_only_connections(context: ExceptionContext) -> None:
    """A server that refuses writes (a standby after failover) is an outage: treating the
    error as a disconnect marks it so (``connection_invalidated``) and makes the pool open
    fresh connections, which reach the writable server once there is one again."""
    error = context.sqlalchemy_exception
    if isinstance(error, exc.DBAPIError) and sqlstate(error) == READ_ONLY_TRANSACTION:
        context.is_disconnect = True


def create_database(url: str) -> Database:
    """Create the engine (and the SQLite file's folder) without connecting yet."""
    parsed = make_url(url)
    # SQL parameters carry what people typed: they never go into an error or a log line
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 15}
        # sessions always end their transaction; the pool's extra ROLLBACK would cost a
        # round trip to aiosqlite's thread for every transaction
        kwargs["pool_reset_on_return"] = None
        # two connections for sessions (Database.run has its own): a session opened inside
        # another still runs. Both stay open: an overflow connection would be closed and opened
        # again (a thread, a file, the pragmas) whenever two transactions overlap.
        # (the pool named: SQLAlchemy 2.0 gives aiosqlite file databases a NullPool)
        kwargs.update(poolclass=AsyncAdaptedQueuePool, pool_size=2, max_overflow=0)
    else:
        kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        kwargs["connect_args"] = {"timeout": 5}  # an unreachable server fails fast (default 60)
    engine = create_async_engine(url, **kwargs)
    sqlite = None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
        sqlite = _SqliteThread(parsed)
    else:
        event.listen(engine.sync_engine, "handle_error", _drop_read_only_connections)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return Database(engine=engine, sessions=sessions, _sqlite=sqlite)
