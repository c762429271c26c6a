"""Engine and session factory, with the SQLite pragmas that make it a safe embedded store."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import ExceptionContext, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import StaticPool
from sqlalchemy.util import await_, greenlet_spawn

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
    # SQLite: a plain engine over each aiosqlite connection's own sqlite3 connection (see run)
    _thread_engines: weakref.WeakKeyDictionary[Any, Engine] = field(
        default_factory=weakref.WeakKeyDictionary, repr=False
    )
    _sqlite_turn: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    async def run(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` (Core statements on a plain ``Connection``) as one transaction: the
        writes every message makes use this instead of an ``AsyncSession``.

        On SQLite the whole transaction runs on the connection's own thread in one hand-off
        (aiosqlite crosses threads three or four times per statement, and those crossings cost
        more CPU than the SQL); ``work`` must not touch the event loop. On PostgreSQL it runs
        like ``AsyncConnection.run_sync``, one round trip per statement. Either way the pool
        is used directly, in one greenlet, which costs less than an ``AsyncConnection``.
        """
        if self.is_sqlite:
            async with self._sqlite_turn:  # one writer at a time, queued here, not in SQLite
                return await greenlet_spawn(self._on_sqlite_thread, work)
        return await greenlet_spawn(_transaction, self.engine.sync_engine, work)

    def _on_sqlite_thread(self, work: Callable[[Connection], T]) -> T:
        """(In SQLAlchemy's greenlet.) Check a connection out, run the transaction on its
        aiosqlite thread, check it back in."""
        pooled = self.engine.sync_engine.raw_connection()
        try:
            driver: Any = pooled.driver_connection
            if not driver._running or driver._connection is None:
                raise DatabaseUnavailableError("the SQLite connection is closed")
            engine = self._thread_engines.get(driver)
            if engine is None:
                engine = self._thread_engines[driver] = _engine_over(driver)
            # aiosqlite's own methods hand their calls to its thread this way
            return await_(driver._execute(_transaction, engine, work))
        finally:
            pooled.close()

    async def dispose(self) -> None:
        await self.engine.dispose()


def _engine_over(driver: Any) -> Engine:
    """A synchronous engine whose one connection is ``driver``'s sqlite3 connection; it is only
    ever used on ``driver``'s thread, while the async pool has that connection checked out."""
    connection = driver._conn  # not the driver itself: the weak key must be able to die
    return create_engine(
        "sqlite://",
        creator=lambda: connection,
        poolclass=StaticPool,
        pool_reset_on_return=None,
        hide_parameters=True,
    )


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
        # SQLite has one writer at a time: runs take turns on one connection (see
        # Database.run), serialising writes in-process instead of leaving them to the busy-wait
        # (which adds seconds at p99 under load); a second one lets a session opened inside
        # another still run. Both stay open: an overflow connection would be closed and opened
        # again (a thread, a file, the pragmas) whenever two transactions overlap.
        kwargs.update(pool_size=2, max_overflow=0)
    else:
        kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        kwargs["connect_args"] = {"timeout": 5}  # an unreachable server fails fast (default 60)
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
    else:
        event.listen(engine.sync_engine, "handle_error", _drop_read_only_connections)
    return Database(engine=engine, sessions=async_sessionmaker(engine, expire_on_commit=False))
